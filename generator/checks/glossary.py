"""The glossary: one definition per term, terms compared as a reader sees them."""

from __future__ import annotations

import unicodedata

from ..errors import Diagnostic, error
from ..messages import msg
from ..source.load import Source
from ..source.yaml_reader import printable


def check(src: Source) -> list[Diagnostic]:
    """The same term twice (under two ids) would show two definitions for one word."""
    out, seen = [], {}
    for e in src.of_kind("term"):
        key = _same_word(e.item.term)
        if key in seen:
            out.append(error(e.locate("term"), msg("terms.twice", term=printable(e.item.term)),
                             msg("hint.merge_definitions", where=seen[key].locate("term"))))
        else:
            seen[key] = e
    return out


def _same_word(term: str) -> str:
    """A term as a reader sees it: full-width letters (ＫＰＩ) and composed or decomposed
    accents are the same word (NFKC), capitals too (casefold), spaces at the ends ignored."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", term).casefold()).strip()
