"""Every character of the YAML can be printed: checked at its place, before any PDF.

WeasyPrint draws a character that no installed font has as an empty box and logs
`.notdef glyph rendered`; render.py turns that into a build error, but by then the
message can only name a PDF. Checking the source text against the fonts first
lets `handbook check` point at the file, line and column, like every other mistake.
A character is printable when the CJK font has it or, as Pango falls back through
fontconfig, when any installed font does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..errors import BuildError, Diagnostic, error
from ..messages import msg
from ..fonts import covered, installed_coverage
from ..source.yaml_reader import Document


def _undrawn(char: str) -> bool:
    """Needs no glyph: white space, format characters (zero-width joiners, direction
    marks) and variation selectors, which Pango lays out without drawing."""
    code = ord(char)
    return char.isspace() or unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F \
        or 0xE0100 <= code <= 0xE01EF


class _Fonts:
    """Which characters some installed font prints, asking as little as possible: the CJK
    font first (it draws nearly every character of a Chinese handbook), the coverage of
    every installed font (one fc-list call, a tenth of a second) only for a character it
    lacks. Characters found printable are remembered: most texts are then one set test."""

    def __init__(self, cjk: frozenset[int]):
        self.cjk = cjk
        self.fine: set[str] = set()  # printable, or needing no glyph

    def prints(self, char: str) -> bool:
        if char in self.fine:
            return True
        if ord(char) in self.cjk or _undrawn(char) or ord(char) in installed_coverage():
            self.fine.add(char)
            return True
        return False

    def first_unprintable(self, text: str) -> str | None:
        if self.fine.issuperset(text):
            return None
        return next((c for c in text if not self.prints(c)), None)


def _fonts() -> _Fonts | None:
    """None when there is no CJK font."""
    try:
        return _Fonts(covered())
    except BuildError:
        return None


def unprintable(chars) -> set[str]:
    """Of `chars`, those that no installed font can print (what `check` refuses); none when
    no CJK font is installed."""
    fonts = _fonts()
    if fonts is None:
        return set()
    return {c for c in chars if not fonts.prints(c)}


def check(texts: Iterable[tuple[Document, tuple, str]]) -> list[Diagnostic]:
    """An error for each text that holds a character no installed font can print; none
    when no CJK font is installed (the build then says which package to install).
    `texts`: (file, path, text) of every string value."""
    fonts = _fonts()
    if fonts is None:
        return []
    out = []
    for doc, path, text in texts:
        if text.isascii():
            continue
        bad = fonts.first_unprintable(text)
        if bad:
            out.append(error(doc.locate(path),
                             msg("fonts.no_glyph", char=bad, code=f"U+{ord(bad):04X}",
                                 name=unicodedata.name(bad, "unnamed").lower()),
                             msg("hint.no_glyph")))
    return out
