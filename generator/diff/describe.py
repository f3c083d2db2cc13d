"""The handbook's own words for a change: the label of every key, how list items are
numbered or named, values shown as a reader knows them (ids as titles, 罚款 50 元, 每周),
and the one line that says the whole change.

Every word comes from the locale labels (site_config/locales/*.yml): a Chinese
handbook reads Chinese, `locale: en` English.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from pydantic import BaseModel

from . import changes as C
from .base import Handbook, Labels, model, plain_number
from .fields import Shape

# ------------------------------------------------------------------ labels of the keys

# class name -> key -> label key; None: the key is the model's main value and adds no
# word to the path (an approval's `by` reads `第2步 · 审批：区域经理 → 大客户部经理`; a
# changed id reads `字段「总经理」：id 由 gm 改为 general-manager`).
FIELD_LABELS: dict[str, dict[str, str | None]] = {
    "Company": {"name": "diff_company_name", "short_name": "diff_short_name",
                "handbook_title": "diff_handbook_title", "document_code": "document_code", "version": "version",
                "effective_date": "effective_date", "locale": "diff_locale", "description": "diff_description",
                "control": "document_control", "revisions": "revisions", "review_window_days": "diff_review_window",
                "job_description_signatures": "diff_signatures", "changes_since": "diff_changes_since"},
    "SignLine": {"label": "diff_sign_label", "date": "date"},
    "DocumentControl": {"prepared": "prepared", "reviewed": "reviewed", "approved": "approved"},
    "Signoff": {"by": None, "date": "date"},
    "Revision": {"version": "version", "date": "date", "changes": "changes", "by": "revised_by"},
    "Department": {"id": None, "title": "diff_department_title", "parent": "parent_department",
                   "head": "head", "order": "diff_order", "mission": "mission",
                   "responsibilities": "dept_responsibilities", "kpis": "kpis", "aliases": "diff_aliases"},
    "Kpi": {"id": None, "name": "kpi_name", "description": "diff_kpi_description"},
    "Role": {"id": None, "title": "role_title", "code": "role_code", "department": "department",
             "reports_to": "reports_to", "headcount": "headcount", "purpose": "purpose",
             "responsibilities": "duties", "authority": "authority", "qualifications": "qualifications",
             "kpis": "kpis", "relations": "relations", "career": "career", "onboarding": "onboarding",
             "aliases": "diff_aliases"},
    "Duty": {"text": None, "frequency": "frequency", "deadline": "deadline"},
    "RoleKpi": {"name": "kpi_name", "weight": "weight", "target": "target", "period": "period"},
    "Qualifications": {"education": "education", "experience": "experience", "skills": "skills",
                       "other": "other_requirements"},
    "Relations": {"internal": "internal", "external": "external"},
    "Career": {"next_roles": "next_roles", "note": "diff_note"},
    "OnboardingTask": {"text": None, "due": "due"},
    "Procedure": {"id": None, "code": "procedure_code", "title": "diff_procedure_title",
                  "owner": "owner_department", "purpose": "objective", "trigger": "trigger", "steps": None,
                  "notes": "notes", "next": "next_procedure", "review_owner": "diff_review_owner",
                  "review_by": "diff_review_by", "aliases": "diff_aliases"},
    "Step": {"actor": "actor", "action": "action", "produces": "diff_produces", "uses": "diff_uses",
             "consulted": "diff_consulted", "approval": "approval", "condition": "condition",
             "skippable": "skippable", "schedule": "schedule"},
    "Approval": {"by": None, "on_approve": "on_approve", "on_reject": "on_reject", "reject_to": "diff_reject_to"},
    "Schedule": {"frequency": "frequency", "deadline": "deadline"},
    "Form": {"id": None, "code": "form_code", "title": "diff_form_title", "version": "version",
             "owner": "diff_form_owner", "purpose": "form_purpose", "instructions": "instructions",
             "filled_by": "filled_by", "fields": "fields", "counterfoil": "counterfoil", "copies": "copies",
             "aliases": "diff_aliases"},
    "_FieldBase": {"id": None, "label": "diff_field_label", "required": "required", "help": "diff_help",
                   "width": "diff_width", "type": "field_type", "lines": "diff_lines", "unit": "diff_unit",
                   "currency": "diff_currency", "options": "diff_options", "columns": "diff_columns",
                   "rows": "diff_rows", "numbered": "diff_numbered", "chars": "diff_chars"},
    "Column": {"id": None, "label": "diff_column_label", "type": "field_type", "width": "diff_width",
               "total": "diff_total"},
    "Counterfoil": {"title": "diff_counterfoil_title", "fields": "fields", "note": "diff_note"},
    "Policy": {"id": None, "title": "diff_policy_title", "order": "diff_order", "owner": "diff_policy_owner",
               "chapters": None, "review_owner": "diff_review_owner", "review_by": "diff_review_by",
               "aliases": "diff_aliases"},
    "Chapter": {"title": "diff_chapter_title", "articles": None},
    "Article": {"id": None, "text": None, "effective": "diff_effective"},
    "Sanction": {"id": None, "kind": "diff_sanction_kind", "act": "act", "applies_to": "applies_to",
                 "measures": None, "escalation": "escalation", "article": "basis"},
    "Measure": {"type": "diff_measure_type", "amount": None, "per": "diff_per", "note": "diff_note"},
    "Term": {"id": None, "term": "term", "full": "full_name", "definition": "definition", "aliases": "diff_aliases"},
    # the files holding lists of entities: their entries are compared one by one
    "SanctionFile": {"sanctions": None},
    "Glossary": {"terms": None},
}

# keys of an entity that the comparison leaves out: the id (a changed id is a rename, told
# once) and the revision history (which the comparison drafts, not reports)
SKIPPED = {"Company": ("revisions",), "*": ("id",)}


def field_label(cls: type[BaseModel], name: str) -> str | None:
    for klass in cls.__mro__:
        table = FIELD_LABELS.get(klass.__name__)
        if table is not None and name in table:
            return table[name]
    raise KeyError(f"no label for {cls.__name__}.{name}: add it to FIELD_LABELS and the locale files")


# enum and literal values shown through labels: (class name, key) -> label prefix
VALUE_LABELS = {
    ("Duty", "frequency"): "freq_", ("Schedule", "frequency"): "freq_", ("RoleKpi", "period"): "period_",
    ("Sanction", "kind"): "kind_", ("Measure", "type"): "sanction_", ("_FieldBase", "type"): "type_",
    ("Column", "type"): "type_",
}


# short codes shown as they are, not quoted as prose: 版本号：A/1 → A/2
UNQUOTED = {("Company", "version"), ("Company", "document_code"), ("Company", "locale"), ("Role", "code"),
            ("Procedure", "code"), ("Form", "code"), ("Form", "version"), ("Revision", "version"),
            ("_FieldBase", "width"), ("Signoff", "by"), ("Company", "changes_since")}


def _unquoted(owner: type[BaseModel], name: str) -> bool:
    return any((k.__name__, name) in UNQUOTED for k in owner.__mro__)


# ------------------------------------------------------------------ lists


@dataclass(frozen=True)
class ListSpec:
    """How the items of a list are told apart and named.

    item: numbered (工作职责 第3条), step (第2步), named (字段「客户名称」),
          measure (罚款), value (the whole list is one value: 现结、月结)
    key:  the attribute(s) that identify an item (the first that is set)
    name: the attribute that names an item of a named list
    by_place: items left unpaired at the same place are one item, edited (a rewritten
          duty); not for steps, where a different step at the same place is another step
    """

    item: str = "numbered"
    key: tuple[str, ...] = ()
    name: str | None = None
    by_place: bool = True


LISTS: dict[tuple[str, str], ListSpec] = {
    ("Department", "kpis"): ListSpec("named", ("id", "name"), "name"),
    ("Role", "kpis"): ListSpec("named", ("name",), "name"),
    ("Procedure", "steps"): ListSpec("step", by_place=False),
    ("Form", "fields"): ListSpec("named", ("id",), "label"),
    ("TableField", "columns"): ListSpec("named", ("id",), "label"),
    ("Sanction", "measures"): ListSpec("measure", ("type",)),
    ("RadioField", "options"): ListSpec("value"),
    ("SelectField", "options"): ListSpec("value"),
    ("Counterfoil", "fields"): ListSpec("value"),
    ("Revision", "changes"): ListSpec("value"),
}


def list_spec(cls: type[BaseModel], name: str) -> ListSpec:
    for klass in cls.__mro__:
        if (klass.__name__, name) in LISTS:
            return LISTS[(klass.__name__, name)]
    return ListSpec()


# ------------------------------------------------------------------ values


@dataclass(frozen=True)
class Shown:
    text: str
    quoted: bool = False  # free text, shown in quotes 「…」


class Describer:
    """Values and names as a reader of `labels`' language sees them."""

    def __init__(self, labels: Labels):
        self.L = labels

    # names
    def quote(self, text: str) -> str:
        return self.L.diff_quote.format(text=text)

    def book(self, text: str) -> str:
        return self.L.diff_book.format(text=text)

    def title(self, kind: str, item) -> str:
        """How a change line starts: 业务员, SC-004, 《客户资料库》, 处罚「擅自降价」."""
        L = self.L
        if kind == "company":
            return self.book(item.handbook_title)
        if kind in ("department", "role"):
            return item.title
        if kind == "procedure":
            return item.code
        if kind in ("form", "policy"):
            return self.book(item.title)
        if kind == "sanction":
            return L.diff_kind_title.format(kind=L["kind_" + item.kind], name=self.quote(item.act))
        if kind == "term":
            return L.diff_kind_title.format(kind=L.term, name=self.quote(item.term))
        raise ValueError(kind)

    def full_name(self, kind: str, item) -> str:
        """An entity named in full, as in 新增岗位「收款员」 or 删除表单《提货通知单》."""
        if kind in ("department", "role"):
            return self.quote(item.title)
        if kind == "procedure":
            return self.quote(f"{item.code} {item.title}")
        if kind in ("form", "policy", "company"):
            return self.book(item.title if kind != "company" else item.handbook_title)
        if kind == "sanction":
            return self.quote(item.act)
        return self.quote(item.term)

    def noun(self, kind: str, item) -> str:
        """岗位, 表单, 处罚 …"""
        if kind == "sanction":
            return self.L["diff_kind_" + item.kind]
        return self.L["diff_kind_" + kind]

    # references
    def ref_title(self, hb: Handbook, kind: str, ident: str) -> str:
        L = self.L
        if kind == "role" and ident in hb.roles:
            return hb.roles[ident].title
        if kind == "department" and ident in hb.departments:
            return hb.departments[ident].title
        if kind == "procedure" and ident in hb.procedures:
            p = hb.procedures[ident]
            return f"{p.code} {p.title}"
        if kind == "form" and ident in hb.forms:
            return self.book(hb.forms[ident].title)
        if kind == "article" and ident in hb.articles:
            a = hb.articles[ident]
            return self.book(a.policy.title) + L.article(a.article)
        return ident

    def show(self, hb: Handbook, owner: type[BaseModel], name: str, sh: Shape, value, entity=None) -> Shown:
        """`value` of `owner.name` as a reader sees it, looked up in `hb` (the side it is from)."""
        L = self.L
        if sh.ref:
            if sh.many:
                if not value:
                    return Shown(L.everyone if (owner is model.Sanction and name == "applies_to") else L.none)
                return Shown(L.enum_sep.join(self.ref_title(hb, sh.ref, v) for v in value))
            return Shown(self.ref_title(hb, sh.ref, value) if value else L.none)
        if sh.many:
            if not value:
                return Shown(L.none)
            if owner is model.Counterfoil and name == "fields" and entity is not None:
                labels = {f.id: f.label for f in entity.fields}
                return Shown(L.enum_sep.join(labels.get(v, v) for v in value))
            return Shown(L.enum_sep.join(self.summary(hb, v).text if isinstance(v, BaseModel) else str(v)
                                         for v in value))
        if value is None or value == "":
            return Shown(L.none)
        if isinstance(value, BaseModel):
            return self.summary(hb, value)
        if isinstance(value, bool):
            return Shown(L.diff_yes if value else L.diff_no)
        if sh.enum or isinstance(value, enum.Enum):
            raw = value.value if isinstance(value, enum.Enum) else str(value)
            prefix = next((VALUE_LABELS[(k.__name__, name)] for k in owner.__mro__
                           if (k.__name__, name) in VALUE_LABELS), None)
            return Shown(L.get(prefix + raw, raw) if prefix else raw)
        if isinstance(value, dt.date):
            return Shown(value.isoformat())
        if isinstance(value, (int, float)):
            text = plain_number(value)
            if owner is model.Measure and name == "amount":
                text = f"{text} {L.yuan}"
            return Shown(text)
        return Shown(str(value), quoted=not _unquoted(owner, name))

    def measure(self, m: model.Measure) -> str:
        L = self.L
        text = L["sanction_" + m.type.value]
        if m.amount is not None:
            text += f" {plain_number(m.amount)} {L.yuan}"
        if m.per:
            text += L.diff_per_format.format(per=m.per)
        if m.note:
            text += L.colon + m.note
        return text

    def summary(self, hb: Handbook, item: BaseModel) -> Shown:
        """A whole item in a few words: a duty's text, a step's action, an approval's approvers."""
        if isinstance(item, model.Measure):
            return Shown(self.measure(item))
        if isinstance(item, model.Approval):
            return self.show(hb, model.Approval, "by", _ref_list("role"), item.by)
        if isinstance(item, model.Schedule):
            text = self.L["freq_" + item.frequency.value]
            return Shown(text + (self.L.colon + item.deadline if item.deadline else ""))
        if isinstance(item, model.Signoff):
            return Shown(item.by + (f" {item.date.isoformat()}" if item.date else ""))
        for attr in ("text", "action", "label", "name", "title", "term"):
            if isinstance(getattr(item, attr, None), str):
                return Shown(getattr(item, attr), quoted=True)
        if isinstance(item, model.Counterfoil):
            return Shown(item.title, quoted=True)
        return Shown(type(item).__name__)

    # positions
    def item_where(self, spec: ListSpec, where: tuple[str, ...], n: int, name: str | None = None,
                   measure: model.Measure | None = None) -> tuple[str, ...]:
        """The path of the n-th (1-based) item: 工作职责 第3条, 第2步, 字段「客户名称」, 罚款."""
        L = self.L
        head, last = where[:-1], (where[-1] if where else "")
        if spec.item == "step":
            return where + (L.diff_step.format(n=n),)
        if spec.item == "measure":
            return where + (L["sanction_" + measure.type.value],)
        if spec.item == "named":
            return head + (L.diff_named.format(list=last, name=name),)
        return head + (L.diff_item.format(list=last, n=n),)

    def position(self, spec: ListSpec, n: int) -> str:
        L = self.L
        if spec.item == "step":
            return L.diff_position_step.format(n=n)
        if spec.item == "numbered":
            return L.diff_position_item.format(n=n)
        return L.diff_position.format(n=n)


def _ref_list(kind: str) -> Shape:
    return Shape(many=True, ref=kind, kind=str)


# ------------------------------------------------------------------ the line


MOVED_ITEM_LIMIT = 30  # a moved item is named, not quoted in full


def shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: max(limit - 1, 1)] + "…"


def line(c: C.Change, labels: Labels, limit: int | None = None) -> str:
    """The change in one line, e.g. 业务员 · 工作职责 第3条：「…」→「…」. `limit` shortens long
    values (the revision record keeps lines short)."""
    L = labels
    d = Describer(labels)

    def val(text: str | None, value=True) -> str:
        """A value; free text in quotes, but not the word for nothing (无)."""
        text = shorten(text if text is not None else L.none, limit)
        return d.quote(text) if c.quoted and value not in (None, "", []) else text

    if not c.path and c.change in (C.ADDED, C.REMOVED):
        name = c.new if c.change == C.ADDED else c.old
        return L["diff_" + c.change + "_entity"].format(kind=c.where[0] if c.where else "", name=name)
    head = L.diff_sep.join((c.entity.title, *c.where))
    if c.change == C.CHANGED:
        both = c.quoted and c.old_value not in (None, "", []) and c.new_value not in (None, "", [])
        body = L["diff_changed_text" if both else "diff_changed"].format(old=val(c.old, c.old_value),
                                                                          new=val(c.new, c.new_value))
    elif c.change == C.ADDED:
        body = L.diff_added_item.format(value=val(c.new))
    elif c.change == C.REMOVED:
        body = L.diff_removed_item.format(value=val(c.old))
    elif c.change == C.RENAMED:
        body = L.diff_renamed.format(old=c.old, new=c.new)
    elif c.change == C.MOVED and c.item is not None:  # an item of a list
        body = L.diff_moved.format(value=d.quote(shorten(c.item, MOVED_ITEM_LIMIT)), old=c.old, new=c.new)
    elif c.change == C.MOVED:  # a list of ids in another order
        body = L.diff_reordered.format(old=val(c.old), new=val(c.new))
    else:
        body = L.diff_whitespace
    return head + L.colon + body
