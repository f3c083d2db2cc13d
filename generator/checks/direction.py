"""Direction controls: text that displays differently from what it says.

A right-to-left override (U+202E) shows `gpj.exe` as `exe.jpg`; two options that differ
only by a direction mark look identical on the form and are told apart by nobody. A
Chinese or English handbook needs none of them:

* the embeddings, overrides and isolates (U+202A-202E, U+2066-2069) reorder what is
  shown: an error wherever they are;
* the marks (U+200E, U+200F, U+061C) are invisible and change nothing visible in CJK or
  Latin text, but make two equal-looking names differ: an error in names (ids, codes,
  titles, labels, terms, options, aliases), a warning in running text, where a paste
  from a web page or Word leaves them behind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..errors import Diagnostic, error, warning
from ..messages import msg
from ..source.model import SLUG
from ..source.yaml_reader import Document

REORDERING = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
MARKS = {"\u200e", "\u200f", "\u061c"}
CONTROLS = REORDERING | MARKS
#: keys whose values (or list items) are names: compared, matched, shown as one label
NAME_KEYS = {"id", "code", "title", "term", "label", "name", "options", "aliases", "full", "short_name",
             "handbook_title", "document_code", "version", "fields", "next_roles", "applies_to"}


_CONTROL = re.compile(f"[{''.join(sorted(CONTROLS))}]")


def check(texts: Iterable[tuple[Document, tuple, str]]) -> list[Diagnostic]:
    """`texts`: (file, path, text) of every string value."""
    out = []
    for doc, path, text in texts:
        found = None if text.isascii() else _CONTROL.search(text)
        if found is None:
            continue
        if SLUG.match(_CONTROL.sub("", text)):
            continue  # an id or a reference: the id check names the character (source/model.py)
        char = found.group()
        is_name = (isinstance(path[-1], str) and path[-1] in NAME_KEYS) or \
            (len(path) > 1 and isinstance(path[-1], int) and path[-2] in NAME_KEYS)
        args = dict(code=f"U+{ord(char):04X}", name=unicodedata.name(char, "").lower(), col=found.start() + 1)
        if char in REORDERING:
            out.append(error(doc.locate(path), msg("text.bidi_reorders", **args), msg("hint.bidi_delete")))
        elif is_name:
            out.append(error(doc.locate(path), msg("text.bidi_in_name", **args), msg("hint.bidi_delete")))
        else:
            out.append(warning(doc.locate(path), msg("text.bidi_mark", **args), msg("hint.bidi_delete")))
    return out
