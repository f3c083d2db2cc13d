"""Fill a PDF form the way Chrome's viewer does: with PDFium, through pypdfium2.

Test helper only (not part of the package). PDFium is driven like a user:
the mouse clicks the centre of a field's widget, text is typed into the
focused field, focus is killed (which commits the value), and the document is
saved with FPDF_SaveAsCopy. Page renders before and after are kept so tests
can compare the pixels inside a widget.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image, ImageChops

Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass
class FillResult:
    pdf_bytes: bytes  # the filled document, saved by PDFium
    before: Image.Image  # the page rendered (with form fields) before any input
    after: Image.Image  # ... and after
    rects: dict[str, list[Rect]]  # widget rectangles by fully-qualified field name
    page_height: float
    scale: float

    def crop(self, image: Image.Image, rect: Rect) -> Image.Image:
        """The part of a render inside `rect` (PDF points, origin bottom left)."""
        left, bottom, right, top = rect
        s = self.scale
        box = (
            int(left * s),
            int((self.page_height - top) * s),
            int(right * s) + 1,
            int((self.page_height - bottom) * s) + 1,
        )
        return image.crop(box)

    def changed_pixels(self, name: str, index: int = 0) -> int:
        """How many pixels of the field's widget differ between before and after."""
        rect = self.rects[name][index]
        diff = ImageChops.difference(
            self.crop(self.before, rect).convert("L"), self.crop(self.after, rect).convert("L")
        )
        return sum(diff.histogram()[33:])


def _utf16(buffer: ctypes.Array, length: int) -> str:
    return bytes(buffer)[: max(length - 2, 0)].decode("utf-16-le")


def widget_rects(pdf: pdfium.PdfDocument, page: pdfium.PdfPage) -> dict[str, list[Rect]]:
    """Rectangles of the page's form widgets, keyed by fully-qualified field name."""
    rects: dict[str, list[Rect]] = {}
    for i in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, i)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
                continue
            size = raw.FPDFAnnot_GetFormFieldName(pdf.formenv, annot, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFAnnot_GetFormFieldName(
                pdf.formenv, annot, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)), size
            )
            rect = raw.FS_RECTF()
            if not raw.FPDFAnnot_GetRect(annot, rect):
                continue
            rects.setdefault(_utf16(buffer, size), []).append(
                (
                    min(rect.left, rect.right),
                    min(rect.bottom, rect.top),
                    max(rect.left, rect.right),
                    max(rect.bottom, rect.top),
                )
            )
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return rects


def _click(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, rect: Rect) -> None:
    x = (rect[0] + rect[2]) / 2
    y = (rect[1] + rect[3]) / 2
    raw.FORM_OnMouseMove(pdf.formenv, page, 0, x, y)
    raw.FORM_OnLButtonDown(pdf.formenv, page, 0, x, y)
    raw.FORM_OnLButtonUp(pdf.formenv, page, 0, x, y)


def _type(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, text: str) -> None:
    data = text.encode("utf-16-le") + b"\0\0"
    buffer = ctypes.create_string_buffer(data, len(data))
    raw.FORM_ReplaceSelection(pdf.formenv, page, ctypes.cast(buffer, raw.FPDF_WIDESTRING))


def fill_with_pdfium(
    pdf_bytes: bytes,
    text: Mapping[str, str] | None = None,
    click: Iterable[str | tuple[str, int]] = (),
    select: Mapping[str, int] | None = None,
    page_index: int = 0,
    scale: float = 2.0,
) -> FillResult:
    """Type `text` into the named text fields and click the named widgets.

    `click` items are field names (first widget) or (name, widget index), e.g.
    a checkbox "ok" or the second radio button ("shift", 1). `select` chooses
    an option (by index) of the named choice fields.
    """
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        if not pdf.init_forms():
            raise ValueError("the document has no form")
        page = pdf[page_index]
        page_height = page.get_height()
        rects = widget_rects(pdf, page)
        before = page.render(scale=scale, may_draw_forms=True).to_pil()

        for name, value in (text or {}).items():
            if name not in rects:
                raise KeyError(f"no field {name!r} on page {page_index}; fields: {sorted(rects)}")
            _click(pdf, page, rects[name][0])
            raw.FORM_SelectAllText(pdf.formenv, page)
            _type(pdf, page, value)
            raw.FORM_ForceToKillFocus(pdf.formenv)
        for item in click:
            name, index = (item, 0) if isinstance(item, str) else item
            if name not in rects:
                raise KeyError(f"no field {name!r} on page {page_index}; fields: {sorted(rects)}")
            _click(pdf, page, rects[name][index])
            raw.FORM_ForceToKillFocus(pdf.formenv)
        for name, index in (select or {}).items():
            if name not in rects:
                raise KeyError(f"no field {name!r} on page {page_index}; fields: {sorted(rects)}")
            _click(pdf, page, rects[name][0])  # focuses the field (and opens the list)
            if not raw.FORM_SetIndexSelected(pdf.formenv, page, index, True):
                raise ValueError(f"PDFium could not select option {index} of {name!r}")
            raw.FORM_ForceToKillFocus(pdf.formenv)

        after = page.render(scale=scale, may_draw_forms=True).to_pil()
        out = io.BytesIO()
        pdf.save(out)
        page.close()
        return FillResult(out.getvalue(), before, after, rects, page_height, scale)
    finally:
        pdf.close()
