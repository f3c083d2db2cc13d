"""Reporting lines and the department tree: no cycles, and no tree deeper than an
organisation can be (a parent pointing one department down, repeated)."""

from __future__ import annotations

from ..errors import Diagnostic, error
from ..messages import msg
from ..source.load import Entry, Source
from .index import Index

MAX_DEPARTMENT_DEPTH = 12


def check(src: Source, index: Index) -> list[Diagnostic]:
    out = cycles(src, index, "role", "reports_to", "reporting_line")
    department_cycles = cycles(src, index, "department", "parent", "department_tree")
    return out + (department_cycles or _department_depth(src, index))


def chain(e: Entry, index: Index, kind: str, attr: str) -> list[str]:
    """`e`'s id and those up its `attr` line (reports_to, parent), ending where the line
    leaves the known ids or at the first id seen twice (then the last one repeats it).
    One walk serves both the cycle and the depth check."""
    ids = [e.item.id]
    current = getattr(e.item, attr)
    while current and current in index[kind]:
        ids.append(current)
        if ids.index(current) < len(ids) - 1:
            break
        current = getattr(index[kind][current].item, attr)
    return ids


def cycles(src: Source, index: Index, kind: str, attr: str, what: str) -> list[Diagnostic]:
    out = []
    reported: set[str] = set()
    for e in src.of_kind(kind):
        ids = chain(e, index, kind, attr)
        if ids.index(ids[-1]) < len(ids) - 1:
            cycle = ids[ids.index(ids[-1]):]
            if not reported.intersection(cycle):
                out.append(error(e.locate(attr), msg(f"cycle.{what}", cycle=" -> ".join(cycle)),
                                 msg("hint.break_cycle", key=attr)))
                reported.update(cycle)
    return out


def _department_depth(src: Source, index: Index) -> list[Diagnostic]:
    """An organisation is a few levels deep; hundreds are a mistake, and would nest the
    site's department lists past what renders. Called only when there is no cycle."""
    for e in src.of_kind("department"):
        if len(chain(e, index, "department", "parent")) > MAX_DEPARTMENT_DEPTH:
            return [error(e.locate("parent"), msg("cycle.too_deep", depth=MAX_DEPARTMENT_DEPTH),
                          msg("hint.check_parents"))]
    return []
