"""Checks across files, then the resolved `Handbook` that every renderer reads.

Per-file shape is checked in load.py; here: duplicate ids, references to
things that do not exist (with "did you mean"), reporting-line and department
cycles, KPI weights, and warnings for loose ends. The result indexes every
relation both ways (a role's steps, a form's procedures, ...) so that
renderers never look at raw YAML or search lists themselves.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from . import model
from .errors import Diagnostic, HandbookError, error, warning
from .load import Entry, Source, load
from .locale import Labels, load_labels
from .yaml_reader import printable

KIND_NAMES = {
    "department": "department",
    "role": "role",
    "procedure": "procedure",
    "form": "form",
    "policy": "policy",
    "sanction": "reward/penalty",
    "term": "glossary term",
    "article": "article",
}


# ------------------------------------------------------------------ the resolved handbook


@dataclass(frozen=True)
class StepRef:
    """A step of a procedure, seen from a role or a form."""

    procedure: model.Procedure
    number: int  # 1-based
    step: model.Step
    part: str  # actor | approver | consulted | produces | uses


@dataclass(frozen=True)
class ArticleNo:
    policy: model.Policy
    chapter: int  # 1-based
    article: int  # 1-based, continuous across the policy
    text: str


@dataclass
class Handbook:
    root: Path
    company: model.Company
    labels: Labels
    departments: dict[str, model.Department]
    roles: dict[str, model.Role]
    procedures: dict[str, model.Procedure]
    forms: dict[str, model.Form]
    policies: list[model.Policy]
    sanctions: list[model.Sanction]
    terms: list[model.Term]
    warnings: list[Diagnostic] = field(default_factory=list)
    # derived, filled by _index
    articles: dict[str, ArticleNo] = field(default_factory=dict)
    _steps_by_role: dict[str, list[StepRef]] = field(default_factory=lambda: defaultdict(list))
    _steps_by_form: dict[str, list[StepRef]] = field(default_factory=lambda: defaultdict(list))

    @property
    def templates(self) -> Path:
        """The project's own templates/ folder: a file there overrides the one of the same
        name in site_config/templates/ (a company's own job-description layout, say)."""
        return self.root / "templates"

    # organisation
    def children(self, dept_id: str | None) -> list[model.Department]:
        return sorted((d for d in self.departments.values() if d.parent == dept_id), key=lambda d: (d.order, d.id))

    def dept_roles(self, dept_id: str) -> list[model.Role]:
        """A department's roles as a reader looks for them: the head first, then down the
        reporting lines (file order within a level)."""
        return sorted((r for r in self.roles.values() if r.department == dept_id), key=self.reporting_depth)

    def reporting_depth(self, role: model.Role) -> int:
        """How many supervisors are above `role` (0 for the top). Cycles were refused by the
        checks; the bound only keeps a bug from looping."""
        n, boss = 0, self.supervisor(role)
        while boss is not None and n < len(self.roles):
            n, boss = n + 1, self.supervisor(boss)
        return n

    def dept_procedures(self, dept_id: str) -> list[model.Procedure]:
        return [p for p in self.procedures.values() if p.owner == dept_id]

    def dept_forms(self, dept_id: str) -> list[model.Form]:
        return [f for f in self.forms.values() if f.owner == dept_id]

    def subordinates(self, role_id: str) -> list[model.Role]:
        return [r for r in self.roles.values() if r.reports_to == role_id]

    def supervisor(self, role: model.Role) -> model.Role | None:
        return self.roles.get(role.reports_to) if role.reports_to else None

    # procedures
    def role_steps(self, role_id: str) -> list[StepRef]:
        return self._steps_by_role.get(role_id, [])

    def role_procedures(self, role_id: str) -> list[model.Procedure]:
        return _unique(s.procedure for s in self.role_steps(role_id))

    def form_steps(self, form_id: str) -> list[StepRef]:
        return self._steps_by_form.get(form_id, [])

    def form_procedures(self, form_id: str) -> list[model.Procedure]:
        return _unique(s.procedure for s in self.form_steps(form_id))

    def previous_procedures(self, proc_id: str) -> list[model.Procedure]:
        return [p for p in self.procedures.values() if p.next == proc_id]

    def role_forms(self, role_id: str) -> list[tuple[model.Form, str]]:
        """Forms a role fills or approves/uses, with how (fills | uses)."""
        found: dict[str, str] = {}
        for f in self.forms.values():
            if role_id in f.filled_by:
                found[f.id] = "fills"
        for s in self.role_steps(role_id):
            if s.part == "actor":
                for fid in s.step.produces:
                    found.setdefault(fid, "fills")
                for fid in s.step.uses:
                    found.setdefault(fid, "uses")
            if s.part == "approver":
                for fid in s.step.produces + s.step.uses:
                    found.setdefault(fid, "approves")
        return [(self.forms[fid], how) for fid, how in found.items()]

    def form_fillers(self, form_id: str) -> list[model.Role]:
        form = self.forms[form_id]
        ids = list(form.filled_by)
        for s in self.form_steps(form_id):
            if s.part == "produces":
                ids += s.step.actor
        return [self.roles[i] for i in _unique(ids)]

    def handoffs(self, role_id: str) -> list[model.Role]:
        """Roles that act in the step right before or after one of this role's steps."""
        out: list[str] = []
        for s in self.role_steps(role_id):
            if s.part != "actor":
                continue
            steps = s.procedure.steps
            for n in (s.number - 2, s.number):
                if 0 <= n < len(steps):
                    out += [a for a in steps[n].actor if a != role_id]
            if s.step.approval:
                out += [a for a in s.step.approval.by if a != role_id]
        return [self.roles[i] for i in _unique(out)]

    # sanctions and policies
    def role_sanctions(self, role_id: str) -> list[model.Sanction]:
        return [s for s in self.sanctions if not s.applies_to or role_id in s.applies_to]

    def article(self, ref: str) -> ArticleNo:
        return self.articles[ref]

    def numbered(self, policy: model.Policy):
        """(chapter number, chapter, [(article number, article)]) with continuous article numbers."""
        n = 0
        for c, chapter in enumerate(policy.chapters, 1):
            items = []
            for article in chapter.articles:
                n += 1
                items.append((n, article))
            yield c, chapter, items

    def recurring_duties(self, role_id: str) -> dict[model.Frequency, list[tuple[str, str, str]]]:
        """(text, deadline, source) per frequency, from duties and scheduled steps."""
        role = self.roles[role_id]
        out: dict[model.Frequency, list[tuple[str, str, str]]] = defaultdict(list)
        for duty in role.responsibilities:
            if duty.frequency and duty.frequency is not model.Frequency.as_needed:
                out[duty.frequency].append((duty.text, duty.deadline or "", ""))
        for s in self.role_steps(role_id):
            if s.part == "actor" and s.step.schedule and s.step.schedule.frequency is not model.Frequency.as_needed:
                freq = s.step.schedule.frequency
                forms = [f"《{self.forms[f].title}》" for f in s.step.produces + s.step.uses]
                forms += re.findall(r"《[^》]+》", s.step.action)
                # a duty of the same rhythm naming the step's document is the same task: list it once
                if any(d.frequency is freq and any(f in d.text for f in forms) for d in role.responsibilities):
                    continue
                out[freq].append((s.step.action, s.step.schedule.deadline, f"{s.procedure.code} {s.procedure.title}"))
        order = list(model.Frequency)
        return {k: out[k] for k in sorted(out, key=order.index)}


def _unique(items):
    seen: dict = {}
    for x in items:
        key = getattr(x, "id", x)
        seen.setdefault(key, x)
    return list(seen.values())


# ------------------------------------------------------------------ entry points


def check(root: Path) -> tuple[Handbook | None, list[Diagnostic]]:
    """Load and check everything: the handbook (None if any error) and all diagnostics."""
    from .diff.reviews import review_warnings
    from .pdf.coverage import unprintable

    src = load(Path(root))
    # Cross-file checks run on what loaded even when a file failed, so every problem
    # shows in one round.
    diags = list(src.diagnostics) + _cross_checks(src) + unprintable(src.documents()) + review_warnings(src)
    if src.company is None or any(d.is_error for d in diags):
        return None, _dedupe(diags)
    hb = _build(src)
    hb.warnings = [d for d in _dedupe(diags) if not d.is_error]
    return hb, _dedupe(diags)


def load_handbook(root: Path) -> Handbook:
    """The resolved handbook, or HandbookError carrying every error."""
    hb, diags = check(root)
    if hb is None:
        raise HandbookError([d for d in diags if d.is_error])
    return hb


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(dict.fromkeys(diags), key=Diagnostic.sort_key)


# ------------------------------------------------------------------ checks


def _cross_checks(src: Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    index: dict[str, dict[str, Entry]] = defaultdict(dict)
    for e in src.entries:
        eid = e.item.id
        if eid in index[e.kind]:
            first = index[e.kind][eid]
            out.append(error(e.locate("id"), f"duplicate {KIND_NAMES[e.kind]} id '{eid}'",
                             f"first defined at {first.locate('id')}; ids must be unique"))
            continue
        index[e.kind][eid] = e
    # articles: "<policy>.<article>"
    for e in index["policy"].values():
        seen: dict[str, tuple] = {}
        for c, chapter in enumerate(e.item.chapters):
            for a, article in enumerate(chapter.articles):
                if article.id is None:
                    continue
                path = ("chapters", c, "articles", a, "id")
                if article.id in seen:
                    out.append(error(e.locate(*path), f"duplicate article id '{article.id}' in policy '{e.item.id}'",
                                     f"first defined at {e.locate(*seen[article.id])}"))
                    continue
                seen[article.id] = path
                index["article"][f"{e.item.id}.{article.id}"] = e

    for e in src.entries:
        out += _check_refs(e, e.item, (), index, src.broken_ids)
    out += _check_cycles(src, index, "role", "reports_to", "reporting line")
    cycles = _check_cycles(src, index, "department", "parent", "department tree")
    out += cycles or _check_department_depth(src, index)
    out += _check_terms(src)
    for e in src.of_kind("role"):
        out += _check_role(e)
    for e in src.of_kind("procedure"):
        out += _check_procedure(e)
    for e in src.of_kind("form"):
        out += _check_form(e)
    out += _loose_ends(src, index)
    return out


def _ref_kind(annotation) -> str | None:
    """The Ref kind somewhere inside an annotation (Annotated / Optional / list)."""
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, model.Ref):
                return meta.kind
    for arg in typing.get_args(annotation):
        kind = _ref_kind(arg)
        if kind:
            return kind
    return None


def _check_refs(entry: Entry, item: BaseModel, path: tuple, index, broken) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        ann = info.rebuild_annotation() if hasattr(info, "rebuild_annotation") else info.annotation
        kind = _ref_kind(ann)
        if kind:
            values = value if isinstance(value, list) else [value]
            for i, v in enumerate(values):
                if v is None:
                    continue
                p = path + ((name, i) if isinstance(value, list) else (name,))
                if v not in index[kind] and not _is_broken(kind, v, broken):
                    out.append(_unknown(entry, p, kind, v, index))
            continue
        if isinstance(value, BaseModel):
            out += _check_refs(entry, value, path + (name,), index, broken)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    out += _check_refs(entry, v, path + (name, i), index, broken)
    return out


def _is_broken(kind: str, value: str, broken: dict[str, set[str]]) -> bool:
    """A reference into a file that did not load: its error is already reported."""
    if kind == "article":  # <policy-id>.<article-id>
        return value.split(".", 1)[0] in broken.get("policy", ())
    return value in broken.get(kind, ())


def _unknown(entry: Entry, path: tuple, kind: str, value: str, index) -> Diagnostic:
    known = list(index[kind])
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif kind == "article":
        hint = "write <policy-id>.<article-id>, and give the article an id"
    else:
        hint = f"no {KIND_NAMES[kind]} has this id; known: {', '.join(sorted(known)[:8])}" if known else \
            f"there is no {KIND_NAMES[kind]} yet"
    return error(entry.locate(*path), f"unknown {KIND_NAMES[kind]} '{printable(value)}'", hint)


def _chain(e: Entry, index, kind: str, attr: str) -> list[str]:
    """`e`'s id and those up its `attr` line (reports_to, parent), ending where the line
    leaves the known ids or at the first id seen twice (then the last one repeats it)."""
    chain = [e.item.id]
    current = getattr(e.item, attr)
    while current and current in index[kind]:
        chain.append(current)
        if chain.index(current) < len(chain) - 1:
            break
        current = getattr(index[kind][current].item, attr)
    return chain


def _check_cycles(src: Source, index, kind: str, attr: str, what: str) -> list[Diagnostic]:
    out = []
    reported: set[str] = set()
    for e in src.of_kind(kind):
        chain = _chain(e, index, kind, attr)
        if chain.index(chain[-1]) < len(chain) - 1:
            cycle = chain[chain.index(chain[-1]):]
            if not reported.intersection(cycle):
                out.append(error(e.locate(attr), f"{what} forms a cycle: {' -> '.join(cycle)}",
                                 f"one of them must have no {attr} or point outside the cycle"))
                reported.update(cycle)
    return out


MAX_DEPARTMENT_DEPTH = 12


def _check_department_depth(src: Source, index) -> list[Diagnostic]:
    """An organisation is a few levels deep; hundreds are a mistake (a parent pointing one
    department down), and would nest the site's department lists past what renders."""
    for e in src.of_kind("department"):  # called only when there is no cycle
        if len(_chain(e, index, "department", "parent")) > MAX_DEPARTMENT_DEPTH:
            return [error(e.locate("parent"), f"department tree is deeper than {MAX_DEPARTMENT_DEPTH} levels",
                          "check the parent of this department and of those above it")]
    return []


def _check_terms(src: Source) -> list[Diagnostic]:
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


def _check_role(e: Entry) -> list[Diagnostic]:
    role: model.Role = e.item
    weights = [k.weight for k in role.kpis if k.weight is not None]
    if weights and (len(weights) != len(role.kpis) or abs(sum(weights) - 100) > 1e-6):
        total = sum(weights)
        if len(weights) != len(role.kpis):
            missing = next(i for i, k in enumerate(role.kpis) if k.weight is None)
            return [error(e.locate("kpis", missing), "KPI without a weight, while others of this role have one",
                          "give every KPI a weight, or none")]
        return [error(e.locate("kpis"), f"KPI weights add up to {total:g}, not 100",
                      "adjust the weights so that they add up to 100")]
    return []


def _check_procedure(e: Entry) -> list[Diagnostic]:
    out = []
    proc: model.Procedure = e.item
    for i, step in enumerate(proc.steps):
        if step.approval and step.approval.reject_to and step.approval.reject_to > len(proc.steps):
            out.append(error(e.locate("steps", i, "approval", "reject_to"),
                             f"step {step.approval.reject_to} does not exist (the procedure has {len(proc.steps)} steps)"))
    if proc.next == proc.id:
        out.append(error(e.locate("next"), "a procedure cannot be its own next procedure"))
    return out


def _check_form(e: Entry) -> list[Diagnostic]:
    out = []
    form: model.Form = e.item
    ids: dict[str, int] = {}
    for i, f in enumerate(form.fields):
        if f.id in ids:
            out.append(error(e.locate("fields", i, "id"), f"duplicate field id '{f.id}' in form '{form.id}'",
                             "field ids name the PDF fields and must be unique in a form"))
        ids.setdefault(f.id, i)
        if isinstance(f, (model.RadioField, model.SelectField)):
            options: set[str] = set()
            for j, option in enumerate(f.options):
                if option in options:
                    out.append(error(e.locate("fields", i, "options", j),
                                     f"option '{printable(option)}' is listed twice in field '{f.id}'",
                                     "a filled form could not tell the two apart; remove one"))
                options.add(option)
        if isinstance(f, model.TableField):
            cols: set[str] = set()
            for j, c in enumerate(f.columns):
                if c.id in cols:
                    out.append(error(e.locate("fields", i, "columns", j, "id"), f"duplicate column id '{c.id}'"))
                cols.add(c.id)
    if form.counterfoil:
        for j, fid in enumerate(form.counterfoil.fields):
            if fid not in ids:
                close = difflib.get_close_matches(fid, list(ids), n=1)
                out.append(error(e.locate("counterfoil", "fields", j), f"unknown field '{fid}' in counterfoil",
                                 f"did you mean '{close[0]}'?" if close else "name one of the form's field ids"))
    return out


def _loose_ends(src: Source, index) -> list[Diagnostic]:
    out = []
    used: set[str] = set()
    for e in src.of_kind("procedure"):
        for s in e.item.steps:
            used.update(s.produces, s.uses)
    for e in src.of_kind("form"):
        if e.item.id not in used and not src.broken_ids.get("procedure"):  # the broken one may use it
            out.append(warning(e.locate("id"), f"form '{e.item.id}' is used by no procedure",
                               "name it in a step's produces or uses"))
    for e in src.of_kind("role"):
        if not e.item.responsibilities:
            out.append(warning(e.locate("id"), f"role '{e.item.id}' has no responsibility",
                               "a job description needs its 工作职责"))
    return out


# ------------------------------------------------------------------ build


def _build(src: Source) -> Handbook:
    def by_id(kind):
        return {e.item.id: e.item for e in src.of_kind(kind)}

    company: model.Company = src.company.item
    departments = by_id("department")
    hb = Handbook(
        root=src.root,
        company=company,
        labels=load_labels(company.locale),
        departments={},
        roles=by_id("role"),
        procedures=by_id("procedure"),
        forms=by_id("form"),
        policies=sorted(by_id("policy").values(), key=lambda p: (p.order, p.id)),
        sanctions=[e.item for e in src.of_kind("sanction")],
        terms=sorted((e.item for e in src.of_kind("term")), key=lambda t: t.term.lower()),
    )
    # departments in tree order (depth first), so that lists read like the org chart
    ordered: dict[str, model.Department] = {}

    def walk(parent):
        for d in sorted((d for d in departments.values() if d.parent == parent), key=lambda d: (d.order, d.id)):
            ordered[d.id] = d
            walk(d.id)

    walk(None)
    hb.departments = ordered
    # roles in org-chart order (department, then file order); procedures and forms by code
    dept_rank = {d: i for i, d in enumerate(ordered)}
    hb.roles = dict(sorted(hb.roles.items(), key=lambda kv: dept_rank.get(kv[1].department, len(dept_rank))))
    hb.procedures = dict(sorted(hb.procedures.items(), key=lambda kv: kv[1].code))
    hb.forms = dict(sorted(hb.forms.items(), key=lambda kv: kv[1].code))
    for proc in hb.procedures.values():
        for n, step in enumerate(proc.steps, 1):
            for r in step.actor:
                hb._steps_by_role[r].append(StepRef(proc, n, step, "actor"))
            for r in (step.approval.by if step.approval else []):
                hb._steps_by_role[r].append(StepRef(proc, n, step, "approver"))
            for r in step.consulted:
                hb._steps_by_role[r].append(StepRef(proc, n, step, "consulted"))
            for f in step.produces:
                hb._steps_by_form[f].append(StepRef(proc, n, step, "produces"))
            for f in step.uses:
                hb._steps_by_form[f].append(StepRef(proc, n, step, "uses"))
    for policy in hb.policies:
        for c, chapter, items in hb.numbered(policy):
            for n, article in items:
                if article.id:
                    hb.articles[f"{policy.id}.{article.id}"] = ArticleNo(policy, c, n, article.text)
    return hb
