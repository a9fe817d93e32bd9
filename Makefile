# Everything a fresh machine needs is bootstrapped by these targets: a virtual environment with the
# pinned Python packages (.venv) and promtool/amtool unpacked from Debian's packages (.tools).
# A second run finds both up to date and does no network work.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
REPORTS := reports

export PATH := $(CURDIR)/$(TOOLS)/bin:$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help bootstrap gate lint test doctor docs generate lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

gate: bootstrap ## The merge gate over the whole repository (reports in reports/)
	$(BIN)/watchkeeper gate --repo . --report-dir $(REPORTS)

test: bootstrap ## Run the test suite, then the policy tests with their coverage (JUnit in reports/)
	$(BIN)/python -m pytest
	@mkdir -p $(REPORTS); status=0; \
	$(BIN)/watchkeeper policy verify --repo . --report-dir $(REPORTS) > $(REPORTS)/policy-verify.txt || status=$$?; \
	grep -v '^PASS: ' $(REPORTS)/policy-verify.txt; exit $$status

lint: $(VENV)/.stamp ## Lint the repository without external tools
	$(BIN)/watchkeeper lint --repo .

doctor: bootstrap ## Show the external tools found and the engine each stage uses
	$(BIN)/watchkeeper doctor --repo .

generate: $(VENV)/.stamp ## Write generated/ from the sources (SLO rules, PrometheusRules)
	$(BIN)/watchkeeper generate --repo .

docs: $(VENV)/.stamp ## Regenerate docs/checks.md and docs/policies.md
	$(BIN)/watchkeeper docs --repo .

bootstrap: $(VENV)/.stamp $(TOOLS)/.stamp ## Create .venv and .tools (done by every target that needs them)

# The real OPA (its Go library, as a wheel) checks the embedded Rego engine in the tests; the
# wheel declares Python >= 3.14 but runs on 3.11, hence its own line and flags.
OPA_ORACLE := opa-golib-python-bindings==0.4.4

$(VENV)/.stamp: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python $(OPA_ORACLE)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(TOOLS)/.stamp: tools/bootstrap/debian-packages.txt tools/bootstrap/fetch-tools.sh
	bash tools/bootstrap/fetch-tools.sh $(TOOLS)
	touch $@

lock: ## Re-resolve requirements.in into requirements.lock
	rm -rf $(VENV).lock && $(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/python -m pip install --quiet -r requirements.in
	{ echo "# Exact versions installed into .venv by \`make\` (resolved from requirements.in with \`make lock\`)."; \
	  $(VENV).lock/bin/python -m pip freeze --all --exclude pip --exclude wheel; } > requirements.lock
	rm -rf $(VENV).lock

clean: ## Remove .venv, .tools and reports
	rm -rf $(VENV) $(TOOLS) $(REPORTS)
