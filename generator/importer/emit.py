"""The draft as YAML files: ids given, every entity turned into the schema's keys.

Text from the imported documents is untrusted. It reaches the YAML only as
string values written by PyYAML's safe dumper (quoted and escaped wherever
YAML would read it otherwise), and never as a key, a tag or a path: file names
are ids, and ids are made of letters, digits and '-' only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from . import target
from .draft import Department, Draft, Entity, Form, Procedure, Role
from .ids import Ids
from .messages import text as say


@dataclass
class Output:
    files: dict[str, str] = field(default_factory=dict)  # rel path -> YAML text
    paths: dict[str, tuple] = field(default_factory=dict)  # rel path -> (kind,)
    warnings: list[tuple[str, tuple, str, str]] = field(default_factory=list)  # (rel, yaml path, message, hint)


def dump(data: object, header: str = "") -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False,
                          indent=2)
    return (header + body) if header else body


def _header(source: str, lang: str) -> str:
    safe = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", source)[:120]
    if lang == "en":
        return f"# imported by `handbook import` from {safe}; a draft: review and complete it\n"
    return f"# 由 handbook import 从 {safe} 导入的草稿，请审核、补充\n"


def _initials(title: str) -> str:
    from pypinyin import Style, lazy_pinyin

    letters = "".join(s[:1] for s in lazy_pinyin(title, style=Style.FIRST_LETTER, errors="ignore")).upper()
    letters = re.sub(r"[^A-Z0-9]", "", letters)
    return letters[:6] or "HB"


def assign_ids(draft: Draft, taken: dict[str, set[str]]) -> None:
    ids = Ids(taken)
    for d in draft.departments:
        d.id = ids.give("department", d.title, "department")
        d.path = f"{target.folder('department')}/{d.id}.yml"
    for r in draft.roles:
        r.id = ids.give("role", r.title, "role")
        r.path = f"{target.folder('role')}/{r.id}.yml"
    for p in draft.procedures:
        p.id = ids.give("procedure", p.code.lower() if p.code else p.title, "procedure")
        p.path = f"{target.folder('procedure')}/{p.id}.yml"
    for f in draft.forms:
        f.id = ids.give("form", f.title, "form")
        f.path = f"{target.folder('form')}/{f.id}.yml"
    for p in draft.policies:
        p.id = ids.give("policy", p.title, "policy")
        p.path = f"{target.folder('policy')}/{p.id}.yml"
        article_ids = Ids()
        for s in draft.sanctions:
            if s.policy is p and s.article is not None and not s.article.id:
                s.article.id = article_ids.give("article", s.title[:12], "article")
    for s in draft.sanctions:
        s.id = ids.give("sanction", s.title[:16], "sanction")
        s.path = target.SANCTIONS
    for t in draft.terms:
        t.id = ids.give("term", t.title, "term")
        t.path = target.GLOSSARY


def emit(draft: Draft, lang: str, sources: list[str], new_project: bool, write_sanctions: bool,
         write_glossary: bool, effective: dt.date) -> Output:
    out = Output()
    header = _header("、".join(sources) if lang != "en" else ", ".join(sources), lang)
    codes: dict[str, int] = {}

    def code(dept: Department | None, kind: str) -> str:
        prefix = _initials(dept.title) if dept else "HB"
        key = f"{prefix}-{kind}"
        codes[key] = codes.get(key, 0) + 1
        return f"{prefix}-{kind}-{codes[key]:02d}" if kind else f"{prefix}-{codes[key]:02d}"

    def put(entity: Entity, data: dict) -> None:
        out.files[entity.path] = dump(data, header)

    if new_project:
        names = "、".join(sources) if lang != "en" else ", ".join(sources)
        company = {
            "name": draft.company_name or say("yaml.company_name", lang),
            "handbook_title": draft.handbook_title or (draft.policies[0].title if draft.policies else "管理手册"),
            "document_code": say("yaml.document_code", lang),
            "version": "A/0",
            "effective_date": effective.isoformat(),
            "locale": lang,
            "description": say("yaml.description", lang, files=names),
            "control": {k: {"by": say("yaml.signoff", lang)} for k in ("prepared", "reviewed", "approved")},
        }
        out.files[target.COMPANY] = dump(company, header)
        out.warnings.append((target.COMPANY, ("name",), say("warn.company", lang), say("hint.company", lang)))

    for d in draft.departments:
        data: dict = {"id": d.id, "title": d.title}
        if d.parent is not None:
            data["parent"] = d.parent.id
        if d.head is not None:
            data["head"] = d.head.id
        data["order"] = (draft.departments.index(d) + 1) * 10
        if d.mission:
            data["mission"] = "".join(m if m.endswith("。") else m + "。" for m in _unique(d.mission))
        if d.duties:
            data["responsibilities"] = _unique(d.duties)
        if d.kpis:
            data["kpis"] = [{"name": n, **({"description": desc} if desc else {})} for n, desc in _unique_kpis(d.kpis)]
        put(d, data)
        if d.default:
            out.warnings.append((d.path, ("title",), say("warn.department_default", lang, title=d.title),
                                 say("hint.department_default", lang)))

    for r in draft.roles:
        put(r, _role(r, r.code or code(r.department, ""), lang, out))

    for p in draft.procedures:
        if not p.code:
            p.code = code(p.owner, "LC")
            p.generated_code = True
        put(p, _procedure(p, lang, out))
        if p.generated_code:
            out.warnings.append((p.path, ("code",), say("warn.procedure_code", lang, title=p.title, code=p.code),
                                 say("hint.procedure_code", lang)))

    for f in draft.forms:
        put(f, _form(f, code(f.owner, "BD"), lang))
        out.warnings.append((f.path, ("fields",), say("warn.form_stub", lang, title=f.title), say("hint.form_stub", lang)))

    for p in draft.policies:
        chapters = []
        for c in p.chapters:
            articles = [{"id": a.id, "text": a.text} if a.id else a.text for a in c.articles]
            chapters.append({"title": c.title, "articles": articles})
        data = {"id": p.id, "title": p.title, "order": p.order}
        if p.owner is not None:
            data["owner"] = p.owner.id
        data["chapters"] = chapters
        put(p, data)

    if draft.sanctions and write_sanctions:
        out.files[target.SANCTIONS] = dump({"sanctions": [_sanction(s) for s in draft.sanctions]}, header)
    if draft.terms and write_glossary:
        out.files[target.GLOSSARY] = dump({"terms": [_term(t) for t in draft.terms]}, header)
    return out


def sanctions_yaml(draft: Draft) -> str:
    return dump({"sanctions": [_sanction(s) for s in draft.sanctions]})


def terms_yaml(draft: Draft) -> str:
    return dump({"terms": [_term(t) for t in draft.terms]})


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _unique_kpis(kpis):
    seen, out = set(), []
    for n, d in kpis:
        if n not in seen:
            seen.add(n)
            out.append((n, d))
    return out


def _role(r: Role, code: str, lang: str, out: Output) -> dict:
    data: dict = {"id": r.id, "title": r.title, "code": code, "department": r.department.id}
    if r.reports_to is not None and r.reports_to is not r:
        data["reports_to"] = r.reports_to.id
    if r.headcount:
        data["headcount"] = r.headcount
    purpose = r.purpose or (r.duties[0].text if r.duties else "")
    if r.placeholder:
        purpose = say("yaml.placeholder_purpose", lang)
    elif r.stub_where and not r.duties:
        purpose = say("yaml.stub_purpose", lang, where=r.stub_where_text)
    if not purpose:
        purpose = say("yaml.role_purpose", lang)
        out.warnings.append((r.path, ("purpose",), say("warn.role_purpose", lang, title=r.title),
                             say("hint.role_purpose", lang)))
    data["purpose"] = purpose if purpose.endswith("。") else purpose + "。"
    duties = []
    for d in r.duties:
        if d.frequency or d.deadline:
            item = {"text": d.text}
            if d.frequency:
                item["frequency"] = d.frequency
            if d.deadline:
                item["deadline"] = d.deadline
            duties.append(item)
        else:
            duties.append(d.text)
    if duties:
        data["responsibilities"] = duties
    if r.authority:
        data["authority"] = _unique(r.authority)
    quals = {}
    if r.education:
        quals["education"] = r.education
    if r.experience:
        quals["experience"] = r.experience
    if r.skills:
        quals["skills"] = _unique(r.skills)
    if r.other:
        quals["other"] = _unique(r.other)
    if quals:
        data["qualifications"] = quals
    if r.kpis:
        data["kpis"] = [_kpi(k) for k in _unique(r.kpis)]
    if r.relations:
        data["relations"] = {"internal": _unique(r.relations)}
    if r.placeholder:
        out.warnings.append((r.path, ("id",), say("warn.placeholder_role", lang, title=r.title),
                             say("hint.placeholder_role", lang)))
    elif r.stub_where and not r.duties:
        out.warnings.append((r.path, ("id",), say("warn.role_stub", lang, title=r.title, where=r.stub_where_text), say("hint.role_stub", lang)))
    return data


def _kpi(text: str) -> dict:
    m = re.match(r"^([^：:]{1,30})[:：]\s*(.+)$", text)
    if m:
        return {"name": m.group(1), "target": m.group(2)}
    return {"name": text}


def _procedure(p: Procedure, lang: str, out: Output) -> dict:
    steps = []
    for i, s in enumerate(p.steps):
        step: dict = {"actor": [a.id for a in s.actors] if len(s.actors) > 1 else s.actors[0].id,
                      "action": s.action or s.text}
        if s.produces:
            step["produces"] = [f.id for f in s.produces]
        if s.uses:
            step["uses"] = [f.id for f in s.uses]
        if s.approvers:
            by = [a.id for a in s.approvers]
            step["approval"] = {"by": by[0] if len(by) == 1 else by}
        if s.frequency:
            step["schedule"] = {"frequency": s.frequency, **({"deadline": s.deadline} if s.deadline else {})}
        steps.append(step)
        if s.unassigned:
            out.warnings.append((p.path, ("steps", i, "actor"),
                                 say("warn.actor_unknown", lang, procedure=p.title, step=i + 1,
                                     placeholder=s.actors[0].title, text=s.text[:40]),
                                 say("hint.actor_unknown", lang)))
    data: dict = {"id": p.id, "code": p.code, "title": p.title, "owner": p.owner.id}
    if p.purpose:
        data["purpose"] = p.purpose
    data["steps"] = steps
    if p.notes:
        data["notes"] = _unique(p.notes)
    if p.next is not None and p.next is not p:
        data["next"] = p.next.id
    return data


def _form(f: Form, code: str, lang: str) -> dict:
    data: dict = {"id": f.id, "code": code, "title": f.title, "version": "A/0", "owner": f.owner.id}
    if f.mentions:
        data["purpose"] = say("yaml.form_purpose", lang, where="；".join(f.mentions[:6]) if lang != "en"
                              else "; ".join(f.mentions[:6]))
    data["instructions"] = [say("yaml.form_instruction", lang)]
    if f.filled_by:
        data["filled_by"] = [r.id for r in f.filled_by]
    data["fields"] = [
        {"id": "date", "label": say("yaml.field_date", lang), "type": "date", "width": "half"},
        {"id": "content", "label": say("yaml.field_content", lang), "type": "multiline", "lines": 6},
        {"id": "filled-by", "label": say("yaml.field_filler", lang), "type": "signature"},
    ]
    return data


def _sanction(s) -> dict:
    data: dict = {"id": s.id, "kind": s.kind, "act": s.title}
    if s.roles:
        data["applies_to"] = [r.id for r in s.roles]
    measures = []
    for m in s.measures:
        item: dict = {"type": m.type}
        if m.amount is not None:
            item["amount"] = int(m.amount) if float(m.amount).is_integer() else m.amount
        if m.per:
            item["per"] = m.per
        if m.note:
            item["note"] = m.note
        measures.append(item)
    data["measures"] = measures
    if s.policy is not None and s.article is not None and s.article.id:
        data["article"] = f"{s.policy.id}.{s.article.id}"
    return data


def _term(t) -> dict:
    data = {"id": t.id, "term": t.title}
    if t.full:
        data["full"] = t.full
    data["definition"] = t.definition
    return data
