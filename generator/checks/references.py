"""Every reference names something that exists: department, role, procedure, form, article.

References are found from the schema, not listed here: every model field annotated with
`Ref(kind)` (source/model.py) is looked up in the index, so a new reference in the schema
is checked without touching this file. A reference into a file that failed to load is
not reported again: that file's own error says what is wrong.
"""

from __future__ import annotations

import difflib
import typing

from pydantic import BaseModel

from ..errors import Diagnostic, error
from ..source import model
from ..source.load import Entry, Source
from ..source.yaml_reader import printable
from .index import KIND_NAMES, Index


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


def _check_refs(entry: Entry, item: BaseModel, path: tuple, index: Index, broken) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        kind = ref_kind(info.rebuild_annotation())
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
    known = list(index[kind])
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif kind == "article":
        hint = "write <policy-id>.<article-id>, and give the article an id"
    else:
        hint = f"no {KIND_NAMES[kind]} has this id; known: {', '.join(sorted(known)[:8])}" if known else \
            f"there is no {KIND_NAMES[kind]} yet"
    return error(entry.locate(*path), f"unknown {KIND_NAMES[kind]} '{printable(value)}'", hint)
