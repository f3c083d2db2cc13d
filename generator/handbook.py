"""The resolved handbook: what every renderer reads.

Built once from a checked `Source` (`resolve`): ids resolved, entities in reading order
(departments as in the org chart, roles by department, procedures and forms by code),
articles numbered, and every relation indexed both ways (a role's steps, a form's
procedures ...), so that renderers never look at raw YAML or search lists themselves.
It knows nothing of paths, templates or labels: those belong to the presentation.

`load(root)` is the whole source side: read, check, resolve.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .errors import Diagnostic, HandbookError, dedupe
from .source import model
from .source.load import Source
from .source.mentions import glossary_sort_key
from .source.load import load as load_source
from .source.yaml_reader import MAX_FILE_BYTES


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
    company: model.Company
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
    def locale(self) -> str:
        return self.company.locale

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


@dataclass(frozen=True)
class Loaded:
    """What `load` found: the handbook (None when any error) and every diagnostic."""

    handbook: Handbook | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    def __iter__(self):  # hb, diagnostics = load(root)
        return iter((self.handbook, self.diagnostics))


def load(root: Path) -> Loaded:
    """Read, check and resolve the project at `root`. The last result is kept, keyed by
    the sources' content: `handbook build` and the MkDocs plugin it runs share one
    load, and an unchanged project is not read twice."""
    global _last
    root = Path(root).resolve()
    key = (root, sources_digest(root))
    if _last is not None and _last[0] == key:
        return _last[1]
    with _no_cycle_collection():
        src = load_source(root)
        diags = dedupe([*src.diagnostics, *checks.run(src)])
        if src.company is None or any(d.is_error for d in diags):
            loaded = Loaded(None, diags)
        else:
            hb = resolve(src)
            hb.warnings = [d for d in diags if not d.is_error]
            loaded = Loaded(hb, diags)
    _last = (key, loaded)
    return loaded


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused while loading: reading and checking make millions of
    objects that stay alive and hold no cycles, and each collection walked them all again, in
    vain (3 s of a check of 1,000 roles, half its time). What survives then joins the oldest
    generation without being walked (freeze, unfreeze); garbage is freed by reference counting."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


_last: tuple[tuple, Loaded] | None = None


def sources_digest(root: Path) -> str:
    """A digest of everything `load` reads: every name under handbook/ and forms/ (a
    misspelt file gives a warning) and the bytes of every regular file there, and the
    project's mkdocs.yml, templates/ and site_config/ (checks/config.py reads them)."""
    digest = hashlib.sha256()
    try:
        digest.update((root / "mkdocs.yml").read_bytes() if (root / "mkdocs.yml").is_file() else b"\0none\0")
    except OSError:
        digest.update(b"\0unreadable\0")
    for folder in (root / "handbook", root / "forms", root / "templates", root / "site_config"):
        if not folder.is_dir():
            digest.update(b"\0missing\0")
            continue
        for path in sorted(folder.rglob("*")):
            digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            try:
                if path.is_file() and path.stat().st_size <= MAX_FILE_BYTES:
                    digest.update(path.read_bytes())
                elif path.is_file():
                    digest.update(str(path.stat().st_size).encode())
            except OSError:
                digest.update(b"\0unreadable\0")
            digest.update(b"\0")
    return digest.hexdigest()


def load_handbook(root: Path) -> Handbook:
    """The resolved handbook, or HandbookError carrying every error."""
    loaded = load(root)
    if loaded.handbook is None:
        raise HandbookError(loaded.errors)
    return loaded.handbook


# ------------------------------------------------------------------ resolve


def resolve(src: Source) -> Handbook:
    """The Handbook of a source that passed the checks."""
    def by_id(kind):
        return {e.item.id: e.item for e in src.of_kind(kind)}

    company: model.Company = src.company.item
    departments = by_id("department")
    hb = Handbook(
        company=company,
        departments={},
        roles=by_id("role"),
        procedures=by_id("procedure"),
        forms=by_id("form"),
        policies=sorted(by_id("policy").values(), key=lambda p: (p.order, p.id)),
        sanctions=[e.item for e in src.of_kind("sanction")],
        terms=sorted((e.item for e in src.of_kind("term")), key=lambda t: glossary_sort_key(t.term)),  # pinyin order
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
