"""The shape of each key of the schema, read from its annotation, and a canonical form of a
model for matching.

`shape(cls, name)` says what a value is: a reference (and to what), a nested model, a
list of either, an enum, a date, a number or text. The comparison and the display of
values both go by it, so a key added to the schema is compared without more code.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from .base import model


@dataclass(frozen=True)
class Shape:
    many: bool = False  # a list of what follows
    ref: str | None = None  # kind of the referenced entity ("role", "article", ...)
    model: bool = False  # a nested model (one class, or a union such as the form fields)
    enum: bool = False  # an Enum or a Literal: shown through labels
    kind: type | None = None  # the Python type of a scalar: str, int, float, bool, date


def _unwrap(ann) -> tuple[object, str | None]:
    """(annotation without Annotated/Optional, the Ref kind found on the way)."""
    ref = None
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            args = typing.get_args(ann)
            ref = ref or next((m.kind for m in args[1:] if isinstance(m, model.Ref)), None)
            ann = args[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(ann) if a is not type(None)]
            if len(args) == 1:
                ann = args[0]
                continue
        return ann, ref


def _shape(ann) -> Shape:
    ann, ref = _unwrap(ann)
    if typing.get_origin(ann) is list:
        inner = _shape(typing.get_args(ann)[0])
        return Shape(many=True, ref=inner.ref or ref, model=inner.model, enum=inner.enum, kind=inner.kind)
    if ref:
        return Shape(ref=ref, kind=str)
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        args = [x for x in typing.get_args(ann) if x is not type(None)]
        if any(isinstance(x, type) and issubclass(x, BaseModel) for x in args):  # the form fields
            return Shape(model=True)
        return Shape(kind=str)  # a number or a word (rows: 5 or fill): compared as written
    if typing.get_origin(ann) is typing.Literal:
        return Shape(enum=True, kind=str)
    if isinstance(ann, type):
        if issubclass(ann, BaseModel):
            return Shape(model=True)
        if issubclass(ann, enum.Enum):
            return Shape(enum=True, kind=str)
        if issubclass(ann, dt.date):
            return Shape(kind=dt.date)
        for k in (bool, int, float, str):
            if issubclass(ann, k):
                return Shape(kind=k)
    return Shape(kind=str)


@cache
def shape(cls: type[BaseModel], name: str) -> Shape:
    info = cls.model_fields[name]
    ann = info.rebuild_annotation() if hasattr(info, "rebuild_annotation") else info.annotation
    return _shape(ann)


def field_names(a: BaseModel | None, b: BaseModel | None) -> list[str]:
    """The keys of `b`'s model, then those only `a`'s has (a form field whose type changed)."""
    names = list(type(b).model_fields) if b is not None else []
    if a is not None:
        names += [n for n in type(a).model_fields if n not in names]
    return names


# ------------------------------------------------------------------ canonical form

_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any whitespace: two texts that differ only in spaces, line breaks or
    full-width spaces squeeze to the same."""
    return _SPACE.sub("", text)


def plain(value: object, mapper=None, *, skip: tuple[str, ...] = ()) -> object:
    """A value as plain, comparable data: whitespace squeezed out of text, references passed
    through `mapper(kind, id)` (old ids seen as their new ones), keys in `skip` left out of
    the top model."""
    return _plain(value, None, mapper, skip)


def _plain(value, sh: Shape | None, mapper, skip=()):
    if isinstance(value, BaseModel):
        out = {"": type(value).__name__}
        for name in type(value).model_fields:
            if name in skip:
                continue
            out[name] = _plain(getattr(value, name), shape(type(value), name), mapper)
        return out
    if isinstance(value, list):
        item = Shape(ref=sh.ref, model=sh.model, enum=sh.enum, kind=sh.kind) if sh else None
        return [_plain(v, item, mapper) for v in value]
    if sh is not None and sh.ref and mapper is not None and isinstance(value, str):
        return mapper(sh.ref, value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return squeeze(value)
    return value


def canon(value: object, mapper=None, *, skip: tuple[str, ...] = ()) -> str:
    """`plain` as one string, for exact matching and similarity ratios."""
    return json.dumps(plain(value, mapper, skip=skip), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def words(value: object, mapper=None, *, skip: tuple[str, ...] = ()) -> str:
    """The content of a value without its structure: the non-empty leaves joined, for
    similarity ratios (the keys of two steps would make any two steps look alike)."""
    out: list[str] = []

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k:
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif v not in (None, "", False):
            out.append(str(v))

    walk(plain(value, mapper, skip=skip))
    return "|".join(out)


def raw(value: object) -> object:
    """A value as JSON data, as it was written in the YAML (ids, numbers, YYYY-MM-DD dates)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [raw(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 10, as written, not 10.0
    return value


def references(value: BaseModel) -> list[tuple[str, str]]:
    """Every (kind, id) that `value` refers to, nested models included."""
    out: list[tuple[str, str]] = []

    def walk(v, sh):
        if isinstance(v, BaseModel):
            for name in type(v).model_fields:
                walk(getattr(v, name), shape(type(v), name))
        elif isinstance(v, list):
            for x in v:
                walk(x, sh)
        elif sh is not None and sh.ref and isinstance(v, str):
            out.append((sh.ref, v))

    walk(value, None)
    return out
