"""The ids of everything that loaded, by kind, and the duplicates among them.

Articles are indexed as "<policy-id>.<article-id>", the way a reward or penalty cites
them. The first entity with an id wins; each later one is an error naming the first.
"""

from __future__ import annotations

from collections import defaultdict

from ..errors import Diagnostic, error
from ..messages import msg
from ..source.load import Entry, Source

KINDS = ("department", "role", "procedure", "form", "policy", "sanction", "term", "article")


def kind_name(kind: str):
    """What an entity of `kind` is called in a message (岗位, 表单 ...)."""
    return msg(f"kind.{kind}")

Index = dict[str, dict[str, Entry]]  # kind -> id -> the entry that defines it


def build_index(src: Source) -> tuple[Index, list[Diagnostic]]:
    out: list[Diagnostic] = []
    index: Index = defaultdict(dict)
    for e in src.entries:
        eid = e.item.id
        if eid in index[e.kind]:
            first = index[e.kind][eid]
            out.append(error(e.locate("id"), msg("ids.duplicate", kind=kind_name(e.kind), id=eid),
                             msg("hint.first_defined_unique", where=first.locate("id"))))
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
                    out.append(error(e.locate(*path), msg("ids.duplicate_article", id=article.id, policy=e.item.id),
                                     msg("hint.first_defined", where=e.locate(*seen[article.id]))))
                    continue
                seen[article.id] = path
                index["article"][f"{e.item.id}.{article.id}"] = e
    return index, out
