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

from ..errors import BuildError, Diagnostic, error
from ..messages import msg
from ..fonts import covered, installed_coverage
from ..source.yaml_reader import Document, string_values


def _undrawn(char: str) -> bool:
    """Needs no glyph: white space, format characters (zero-width joiners, direction
    marks) and variation selectors, which Pango lays out without drawing."""
    code = ord(char)
    return char.isspace() or unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F \
        or 0xE0100 <= code <= 0xE01EF


def _known() -> frozenset[int] | None:
    """Every code point some installed font draws; None when there is no CJK font."""
    try:
        return covered() | installed_coverage()
    except BuildError:
        return None


def unprintable(chars) -> set[str]:
    """Of `chars`, those that no installed font can print (what `check` refuses); none when
    no CJK font is installed."""
    known = _known()
    if known is None:
        return set()
    return {c for c in chars if ord(c) not in known and not _undrawn(c)}


def check(docs: list[Document]) -> list[Diagnostic]:
    """An error for each text that holds a character no installed font can print; none
    when no CJK font is installed (the build then says which package to install)."""
    known = _known()
    if known is None:
        return []
    out = []
    for doc in docs:
        for path, text in string_values(doc.data):
            if text.isascii():
                continue
            bad = next((c for c in text if ord(c) not in known and not _undrawn(c)), None)
            if bad:
                out.append(error(doc.locate(path),
                                 msg("fonts.no_glyph", char=bad, code=f"U+{ord(bad):04X}",
                                     name=unicodedata.name(bad, "unnamed").lower()),
                                 msg("hint.no_glyph")))
    return out

