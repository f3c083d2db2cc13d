"""Warnings: things that build but that a reader would miss (a form no procedure uses,
a role without duties). They never fail the check."""

from __future__ import annotations

from ..errors import Diagnostic, warning
from ..messages import msg
from ..source.load import Source


def check(src: Source) -> list[Diagnostic]:
    out = []
    used: set[str] = set()
    for e in src.of_kind("procedure"):
        for s in e.item.steps:
            used.update(s.produces, s.uses)
    for e in src.of_kind("form"):
        if e.item.id not in used and not src.broken_ids.get("procedure"):  # the broken one may use it
            out.append(warning(e.locate("id"), msg("loose.unused_form", id=e.item.id), msg("hint.use_form")))
    for e in src.of_kind("role"):
        if not e.item.responsibilities:
            out.append(warning(e.locate("id"), msg("loose.no_duties", id=e.item.id), msg("hint.needs_duties")))
    return out
