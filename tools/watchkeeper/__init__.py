"""Watchkeeper: lint, test, generate and gate the monitoring monorepo."""

__version__ = "0.1.0"
