"""Job descriptions (岗位说明书), role checklists and the whole manual, as PDFs.

Logic here, markup in site_config/templates/pdf/, print CSS in site_config/css/.
The checklist's items are real AcroForm checkboxes (ticked on screen or on
paper), finished by acroform.finalize_form like the forms.
"""

from __future__ import annotations

import base64

from markupsafe import Markup

from .. import model
from ..resolve import Handbook
from ..site.pages import article_label, matrix_cells, measure_text
from ..templating import render
from .acroform import finalize_form
from .render import page_number_css, write_pdf

_STYLES = ["print-base.css", "document.css"]


def _context(hb: Handbook) -> dict:
    L = hb.labels
    return {
        "hb": hb,
        "c": hb.company,
        "L": L,
        "freq": {f.value: L["freq_" + f.value] for f in model.Frequency},
        "how": {h: L["how_" + h] for h in ("fills", "uses", "approves")},
        "part": {p: L["part_" + p] for p in ("actor", "approver", "consulted")},
        "measure": lambda m: measure_text(hb, m),
        "article_label": lambda ref: article_label(hb, ref),
    }


def render_job_description(hb: Handbook, role: model.Role) -> bytes:
    html = render("pdf/job_description.html", r=role, **_context(hb))
    return write_pdf(html, _STYLES, extra_css=page_number_css(hb.labels), name=f"role-{role.id}")


def checklist_items(hb: Handbook, role: model.Role):
    """(sections, duties) with stable checkbox names: onboarding.<part>.<n>, <frequency>.<n>."""
    L = hb.labels
    read = [L.the_role_page + "：" + role.title]
    read += [f"{p.code} {p.title}" for p in hb.role_procedures(role.id)]
    read.append(L.sanctions)
    forms = [f"《{f.title}》（{L['how_' + how]}）" for f, how in hb.role_forms(role.id)]
    people, met = [], set()
    sup = hb.supervisor(role)
    for prefix, roles in ((L.reports_to, [sup] if sup else []), (L.subordinates, hb.subordinates(role.id)),
                          ("", hb.handoffs(role.id))):
        for other in roles:
            if other.id not in met:
                met.add(other.id)
                people.append(f"{prefix}：{other.title}" if prefix else other.title)
    tasks = [t.text + (f"（{L.due}：{t.due}）" if t.due else "") for t in role.onboarding]
    sections = []
    for key, title, items in (("read", L.read_sections, read), ("forms", L.forms_to_know, forms),
                              ("people", L.people_to_meet, people), ("tasks", L.onboarding, tasks)):
        if items:
            sections.append((title, [(f"onboarding.{key}.{n}", text) for n, text in enumerate(items, 1)]))
    duties = []
    for freq, items in hb.recurring_duties(role.id).items():
        duties.append((L["freq_" + freq.value],
                       [(f"{freq.value}.{n}", text, deadline, source)
                        for n, (text, deadline, source) in enumerate(items, 1)]))
    return sections, duties


def render_checklist(hb: Handbook, role: model.Role) -> bytes:
    sections, duties = checklist_items(hb, role)
    html = render("pdf/checklist.html", r=role, sections=sections, duties=duties, **_context(hb))
    pdf = write_pdf(html, _STYLES, extra_css=page_number_css(hb.labels), forms=True, name=f"checklist-{role.id}")
    return finalize_form(pdf)


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _toc(hb: Handbook) -> list:
    L = hb.labels
    return [
        ("control", L.document_control, []),
        ("policies", L.policies, [(f"policy-{p.id}", p.title) for p in hb.policies]),
        ("organisation", L.organisation, []),
        ("roles", L.roles, [(f"role-{r.id}", r.title) for r in hb.roles.values()]),
        ("procedures", L.procedures, [(f"proc-{p.id}", f"{p.code} {p.title}") for p in hb.procedures.values()]),
        ("forms", L.forms, [(f"form-{f.id}", f"《{f.title}》") for f in hb.forms.values()]),
        ("sanctions", L.sanctions, []),
        ("kpis", L.kpis, []),
        ("glossary", L.glossary, []),
    ]


def render_manual(hb: Handbook) -> bytes:
    from ..site.diagrams import flowchart_svg, org_chart_svg
    from .forms import form_body_html

    html = render(
        "pdf/manual.html",
        toc=_toc(hb),
        org_svg=_svg_uri(org_chart_svg(hb)),
        flow_svgs={p.id: _svg_uri(flowchart_svg(hb, p)) for p in hb.procedures.values()},
        # trusted: rendered by our autoescaping template from the model
        form_bodies={f.id: Markup(form_body_html(hb, f)) for f in hb.forms.values()},
        cells=matrix_cells(hb),
        **_context(hb),
    )
    return write_pdf(html, _STYLES + ["manual.css"], extra_css=page_number_css(hb.labels), name="handbook")
