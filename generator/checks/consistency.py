"""Mistakes that load and resolve but make the handbook say something other than what
was meant: two things under one code or one title, a department headed from another
department, a procedure that steps or follows round in a loop, a career step that goes
nowhere, a version without its revision record, an amount on a measure that has none.

Errors where the outputs would be wrong or ambiguous (two forms printed with the same
code, a rejection that sends a step forward); warnings where a company may mean it (the
general manager heading a department of their own while belonging to 总经办).
"""

from __future__ import annotations

from ..errors import Diagnostic, error, warning
from ..messages import msg
from ..source import model
from ..source.load import Source
from ..source.yaml_reader import printable
from .hierarchy import chain
from .index import Index

#: Measure types that carry a sum of money; the others (a warning, a demotion ...) take none.
AMOUNT_TYPES = {model.SanctionType.fine, model.SanctionType.bonus, model.SanctionType.compensation}


def check(src: Source, index: Index) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    # the index holds each id once: a copied file is reported as a duplicate id, not again here
    out += _unique(index, "form", "code", "codes.duplicate_form")
    out += _unique(index, "procedure", "code", "codes.duplicate_procedure")
    out += _role_titles(index)
    out += _department_heads(src, index)
    out += _steps(src, index)
    out += _careers(src)
    out += _version(src)
    out += _amounts(src)
    return out


def _unique(index: Index, kind: str, attr: str, key: str) -> list[Diagnostic]:
    """Each `attr` (a code) once among the entities of `kind`: the code is what is printed
    on the paper and quoted in the text, so two would be one reference to two things."""
    out, seen = [], {}
    for e in index[kind].values():
        value = getattr(e.item, attr).strip()
        if value in seen:
            first = seen[value]
            out.append(error(e.locate(attr), msg(key, code=printable(value), first=first.item.id),
                             msg("hint.code_unique", where=first.locate(attr))))
        else:
            seen[value] = e
    return out


def _role_titles(index: Index) -> list[Diagnostic]:
    """Two roles of one department with the same title: their job descriptions, pages
    and org chart boxes could not be told apart."""
    out, seen = [], {}
    for e in index["role"].values():
        key = (e.item.department, e.item.title.strip())
        if key in seen:
            first = seen[key]
            out.append(error(e.locate("title"), msg("roles.same_title", title=printable(e.item.title),
                                                    department=e.item.department, first=first.item.id),
                             msg("hint.role_title_unique", where=first.locate("title"))))
        else:
            seen[key] = e
    return out


def _department_heads(src: Source, index: Index) -> list[Diagnostic]:
    out = []
    for e in src.of_kind("department"):
        head = e.item.head
        role = index["role"].get(head) if head else None
        if role is not None and role.item.department != e.item.id:
            out.append(warning(e.locate("head"), msg("departments.head_elsewhere", role=head, department=e.item.id,
                                                     other=role.item.department),
                               msg("hint.head_elsewhere", where=role.locate("department"))))
    return out


def _steps(src: Source, index: Index) -> list[Diagnostic]:
    """A rejection returns to an earlier step or to its own (whose actor then does the
    work again), never forward: the work of the steps between was never done. Following
    `next` from procedure to procedure ends (a procedure naming itself is reported by
    procedures.py)."""
    out = []
    reported: set[str] = set()
    for e in src.of_kind("procedure"):
        proc: model.Procedure = e.item
        for i, step in enumerate(proc.steps):
            target = step.approval.reject_to if step.approval else None
            if target is not None and i + 1 < target <= len(proc.steps):
                out.append(error(e.locate("steps", i, "approval", "reject_to"),
                                 msg("steps.reject_forward", step=i + 1, target=target), msg("hint.reject_earlier")))
        ids = chain(e, index, "procedure", "next")
        if len(ids) > 2 and ids.index(ids[-1]) < len(ids) - 1:
            cycle = ids[ids.index(ids[-1]):]
            if len(cycle) > 2 and not reported.intersection(cycle):
                codes = [index["procedure"][i].item.code for i in cycle]
                out.append(error(e.locate("next"), msg("cycle.next_chain", cycle=" -> ".join(codes)),
                                 msg("hint.break_cycle", key="next")))
                reported.update(cycle)
    return out


def _careers(src: Source) -> list[Diagnostic]:
    out = []
    for e in src.of_kind("role"):
        for j, target in enumerate(e.item.career.next_roles):
            if target == e.item.id:
                out.append(error(e.locate("career", "next_roles", j), msg("roles.career_self", id=target),
                                 msg("hint.career_self")))
    return out


def _version(src: Source) -> list[Diagnostic]:
    """The handbook's version is the last revision's: a version with no record is a
    revision table that stops short (or a typo in one of the two)."""
    if src.company is None:
        return []
    company: model.Company = src.company.item
    if not company.revisions or any(r.version.strip() == company.version.strip() for r in company.revisions):
        return []
    return [warning(src.company.locate("version"),
                    msg("company.version_unrecorded", version=printable(company.version),
                        last=printable(company.revisions[-1].version)),
                    msg("hint.version_unrecorded"))]


def _amounts(src: Source) -> list[Diagnostic]:
    out = []
    for e in src.of_kind("sanction"):
        for j, m in enumerate(e.item.measures):
            if m.amount is not None and m.type not in AMOUNT_TYPES:
                out.append(error(e.locate("measures", j, "amount"), msg("sanctions.amount_not_taken", type=m.type.value),
                                 msg("hint.amount_types", types=sorted(t.value for t in AMOUNT_TYPES))))
    return out


__all__ = ["AMOUNT_TYPES", "check"]
