"""One table of the files a build makes beside the site: PDFs, workbooks, ...

Each kind says which entities it covers, where its file goes in the output folder, which
function renders it and its media type; the site's download links are made from the same
table (`downloads`), so a new kind of output is one row here and one renderer. The
renderer is named, not imported, so that this table stays below the renderers: the site
reads it for links without importing the PDF code.

A renderer is `render(presentation, entity) -> bytes` (the entity is None for the kinds
that cover the whole handbook).
"""

from __future__ import annotations

import importlib
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputFolderError
from .messages import msg
from .handbook import Handbook

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _all(kind: str) -> Callable[[Handbook], Iterable]:
    return {
        "form": lambda hb: hb.forms.values(),
        "role": lambda hb: hb.roles.values(),
        "department": lambda hb: hb.departments.values(),
        "handbook": lambda hb: [None],
    }[kind]


@dataclass(frozen=True)
class OutputKind:
    name: str  # what the build reports, e.g. "job-description"
    entity: str  # form | role | department | handbook
    path: str  # in the output folder; {id} is the entity's id
    media_type: str
    renderer: str  # "module:function", imported when the kind is rendered
    label: str  # locale key of the download link
    select: Callable[[Handbook], Iterable] | None = field(default=None, compare=False)

    def entities(self, hb: Handbook) -> list:
        return list((self.select or _all(self.entity))(hb))

    def render(self) -> Callable:
        module, _, function = self.renderer.partition(":")
        return getattr(importlib.import_module(module), function)


def _has_kpis(hb: Handbook) -> list:
    return [d for d in hb.departments.values()
            if d.kpis or any(r.kpis for r in hb.roles.values() if r.department == d.id)]


# Above this many roles a handbook is large: its site's navigation nests one level deeper
# (site/pages.py) and each top-level department gets a manual of its own.
LARGE_ROLES = 60


def is_large(hb: Handbook) -> bool:
    return len(hb.roles) > LARGE_ROLES


def top_departments(hb: Handbook) -> list:
    """The departments a large handbook is divided by: the roots of the organisation, or
    the root's children when there is one root."""
    roots = hb.children(None)
    return hb.children(roots[0].id) if len(roots) == 1 and hb.children(roots[0].id) else roots


OUTPUTS: tuple[OutputKind, ...] = (
    # the manual first: it is the longest, so that the workers finish together
    OutputKind("manual", "handbook", "pdf/handbook.pdf", PDF, "generator.pdf.documents:render_manual",
               "download_handbook"),
    # a large handbook: the part of each top-level department (its departments, roles,
    # procedures and forms, with the rules and terms that apply to everyone)
    OutputKind("department-manual", "department", "pdf/handbook/{id}.pdf", PDF,
               "generator.pdf.documents:render_department_manual", "download_department_manual",
               select=lambda hb: top_departments(hb) if is_large(hb) else []),
    OutputKind("form", "form", "pdf/forms/{id}.pdf", PDF, "generator.pdf.forms:render_form", "download_form"),
    OutputKind("job-description", "role", "pdf/roles/{id}.pdf", PDF, "generator.pdf.documents:render_job_description",
               "download_jd"),
    OutputKind("checklist", "role", "pdf/checklists/{id}.pdf", PDF, "generator.pdf.documents:render_checklist",
               "download_checklist"),
    OutputKind("acknowledgement", "role", "pdf/acknowledgements/{id}.pdf", PDF,
               "generator.pdf.acknowledgement:render_acknowledgement", "ack_download"),
    OutputKind("kpi-workbook", "role", "xlsx/roles/{id}.xlsx", XLSX, "generator.xlsx.kpi_workbook:render_role",
               "download_kpi_workbook", select=lambda hb: [r for r in hb.roles.values() if r.kpis]),
    OutputKind("department-kpi-workbook", "department", "xlsx/departments/{id}.xlsx", XLSX,
               "generator.xlsx.kpi_workbook:render_department", "download_kpi_workbook", select=_has_kpis),
)
KINDS = {k.name: k for k in OUTPUTS}


@dataclass(frozen=True)
class Output:
    """One file to make: its kind, the entity's id ("handbook" for the whole), its path."""

    kind: str
    id: str
    path: str

    @property
    def spec(self) -> OutputKind:
        return KINDS[self.kind]


def plan(hb: Handbook, media_types: set[str] | None = None) -> list[Output]:
    """Every output of the handbook, in table order (optionally only some media types)."""
    out = []
    for kind in OUTPUTS:
        if media_types is not None and kind.media_type not in media_types:
            continue
        for entity in kind.entities(hb):
            ident = entity.id if entity is not None else "handbook"
            out.append(Output(kind.name, ident, kind.path.format(id=ident)))
    return out


def entity_of(hb: Handbook, output: Output):
    kind = output.spec.entity
    return {"form": hb.forms, "role": hb.roles, "department": hb.departments}[kind][output.id] \
        if kind != "handbook" else None


@dataclass(frozen=True)
class Download:
    """A link to an output, as a page shows it."""

    kind: str
    label: str  # locale key
    path: str  # in the output folder
    media_type: str


def downloads(planned: Iterable[Output], entity: str, ident: str) -> list[Download]:
    """The outputs made for one entity (`ident` "handbook" for the whole), in table order."""
    return [Download(o.kind, o.spec.label, o.path, o.spec.media_type) for o in planned
            if o.spec.entity == entity and o.id == ident]


def link(from_page: str, path: str) -> str:
    """`path` (in the output folder) as a link from the built page of the docs file
    `from_page` (roles/x.md is built as roles/x.html: use_directory_urls is off)."""
    return posixpath.relpath(path, posixpath.dirname(from_page) or ".")


def safe_path(base: Path, relative: str) -> Path:
    """`base/relative`, refusing anything that would land outside `base`."""
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()):
        raise OutputFolderError(msg("out.outside", path=relative))
    return target
