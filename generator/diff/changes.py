"""What a comparison finds: one `Change` per thing that changed, in the handbook's words.

A change names its entity (kind, id and title), where in it the change is (the model
path, and the same path in the handbook's labels), and the values before and after,
both as shown to a reader (ids as titles) and as written in the YAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .base import Handbook

# What happened, from the reader's side:
ADDED = "added"  # a new entity, item or value
REMOVED = "removed"
CHANGED = "changed"  # a value edited
RENAMED = "renamed"  # the same thing under a new id (references updated)
MOVED = "moved"  # the same item at another place in its list (reordered)
WHITESPACE = "whitespace"  # text that differs only in spaces or line breaks
KINDS_OF_CHANGE = (ADDED, REMOVED, CHANGED, RENAMED, MOVED, WHITESPACE)

# Entity kinds, in the order of the handbook (and of the report).
ENTITY_KINDS = ("company", "department", "role", "procedure", "form", "policy", "sanction", "term")


@dataclass(frozen=True)
class Entity:
    kind: str  # one of ENTITY_KINDS
    id: str  # the id in the new handbook (in the old one for a removed entity)
    title: str  # as a reader names it: 业务员, SC-004, 《客户资料库》


@dataclass(frozen=True)
class Change:
    change: str  # one of KINDS_OF_CHANGE
    entity: Entity
    path: tuple = ()  # model path inside the entity: in the new one (the old one when removed)
    old_path: tuple | None = None  # the path in the old entity, when there was one
    where: tuple[str, ...] = ()  # the path in the handbook's labels: ("工作职责 第3条", "频次")
    old: str | None = None  # the value as shown to a reader (ids as titles), None: nothing before
    new: str | None = None
    old_value: object = None  # the value as written in the YAML (JSON data)
    new_value: object = None
    effective: dt.date | None = None  # the article's effective date, for a change inside an article
    quoted: bool = False  # the values are free text (shown in quotes 「…」)
    item: str | None = None  # for a moved item: the item, in a few words

    @property
    def substantive(self) -> bool:
        """False for a whitespace-only edit: no reader needs to hear of it."""
        return self.change != WHITESPACE


@dataclass
class Side:
    """One of the two handbooks compared."""

    label: str  # as the user named it: v1, HEAD~1, a folder, 工作区
    handbook: Handbook
    commit: str | None = None  # the commit, for a git revision
    working_tree: bool = False  # the project as it is on disk


@dataclass
class Diff:
    old: Side
    new: Side
    changes: list[Change] = field(default_factory=list)
    # old id -> new id, per kind ("article" ids are "<policy>.<article>")
    renames: dict[str, dict[str, str]] = field(default_factory=dict)

    def new_id(self, kind: str, old_id: str) -> str:
        return self.renames.get(kind, {}).get(old_id, old_id)

    def old_id(self, kind: str, new_id: str) -> str:
        for old, new in self.renames.get(kind, {}).items():
            if new == new_id:
                return old
        return new_id
