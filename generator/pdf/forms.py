"""Fillable form PDFs: an A4 form per YAML form, an AcroForm field per YAML field.

    HTML (templates/pdf/form.html + _form_body.html + _form_fields.html) -> WeasyPrint
    with pdf_forms -> acroform.finalize_form (fields on the viewer-supplied STSong-Light,
    fonts cut to the glyphs used) -> _finish_fields (what WeasyPrint cannot say from HTML).

Field names and how each type is drawn come from present/formfields.py, which the
read-back of filled copies (readback.py) uses too. Radio and select values are the
option texts. A table with `rows: fill` gets as many rows as the page holds: the form
is laid out once with one row, the room left on the page divided by the row's height
(`resolve_rows`).

WeasyPrint 70 ignores `text-align` and `required` on inputs (checked in
weasyprint/pdf/anchors.py: no /Q, no /Ff Required bit), so `_finish_fields` sets
quadding 2 (right) on number and money fields and the Required flag on required
fields. It uses the `title` attribute as the field's tooltip (/TU). It also sets what
no HTML attribute says:

* every text field's font size to 0 (auto): the viewer shrinks an over-long value to
  fit instead of cutting it (PDFium, pdf.js and Acrobat do, for one line and several);
* the AcroForm actions that Acrobat and pdf.js run (ISO 32000-1, 12.6.3; Acrobat's
  AFNumber_/AFDate_/AFSimple_ functions, which pdf.js implements too): number and
  money fields take only numbers (money shown with two decimals), date fields only
  dates, shown as 2026-03-15; a column's total is the sum of its cells (/C, listed
  in the AcroForm's calculation order /CO). A viewer without scripts (PDFium as
  embedded here, Poppler) ignores them: the fields still take any text, and
  `handbook forms read` checks the values.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from markupsafe import Markup

from ..fonts import font_has
from ..present import Presentation
from ..present.formfields import Total, counterfoil_fields, form_names, is_numeric, place, value_type
from ..source import model
from .acroform import finalize_form
from .fieldtree import walk_fields
from .render import lay_out, page_number_css, write_pdf

STYLESHEETS = ["print-base.css", "form.css"]
SCISSORS = "\u2702"  # ✂, printed on the cut line when the font has it
KEYWORD = "handbook-form:"  # in the PDF's /Keywords: "handbook-form:<form-id>"

# AcroForm field flags (PDF 32000-1:2008, tables 221 and 226)
_FF_REQUIRED = 1 << 1
_FF_MULTILINE = 1 << 12
_Q_RIGHT = 2

# The actions of checked fields: (format, keystroke). AFNumber_*(decimals, separator style
# 0 = "1,234.56", negative style 0 = "-", currency style, currency, prepend).
_MONEY = ('AFNumber_Format(2, 0, 0, 0, "", true);', 'AFNumber_Keystroke(2, 0, 0, 0, "", true);')
_NUMBER = (None, 'AFNumber_Keystroke(2, 1, 0, 0, "", true);')
_DATE = ('AFDate_FormatEx("yyyy-mm-dd");', 'AFDate_KeystrokeEx("yyyy-mm-dd");')
ACTIONS = {"money": _MONEY, "number": _NUMBER, "date": _DATE}


# ------------------------------------------------------------------ rows: fill


def _with_rows(form: model.Form, rows: dict[int, int]) -> model.Form:
    fields = [f.model_copy(update={"rows": rows[i]}) if i in rows else f for i, f in enumerate(form.fields)]
    return form.model_copy(update={"fields": fields})


def _fill_tables(form: model.Form) -> list[int]:
    return [i for i, f in enumerate(form.fields) if isinstance(f, model.TableField) and f.rows == "fill"]


def _room(document, table_ids: set[str]) -> tuple[float, dict[str, float], int]:
    """(room left below the content of the last page, the height of one body row of each
    table named, number of pages), in CSS px, from a laid-out document."""
    from weasyprint.formatting_structure import boxes

    page = document.pages[-1]._page_box
    bottom = page.content_box_y() + page.height
    used = page.content_box_y()
    heights: dict[str, float] = {}
    for root in page.children:
        if isinstance(root, boxes.MarginBox):  # the running header and the page number
            continue
        for box in root.descendants():
            if isinstance(box, (boxes.BlockBox, boxes.LineBox, boxes.TableBox, boxes.TableRowBox)):
                # the border box: a margin at the foot of a page is dropped, so it is room
                used = max(used, box.border_box_y() + box.border_height())
    for p in document.pages:
        for box in p._page_box.descendants():
            element = getattr(box, "element", None)
            if (isinstance(box, boxes.TableRowBox) and element is not None
                    and element.get("data-cells") in table_ids):
                heights.setdefault(element.get("data-cells"), box.margin_height())
    return bottom - used, heights, len(document.pages)


@dataclass(frozen=True)
class _Filled:
    """How `rows: fill` was resolved: the extra rows beyond one per table, spread over the
    tables, and how many pages the form has with one row each (what the rows must not exceed)."""

    tables: list[int]
    extra: int
    pages: int

    def rows(self, extra: int | None = None) -> dict[int, int]:
        extra = self.extra if extra is None else extra
        n = len(self.tables)
        return {i: max(1, min(model.MAX_ROWS, 1 + extra // n + (1 if k < extra % n else 0)))
                for k, i in enumerate(self.tables)}


def _fill(p: Presentation, form: model.Form, check: bool) -> _Filled:
    """The room left below a one-row layout, divided by the row's height, gives the extra
    rows; the estimate errs on the short side (a margin at the foot of the page is dropped,
    a last line may reach a little past it), so with `check` one or two rows more are
    tried by laying the form out again."""
    tables = _fill_tables(form)

    def layout(filled: _Filled, extra: int):
        html = _page_html(p, _with_rows(form, filled.rows(extra)), fillable=True, values=None)
        return lay_out(p.resources, html, STYLESHEETS, extra_css=page_number_css(p.labels), forms=True,
                       name=f"form-{form.id}")

    none = _Filled(tables, 0, 1)
    probe = layout(none, 0)
    room, heights, pages = _room(probe, {form.fields[i].id for i in tables})
    row = max(heights.values(), default=0)
    filled = _Filled(tables, int(max(room, 0) // row) if row > 0 else 0, pages)
    most = len(tables) * (model.MAX_ROWS - 1)
    for _ in range(2 if check and row > 0 else 0):
        if filled.extra >= most or len(layout(filled, filled.extra + 1).pages) > pages:
            break
        filled = _Filled(tables, filled.extra + 1, pages)
    return filled


def resolve_rows(p: Presentation, form: model.Form, check: bool = True) -> model.Form:
    """The form with every `rows: fill` replaced by as many rows as its page holds (at least
    one; shared evenly when several tables fill). A form without such a table is returned
    as it is. `check=False` takes the estimate without laying the form out again (the
    manual, which prints the form's body on pages of its own)."""
    if not _fill_tables(form):
        return form
    return _with_rows(form, _fill(p, form, check).rows())


# ------------------------------------------------------------------ HTML


def form_body_html(p: Presentation, form: model.Form, fillable: bool = False, values: dict | None = None) -> str:
    """The form's fields, instructions and counterfoil as HTML, without the page header.

    `fillable=False` prints blanks instead of inputs (the manual shows every form this way);
    `values` (AcroForm name -> printcopy.Printed) prints a filled form's values in the blanks.
    Style it with css/form.css (its rules are scoped to `.form-body`). `rows: fill` tables
    are resolved here when they were not before.
    """
    form = resolve_rows(p, form, check=fillable) if _fill_tables(form) else form
    return _body_html(p, form, fillable, values)


def _body_html(p: Presentation, form: model.Form, fillable: bool, values: dict | None) -> str:
    return p.render("pdf/_form_body.html", f=form, fillable=fillable and values is None, values=values,
                    rows=place(form.fields), counterfoil_rows=place(counterfoil_fields(form)),
                    scissors=SCISSORS if font_has(SCISSORS) else "")


def _page_html(p: Presentation, form: model.Form, fillable: bool, values: dict | None,
               note: str = "", source: model.Form | None = None) -> str:
    """The form's page; `source` is the form as the YAML has it (before `rows: fill` was
    resolved), whose digest the keywords carry."""
    body = Markup(_body_html(p, form, fillable, values))  # rendered by our autoescaping template
    return p.render("pdf/form.html", f=form, body=body, digest=layout_digest(source or form),
                    print_copy=values is not None, print_note=note)


def form_html(p: Presentation, form: model.Form) -> str:
    """The whole fillable form page (header + body)."""
    return _page_html(p, resolve_rows(p, form), fillable=True, values=None, source=form)


def layout_digest(form: model.Form) -> str:
    """A short digest of everything the printed form shows of the YAML: a print copy of a
    filled form is made only from the very form it was filled on."""
    import hashlib

    data = json.dumps(form.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


# ------------------------------------------------------------------ AcroForm details


def _js(pdf, script: str):
    import pikepdf

    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(script))


def _auto_size(da: object) -> object:
    """A /DA with its font size set to 0 (auto)."""
    import re

    import pikepdf

    if not isinstance(da, pikepdf.String):
        return da
    return pikepdf.String(re.sub(rb"(/\S+\s+)[-+]?[0-9.]+(\s+Tf)", rb"\g<1>0\g<2>", bytes(da)))


def _finish_fields(pdf: bytes, form: model.Form) -> bytes:
    """Right-align number and money fields (/Q 2), flag required fields (/Ff bit 2), let
    text auto-size (/DA size 0), and add the format, keystroke and calculate actions."""
    import pikepdf

    sources = form_names(form)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        acroform = doc.Root.AcroForm
        calculated = []
        for name, field in walk_fields(acroform):
            source = sources.get(name)
            if source is None:
                continue
            if getattr(source, "required", False) and not name.endswith(".date"):
                field.Ff = int(field.get("/Ff", 0)) | _FF_REQUIRED
            if field.get("/FT") != pikepdf.Name.Tx:
                continue
            if is_numeric(source):
                field.Q = _Q_RIGHT
            field.DA = _auto_size(field.get("/DA"))
            for widget in field.get("/Kids", []):
                if "/DA" in widget:
                    widget.DA = _auto_size(widget.DA)
            kind = value_type(name, source)
            actions = pikepdf.Dictionary()
            if kind:
                fmt, keystroke = ACTIONS[kind]
                if fmt:
                    actions.F = _js(doc, fmt)
                actions.K = _js(doc, keystroke)
            if isinstance(source, Total):
                cells = ", ".join(json.dumps(c) for c in source.cells())
                actions.C = _js(doc, f'AFSimple_Calculate("SUM", new Array({cells}));')
                calculated.append(field)
            if len(actions):
                field.AA = actions
        if calculated:
            acroform.CO = pikepdf.Array(calculated)
        if "/DA" in acroform:
            acroform.DA = _auto_size(acroform.DA)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def render_form(p: Presentation, form: model.Form) -> bytes:
    """The fillable A4 PDF of one form."""
    filled = _fill(p, form, check=True) if _fill_tables(form) else None
    while True:
        resolved = _with_rows(form, filled.rows()) if filled else form
        pdf = write_pdf(p.resources, _page_html(p, resolved, fillable=True, values=None, source=form),
                        STYLESHEETS, extra_css=page_number_css(p.labels), forms=True, name=f"form-{form.id}")
        if filled is None or filled.extra == 0 or _pages(pdf) <= filled.pages:
            return _finish_fields(finalize_form(pdf), resolved)
        filled = _Filled(filled.tables, filled.extra - 1, filled.pages)  # the estimate was one too many


def _pages(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)
