"""Every reference names something that exists: department, role, procedure, form, article.

References are found from the schema, not listed here: every model field annotated with
`Ref(kind)` (source/model.py) is looked up in the index, so a new reference in the schema
is checked without touching this file. A reference into a file that failed to load is
not reported again: that file's own error says what is wrong.
"""

from __future__ import annotations

import difflib
import functools
import typing

from pydantic import BaseModel

from ..errors import Diagnostic, error
from ..messages import msg
from ..source import model
from ..source.load import Entry, Source
from ..source.yaml_reader import printable
from .index import Index, kind_name


def check(src: Source, index: Index) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for e in src.entries:
        out += _check_refs(e, e.item, (), index, src.broken_ids)
    return out


def ref_kind(annotation) -> str | None:
    """The Ref kind somewhere inside an annotation (Annotated / Optional / list)."""
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, model.Ref):
                return meta.kind
    for arg in typing.get_args(annotation):
        kind = ref_kind(arg)
        if kind:
            return kind
    return None


@functools.lru_cache(maxsize=None)
def _field_refs(cls: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """(field name, Ref kind or None) of a model class: read once per class, not once per
    value (typing's introspection is most of the check's time on a large handbook)."""
    return tuple((name, ref_kind(info.rebuild_annotation())) for name, info in cls.model_fields.items())


def _check_refs(entry: Entry, item: BaseModel, path: tuple, index: Index, broken) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for name, kind in _field_refs(type(item)):
        value = getattr(item, name)
        if kind:
            values = value if isinstance(value, list) else [value]
            for i, v in enumerate(values):
                if v is None:
                    continue
                p = path + ((name, i) if isinstance(value, list) else (name,))
                if v not in index[kind] and not _is_broken(kind, v, broken):
                    out.append(_unknown(entry, p, kind, v, index))
            continue
        if isinstance(value, BaseModel):
            out += _check_refs(entry, value, path + (name,), index, broken)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    out += _check_refs(entry, v, path + (name, i), index, broken)
    return out


def _is_broken(kind: str, value: str, broken: dict[str, set[str]]) -> bool:
    """A reference into a file that did not load: its error is already reported."""
    if kind == "article":  # <policy-id>.<article-id>
        return value.split(".", 1)[0] in broken.get("policy", ())
    return value in broken.get(kind, ())


def _unknown(entry: Entry, path: tuple, kind: str, value: str, index: Index) -> Diagnostic:
    if kind == "article":
        return _unknown_article(entry, path, value, index)
    known = list(index[kind])
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        hint = msg("hint.did_you_mean", value=close[0])
    else:
        hint = msg("hint.known_ids", kind=kind_name(kind), ids=sorted(known)[:8]) if known else \
            msg("hint.none_yet", kind=kind_name(kind))
    return error(entry.locate(*path), msg("refs.unknown", kind=kind_name(kind), value=printable(value)), hint)


def _unknown_article(entry: Entry, path: tuple, value: str, index: Index) -> Diagnostic:
    """An article is cited as <policy-id>.<article-id>: say which part is wrong, and list
    the articles of the policy named (a guess among all articles would mislead)."""
    policy, _, article = value.partition(".")
    where = entry.locate(*path)
    if policy not in index["policy"]:
        close = difflib.get_close_matches(value, list(index["article"]), n=1, cutoff=0.6)
        if close:
            return error(where, msg("refs.unknown", kind=kind_name("article"), value=printable(value)),
                         msg("hint.did_you_mean", value=close[0]))
        policies = sorted(index["policy"])
        return error(where, msg("refs.unknown_article_policy", value=printable(value), policy=printable(policy)),
                     msg("hint.known_ids", kind=kind_name("policy"), ids=policies[:8]) if policies else None)
    ids = [a.split(".", 1)[1] for a in index["article"] if a.split(".", 1)[0] == policy]
    close = difflib.get_close_matches(article, ids, n=1, cutoff=0.6) if article else []
    if close:
        hint = msg("hint.did_you_mean", value=f"{policy}.{close[0]}")
    elif ids:
        hint = msg("hint.policy_articles", policy=policy, ids=[f"{policy}.{a}" for a in ids[:8]])
    else:
        hint = msg("hint.give_article_id", policy=policy)
    what = "refs.article_missing_part" if not article else "refs.unknown"
    return error(where, msg(what, kind=kind_name("article"), value=printable(value)), hint)
