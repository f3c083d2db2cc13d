"""HTML + print CSS in, PDF bytes out (WeasyPrint), the same way for every kind.

Fonts: the CJK font found by fonts.py is exposed to CSS as the family
`Handbook CJK`, so print CSS never names a font file. A glyph missing from
every font is logged by WeasyPrint as `.notdef glyph rendered`: that is a
build error here, never a PDF full of empty boxes.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..errors import BuildError
from ..templating import SITE_CONFIG
from .fonts import find_cjk_font

CSS_DIR = SITE_CONFIG / "css"


class _NotdefWatcher(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "notdef" in message.lower():
            self.missing.append(message)


def font_face_css() -> str:
    font = find_cjk_font()
    url = Path(font.path).as_uri()
    return "\n".join(
        f'@font-face {{ font-family: "Handbook CJK"; src: url("{url}"); font-weight: {w}; }}'
        for w in ("normal", "bold")
    ) + f'\n@font-face {{ font-family: "Handbook CJK Field"; src: url("{url}"); }}\n'


def write_pdf(html: str, stylesheets: list[str], *, base_url: str | None = None, forms: bool = False,
              name: str = "document") -> bytes:
    """Render `html` with the named CSS files of site_config/css/ (plus the font faces)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = [CSS(string=font_face_css(), font_config=fonts)]
    sheets += [CSS(filename=str(CSS_DIR / s), font_config=fonts) for s in stylesheets]
    watcher = _NotdefWatcher()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(watcher)
    try:
        document = HTML(string=html, base_url=base_url or str(SITE_CONFIG)).render(
            stylesheets=sheets, font_config=fonts)
        pdf = document.write_pdf(pdf_forms=forms, pdf_identifier=name.encode("utf-8"), uncompressed_pdf=False)
    finally:
        logger.removeHandler(watcher)
    if watcher.missing:
        raise BuildError(f"{name}: characters missing from the installed fonts ({watcher.missing[0]}); "
                         "install fonts-noto-cjk, or remove the characters from the YAML")
    return pdf


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value and value.isdigit() else None
