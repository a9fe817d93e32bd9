"""Which labels the results of a PromQL expression can carry, worked out offline from the inventory.

Walking the tree bottom-up, every sub-expression gets a `Labels`: the label names its series may
have, whether more may exist (`open`: an unknown series, a family whose labels are set at the
call site), and which labels an aggregation below already removed. That is enough to catch a
`by`, `without`, `on` or `group_left` naming a label that is not there (a typo, or a label the
exporter does not have) and joins that can never match because one side aggregated the label
away: both make a rule return nothing, silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import promql_parser as pp

# name -> (labels, open, labels a recording rule aggregated away), or None for an unknown series.
Lookup = Callable[[str], "tuple[frozenset[str], bool, frozenset[str]] | None"]


@dataclass(frozen=True)
class Labels:
    known: frozenset[str] = frozenset()
    open: bool = False  # the series may carry labels not in `known`
    dropped: frozenset[str] = frozenset()  # removed by an aggregation below
    fixed: bool = False  # an aggregation decided the label set exactly
    scalar: bool = False


@dataclass(frozen=True)
class Problem:
    kind: str  # "unknown" (the label never existed) or "dropped" (aggregated away below)
    message: str
    clause: str = ""  # `by`, `without`, `on`, `group_left`, `group_right`: where in the text it is
    label: str = ""


@dataclass
class _Walk:
    lookup: Lookup
    problems: list[Problem] = field(default_factory=list)

    def check(self, clause: str, label: str, side: Labels, where: str = "") -> None:
        keyword = clause.split(" (")[0].split()[-1]
        if label in side.dropped and label not in side.known:
            self.problems.append(Problem("dropped", f"{clause} uses {label!r}, which {where or 'its input'} aggregates away",
                                         keyword, label))
        elif not side.open and not side.scalar and label not in side.known:
            present = ", ".join(sorted(side.known)) or "none"
            self.problems.append(Problem("unknown", f"{clause} uses {label!r}, which {where or 'its input'} does not have "
                                                    f"(labels: {present})", keyword, label))


_SCALAR_FUNCTIONS = {"scalar", "time", "pi", "minute", "hour", "day_of_month", "day_of_week", "day_of_year",
                     "days_in_month", "month", "year"}
_NO_VECTOR_INPUT = {"vector"}  # vector(1) has no labels
_LABEL_WRITERS = {"label_replace", "label_join"}  # add the label named by their second argument


def labels_of(tree, lookup: Lookup) -> tuple[Labels, list[Problem]]:
    walk = _Walk(lookup)
    return _labels(tree, walk), walk.problems


def _labels(node, walk: _Walk) -> Labels:
    if isinstance(node, (pp.NumberLiteral, pp.StringLiteral)):
        return Labels(scalar=True)
    if isinstance(node, pp.MatrixSelector):
        return _labels(node.vector_selector, walk)
    if isinstance(node, pp.VectorSelector):
        found = walk.lookup(node.name) if node.name else None
        if found is None:
            return Labels(open=True)
        return Labels(frozenset(found[0]), found[1], frozenset(found[2]) - frozenset(found[0]))
    if isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
        return _labels(node.expr, walk)
    if isinstance(node, pp.Call):
        return _call(node, walk)
    if isinstance(node, pp.AggregateExpr):
        return _aggregate(node, walk)
    if isinstance(node, pp.BinaryExpr):
        return _binary(node, walk)
    return Labels(open=True)


def _call(node, walk: _Walk) -> Labels:
    name = node.func.name
    args = [_labels(arg, walk) for arg in node.args]
    if name in _SCALAR_FUNCTIONS:
        return Labels(scalar=True)
    if name in _NO_VECTOR_INPUT:
        return Labels(fixed=True)
    if name in ("absent", "absent_over_time"):  # labels come from the selector's equality matchers
        return Labels(open=True)
    vectors = [a for a in args if not a.scalar]
    base = vectors[0] if vectors else Labels(open=True)
    if name in _LABEL_WRITERS and len(node.args) > 1 and isinstance(node.args[1], pp.StringLiteral):
        target = node.args[1].val
        return Labels(base.known | {target}, base.open, base.dropped - {target})
    if name == "histogram_quantile":
        return Labels(base.known - {"le"}, base.open, base.dropped | {"le"}, base.fixed)
    return base


def _aggregate(node, walk: _Walk) -> Labels:
    op = str(node.op).lower().rsplit(".", 1)[-1]
    inner = _labels(node.expr, walk)
    if node.param is not None:
        _labels(node.param, walk)
    if op in ("topk", "bottomk", "limitk", "limit_ratio"):
        return inner
    added = set()
    if op == "count_values" and isinstance(node.param, pp.StringLiteral):
        added.add(node.param.val)
    modifier = node.modifier
    every = inner.known | inner.dropped
    if modifier is None:
        return Labels(frozenset(added), False, every, True)
    listed = list(modifier.labels)
    without = "exclude" in str(modifier.type).lower() or "without" in str(modifier.type).lower()
    for label in set(listed) - added:
        walk.check(f"{op} {'without' if without else 'by'} ({label})", label, inner)
    if without:
        return Labels(inner.known - set(listed) | added, inner.open, inner.dropped | set(listed))
    kept = frozenset(listed) | added
    return Labels(kept, False, every - kept, True)


def _binary(node, walk: _Walk) -> Labels:
    left, right = _labels(node.lhs, walk), _labels(node.rhs, walk)
    if left.scalar and right.scalar:
        return Labels(scalar=True)
    if left.scalar or right.scalar:
        return right if left.scalar else left
    op = str(node.op)
    modifier = node.modifier
    matching = modifier.matching if modifier is not None else None
    if matching is not None and "include" in str(matching.type).lower():
        for label in matching.labels:
            walk.check(f"on ({label})", label, left, "the left-hand side")
            walk.check(f"on ({label})", label, right, "the right-hand side")
    elif matching is None and op not in ("or",) and left.fixed and right.fixed and left.known != right.known:
        walk.problems.append(Problem(
            "dropped", f"'{op}' matches series with identical labels, but the left-hand side keeps "
                       f"({', '.join(sorted(left.known)) or 'none'}) and the right-hand side "
                       f"({', '.join(sorted(right.known)) or 'none'}): no pair ever matches; use on (...)"))
    card = str(modifier.card) if modifier is not None else ""
    group = list(modifier.group_labels or []) if modifier is not None and hasattr(modifier, "group_labels") else []
    if "ManyToOne" in card:  # group_left: extra labels come from the right-hand side
        for label in group:
            walk.check(f"group_left ({label})", label, right, "the right-hand side")
        return Labels(left.known | set(group), left.open, left.dropped - set(group), False)
    if "OneToMany" in card:
        for label in group:
            walk.check(f"group_right ({label})", label, left, "the left-hand side")
        return Labels(right.known | set(group), right.open, right.dropped - set(group), False)
    if op == "or":
        return Labels(left.known | right.known, left.open or right.open, (left.dropped | right.dropped)
                      - (left.known | right.known), left.fixed and right.fixed and left.known == right.known)
    return left
