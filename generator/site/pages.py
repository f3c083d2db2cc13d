"""Site pages as plain functions of the Handbook: path -> Markdown.

Decision: no YAML field is interpreted as Markdown or HTML; all of it is plain
text. Templates pass every YAML text through the `md` filter (escapes HTML and
Markdown syntax) or, inside raw HTML, through Jinja's autoescaping. So
`<script>`, `**x**` or `[x](javascript:...)` in a title shows exactly as typed.
Nothing here imports MkDocs: the plugin only hands these pages over.

Mentions of procedures (SC-001) and forms (《…》) in running text are links
(`linked(text)` in the templates, present/links.py), except on the entity's own page.

Links: between pages, Markdown links to the target's .md path (MkDocs resolves
and, in strict mode, validates them). Links MkDocs does not see are written as
final URLs relative to the built page (`use_directory_urls: false`, which the
plugin enforces, builds roles/x.md as roles/x.html): the download buttons, whose
files come from the outputs table and are written beside the site after the
MkDocs build (raw-HTML links that MkDocs neither validates nor rewrites), and the
links inside the diagrams, which are inline SVG.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..diff.current import VersionChanges, this_version
from ..diff.current import grouped as changes_grouped
from ..diff.current import headline as changes_headline
from ..outputs import Output, downloads, is_large, link, top_departments
from ..present import Presentation
from ..present.diagrams import flowchart_svg, org_chart_svg
from ..present.formfields import kind_of
from ..present.text import article_sanctions, department_tree, matrix_parts

FOLDERS = {"role": "roles", "department": "departments", "procedure": "procedures", "form": "forms",
           "policy": "policies"}
OWN_PAGES = {folder: kind for kind, folder in FOLDERS.items()}


@dataclass(frozen=True)
class DownloadLink:
    kind: str  # the output kind (outputs.OUTPUTS)
    label: str
    url: str  # relative to the page
    media_type: str


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative, e.g. "roles/salesman.md"
    title: str
    content: str
    kind: str = "page"  # what search results call it: role, department, procedure, form, policy, checklist, page
    keys: tuple[str, ...] = ()  # other names the search finds it by as by its title: codes, aliases


@functools.lru_cache(maxsize=1 << 16)  # the same links on every rebuild under `serve`
def _relative(src: str, target: str) -> str:
    """Link from page `src` to docs path `target` (what MkDocs resolves and validates)."""
    return posixpath.relpath(target, posixpath.dirname(src) or ".")


def _diagram_links(src: str):
    """`link(kind, id)` for the diagrams inlined into page `src`: built-page URLs."""

    def to(kind: str, ident: str) -> str:
        return _relative(src, f"{FOLDERS[kind]}/{ident}.html")

    return to


def _inline(svg: str) -> Markup:
    """Graphviz's SVG (labels already escaped by Graphviz) as a raw-HTML block: no blank
    line inside, so that Markdown keeps it whole."""
    return Markup("\n".join(line for line in svg.splitlines() if line.strip()))


class Site:
    """The pages of one handbook's site. `outputs` are the files built beside it: each
    page links to those of its entity (a role page to its job description, checklist
    and KPI workbook), and to nothing that is not built (`--no-pdf`)."""

    def __init__(self, p: Presentation, outputs: Iterable[Output] = ()):
        self.p = p
        self.outputs = list(outputs)
        self._changes: VersionChanges | None = None
        self._outputs_of: dict[tuple[str, str], list[Output]] = {}  # (entity kind, id) -> its outputs
        for o in self.outputs:
            self._outputs_of.setdefault((o.spec.entity, o.id), []).append(o)

    def _page(self, path: str, title: str, template: str, is_a: str = "page", keys=(), **extra) -> Page:
        def downloads_of(entity: str, ident: str) -> list[DownloadLink]:
            return [DownloadLink(d.kind, self.p.labels[d.label], link(path, d.path), d.media_type)
                    for d in downloads(self._outputs_of.get((entity, ident), []), entity, ident)]

        folder, _, name = path.rpartition("/")
        own = (OWN_PAGES.get(folder), name.removesuffix(".md"))  # the page's own entity: never linked to itself

        def link_to(suffix: str):
            def url(kind: str, ident: str) -> str | None:
                return None if (kind, ident) == own else _relative(path, f"{FOLDERS[kind]}/{ident}{suffix}")
            return url

        linker = self.p.linker
        content = self.p.render(f"site/{template}", to=lambda target: _relative(path, target),
                                downloads=downloads_of, field_kind=kind_of,
                                linked=lambda text: linker.markdown(text, link_to(".md")),
                                linked_html=lambda text: linker.html(text, link_to(".html")), **extra)
        return Page(path, title, content, is_a, tuple(k for k in keys if k))

    def pages(self) -> list[Page]:
        """Every page of the site, in navigation order."""
        hb, L, page = self.p.hb, self.p.labels, self._page
        latest = hb.company.revisions[-1] if hb.company.revisions else None

        def keys(name: str) -> list[str]:
            """Other names of an overview page, from the locale (search_keys_<name>)."""
            return L[f"search_keys_{name}"].split()

        out = [
            page("index.md", L.home, "home.md", keys=keys("home"), latest=latest),
            page("organisation.md", L.organisation, "organisation.md", keys=keys("organisation"),
                 tree=department_tree(hb), svg=self._org_chart()),
        ]
        out += [page(f"departments/{d.id}.md", d.title, "department.md", "department", d.aliases, d=d)
                for d in hb.departments.values()]
        vc = self.version_changes()
        headline = changes_headline(vc, hb, L)
        out.append(page("roles/index.md", L.roles, "lists.md", keys=keys("roles"), kind="roles"))
        out += [page(f"roles/{r.id}.md", r.title, "role.md", "role", (r.code, *r.aliases), r=r,
                     role_changes=changes_grouped(vc.for_role(r.id), L), has_base=vc.diff is not None,
                     changes_headline=headline)
                for r in hb.roles.values()]
        out.append(page("procedures/index.md", L.procedures, "lists.md", keys=keys("procedures"), kind="procedures"))
        out += [page(f"procedures/{x.id}.md", f"{x.code} {x.title}", "procedure.md", "procedure",
                     (x.code, x.title, *x.aliases), p=x,
                     svg=_inline(flowchart_svg(hb, x, L, link=_diagram_links(f"procedures/{x.id}.md"))))
                for x in hb.procedures.values()]
        out.append(page("forms/index.md", L.forms, "lists.md", keys=keys("forms"), kind="forms"))
        out += [page(f"forms/{f.id}.md", f"《{f.title}》", "form.md", "form", (f.code, *f.aliases), f=f)
                for f in hb.forms.values()]
        out.append(page("policies/index.md", L.policies, "lists.md", keys=keys("policies"), kind="policies"))
        cited = article_sanctions(hb)
        out += [page(f"policies/{x.id}.md", x.title, "policy.md", "policy", x.aliases, p=x, cited=cited)
                for x in hb.policies]
        out += [
            page("sanctions.md", L.sanctions, "sanctions.md", "policy", keys("sanctions")),
            page("kpis.md", L.kpi_overview, "kpis.md", keys=keys("kpis")),
            page("matrix.md", L.matrix, "matrix.md", keys=keys("matrix"), parts=matrix_parts(hb)),
            page("glossary.md", L.glossary, "glossary.md", keys=keys("glossary")),
            page("revisions.md", L.revisions, "revisions.md", keys=keys("revisions")),
            page("changes.md", L.changes_page, "changes.md", keys=keys("changes"), headline=headline,
                 groups=changes_grouped(vc.changes, L),
                 by_role=[(r, n) for r in hb.roles.values() if (n := len(vc.for_role(r.id)))]),
            page("checklists/index.md", L.checklists, "lists.md", keys=keys("checklists"), kind="checklists"),
        ]
        out += [page(f"checklists/{r.id}.md", f"{L.checklist}{L.colon}{r.title}", "checklist.md", "checklist", r=r)
                for r in hb.roles.values()]
        return out

    def version_changes(self) -> VersionChanges:
        """This version against its base (diff/current.py), computed once per site."""
        if self._changes is None:
            root = self.p.project.root if self.p.project is not None else None
            self._changes = this_version(self.p.hb, root, self.p.labels)
        return self._changes

    def _org_chart(self) -> Markup:
        """The org chart; a large handbook's as one chart per top-level department."""
        link = _diagram_links("organisation.md")
        if not is_large(self.p.hb):
            return _inline(org_chart_svg(self.p.hb, link=link))
        charts = [_inline(org_chart_svg(self.p.hb, link=link, top=d.id)) for d in top_departments(self.p.hb)]
        return Markup("\n\n".join(charts))

    def nav(self, all_pages: list[Page], own_pages: list[str] = ()) -> list:
        """MkDocs nav: sections per kind, each opening with its index page, then the
        project's own pages (docs/). Titles are HTML-escaped here: Material prints nav
        titles as they are (MkDocs' theme templates do not autoescape)."""
        return _nav(self.p.hb, self.p.labels, all_pages, list(own_pages))


def _nav(hb, L, all_pages: list[Page], own_pages: list[str]) -> list:
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
        for _, dept in department_tree(hb):
            entries = [{pages_by_path[path].title: path} for r in hb.dept_roles(dept.id)
                       if (path := f"{folder}/{r.id}.md") in pages_by_path]
            if entries:
                items.append({str(escape(dept.title)): entries})
        return {title: items}

    hr = [{flat[path].title: path} for path in ("sanctions.md", "kpis.md", "matrix.md", "glossary.md", "revisions.md",
                                                "changes.md") if path in flat]
    if is_large(hb):
        return _large_nav(hb, L, by_dir, own_pages, hr)
    return [
        {L.home: "index.md"},
        section(L.organisation, "departments", "organisation.md"),
        by_department(L.roles, "roles"),
        by_department(L.checklists, "checklists"),
        section(L.procedures, "procedures"),
        section(L.forms, "forms"),
        section(L.policies, "policies"),
        {L.hr_section: hr},  # what HR looks up: 奖惩规定, 考核指标一览, 职责矩阵, 术语表, 修订记录
        *own_pages,
    ]


def _large_nav(hb, L, by_dir: dict[str, list[Page]], own_pages: list[str], hr: list) -> list:
    """A navigation whose size on each page does not grow with the handbook: in each tab,
    a section per top-level department listing its departments, whose entries (roles,
    procedures, forms) are shown only on the pages of that department (Material's
    navigation.prune leaves the others out of every page's HTML). Every entry is also
    listed on its tab's index page and its department's page."""
    tops = top_departments(hb)
    under: dict[str, str] = {}  # department id -> its top-level department's id
    top_ids = {t.id for t in tops}
    for _, d in department_tree(hb):
        parent = d.id
        while parent not in top_ids and hb.departments[parent].parent:
            parent = hb.departments[parent].parent
        under[d.id] = parent if parent in top_ids else d.id

    def tree_of(top) -> list:
        ids = [top.id] + [d.id for _, d in department_tree(hb) if d.id != top.id and under.get(d.id) == top.id]
        return [hb.departments[i] for i in ids]

    def grouped(title: str, folder: str, owner, first: str | None = None) -> dict:
        pages = {p.path: p for p in by_dir.get(folder, [])}
        entries: dict[str, list] = {}
        for p in by_dir.get(folder, []):
            if p.path.endswith("index.md"):
                continue
            dept = owner(p.path.split("/", 1)[1].removesuffix(".md"))
            entries.setdefault(dept, []).append({p.title: p.path})
        items: list = [f"{folder}/index.md"] if f"{folder}/index.md" in pages else []
        if first:
            items.insert(0, first)
        orphans = {d for d in entries if d not in under}
        for top in tops:
            groups = [{str(escape(d.title)): entries[d.id]} for d in tree_of(top) if entries.get(d.id)]
            if groups:
                items.append({str(escape(top.title)): groups})
        for d in sorted(orphans, key=str):
            items.append({str(d): entries[d]})
        return {title: items}

    role_dept = {r.id: r.department for r in hb.roles.values()}
    proc_dept = {x.id: x.owner for x in hb.procedures.values()}
    form_dept = {f.id: f.owner for f in hb.forms.values()}
    dept_pages = {p.path: p for p in by_dir.get("departments", [])}
    organisation = ["organisation.md"]
    for top in tops:
        organisation.append({str(escape(top.title)): [{dept_pages[f"departments/{d.id}.md"].title: f"departments/{d.id}.md"}
                                                     for d in tree_of(top) if f"departments/{d.id}.md" in dept_pages]})
    return [
        {L.home: "index.md"},
        {L.organisation: organisation},
        grouped(L.roles, "roles", role_dept.get),
        grouped(L.checklists, "checklists", role_dept.get),
        grouped(L.procedures, "procedures", proc_dept.get),
        grouped(L.forms, "forms", form_dept.get),
        {L.policies: [{p.title: p.path} if not p.path.endswith("index.md") else p.path
                      for p in by_dir.get("policies", [])]},
        {L.hr_section: hr},
        *own_pages,
    ]
