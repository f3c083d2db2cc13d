"""Fillable form PDFs: one A4 page per form, an AcroForm field per YAML field.

HTML (templates/pdf/form.html) -> WeasyPrint with pdf_forms -> acroform.finalize_form
(fields on the viewer-supplied STSong-Light, fonts cut to the glyphs used) ->
right-aligned number and money fields. Field names are stable: `<field-id>`,
`<table-id>.<row>.<column>`, `<signature-id>.name` / `.date`, and
`counterfoil.<...>` for the counterfoil's copies.
"""

from __future__ import annotations

import io

from .. import model
from ..resolve import Handbook
from ..templating import render
from .acroform import finalize_form
from .render import page_number_css, write_pdf

_PER_ROW = {"full": 1, "half": 2, "third": 3}


def layout(fields: list) -> list[list]:
    """Group fields into printed rows: half-width fields pair up, thirds go three by three."""
    rows: list[list] = []
    for f in fields:
        width = "full" if f.type in ("table", "multiline") else f.width
        last = rows[-1] if rows else None
        if last and width != "full" and getattr(last[0], "width", "full") == width \
                and last[0].type not in ("table", "multiline") and len(last) < _PER_ROW[width]:
            last.append(f)
        else:
            rows.append([f])
    return rows


def _counterfoil_fields(form: model.Form) -> list:
    if not form.counterfoil:
        return []
    by_id = {f.id: f for f in form.fields}
    return [by_id[i] for i in form.counterfoil.fields]


def form_body_html(hb: Handbook, form: model.Form, fillable: bool = False) -> str:
    """The form's fields as HTML (for the manual, which shows every form)."""
    return render("pdf/_form_body.html", f=form, L=hb.labels, rows=layout(form.fields), prefix="",
                  fillable=fillable)


def form_html(hb: Handbook, form: model.Form, fillable: bool = True) -> str:
    return render("pdf/form.html", f=form, c=hb.company, L=hb.labels, rows=layout(form.fields),
                  counterfoil_rows=layout(_counterfoil_fields(form)), fillable=fillable)


def numeric_field_names(form: model.Form) -> set[str]:
    names: set[str] = set()
    for prefix, fields in (("", form.fields), ("counterfoil.", _counterfoil_fields(form))):
        for f in fields:
            if f.type in ("number", "money"):
                names.add(prefix + f.id)
            elif isinstance(f, model.TableField):
                names.update(f"{prefix}{f.id}.{n}.{c.id}" for n in range(1, f.rows + 1)
                             for c in f.columns if c.type in ("number", "money"))
    return names


def _right_align(pdf: bytes, names: set[str]) -> bytes:
    """Quadding 2 (right) on number and money fields: typed amounts line up like on paper."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for field in doc.Root.AcroForm.get("/Fields", []):
            if str(field.get("/T", "")) in names:
                field.Q = 2
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def render_form(hb: Handbook, form: model.Form) -> bytes:
    pdf = write_pdf(form_html(hb, form), ["print-base.css", "form.css"], extra_css=page_number_css(hb.labels),
                    forms=True, name=f"form-{form.id}")
    pdf = finalize_form(pdf)
    names = numeric_field_names(form)
    return _right_align(pdf, names) if names else pdf
