"""Site pages as plain functions of the Handbook: path -> Markdown.

Decision: no YAML field is interpreted as Markdown or HTML; all of it is plain
text. Templates pass every YAML text through the `md` filter (escapes HTML and
Markdown syntax) or, inside raw HTML, through Jinja's autoescaping. So
`<script>`, `**x**` or `[x](javascript:...)` in a title shows exactly as typed.
Nothing here imports MkDocs: the plugin only hands these pages over.

Links: between pages, Markdown links to the target's .md path (MkDocs resolves
and, in strict mode, validates them). Links MkDocs does not see are written as
final URLs relative to the built page (`use_directory_urls: false`, which the
plugin enforces, builds roles/x.md as roles/x.html): the PDF buttons
(`../pdf/roles/x.pdf`; the PDFs are written into site/pdf/ after the MkDocs
build, so they are raw-HTML links that MkDocs neither validates nor rewrites)
and the links inside the diagrams, which are inline SVG.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import model
from ..locale import plain_number
from ..resolve import Handbook
from ..templating import render
from .diagrams import flowchart_svg, org_chart_svg

FOLDERS = {"role": "roles", "department": "departments", "procedure": "procedures", "form": "forms"}


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative, e.g. "roles/salesman.md"
    title: str
    content: str


def _relative(src: str, target: str) -> str:
    """Link from page `src` to docs path `target` (what MkDocs resolves and validates)."""
    return posixpath.relpath(target, posixpath.dirname(src) or ".")


def _pdf_link(src: str, pdf_path: str) -> str:
    """Link to site/pdf/<pdf_path> from the built page of `src` (use_directory_urls is off,
    so roles/x.md is built as roles/x.html, in the same folder depth)."""
    return _relative(src, "pdf/" + pdf_path)


def _diagram_links(src: str):
    """`link(kind, id)` for the diagrams inlined into page `src`: built-page URLs."""

    def link(kind: str, ident: str) -> str:
        return _relative(src, f"{FOLDERS[kind]}/{ident}.html")

    return link


def _inline(svg: str) -> Markup:
    """Graphviz's SVG (labels already escaped by Graphviz) as a raw-HTML block: no blank
    line inside, so that Markdown keeps it whole."""
    return Markup("\n".join(line for line in svg.splitlines() if line.strip()))


def measure_text(hb: Handbook, m: model.Measure) -> str:
    L = hb.labels
    text = L["sanction_" + m.type.value]
    if m.amount is not None:
        text += f" {plain_number(m.amount)} {L.yuan}"
    if m.per:
        text += f"（{m.per}）"
    if m.note:
        text += f"：{m.note}"
    return text


def article_label(hb: Handbook, ref: str) -> str:
    a = hb.article(ref)
    return f"《{a.policy.title}》{hb.labels.article(a.article)}"


def matrix_cells(hb: Handbook) -> dict[tuple[str, str], str]:
    L = hb.labels
    order = ["actor", "approver", "consulted"]
    marks: dict[tuple[str, str], set[str]] = {}
    for role in hb.roles.values():
        for s in hb.role_steps(role.id):
            marks.setdefault((role.id, s.procedure.id), set()).add(s.part)
    return {k: "".join(L["matrix_" + p] for p in order if p in v) for k, v in marks.items()}


def article_sanctions(hb: Handbook) -> dict[str, list[model.Sanction]]:
    """"<policy-id>.<article-id>" -> the rewards and penalties based on it (the other way
    round of Sanction.article)."""
    out: dict[str, list[model.Sanction]] = {}
    for s in hb.sanctions:
        if s.article:
            out.setdefault(s.article, []).append(s)
    return out


def promoted_from(hb: Handbook, role_id: str) -> list[model.Role]:
    """Roles whose career leads to this one (the other way round of career.next_roles)."""
    return [r for r in hb.roles.values() if role_id in r.career.next_roles]


def _context(hb: Handbook, src: str) -> dict:
    L = hb.labels
    return {
        "hb": hb,
        "c": hb.company,
        "L": L,
        "to": lambda target: _relative(src, target),
        "pdf": lambda path: _pdf_link(src, path),
        "freq": {f.value: L["freq_" + f.value] for f in model.Frequency},
        "part": {p: L["part_" + p] for p in ("actor", "approver", "consulted")},
        "how": {h: L["how_" + h] for h in ("fills", "uses", "approves")},
        "measure": lambda m: measure_text(hb, m),
        "article_label": lambda ref: article_label(hb, ref),
        "hb_roles": lambda ids: [hb.roles[i] for i in ids],
        "promoted_from": lambda role_id: promoted_from(hb, role_id),
    }


def _page(hb: Handbook, path: str, title: str, template: str, **extra) -> Page:
    return Page(path, title, render(f"site/{template}", hb.templates, **_context(hb, path), **extra))


def _tree(hb: Handbook) -> list[tuple[int, model.Department]]:
    out = []

    def walk(parent, depth):
        for d in hb.children(parent):
            out.append((depth, d))
            walk(d.id, depth + 1)

    walk(None, 0)
    return out


def pages(hb: Handbook) -> list[Page]:
    """Every page of the site, in navigation order."""
    L = hb.labels
    latest = hb.company.revisions[-1] if hb.company.revisions else None
    out = [
        _page(hb, "index.md", L.home, "home.md", latest=latest),
        _page(hb, "organisation.md", L.organisation, "organisation.md", tree=_tree(hb),
              svg=_inline(org_chart_svg(hb, link=_diagram_links("organisation.md")))),
    ]
    out += [_page(hb, f"departments/{d.id}.md", d.title, "department.md", d=d) for d in hb.departments.values()]
    out.append(_page(hb, "roles/index.md", L.roles, "lists.md", kind="roles"))
    out += [_page(hb, f"roles/{r.id}.md", r.title, "role.md", r=r) for r in hb.roles.values()]
    out.append(_page(hb, "procedures/index.md", L.procedures, "lists.md", kind="procedures"))
    out += [_page(hb, f"procedures/{p.id}.md", f"{p.code} {p.title}", "procedure.md", p=p,
                  svg=_inline(flowchart_svg(hb, p, link=_diagram_links(f"procedures/{p.id}.md"))))
            for p in hb.procedures.values()]
    out.append(_page(hb, "forms/index.md", L.forms, "lists.md", kind="forms"))
    out += [_page(hb, f"forms/{f.id}.md", f"《{f.title}》", "form.md", f=f) for f in hb.forms.values()]
    out.append(_page(hb, "policies/index.md", L.policies, "lists.md", kind="policies"))
    cited = article_sanctions(hb)
    out += [_page(hb, f"policies/{p.id}.md", p.title, "policy.md", p=p, cited=cited) for p in hb.policies]
    out += [
        _page(hb, "sanctions.md", L.sanctions, "sanctions.md"),
        _page(hb, "kpis.md", L.kpi_overview, "kpis.md"),
        _page(hb, "matrix.md", L.matrix, "matrix.md", cells=matrix_cells(hb)),
        _page(hb, "glossary.md", L.glossary, "glossary.md"),
        _page(hb, "revisions.md", L.revisions, "revisions.md"),
        _page(hb, "checklists/index.md", L.checklists, "lists.md", kind="checklists"),
    ]
    out += [_page(hb, f"checklists/{r.id}.md", f"{L.checklist}：{r.title}", "checklist.md", r=r)
            for r in hb.roles.values()]
    return out


def nav(hb: Handbook, all_pages: list[Page]) -> list:
    """MkDocs nav: sections per kind, each opening with its index page. Titles are
    HTML-escaped here: Material prints nav titles as they are (MkDocs' theme
    templates do not autoescape)."""
    L = hb.labels
    all_pages = [Page(p.path, str(escape(p.title)), p.content) for p in all_pages]
    by_dir: dict[str, list[Page]] = {}
    for p in all_pages:
        by_dir.setdefault(p.path.split("/")[0] if "/" in p.path else "", []).append(p)
    flat = {p.path: p for p in by_dir.get("", [])}

    def section(title: str, folder: str, first: str | None = None) -> dict:
        items = [{p.title: p.path} if not p.path.endswith("index.md") else p.path for p in by_dir.get(folder, [])]
        if first:
            items.insert(0, first)
        return {title: items}

    def by_department(title: str, folder: str) -> dict:
        """Role pages (or checklists) under their department, in the organisation's order:
        a new hire looks for the department first, not through 22 titles."""
        pages_by_path = {p.path: p for p in by_dir.get(folder, [])}
        items: list = [f"{folder}/index.md"] if f"{folder}/index.md" in pages_by_path else []
        for _, dept in _tree(hb):
            entries = [{pages_by_path[path].title: path} for r in hb.dept_roles(dept.id)
                       if (path := f"{folder}/{r.id}.md") in pages_by_path]
            if entries:
                items.append({str(escape(dept.title)): entries})
        return {title: items}

    return [
        {L.home: "index.md"},
        section(L.organisation, "departments", "organisation.md"),
        by_department(L.roles, "roles"),
        section(L.procedures, "procedures"),
        section(L.forms, "forms"),
        section(L.policies, "policies"),
        {flat["sanctions.md"].title: "sanctions.md"},
        {flat["kpis.md"].title: "kpis.md"},
        {flat["matrix.md"].title: "matrix.md"},
        {flat["glossary.md"].title: "glossary.md"},
        {flat["revisions.md"].title: "revisions.md"},
        by_department(L.checklists, "checklists"),
    ]
