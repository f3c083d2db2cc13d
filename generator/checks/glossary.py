"""The glossary: one definition per term."""

from __future__ import annotations

from ..errors import Diagnostic, error
from ..messages import msg
from ..source.load import Source
from ..source.yaml_reader import printable


def check(src: Source) -> list[Diagnostic]:
    """The same term twice (under two ids) would show two definitions for one word."""
    out, seen = [], {}
    for e in src.of_kind("term"):
        key = e.item.term.casefold()
        if key in seen:
            out.append(error(e.locate("term"), msg("terms.twice", term=printable(e.item.term)),
                             msg("hint.merge_definitions", where=seen[key].locate("term"))))
        else:
            seen[key] = e
    return out
