"""The ids of everything that loaded, by kind, and the duplicates among them.

Articles are indexed as "<policy-id>.<article-id>", the way a reward or penalty cites
them. The first entity with an id wins; each later one is an error naming the first.
"""

from __future__ import annotations

from collections import defaultdict

from ..errors import Diagnostic, error
from ..source.load import Entry, Source

KIND_NAMES = {
    "department": "department",
    "role": "role",
    "procedure": "procedure",
    "form": "form",
    "policy": "policy",
    "sanction": "reward/penalty",
    "term": "glossary term",
    "article": "article",
}

Index = dict[str, dict[str, Entry]]  # kind -> id -> the entry that defines it


def build_index(src: Source) -> tuple[Index, list[Diagnostic]]:
    out: list[Diagnostic] = []
    index: Index = defaultdict(dict)
    for e in src.entries:
        eid = e.item.id
        if eid in index[e.kind]:
            first = index[e.kind][eid]
            out.append(error(e.locate("id"), f"duplicate {KIND_NAMES[e.kind]} id '{eid}'",
                             f"first defined at {first.locate('id')}; ids must be unique"))
            continue
        index[e.kind][eid] = e
    for e in index["policy"].values():
        seen: dict[str, tuple] = {}
        for c, chapter in enumerate(e.item.chapters):
            for a, article in enumerate(chapter.articles):
                if article.id is None:
                    continue
                path = ("chapters", c, "articles", a, "id")
                if article.id in seen:
                    out.append(error(e.locate(*path), f"duplicate article id '{article.id}' in policy '{e.item.id}'",
                                     f"first defined at {e.locate(*seen[article.id])}"))
                    continue
                seen[article.id] = path
                index["article"][f"{e.item.id}.{article.id}"] = e
    return index, out
