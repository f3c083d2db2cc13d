"""Compare two loaded handbooks entity by entity: what was added, removed, changed,
renamed, moved, or edited in whitespace only.

Entities are paired by id first. An id that disappeared while another appeared with
(nearly) the same content is a rename, and every reference to the old id is read as
the new one, so that updated references are no change. Inside an entity every key is
compared by its shape (fields.py); lists are paired item by item (match.py).
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from . import changes as C
from .base import Handbook, Labels, load_labels, model
from .describe import SKIPPED, Describer, ListSpec, field_label, list_spec
from .fields import canon, field_names, plain, raw, references, shape, squeeze, words
from .match import match, ratio

# An id that disappeared and one that appeared are one entity, renamed, when the content
# (ids aside, references read through the renames) is the same; or as similar as
# RENAME_SIMILAR with a name (title, act, term) as similar too; or as similar as
# RENAME_REFERENCED while as many references point at the new id as pointed at the old.
RENAME_SIMILAR = 0.8
RENAME_REFERENCED = 0.5
ITEM_SIMILAR = 0.5  # an item this similar to one that disappeared is that item, edited


def entities(hb: Handbook) -> dict[str, dict[str, BaseModel]]:
    """kind -> id -> model, in the handbook's order."""
    return {
        "company": {"company": hb.company},
        "department": dict(hb.departments),
        "role": dict(hb.roles),
        "procedure": dict(hb.procedures),
        "form": dict(hb.forms),
        "policy": {p.id: p for p in hb.policies},
        "sanction": {s.id: s for s in hb.sanctions},
        "term": {t.id: t for t in hb.terms},
    }


def _empty(value) -> bool:
    return value is None or value == "" or value == []


class Comparer:
    def __init__(self, old: Handbook, new: Handbook, labels: Labels):
        self.old, self.new = old, new
        self.d = Describer(labels)
        self.L = labels
        self.renames: dict[str, dict[str, str]] = {}
        self.changes: list[C.Change] = []
        self._entity: C.Entity | None = None
        self._items: tuple[BaseModel | None, BaseModel | None] = (None, None)  # the entity on each side
        self._effective = None

    # ---------------------------------------------------------------- references

    def map(self, kind: str, ident: str) -> str:
        """An old id as the new handbook knows it."""
        if kind == "article":
            if ident in self.renames.get("article", {}):
                return self.renames["article"][ident]
            policy, _, article = ident.partition(".")
            return f"{self.renames.get('policy', {}).get(policy, policy)}.{article}"
        return self.renames.get(kind, {}).get(ident, ident)

    def _mapped(self, kind: str, value):
        if isinstance(value, list):
            return [self.map(kind, v) for v in value]
        return self.map(kind, value) if isinstance(value, str) else value

    # ---------------------------------------------------------------- entities

    def run(self) -> list[C.Change]:
        old, new = entities(self.old), entities(self.new)
        self._find_renames(old, new)
        for kind in C.ENTITY_KINDS:
            back = {v: k for k, v in self.renames.get(kind, {}).items()}
            for ident, b in new[kind].items():
                old_id = back.get(ident, ident)
                a = old[kind].get(old_id)
                if a is None:
                    self._whole(C.ADDED, kind, b)
                    continue
                self._begin(kind, ident, a, b)
                if old_id != ident:
                    self._emit(C.RENAMED, ("id",), ("id",), (), old_id, ident, old_id, ident)
                self._model(a, b, (), (), (), top=True)
            for ident, a in old[kind].items():
                if ident not in new[kind] and ident not in self.renames.get(kind, {}):
                    self._whole(C.REMOVED, kind, a)
        return self.changes

    def _find_renames(self, old, new) -> None:
        """Ids that disappeared, paired with ids that appeared and hold the same content.
        Repeated while it finds more: a renamed role's reports_to may be renamed too."""
        refs_old = Counter(r for items in old.values() for item in items.values() for r in references(item))
        refs_new = Counter(r for items in new.values() for item in items.values() for r in references(item))
        for _ in range(4):
            before = {k: dict(v) for k, v in self.renames.items()}
            for kind in C.ENTITY_KINDS[1:]:
                gone = [i for i in old[kind] if i not in new[kind]]
                came = [i for i in new[kind] if i not in old[kind]]
                scores = sorted(((ratio(words(old[kind][i], self.map, skip=("id",)),
                                        words(new[kind][j], skip=("id",))), i, j) for i in gone for j in came),
                                key=lambda s: (-s[0], s[1], s[2]))
                found: dict[str, str] = {}
                for score, i, j in scores:
                    if i in found or j in found.values():
                        continue
                    referenced = refs_old[(kind, i)] and refs_old[(kind, i)] == refs_new[(kind, j)]
                    named = ratio(_name(kind, old[kind][i]), _name(kind, new[kind][j])) >= RENAME_SIMILAR
                    if score == 1 or (named and score >= RENAME_SIMILAR) or (referenced and score >= RENAME_REFERENCED):
                        found[i] = j
                if found:
                    self.renames[kind] = found
            self._find_article_renames(old["policy"], new["policy"])
            if self.renames == before:
                break

    def _find_article_renames(self, old, new) -> None:
        found: dict[str, str] = {}
        back = {v: k for k, v in self.renames.get("policy", {}).items()}
        for pid, b in new.items():
            a = old.get(back.get(pid, pid))
            if a is None:
                continue
            fa, fb = _articles(a), _articles(b)
            m = self._match_articles(fa, fb)
            for i, j in m.pairs:
                x, y = fa[i][2], fb[j][2]
                if x.id and y.id and (x.id != y.id or a.id != b.id):
                    found[f"{a.id}.{x.id}"] = f"{b.id}.{y.id}"
        if found:
            self.renames["article"] = found
        else:
            self.renames.pop("article", None)

    def _begin(self, kind: str, ident: str, a, b) -> None:
        self._entity = C.Entity(kind, ident, self.d.title(kind, b if b is not None else a))
        self._items = (a, b)

    def _whole(self, change: str, kind: str, item) -> None:
        self._begin(kind, item.id if kind != "company" else "company", item if change == C.REMOVED else None,
                    item if change == C.ADDED else None)
        name = self.d.full_name(kind, item)
        data = item.model_dump(mode="json", exclude_defaults=True)
        self._emit(change, (), () if change == C.REMOVED else None, (self.d.noun(kind, item),),
                   name if change == C.REMOVED else None, name if change == C.ADDED else None,
                   data if change == C.REMOVED else None, data if change == C.ADDED else None)

    def _emit(self, change, path, old_path, where, old, new, old_value, new_value, quoted=False, item=None) -> None:
        self.changes.append(C.Change(change, self._entity, tuple(path), None if old_path is None else tuple(old_path),
                                     tuple(where), old, new, old_value, new_value, self._effective, quoted, item))

    # ---------------------------------------------------------------- models and values

    def _model(self, a: BaseModel | None, b: BaseModel | None, path, opath, where, top=False) -> None:
        owner_b, owner_a = type(b) if b is not None else None, type(a) if a is not None else None
        skipped = SKIPPED["*"] + SKIPPED.get((owner_b or owner_a).__name__, ()) if top else ()
        for name in field_names(a, b):
            if name in skipped:
                continue
            in_a = owner_a is not None and name in owner_a.model_fields
            in_b = owner_b is not None and name in owner_b.model_fields
            owner = owner_b if in_b else owner_a
            va = getattr(a, name) if in_a else None
            vb = getattr(b, name) if in_b else None
            label = field_label(owner, name)
            w = where + (self.L[label],) if label else where
            if owner is model.Policy and name == "chapters":
                self._chapters(a, b, w)
            else:
                self._value(owner, name, va, vb, path + (name,), opath + (name,), w)

    def _show(self, side: str, owner, name, sh, value):
        hb = self.old if side == "old" else self.new
        entity = self._items[0] if side == "old" else self._items[1]
        return self.d.show(hb, owner, name, sh, value, entity)

    def _value(self, owner, name, va, vb, path, opath, where) -> None:
        sh = shape(owner, name)
        if _empty(va) and _empty(vb):
            return
        if sh.ref:
            mapped = self._mapped(sh.ref, va)
            if mapped == vb:
                return
            change = C.MOVED if sh.many and va and vb and sorted(mapped) == sorted(vb) else C.CHANGED
            self._changed(change, owner, name, sh, va, vb, path, opath, where)
            return
        if sh.many and list_spec(owner, name).item != "value" and (sh.model or sh.kind is str):
            self._list(owner, name, va or [], vb or [], path, opath, where)
            return
        if sh.model and va is not None and vb is not None:
            self._model(va, vb, path, opath, where)
            return
        if plain(va) == plain(vb):
            if va != vb:  # text that differs in whitespace only
                self._emit(C.WHITESPACE, path, opath, where, va, vb, va, vb, quoted=True)
            return
        if name == "id" and isinstance(va, str) and isinstance(vb, str):
            self._emit(C.RENAMED, path, opath, where, va, vb, va, vb)
            return
        self._changed(C.CHANGED, owner, name, sh, va, vb, path, opath, where)

    def _changed(self, change, owner, name, sh, va, vb, path, opath, where) -> None:
        old = self._show("old", owner, name, sh, va)
        new = self._show("new", owner, name, sh, vb)
        self._emit(change, path, opath, where, old.text, new.text, raw(va), raw(vb), old.quoted or new.quoted)

    # ---------------------------------------------------------------- lists

    def _list(self, owner, name, la: list, lb: list, path, opath, where) -> None:
        spec = list_spec(owner, name)
        key = _key(spec)

        def content(x):
            return canon(x, skip=spec.key) if isinstance(x, BaseModel) else squeeze(x)

        def whole_old(x):
            return canon(x, self.map) if isinstance(x, BaseModel) else squeeze(x)

        def whole_new(x):
            return canon(x) if isinstance(x, BaseModel) else squeeze(x)

        m = match([_Mapped(x, whole_old, content, self.map) for x in la], [_Mapped(x, whole_new, content) for x in lb],
                  canon=lambda w: w.canon, key=(lambda w: key(w.item)) if key else None,
                  content=(lambda w: w.content) if key else None, text=lambda w: w.words,
                  similar=ITEM_SIMILAR if not key else RENAME_SIMILAR, by_place=spec.by_place and not key)
        moved = m.moved
        events = [(i, 0, "removed", i, None) for i in m.removed]
        events += [(j, 1, "pair", i, j) for i, j in m.pairs]
        events += [(j, 1, "added", None, j) for j in m.added]
        for _, _, what, i, j in sorted(events, key=lambda e: (e[0], e[1])):
            if what == "removed":
                self._item(C.REMOVED, spec, la[i], path + (i,), opath + (i,), where, i)
            elif what == "added":
                self._item(C.ADDED, spec, lb[j], path + (j,), None, where, j)
            else:
                a, b = la[i], lb[j]
                w = self._item_where(spec, where, j, b)
                if (i, j) in moved:
                    text = self.d.summary(self.new, b).text if isinstance(b, BaseModel) else b
                    self._emit(C.MOVED, path + (j,), opath + (i,), where, self.d.position(spec, i + 1),
                               self.d.position(spec, j + 1), i + 1, j + 1, item=text)
                if isinstance(b, BaseModel):
                    self._model(a, b, path + (j,), opath + (i,), w)
                else:
                    self._text(a, b, path + (j,), opath + (i,), w)

    def _text(self, a: str, b: str, path, opath, where) -> None:
        if a == b:
            return
        if squeeze(a) == squeeze(b):
            self._emit(C.WHITESPACE, path, opath, where, a, b, a, b, quoted=True)
        else:
            self._emit(C.CHANGED, path, opath, where, a, b, a, b, quoted=True)

    def _item_where(self, spec: ListSpec, where, index: int, item) -> tuple[str, ...]:
        name = getattr(item, spec.name) if spec.name else None
        measure = item if isinstance(item, model.Measure) else None
        return self.d.item_where(spec, where, index + 1, name, measure)

    def _item(self, change, spec: ListSpec, item, path, opath, where, index) -> None:
        side = "old" if change == C.REMOVED else "new"
        hb = self.old if side == "old" else self.new
        # a named item or a measure is named by its value: 字段：新增「备注」
        w = where if spec.item in ("named", "measure") else self._item_where(spec, where, index, item)
        shown = self.d.summary(hb, item) if isinstance(item, BaseModel) else None
        text, quoted = (shown.text, shown.quoted) if shown else (item, True)
        value = raw(item)
        if change == C.REMOVED:
            self._emit(change, path, opath, w, text, None, value, None, quoted)
        else:
            self._emit(change, path, opath, w, None, text, None, value, quoted)

    # ---------------------------------------------------------------- policies

    @staticmethod
    def _match_articles(fa, fb):
        def text(art):
            return canon(art, skip=("id",))

        return match([_Mapped(x[2], text, None) for x in fa], [_Mapped(x[2], text, None) for x in fb],
                     canon=lambda w: w.canon, key=lambda w: w.item.id, similar=ITEM_SIMILAR, by_place=True)

    def _chapters(self, a: model.Policy, b: model.Policy, where) -> None:
        L = self.L
        ca, cb = a.chapters, b.chapters
        m = match(ca, cb, canon=lambda c: squeeze(c.title), similar=0.6, by_place=True)
        moved = m.moved
        events = [(i, 0, "removed", i, None) for i in m.removed]
        events += [(j, 1, "pair", i, j) for i, j in m.pairs]
        events += [(j, 1, "added", None, j) for j in m.added]
        for _, _, what, i, j in sorted(events, key=lambda e: (e[0], e[1])):
            if what == "removed":
                self._emit(C.REMOVED, ("chapters", i), ("chapters", i), where + (L.chapter(i + 1),),
                           ca[i].title, None, ca[i].title, None, True)
            elif what == "added":
                self._emit(C.ADDED, ("chapters", j), None, where + (L.chapter(j + 1),),
                           None, cb[j].title, None, cb[j].title, True)
            else:
                w = where + (L.chapter(j + 1),)
                if (i, j) in moved:
                    self._emit(C.MOVED, ("chapters", j), ("chapters", i), where, L.chapter(i + 1),
                               L.chapter(j + 1), i + 1, j + 1, item=cb[j].title)
                self._value(model.Chapter, "title", ca[i].title, cb[j].title, ("chapters", j, "title"),
                            ("chapters", i, "title"), w + (L.diff_chapter_title,))
        # articles are numbered across the policy: compared as one list
        fa, fb = _articles(a), _articles(b)
        m = self._match_articles(fa, fb)
        moved = m.moved
        events = [(i, 0, "removed", i, None) for i in m.removed]
        events += [(j, 1, "pair", i, j) for i, j in m.pairs]
        events += [(j, 1, "added", None, j) for j in m.added]
        for _, _, what, i, j in sorted(events, key=lambda e: (e[0], e[1])):
            if what == "removed":
                c, k, art = fa[i]
                self._effective = art.effective
                self._emit(C.REMOVED, ("chapters", c, "articles", k), ("chapters", c, "articles", k),
                           where + (L.article(i + 1),), art.text, None, _article_raw(art), None, True)
            elif what == "added":
                c, k, art = fb[j]
                self._effective = art.effective
                self._emit(C.ADDED, ("chapters", c, "articles", k), None, where + (L.article(j + 1),),
                           None, art.text, None, _article_raw(art), True)
            else:
                (c0, k0, x), (c1, k1, y) = fa[i], fb[j]
                self._effective = y.effective
                p, op = ("chapters", c1, "articles", k1), ("chapters", c0, "articles", k0)
                w = where + (L.article(j + 1),)
                if (i, j) in moved:
                    self._emit(C.MOVED, p, op, where, L.article(i + 1), L.article(j + 1), i + 1, j + 1, item=y.text)
                self._model(x, y, p, op, w)
            self._effective = None


class _Mapped:
    """An item with its canonical forms, computed once for the matching rounds."""

    __slots__ = ("item", "canon", "content", "words")

    def __init__(self, item, whole, content, mapper=None):
        self.item = item
        self.canon = whole(item) if whole is not None else None
        self.content = content(item) if content is not None else None
        self.words = words(item, mapper) if isinstance(item, BaseModel) else self.canon


def _name(kind: str, item) -> str:
    """What a reader calls the entity, for telling a rename from another entity."""
    if kind == "procedure":
        return squeeze(item.code + item.title)
    return squeeze(getattr(item, {"sanction": "act", "term": "term"}.get(kind, "title")))


def _key(spec: ListSpec):
    if not spec.key:
        return None

    def key(item):
        for attr in spec.key:
            value = getattr(item, attr, None)
            if value is not None:
                return f"{attr}={value.value if hasattr(value, 'value') else value}"
        return None

    return key


def _articles(policy: model.Policy) -> list[tuple[int, int, model.Article]]:
    return [(c, k, art) for c, chapter in enumerate(policy.chapters) for k, art in enumerate(chapter.articles)]


def _article_raw(art: model.Article):
    return art.model_dump(mode="json", exclude_defaults=True)


def compare(old: Handbook, new: Handbook, labels: Labels | None = None) -> tuple[list[C.Change], dict]:
    """The changes from `old` to `new`, and the renames found (kind -> old id -> new id)."""
    comparer = Comparer(old, new, labels or load_labels(new.locale))
    return comparer.run(), comparer.renames
