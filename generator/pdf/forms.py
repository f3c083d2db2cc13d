"""Fillable form PDFs: an A4 form per YAML form, an AcroForm field per YAML field.

    HTML (templates/pdf/form.html + _form_body.html) -> WeasyPrint with pdf_forms
    -> acroform.finalize_form (fields on the viewer-supplied STSong-Light, fonts cut
    to the glyphs used) -> _finish_fields (what WeasyPrint cannot say from HTML).

Field names are stable, so that filled copies read back as data (readback.py):
`<field-id>`, `<table-id>.<row>.<column-id>` (rows from 1), `<signature-id>.name`
and `.date`, and `counterfoil.<...>` for the counterfoil's copies. Radio and select
values are the option texts.

WeasyPrint 70 ignores `text-align` and `required` on inputs (checked in
weasyprint/pdf/anchors.py: no /Q, no /Ff Required bit), so `_finish_fields` sets
quadding 2 (right) on number and money fields and the Required flag on required
fields. It uses the `title` attribute as the field's tooltip (/TU).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from markupsafe import Markup

from .. import model
from ..resolve import Handbook
from ..templating import render
from .acroform import finalize_form
from .fieldtree import walk_fields
from .fonts import font_has
from .render import page_number_css, write_pdf

STYLESHEETS = ["print-base.css", "form.css"]
SCISSORS = "\u2702"  # ✂, printed on the cut line when the font has it
KEYWORD = "handbook-form:"  # in the PDF's /Keywords: "handbook-form:<form-id>"

_PER_ROW = {"full": 1, "half": 2, "third": 3}
_FULL_WIDTH = ("table", "multiline")

# AcroForm field flags (PDF 32000-1:2008, tables 221 and 226)
_FF_REQUIRED = 1 << 1
_Q_RIGHT = 2


def layout(fields: list) -> list[list]:
    """Printed rows: half-width fields pair up, thirds go three by three, the rest take a row."""
    rows: list[list] = []
    for f in fields:
        width = "full" if f.type in _FULL_WIDTH else f.width
        last = rows[-1] if rows else None
        if (last and width != "full" and last[0].type not in _FULL_WIDTH and last[0].width == width
                and len(last) < _PER_ROW[width]):
            last.append(f)
        else:
            rows.append([f])
    return rows


def counterfoil_fields(form: model.Form) -> list:
    """The fields repeated on the counterfoil (存根联), in the order the YAML names them."""
    if not form.counterfoil:
        return []
    by_id = {f.id: f for f in form.fields}
    return [by_id[i] for i in form.counterfoil.fields]


def form_body_html(hb: Handbook, form: model.Form, fillable: bool = False) -> str:
    """The form's fields, instructions and counterfoil as HTML, without the page header.

    `fillable=False` prints blanks instead of inputs (the manual shows every form this way);
    style it with site_config/css/form.css (its rules are scoped to `.form-body`).
    """
    return render("pdf/_form_body.html", hb.templates, f=form, L=hb.labels, fillable=fillable,
                  rows=layout(form.fields), counterfoil_rows=layout(counterfoil_fields(form)),
                  scissors=SCISSORS if font_has(SCISSORS) else "")


def form_html(hb: Handbook, form: model.Form) -> str:
    """The whole fillable form page (header + body)."""
    body = Markup(form_body_html(hb, form, fillable=True))  # rendered by our autoescaping template
    return render("pdf/form.html", hb.templates, f=form, c=hb.company, L=hb.labels, body=body)


def field_names(form: model.Form) -> dict[str, model.BaseModel]:
    """Every AcroForm field name of the form, with the YAML field (or table column) it comes from."""
    names: dict[str, model.BaseModel] = {}
    for prefix, fields in (("", form.fields), ("counterfoil.", counterfoil_fields(form))):
        for f in fields:
            for name, source in _names(f, prefix):
                names[name] = source
    return names


def _names(f, prefix: str) -> Iterator[tuple[str, model.BaseModel]]:
    if isinstance(f, model.TableField):
        for n in range(1, f.rows + 1):
            for c in f.columns:
                yield f"{prefix}{f.id}.{n}.{c.id}", c
    elif isinstance(f, model.SignatureField):
        yield f"{prefix}{f.id}.name", f
        yield f"{prefix}{f.id}.date", f
    else:
        yield prefix + f.id, f


def _finish_fields(pdf: bytes, form: model.Form) -> bytes:
    """Right-align number and money fields (/Q 2) and flag required fields (/Ff bit 2)."""
    import pikepdf

    right, required = set(), set()
    for name, source in field_names(form).items():
        if getattr(source, "type", "") in ("number", "money"):
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


def render_form(hb: Handbook, form: model.Form) -> bytes:
    """The fillable A4 PDF of one form."""
    pdf = write_pdf(form_html(hb, form), STYLESHEETS, extra_css=page_number_css(hb.labels),
                    forms=True, name=f"form-{form.id}")
    return _finish_fields(finalize_form(pdf), form)
