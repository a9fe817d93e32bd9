"""PromQL expressions as the linter sees them: every series selector with the functions and
aggregations around it. Parsing uses promql-parser (Prometheus' grammar, in Rust); each distinct
expression is parsed once per run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import promql_parser as pp

_REGEX_SYNTAX = re.compile(r"[.*+?()\[\]{}|^$\\]")
_OPS = {"MatchOp.Re": "=~", "MatchOp.NotRe": "!~"}


@dataclass(frozen=True)
class Selector:
    name: str | None  # None for {__name__=~"..."} selectors
    labels: tuple[str, ...]  # label names matched on
    functions: tuple[str, ...]  # enclosing function calls, innermost first
    aggregations: tuple[str, ...]  # enclosing aggregation operators, innermost first
    plain_regexes: tuple[str, ...] = ()  # `label=~"value"` matchers whose value has no regex syntax


@dataclass(frozen=True)
class Analysis:
    selectors: tuple[Selector, ...]
    error: str | None = None


@lru_cache(maxsize=65536)
def analyse(expr: str) -> Analysis:
    try:
        tree = pp.parse(expr)
    except ValueError as exc:
        return Analysis((), str(exc))
    found: list[Selector] = []
    _walk(tree, (), (), found)
    return Analysis(tuple(found))


def _walk(node, functions: tuple[str, ...], aggregations: tuple[str, ...], out: list[Selector]) -> None:
    if isinstance(node, pp.VectorSelector):
        matchers = node.matchers.matchers
        plain = tuple(f'{m.name}{_OPS[str(m.op)]}"{m.value}"' for m in matchers
                      if str(m.op) in _OPS and not _REGEX_SYNTAX.search(m.value))
        out.append(Selector(node.name or None, tuple(m.name for m in matchers if m.name != "__name__"), functions, aggregations,
                            plain))
    elif isinstance(node, pp.MatrixSelector):
        _walk(node.vector_selector, functions, aggregations, out)
    elif isinstance(node, pp.Call):
        for arg in node.args:
            _walk(arg, (node.func.name,) + functions, aggregations, out)
    elif isinstance(node, pp.AggregateExpr):
        _walk(node.expr, functions, (str(node.op).lower(),) + aggregations, out)
        if node.param is not None:
            _walk(node.param, functions, aggregations, out)
    elif isinstance(node, pp.BinaryExpr):
        _walk(node.lhs, functions, aggregations, out)
        _walk(node.rhs, functions, aggregations, out)
    elif isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
        _walk(node.expr, functions, aggregations, out)
