"""The CJK font as the PDFs use it: cut to what a document shows, as @font-face rules.

Form fields get their own font family, `FORM_FIELD_FAMILY` (see
`form_field_css`): WeasyPrint embeds the font of form fields whole (15.8 MB
for Noto's .ttc), and `generator.pdf.acroform.finalize_form` replaces that
font by the viewer-supplied `STSong-Light` afterwards. Mapping the family to a
tiny stand-in cut from the CJK font (same metrics, a few glyphs) keeps
WeasyPrint from reading, embedding and compressing the whole collection only
for it to be thrown away (0.3 s instead of 2.5 s per form, measured).

A document's text gets `TEXT_FAMILY`: the CJK font cut to the document's own
characters (`text_font_css`).
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path

from ..errors import RenderError
from ..messages import msg
from ..fonts import CjkFont, face, find_cjk_bold, find_cjk_font

#: The CSS font-family that HTML form controls must use (see `form_field_css`).
FORM_FIELD_FAMILY = "Handbook Form Field"

#: The family of a document's text: the CJK font cut to that document's characters
#: (see `text_font_css`), with the installed family behind it in the CSS.
TEXT_FAMILY = "Handbook Text"

#: Characters a document may show that its HTML and CSS do not spell out: counters.
_GENERATED = "0123456789〇一二三四五六七八九十百千"


@functools.cache
def form_field_font(font: CjkFont | None = None) -> bytes:
    """A tiny OpenType font cut from the CJK font (printable ASCII only).

    HTML form controls use it (under `FORM_FIELD_FAMILY`) so that WeasyPrint
    has a small font to embed for the fields; the PDF post-processing replaces
    it by the viewer's Chinese font anyway. Keeping the CJK font's vertical
    metrics keeps the layout of inputs the same as with the real font. Cut by
    HarfBuzz's subsetter: a few ms, where fontTools took 0.7 s per worker.
    """
    import uharfbuzz as hb

    font = font or find_cjk_font()
    subset_input = hb.SubsetInput()
    for code in range(0x20, 0x7F):
        subset_input.unicode_set.add(code)
    for tag in ("GSUB", "GPOS", "BASE", "VORG", "vhea", "vmtx", "DSIG"):
        subset_input.drop_table_tag_set.add(_tag(tag))
    subset_input.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING
    subset = hb.subset(face(font), subset_input)
    if subset is None:
        raise RenderError(msg("render.field_font", path=font.path))
    return bytes(subset.blob.data)


def _tag(name: str) -> int:
    """An OpenType table tag as HarfBuzz's integer."""
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


def _cut(font: CjkFont, codes: set[int], retain_gids: bool = False) -> bytes:
    """The font cut to `codes` with HarfBuzz: layout tables kept (Pango still shapes with
    them), and an identity CFF charset, so that a glyph's id is its CID, as in the
    retained-gid subsets `acroform.finalize_form` shrinks. `retain_gids`: each glyph
    keeps its id in the installed font (a larger font, a fifth slower to lay out with)."""
    import uharfbuzz as hb

    subset_input = hb.SubsetInput()
    for code in codes:
        subset_input.unicode_set.add(code)
    subset_input.flags = hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.CFF_IDENTITY_CHARSET
    if retain_gids:
        subset_input.flags |= hb.SubsetFlags.RETAIN_GIDS
    subset = hb.subset(face(font), subset_input)
    if subset is None:
        raise ValueError("HarfBuzz could not subset the font")
    return bytes(subset.blob.data)


def text_font_css(text: str, regular: CjkFont | None = None, bold: CjkFont | None = None,
                  retain_gids: bool = False, folder: Path | None = None) -> str:
    """@font-face rules for `TEXT_FAMILY`: the installed CJK font's regular and bold
    faces, cut to the characters of `text` (a document's HTML and CSS), as data URLs.

    Why: WeasyPrint reads, shapes with and subsets whatever font file it is given; given
    Noto CJK's 65,535 glyphs it spends ~0.1 s per document and font cutting them down,
    given the few hundred a document uses, a few ms (measured: writing a job description
    0.19 s -> 0.08 s). The CSS keeps the installed family behind `TEXT_FAMILY`, so a
    character missed here still comes out right, from the whole font. Returns "" (use the
    installed family alone) when there is no bold face to cut, or the font cannot be cut.
    `retain_gids`: the glyph ids of the installed font (see `installed_faces`). `folder`:
    the cut fonts are written there and named by file URL, not spelled out as data URLs
    (tinycss2 reads a CSS string a character at a time: 40 ms a document for the data, or
    0.3 s with `retain_gids`); WeasyPrint reads them while it parses the CSS.
    """
    regular = regular or find_cjk_font()
    bold = bold or find_cjk_bold()
    if bold is None:
        return ""
    codes = {ord(ch) for ch in set(text) | set(_GENERATED)}
    rules = []
    try:
        for weight, font in (("normal", regular), ("bold", bold)):
            program = _cut(font, codes, retain_gids)
            if folder is not None:
                path = folder / f"{weight}.otf"
                path.write_bytes(program)
                url = path.as_uri()
            else:
                url = "data:font/otf;base64," + base64.b64encode(program).decode("ascii")
            rules.append(f'@font-face {{ font-family: "{TEXT_FAMILY}"; font-weight: {weight}; src: url("{url}"); }}')
    except Exception:  # noqa: BLE001 - an unusual font file: the installed family alone
        return ""
    return "\n".join(rules) + "\n"


def installed_faces() -> dict[str, CjkFont]:
    """The installed font of each name WeasyPrint gives the fonts of a document laid out
    with `retain_gids` (the text's family, and the installed family where the cut has no
    glyph): their glyph ids are that font's, so the glyphs of documents joined into one
    can be cut from it once (pdf/join.py)."""
    regular, bold = find_cjk_font(), find_cjk_bold()
    faces = {TEXT_FAMILY.replace(" ", "-"): regular, regular.family.replace(" ", "-"): regular}
    if bold is not None:
        faces[f"{TEXT_FAMILY} Bold".replace(" ", "-")] = bold
        faces[f"{regular.family} Bold".replace(" ", "-")] = bold
    return faces


def form_field_css(font: CjkFont | None = None) -> str:
    """CSS giving HTML form controls their own font family.

    Must be in the stylesheet of every page rendered with `pdf_forms=True`
    whose PDF goes through `finalize_form`; the text typed later is shown in
    the viewer's `STSong-Light` whatever this font is.
    """
    program = form_field_font(font)
    mime = "font/otf" if program[:4] == b"OTTO" else "font/ttf"
    data = base64.b64encode(program).decode("ascii")
    return (
        "@font-face {\n"
        f'  font-family: "{FORM_FIELD_FAMILY}";\n'
        f'  src: url("data:{mime};base64,{data}");\n'
        "}\n"
        f'input, textarea, select {{ font-family: "{FORM_FIELD_FAMILY}"; }}\n'
    )
