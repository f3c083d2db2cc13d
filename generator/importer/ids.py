"""Ids from Chinese titles: pinyin by word (pypinyin, jieba), unique, always valid.

`市场部经理` -> `shichangbu-jingli`. An id is lowercase ASCII letters, digits and
'-', at most 64 characters, never a Windows device name nor `index`; one that
is taken (in the import or in the project it goes into) gets -2, -3 … .
Nothing of the title but letters and digits reaches an id, so an id can never
name a path outside the project.
"""

from __future__ import annotations

import re
import unicodedata

from .target import RESERVED_IDS, SLUG

MAX = 64


def slug(title: str, fallback: str) -> str:
    """A valid id for `title` (not yet unique): `fallback` when the title has no letters."""
    from pypinyin import Style, lazy_pinyin

    from .words import words

    parts: list[str] = []
    for word in words(unicodedata.normalize("NFKC", title)):
        if re.search(r"[\u4e00-\u9fff]", word):
            syllables = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
            parts.append("".join(s for s in syllables).lower())
        else:
            parts.append(word.lower())
    text = "-".join(parts)
    text = text.replace("ü", "v")
    text = re.sub(r"[^a-z0-9]+", "-", text.encode("ascii", "ignore").decode()).strip("-")
    text = re.sub(r"-{2,}", "-", text)
    if len(text) > MAX:
        cut = text[:MAX]
        text = cut.rsplit("-", 1)[0] if "-" in cut[20:] else cut
        text = text.strip("-")
    if not text or not SLUG.match(text):
        text = fallback
    if text in RESERVED_IDS:
        text = f"{text}-1"
    return text


class Ids:
    """Ids given so far, per kind, with those the project already has."""

    def __init__(self, taken: dict[str, set[str]] | None = None):
        self.taken: dict[str, set[str]] = {k: set(v) for k, v in (taken or {}).items()}

    def give(self, kind: str, title: str, fallback: str | None = None) -> str:
        base = slug(title, fallback or kind)
        used = self.taken.setdefault(kind, set())
        candidate, n = base, 1
        while candidate in used or candidate in RESERVED_IDS:
            n += 1
            suffix = f"-{n}"
            candidate = base[:MAX - len(suffix)].rstrip("-") + suffix
        used.add(candidate)
        return candidate
