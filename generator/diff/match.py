"""Which item of the old list is which item of the new one: the ground for telling a
reordering, a rename or an edit from a removal plus an addition.

Items are paired in rounds, the surest first: the same key (an id), the same content
(whitespace aside), the same content under another key (a rename), similar content,
and, for lists without keys, what is left at the same place. Then the pairs whose
relative order changed are the moved ones: all but a longest run that kept its order.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable, Sequence


@dataclass
class Matching:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (old index, new index)
    removed: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)

    @property
    def moved(self) -> set[tuple[int, int]]:
        return moved(self.pairs)


def ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    m = SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < 0.3 or m.quick_ratio() < 0.3:
        return 0.0
    return m.ratio()


def match(old: Sequence, new: Sequence, *, canon: Callable[[object], str],
          key: Callable[[object], str | None] | None = None,
          content: Callable[[object], str] | None = None, text: Callable[[object], str] | None = None,
          similar: float = 0.5, by_place: bool = True) -> Matching:
    """Pair the items of `old` and `new`.

    canon:   the item's whole content as a string (equal: the same item)
    key:     the item's id, if it has one (None: no key); equal keys pair first
    content: the content without the key (equal under different keys: a rename)
    text:    the content compared for similarity (default: canon)
    similar: least similarity ratio of `text` for an edited item
    by_place: pair what is left at the same index (lists without keys)
    """
    left_old = list(range(len(old)))
    left_new = list(range(len(new)))
    pairs: list[tuple[int, int]] = []

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        left_old.remove(i)
        left_new.remove(j)

    def pair_equal(value: Callable[[object], object]) -> None:
        waiting: dict[object, list[int]] = {}
        for j in left_new:
            v = value(new[j])
            if v is not None:
                waiting.setdefault(v, []).append(j)
        for i in list(left_old):
            v = value(old[i])
            if v is not None and waiting.get(v):
                take(i, waiting[v].pop(0))

    if key is not None:
        pair_equal(key)
    pair_equal(canon)
    if content is not None:
        pair_equal(content)
    if similar < 1 and left_old and left_new:
        text = text or canon
        scores = sorted(((ratio(text(old[i]), text(new[j])), i, j) for i in left_old for j in left_new),
                        key=lambda s: (-s[0], s[1], s[2]))
        for score, i, j in scores:
            if score < similar:
                break
            if i in left_old and j in left_new:
                take(i, j)
    if by_place:
        for i in list(left_old):
            keyed = key is not None and (key(old[i]) is not None or key(new[i]) is not None) if i in left_new else True
            if i in left_new and not keyed:
                take(i, i)
    pairs.sort(key=lambda p: p[1])
    return Matching(pairs, sorted(left_old), sorted(left_new))


def moved(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs outside a longest run that kept its relative order (what a reader sees as
    moved; items shifted by an insertion or a removal have not moved)."""
    ordered = sorted(pairs, key=lambda p: p[1])
    olds = [p[0] for p in ordered]
    # longest increasing subsequence, with back links
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(olds)
    for k, v in enumerate(olds):
        n = bisect_left(tails, v)
        if n == len(tails):
            tails.append(v)
            tail_at.append(k)
        else:
            tails[n] = v
            tail_at[n] = k
        back[k] = tail_at[n - 1] if n else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k != -1:
        keep.add(k)
        k = back[k]
    return {ordered[k] for k in range(len(ordered)) if k not in keep}
