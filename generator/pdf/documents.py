"""Job descriptions (岗位说明书), role checklists and the whole manual, as PDFs.

    model -> context (here) -> Jinja template (templates/pdf/) -> print CSS (css/)
    -> render.write_pdf (WeasyPrint)

One table, `DOCUMENTS`, says which template and stylesheets each document uses. The
checklist's items are real AcroForm checkboxes (ticked on screen or on paper). Every
document then goes through acroform.finalize_form: for the checklist it puts the text
fields on the viewer-supplied STSong-Light; for all three it cuts WeasyPrint's
retained-glyph-id CJK subsets down to the glyphs used (a job description: 265 KB -> 50 KB,
in a few ms with HarfBuzz). Every user text goes through the templates'
autoescaping; the only markup passed in is what our own code generated (the Graphviz
diagrams, and the forms' bodies rendered by forms.form_body_html).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from markupsafe import Markup

from ..present import Presentation
from ..present.diagrams import flowchart_svg, org_chart_svg, svg_size
from ..present.text import article_label
from ..source import model
from ..fonts import face
from .acroform import finalize_form
from .fontfaces import installed_faces
from . import parts
from .render import digest, page_number_css, probe, write_pdf


@dataclass(frozen=True)
class Document:
    template: str
    stylesheets: tuple[str, ...]
    forms: bool = False  # AcroForm fields (pdf_forms)
    page_mode: str | None = None  # the catalog's /PageMode: "UseOutlines" opens with the bookmarks shown


DOCUMENTS = {
    "job_description": Document("pdf/job_description.html", ("print-base.css", "job-description.css")),
    "checklist": Document("pdf/checklist.html", ("print-base.css", "job-description.css", "checklist.css"),
                          forms=True),
    # form.css styles the forms' bodies (scoped to .form-body); its @page rules name the page `form`,
    # which the manual does not use.
    "manual": Document("pdf/manual.html", ("print-base.css", "job-description.css", "form.css", "manual.css"),
                       page_mode="UseOutlines"),
}


def _render(p: Presentation, document: str, name: str, **context) -> bytes:
    spec = DOCUMENTS[document]
    html = p.render(spec.template, **context)
    pdf = write_pdf(p.resources, html, list(spec.stylesheets), extra_css=page_number_css(p.labels),
                    forms=spec.forms, name=name, page_mode=spec.page_mode)
    return finalize_form(pdf)


def _render_in_parts(p: Presentation, document: str, name: str, **context) -> bytes:
    """As `_render`, laid out in parts and joined (pdf/parts.py), each part kept by the
    build cache; the key of the whole is its HTML."""
    spec = DOCUMENTS[document]
    html = p.render(spec.template, **context)
    sheets = list(spec.stylesheets)
    probe(p.resources, html, sheets, page_number_css(p.labels), spec.forms)

    def lay(part_html: str, extra_css: str, part_name: str) -> bytes:
        # the glyph ids of the installed font, so that the join embeds each font once
        return parts.cached(digest(p.resources, part_html, sheets, extra_css, spec.forms), lambda: finalize_form(
            write_pdf(p.resources, part_html, sheets, extra_css=extra_css, forms=spec.forms, name=part_name,
                      retain_gids=True)))
    faces = {name: face(font) for name, font in installed_faces().items()}
    return parts.render(html, parts.Renderer(lay, page_number_css(p.labels)), name, spec.page_mode, faces)


# ------------------------------------------------------------------ 岗位说明书


def jd_sign_lines(p: Presentation) -> list[model.SignLine]:
    """The lines to sign at the foot of every job description: company.yml's
    `job_description_signatures`, or by default the employee's and the direct manager's
    (任职者签字 / 直接上级签字), each with a date."""
    lines = p.hb.company.job_description_signatures
    if lines is None:
        L = p.labels
        return [model.SignLine(label=L.jd_employee_signature), model.SignLine(label=L.jd_manager_signature)]
    return list(lines)


def render_job_description(p: Presentation, role: model.Role) -> bytes:
    """The A4 job description of one role: one or two pages."""
    return _render(p, "job_description", f"role-{role.id}", r=role, sign_lines=jd_sign_lines(p))


# ------------------------------------------------------------------ checklists


def checklist_items(p: Presentation, role: model.Role):
    """(sections, duties) of a role's checklist, with stable field names.

    sections: [(title, [(name, text, note)])], names `onboarding.<read|forms|people|tasks>.<n>`;
    duties: [(frequency label, [(name, text, deadline, source)])], names `<frequency>.<n>` (from 1).
    """
    hb, L = p.hb, p.labels
    read = [(L.the_role_page + L.colon + role.title, "")]
    for proc in hb.role_procedures(role.id):
        parts = dict.fromkeys(s.part for s in hb.role_steps(role.id) if s.procedure.id == proc.id)
        read.append((f"{proc.code} {proc.title}", L.enum_sep.join(L["part_" + p] for p in parts)))
    for s in hb.role_sanctions(role.id):
        if s.kind == "penalty":
            read.append((L.sanctions + L.colon + s.act, article_label(hb, L, s.article) if s.article else ""))
    forms = [(f"《{f.title}》", L["how_" + how]) for f, how in hb.role_forms(role.id)]
    people, met = [], {role.id}
    sup = hb.supervisor(role)
    for relation, roles in ((L.reports_to, [sup] if sup else []), (L.subordinates, hb.subordinates(role.id)),
                            (L.handoff, hb.handoffs(role.id))):
        for other in roles:
            if other.id not in met:
                met.add(other.id)
                people.append((other.title, relation))
    tasks = [(t.text, t.due) for t in role.onboarding]
    sections = []
    for key, title, items in (("read", L.read_sections, read), ("forms", L.forms_to_know, forms),
                              ("people", L.people_to_meet, people), ("tasks", L.onboarding, tasks)):
        if items:
            sections.append((title, [(f"onboarding.{key}.{n}", text, note) for n, (text, note) in enumerate(items, 1)]))
    duties = []
    for freq, items in hb.recurring_duties(role.id).items():
        duties.append((L["freq_" + freq.value],
                       [(f"{freq.value}.{n}", text, deadline, source)
                        for n, (text, deadline, source) in enumerate(items, 1)]))
    return sections, duties


def acknowledgement_fields(L) -> list[tuple[str, str, str]]:
    """(label, signature field, date field) of the checklist's 员工确认 block."""
    return [(L.employee_signature, "ack.name", "ack.date"),
            (L.supervisor_signature, "ack.supervisor", "ack.supervisor_date")]


def render_checklist(p: Presentation, role: model.Role) -> bytes:
    """The role's onboarding and recurring-duty checklist, every item an AcroForm checkbox."""
    sections, duties = checklist_items(p, role)
    return _render(p, "checklist", f"checklist-{role.id}", r=role, sections=sections, duties=duties,
                   ack=acknowledgement_fields(p.labels))


# ------------------------------------------------------------------ the manual


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def manual_chapters(p: Presentation) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(anchor, title, [(anchor, title)]) of the manual's chapters, as in its contents and outline."""
    hb, L = p.hb, p.labels
    return [
        ("control", L.document_control, [("revisions", L.revisions)]),
        ("policies", L.policies, [(f"policy-{x.id}", x.title) for x in hb.policies]),
        ("organisation", L.organisation, []),
        ("departments", L.departments, [(f"dept-{d.id}", d.title) for d in hb.departments.values()]),
        ("roles", L.roles, [(f"role-{r.id}", r.title) for r in hb.roles.values()]),
        ("procedures", L.procedures, [(f"proc-{x.id}", f"{x.code} {x.title}") for x in hb.procedures.values()]),
        ("forms", L.forms, [(f"form-{f.id}", f"《{f.title}》") for f in hb.forms.values()]),
        ("sanctions", L.sanctions, []),
        ("kpis", L.kpis, []),
        ("glossary", L.glossary, []),
    ]


@dataclass(frozen=True)
class PrintedDiagram:
    """A flowchart as the manual prints it: the SVG, its printed width, and whether it
    takes a page of its own (after the step table) instead of sitting above it."""

    uri: str
    width_mm: float
    own_page: bool


# The manual's text area (manual.css: A4, margins 20/16/17 mm), less room for a heading.
_TEXT_WIDTH_MM, _INLINE_HEIGHT_MM, _PAGE_HEIGHT_MM = 178, 125, 236
_MM_PER_PT = 25.4 / 72
_INLINE_SCALE = 0.85  # above the table only if its 10 pt labels print at 8.5 pt or larger


def print_flowchart(p: Presentation, proc) -> PrintedDiagram:
    """The flowchart drawn for paper: rows closer than on screen, labels at the width
    (in characters) that prints them largest, and a page of its own when the space
    above the step table would shrink it below 8.5 pt (tall charts went down to 3.4 pt)."""
    def scale(size: tuple[float, float], height_mm: float) -> float:
        w, h = (v * _MM_PER_PT for v in size)
        return min(1.0, _TEXT_WIDTH_MM / w, height_mm / h)

    drawn = [flowchart_svg(p.hb, proc, p.labels, wrap=wrap, ranksep=0.22) for wrap in (16, 20)]
    sizes = [svg_size(svg) for svg in drawn]
    inline = max(range(len(drawn)), key=lambda i: (scale(sizes[i], _INLINE_HEIGHT_MM), -i))
    if scale(sizes[inline], _INLINE_HEIGHT_MM) >= _INLINE_SCALE:
        best, own_page, height = inline, False, _INLINE_HEIGHT_MM
    else:
        best = max(range(len(drawn)), key=lambda i: (scale(sizes[i], _PAGE_HEIGHT_MM), -i))
        own_page, height = True, _PAGE_HEIGHT_MM
    width_mm = sizes[best][0] * _MM_PER_PT * scale(sizes[best], height)
    return PrintedDiagram(_svg_uri(drawn[best]), round(width_mm, 1), own_page)


def render_manual(p: Presentation, _entity: None = None, part_title: str = "", name: str = "handbook",
                  top: str | None = None) -> bytes:
    """The whole handbook: cover, document control, contents, then a chapter per part."""
    from .forms import form_body_html

    from ..outputs import is_large, top_departments
    from .render import probing

    hb = p.hb
    # one org chart per top-level department in a large handbook and in a department's manual
    chart_tops = [top] if top else [d.id for d in top_departments(hb)] if is_large(hb) else [None]
    if probing.active:  # the cache's key: a form's body stands for itself by its content
        # (resolving `rows: fill` lays the form out, which would end the probe before the manual)
        import hashlib

        bodies = {f.id: Markup(f"<!-- {hashlib.sha256(f.model_dump_json().encode()).hexdigest()} -->")
                  for f in hb.forms.values()}
    else:
        # trusted markup: generated by our code (our autoescaping template)
        bodies = {f.id: Markup(form_body_html(p, f)) for f in hb.forms.values()}
    return _render_in_parts(
        p, "manual", name,
        part_title=part_title,
        chapters=manual_chapters(p),
        # trusted markup: generated by our code (Graphviz from escaped labels; our autoescaping template)
        org_svgs=[_svg_uri(org_chart_svg(hb, top=t)) for t in chart_tops],
        flows={proc.id: print_flowchart(p, proc) for proc in hb.procedures.values()},
        form_bodies=bodies,
        linked=lambda text, kind=None, ident=None: p.linker.html(text, _to_anchor(hb, kind, ident)),
    )


# the manual's anchor of each kind of entity a mention names (templates/pdf/manual.html)
MANUAL_ANCHORS = {"procedure": "proc", "form": "form", "policy": "policy"}


def _to_anchor(hb, own_kind: str | None, own_id: str | None):
    """A mention's link in the manual: to its entity's section, except from that section
    itself, and not to a procedure or form that a department's manual leaves out."""
    printed = {"procedure": hb.procedures, "form": hb.forms}

    def url(kind: str, ident: str) -> str | None:
        if (kind, ident) == (own_kind, own_id) or (kind in printed and not dict.__contains__(printed[kind], ident)):
            return None
        return f"#{MANUAL_ANCHORS[kind]}-{ident}"
    return url


class _Part(dict):
    """The entities of one part of the handbook, listed; any entity of the whole, looked
    up by id (a role of the part reports to one outside it: its name is still printed).
    `dict.__contains__(part, id)` says whether the part itself lists it."""

    def __init__(self, part: dict, whole: dict):
        super().__init__(part)
        self.whole = whole

    def __getitem__(self, key):
        return self.whole[key]

    def get(self, key, default=None):
        return self.whole.get(key, default)

    def __contains__(self, key):
        return key in self.whole


def part_of(hb, top_id: str):
    """The handbook of one top-level department: its departments, their roles, and the
    procedures and forms they own; the company's rules, sanctions and terms whole."""
    import dataclasses

    inside, queue = set(), [top_id]
    while queue:
        d = queue.pop()
        inside.add(d)
        queue += [c.id for c in hb.children(d)]
    return dataclasses.replace(
        hb,
        departments=_Part({k: v for k, v in hb.departments.items() if k in inside}, hb.departments),
        roles=_Part({k: v for k, v in hb.roles.items() if v.department in inside}, hb.roles),
        procedures=_Part({k: v for k, v in hb.procedures.items() if v.owner in inside}, hb.procedures),
        forms=_Part({k: v for k, v in hb.forms.items() if v.owner in inside}, hb.forms),
    )


def render_department_manual(p: Presentation, dept: model.Department) -> bytes:
    """The manual of one top-level department (pdf/handbook/<id>.pdf), as the whole one."""
    part = Presentation(part_of(p.hb, dept.id), p.project, labels=p.labels)
    return render_manual(part, part_title=dept.title, name=f"handbook-{dept.id}", top=dept.id)
