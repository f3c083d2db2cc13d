"""Runs of text without a place to break a line.

A line can break at a space and between Chinese characters; a run of 20,000 letters or
digits with neither (a pasted hash, "WWWW...") cannot be broken by the PDF engine, whose
line breaking then takes minutes per page, and it overflows every column it is printed
in. No word or address is that long: such a run is refused at its place, so that a
passing check means a building handbook. (The charts break long runs themselves.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Diagnostic, error
from ..messages import msg
from ..source.yaml_reader import Document

MAX_RUN = 300  # a long web address is about 100-200 characters
_RUN = re.compile(r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]{%d,}" % (MAX_RUN + 1))


def check(texts: Iterable[tuple[Document, tuple, str]]) -> list[Diagnostic]:
    """`texts`: (file, path, text) of every string value."""
    out = []
    for doc, path, text in texts:
        if len(text) <= MAX_RUN:
            continue
        m = _RUN.search(text)
        if m:
            out.append(error(doc.locate(path), msg("text.unbroken_run", count=len(m.group()), col=m.start() + 1,
                                                   limit=MAX_RUN), msg("hint.unbroken_run")))
    return out

