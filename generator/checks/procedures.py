"""Procedures: a rejection returns to a step that exists; a procedure does not follow itself."""

from __future__ import annotations

from ..errors import Diagnostic, error
from ..messages import msg
from ..source import model
from ..source.load import Source


def check(src: Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for e in src.of_kind("procedure"):
        proc: model.Procedure = e.item
        for i, step in enumerate(proc.steps):
            if step.approval and step.approval.reject_to and step.approval.reject_to > len(proc.steps):
                out.append(error(e.locate("steps", i, "approval", "reject_to"),
                                 msg("steps.no_such_step", step=step.approval.reject_to, count=len(proc.steps))))
        if proc.next == proc.id:
            out.append(error(e.locate("next"), msg("steps.own_next")))
    return out
