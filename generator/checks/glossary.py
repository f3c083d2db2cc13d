"""The glossary: one definition per term."""

from __future__ import annotations

from ..errors import Diagnostic, error
from ..source.load import Source
from ..source.yaml_reader import printable


def check(src: Source) -> list[Diagnostic]:
    """The same term twice (under two ids) would show two definitions for one word."""
    out, seen = [], {}
    for e in src.of_kind("term"):
        key = e.item.term.casefold()
        if key in seen:
            out.append(error(e.locate("term"), f"glossary term '{printable(e.item.term)}' is defined twice",
                             f"first defined at {seen[key].locate('term')}; merge the definitions"))
        else:
            seen[key] = e
    return out
