"""Fillable form PDFs: an A4 form per YAML form, an AcroForm field per YAML field.

    HTML (templates/pdf/form.html + _form_body.html + _form_fields.html) -> WeasyPrint
    with pdf_forms -> acroform.finalize_form (fields on the viewer-supplied STSong-Light,
    fonts cut to the glyphs used) -> _finish_fields (what WeasyPrint cannot say from HTML).

Field names and how each type is drawn come from present/formfields.py, which the
read-back of filled copies (readback.py) uses too. Radio and select values are the
option texts.

WeasyPrint 70 ignores `text-align` and `required` on inputs (checked in
weasyprint/pdf/anchors.py: no /Q, no /Ff Required bit), so `_finish_fields` sets
quadding 2 (right) on number and money fields and the Required flag on required
fields. It uses the `title` attribute as the field's tooltip (/TU).
"""

from __future__ import annotations

import io

from markupsafe import Markup

from ..fonts import font_has
from ..present import Presentation
from ..present.formfields import counterfoil_fields, form_names, is_numeric, place
from ..source import model
from .acroform import finalize_form
from .fieldtree import walk_fields
from .render import page_number_css, write_pdf

STYLESHEETS = ["print-base.css", "form.css"]
SCISSORS = "\u2702"  # ✂, printed on the cut line when the font has it
KEYWORD = "handbook-form:"  # in the PDF's /Keywords: "handbook-form:<form-id>"

# AcroForm field flags (PDF 32000-1:2008, tables 221 and 226)
_FF_REQUIRED = 1 << 1
_Q_RIGHT = 2


def form_body_html(p: Presentation, form: model.Form, fillable: bool = False) -> str:
    """The form's fields, instructions and counterfoil as HTML, without the page header.

    `fillable=False` prints blanks instead of inputs (the manual shows every form this way);
    style it with css/form.css (its rules are scoped to `.form-body`).
    """
    return p.render("pdf/_form_body.html", f=form, fillable=fillable, rows=place(form.fields),
                    counterfoil_rows=place(counterfoil_fields(form)),
                    scissors=SCISSORS if font_has(SCISSORS) else "")


def form_html(p: Presentation, form: model.Form) -> str:
    """The whole fillable form page (header + body)."""
    body = Markup(form_body_html(p, form, fillable=True))  # rendered by our autoescaping template
    return p.render("pdf/form.html", f=form, body=body)


def _finish_fields(pdf: bytes, form: model.Form) -> bytes:
    """Right-align number and money fields (/Q 2) and flag required fields (/Ff bit 2)."""
    import pikepdf

    right, required = set(), set()
    for name, source in form_names(form).items():
        if is_numeric(source):
            right.add(name)
        if getattr(source, "required", False) and not name.endswith(".date"):
            required.add(name)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for name, field in walk_fields(doc.Root.AcroForm):
            if name in right:
                field.Q = _Q_RIGHT
            if name in required:
                field.Ff = int(field.get("/Ff", 0)) | _FF_REQUIRED
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def render_form(p: Presentation, form: model.Form) -> bytes:
    """The fillable A4 PDF of one form."""
    pdf = write_pdf(p.resources, form_html(p, form), STYLESHEETS, extra_css=page_number_css(p.labels),
                    forms=True, name=f"form-{form.id}")
    return _finish_fields(finalize_form(pdf), form)
