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
    name_regex: str | None = None  # the value of a `__name__=~"..."` matcher


@dataclass(frozen=True)
class Analysis:
    selectors: tuple[Selector, ...]
    error: str | None = None
    quantile_problems: tuple[str, ...] = ()  # histogram_quantile() over the wrong input
    has_condition: bool = True  # the top level filters (a comparison, or `and`/`unless`, or absent())
    output_labels: frozenset[str] | None = None  # the labels every result carries, when an aggregation decides them
    ranges: tuple[tuple[str, int], ...] = ()  # (function, range in ms) of every range selector given to a function
    name_collisions: tuple[str, ...] = ()  # functions that drop the name of a selector matching several names


@lru_cache(maxsize=65536)
def parse(expr: str):
    """The syntax tree of an expression, or None when it does not parse."""
    try:
        return pp.parse(expr)
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def analyse(expr: str) -> Analysis:
    try:
        tree = pp.parse(expr)
    except ValueError as exc:
        return Analysis((), str(exc))
    found: list[Selector] = []
    _walk(tree, (), (), found)
    collisions = tuple(f'{s.functions[0]}() drops the name of {{__name__=~"{s.name_regex}"}}' for s in found
                       if s.name_regex and _REGEX_SYNTAX.search(s.name_regex) and s.functions
                       and s.functions[0] not in KEEPS_NAME)
    return Analysis(tuple(found), None, tuple(_quantile_problems(tree)), _filters(tree), _output_labels(tree),
                    tuple(_ranges(tree)), tuple(dict.fromkeys(collisions)))


# Functions whose result keeps the metric name; every other function drops it.
KEEPS_NAME = {"last_over_time", "first_over_time", "sort", "sort_desc", "sort_by_label", "sort_by_label_desc",
              "label_replace", "label_join", "absent", "absent_over_time"}


def _ranges(node) -> list[tuple[str, int]]:
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, pp.Call):
            for arg in current.args:
                if isinstance(arg, pp.MatrixSelector):
                    found.append((current.func.name, int(arg.range.total_seconds() * 1000)))
        stack.extend(_children(current))
    return found


def _output_labels(node) -> frozenset[str] | None:
    """The label names of the results when the expression fixes them (`sum by (job) (...) > 0`),
    None when they depend on the series (a plain selector, `without`, joins, label_replace...)."""
    while isinstance(node, pp.ParenExpr):
        node = node.expr
    if isinstance(node, pp.AggregateExpr):
        op = str(node.op).lower()
        if op in ("topk", "bottomk"):  # keep the series they select, labels and all
            return _output_labels(node.expr)
        if op == "count_values":  # adds the label its first argument names
            return None
        if node.modifier is None:
            return frozenset()
        return None if "without" in str(node.modifier.type).lower() else frozenset(node.modifier.labels)
    if isinstance(node, pp.BinaryExpr) and node.modifier is None:
        if isinstance(node.rhs, pp.NumberLiteral):
            return _output_labels(node.lhs)
        if isinstance(node.lhs, pp.NumberLiteral):
            return _output_labels(node.rhs)
    return None


_COMPARISONS = {"==", "!=", ">", "<", ">=", "<=", "and", "unless"}
_FILTER_FUNCTIONS = {"absent", "absent_over_time"}


def _filters(node) -> bool:
    """Does the expression select only some series (what an alert needs), rather than return every value?"""
    while isinstance(node, pp.ParenExpr):
        node = node.expr
    if isinstance(node, pp.BinaryExpr):
        if str(node.op) in _COMPARISONS:
            return True
        if str(node.op) == "or":
            return _filters(node.lhs) and _filters(node.rhs)
        return False
    if isinstance(node, pp.Call):  # absent(), or a filter inside label_replace(), sort(), ...
        return node.func.name in _FILTER_FUNCTIONS or any(_filters(arg) for arg in node.args)
    if isinstance(node, pp.AggregateExpr):  # min by (...) (x == 0) aggregates only what passed
        return str(node.op).lower() in ("topk", "bottomk") or _filters(node.expr)
    return False


def _quantile_problems(node) -> list[str]:
    problems: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, pp.Call) and current.func.name == "histogram_quantile" and len(current.args) == 2:
            problems += _quantile_input(current.args[1])
        for child in _children(current):
            stack.append(child)
    return problems


def _quantile_input(node) -> list[str]:
    # `buckets * on (instance) group_left (node) info_series` joins labels onto the buckets: the
    # buckets are the left-hand side.
    while isinstance(node, (pp.ParenExpr, pp.BinaryExpr)):
        node = node.expr if isinstance(node, pp.ParenExpr) else node.lhs
    problems = []
    if isinstance(node, pp.AggregateExpr) and node.modifier is not None:
        labels = set(node.modifier.labels)
        without = "without" in str(node.modifier.type).lower()
        if ("le" in labels) == without:
            problems.append("the aggregation inside histogram_quantile() drops the le label")
    selectors: list[Selector] = []
    _walk(node, (), (), selectors)
    for selector in selectors:
        if selector.name and not selector.name.endswith("_bucket") and ":" not in selector.name:
            problems.append(f"histogram_quantile() reads {selector.name!r}, not a _bucket series")
    return problems


def _children(node) -> list:
    if isinstance(node, pp.Call):
        return list(node.args)
    if isinstance(node, pp.AggregateExpr):
        return [node.expr] + ([node.param] if node.param is not None else [])
    if isinstance(node, pp.BinaryExpr):
        return [node.lhs, node.rhs]
    if isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
        return [node.expr]
    return []


def _walk(node, functions: tuple[str, ...], aggregations: tuple[str, ...], out: list[Selector]) -> None:
    if isinstance(node, pp.VectorSelector):
        matchers = node.matchers.matchers
        plain = tuple(f'{m.name}{_OPS[str(m.op)]}"{m.value}"' for m in matchers
                      if str(m.op) in _OPS and not _REGEX_SYNTAX.search(m.value))
        name_regex = next((m.value for m in matchers if m.name == "__name__" and str(m.op) == "MatchOp.Re"), None)
        out.append(Selector(node.name or None, tuple(m.name for m in matchers if m.name != "__name__"), functions, aggregations,
                            plain, name_regex))
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
