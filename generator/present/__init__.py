"""The presentation layer: what every renderer shares.

`Presentation` is built once per handbook and project: the labels in the handbook's
language (with the project's own changes), the templates and the base context every
template gets. The site (site/), the PDFs (pdf/) and the workbooks (xlsx/) import this
layer and never each other; diagrams, form field kinds and shared texts live here too.
"""

from __future__ import annotations

from ..handbook import Handbook
from ..project import Project
from ..resources import Resources
from ..source import model
from markupsafe import escape

from .labels import Labels, load_labels
from .links import Linker
from .templating import render
from .text import article_label, in_force_from, long_date, measure_text, promoted_from, review_note


class Presentation:
    def __init__(self, hb: Handbook, project: Project | None = None, labels: Labels | None = None):
        self.hb = hb
        self.project = project
        self.resources = Resources(project)
        self.labels = labels or load_labels(hb.locale, self.resources)
        self._linker: Linker | None = None

    def context(self) -> dict:
        """What every template is given (each template's first comment lists what it uses)."""
        hb, L = self.hb, self.labels
        return {
            "hb": hb,
            "c": hb.company,
            "L": L,
            "freq": {f.value: L["freq_" + f.value] for f in model.Frequency},
            "part": {p: L["part_" + p] for p in ("actor", "approver", "consulted")},
            "how": {h: L["how_" + h] for h in ("fills", "uses", "approves")},
            "measure": lambda m: measure_text(L, m),
            "article_label": lambda ref: article_label(hb, L, ref),
            "hb_roles": lambda ids: [hb.roles[i] for i in ids],
            "promoted_from": lambda role_id: promoted_from(hb, role_id),
            "long_date": lambda day: long_date(L, day),
            "in_force_from": lambda article: in_force_from(L, article),
            "review_note": lambda item: review_note(hb, L, item),
            # running text with its mentions (SC-001, 《form》) linked: plain here, linked by the
            # site (site/pages.py) and the manual (pdf/documents.py); `linked_html` inside raw HTML
            "linked": lambda text, *own: escape(text),
            "linked_html": lambda text, *own: escape(text),
        }

    def render(self, template: str, **context) -> str:
        """`template` with the base context, in which `context` replaces what it names (the
        site and the manual give their own `linked`)."""
        return render(self.resources, template, **{**self.context(), **context})

    @property
    def linker(self) -> Linker:
        """The handbook's mentions (present/links.py), indexed once."""
        if self._linker is None:
            self._linker = Linker(self.hb)
        return self._linker


__all__ = ["Labels", "Presentation", "load_labels"]
