"""HTML + print CSS in, PDF bytes out (WeasyPrint), the same way for every kind.

The print CSS files are read through the resources (site_config/css/<name>; a
project's own site_config/css/<name> replaces the shipped one). Fonts: print CSS names the family `"Handbook CJK"`; it is replaced by the CJK
family that generator/fonts.py found installed, so CSS never names a font file, preceded by
that font cut to the document's own characters (fonts.text_font_css: WeasyPrint
then handles a few hundred glyphs instead of 65,535). A glyph missing from
every font is logged by WeasyPrint as `.notdef glyph rendered`: that is a
build error here, never a PDF full of empty boxes.
"""

from __future__ import annotations

import functools
import logging
import re
import tempfile
from pathlib import Path

from ..errors import RenderError
from ..messages import msg
from ..fonts import find_cjk_font
from ..resources import Resources, shipped
from .fontfaces import FORM_FIELD_FAMILY, TEXT_FAMILY, form_field_css, text_font_css


class _NotdefWatcher(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "notdef" in message.lower():
            self.missing.append(message)


FAMILY = '"Handbook CJK"'  # what print CSS names; replaced by the installed CJK family


def font_css(forms: bool = False) -> str:
    """With forms, the inputs' own stand-in family (fonts.form_field_css), which
    acroform.finalize_form swaps for the viewer-supplied STSong-Light."""
    if not forms:
        return ""
    return form_field_css(find_cjk_font()) + \
        f'\ninput, textarea, select {{ font-family: "{FORM_FIELD_FAMILY}" !important; }}\n'


def write_pdf(resources: Resources, html: str, stylesheets: list[str], *, extra_css: str = "",
              forms: bool = False, name: str = "document", page_mode: str | None = None,
              retain_gids: bool = False) -> bytes:
    """Render `html` with the named print CSS files (css/<name>), then `extra_css`
    (generated rules such as the localised page numbers). "Handbook CJK" in the CSS is
    the installed CJK family; naming the family (not a @font-face url) lets fontconfig
    pick the SC face and the bold weight inside Noto's .ttc collections. `page_mode` is
    the catalog's /PageMode, how a viewer opens the file ("UseOutlines": with the
    bookmarks panel). `retain_gids`: the text's glyphs keep their ids in the installed font
    (fontfaces.installed_faces), for documents joined into one (pdf/join.py)."""
    with _watching(name):
        document = _layout(resources, html, stylesheets, extra_css, forms, retain_gids)
        return document.write_pdf(pdf_forms=forms, pdf_identifier=name.encode("utf-8"), uncompressed_pdf=False,
                                  finisher=_page_mode(page_mode) if page_mode else None)


def lay_out(resources: Resources, html: str, stylesheets: list[str], *, extra_css: str = "",
            forms: bool = False, name: str = "document"):
    """The laid-out WeasyPrint Document of `html`, as `write_pdf` would print it (for
    measuring: how much room a page has left)."""
    with _watching(name):
        return _layout(resources, html, stylesheets, extra_css, forms)


class Probed(Exception):
    """Raised instead of laying out, while `probing`: `digest` names the first document a
    renderer hands to WeasyPrint (its HTML, its CSS), which decides everything the renderer
    makes (the build cache's key: generator/cache.py)."""

    def __init__(self, digest: str):
        super().__init__(digest)
        self.digest = digest


class probing:
    """Within it, the first layout raises `Probed` instead of running WeasyPrint."""

    active = False

    def __enter__(self):
        probing.active = True
        return self

    def __exit__(self, *exc):
        probing.active = False
        return False


def digest(resources: Resources, html: str, stylesheets: list[str], extra_css: str = "", forms: bool = False) -> str:
    """What decides a document's PDF, as a digest: its HTML and all of its CSS."""
    import hashlib

    h = hashlib.sha256()
    for part in (html, *(resources.text(f"css/{s}") for s in stylesheets), extra_css, str(forms)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def probe(resources: Resources, html: str, stylesheets: list[str], extra_css: str = "", forms: bool = False) -> None:
    """While `probing`, raise Probed with the document's digest (a renderer that lays out
    several documents calls this with what decides them all, before the first)."""
    if probing.active:
        raise Probed(digest(resources, html, stylesheets, extra_css, forms))


def _layout(resources: Resources, html: str, stylesheets: list[str], extra_css: str, forms: bool,
            retain_gids: bool = False):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    probe(resources, html, stylesheets, extra_css, forms)
    texts = [resources.text(f"css/{s}") for s in stylesheets]
    fonts = FontConfiguration()
    with tempfile.TemporaryDirectory(prefix="handbook-font-") as folder:  # read while the CSS is parsed
        faces = text_font_css("".join([html, extra_css, *texts]), retain_gids=retain_gids, folder=Path(folder))
        own = CSS(string=faces + font_css(forms) + extra_css, font_config=fonts)
    family = f'"{TEXT_FAMILY}", {find_cjk_font().css_family}' if faces else find_cjk_font().css_family
    base_url = str(shipped() / "css") + "/"
    sheets = [_parsed(t.replace(FAMILY, family), base_url) if "@font-face" not in t
              else CSS(string=t.replace(FAMILY, family), base_url=base_url, font_config=fonts) for t in texts]
    sheets.append(own)
    return HTML(string=html, base_url=base_url).render(stylesheets=sheets, font_config=fonts, pdf_forms=forms)


@functools.lru_cache(maxsize=32)
def _parsed(text: str, base_url: str):
    """A stylesheet parsed once for every document of a process (a tenth of a small
    document's time): one without @font-face rules holds nothing of a document's own."""
    from weasyprint import CSS

    return CSS(string=text, base_url=base_url)


class _watching:
    """Turns WeasyPrint's `.notdef glyph rendered` warnings into a RenderError."""

    def __init__(self, name: str):
        self.name = name
        self.watcher = _NotdefWatcher()

    def __enter__(self):
        logging.getLogger("weasyprint").addHandler(self.watcher)
        return self

    def __exit__(self, kind, exc, tb):
        logging.getLogger("weasyprint").removeHandler(self.watcher)
        if kind is None and self.watcher.missing:
            raise RenderError(msg("render.missing_glyphs", name=self.name, detail=self.watcher.missing[0]))
        return False


def _page_mode(mode: str):
    def finish(document, pdf) -> None:  # WeasyPrint's hook on the pydyf PDF, before it is written
        pdf.catalog["PageMode"] = "/" + mode
    return finish


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_number_css(labels, where: str = "bottom-center") -> str:
    """@page footer 'page X of Y' in the handbook's language (labels.page_of)."""
    parts = [p for p in re.split(r"(\{page\}|\{pages\})", labels["page_of"]) if p]
    content = " ".join("counter(page)" if p == "{page}" else "counter(pages)" if p == "{pages}"
                       else _css_string(p) for p in parts)
    return f"@page {{ @{where} {{ content: {content}; font-size: 8pt; }} }}\n"
