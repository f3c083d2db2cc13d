"""What running text mentions: 《form》 titles, procedure codes and glossary terms.

HR writes "填写《销售计划表》" or "按报价审批流程（SC-010）办理" in duties, steps, articles and
notes. This module finds those mentions so that

- the checks can warn about a 《…》 that names no form (or policy) of the handbook, with
  "did you mean", about a procedure code that names no procedure, and about a glossary
  term that nothing in the handbook uses;
- the site and the manual can turn every mention into a link with one function,
  `mention_spans(text, index)`, so that both media link exactly the same words.

Everything here is a pure function of plain inputs: the loaded `source.load.Source` (its entries
and their YAML positions) or a `MentionIndex` built from dicts of titles and codes. No
paths are read and no templates are involved. Locations are given as the entity's `Entry`
and the key path into its YAML data, exactly as `Entry.locate(*path)` takes it.

Titles are compared after folding what a typist cannot see the difference of: full- and
half-width characters (（重） and (重), ＳＣ－００１ and SC-001), spaces, and letter case.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import itertools
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from pydantic import BaseModel

from . import model

if typing.TYPE_CHECKING:  # only for annotations: no import cycle, no renderer
    from ..errors import Location
    from .load import Entry, Source

# ------------------------------------------------------------------ folding


class _Folds(dict):
    """str.translate's table for `fold`: a character's NFKC form when that is one character
    too (Ａ→A, （→(, －→-), so that offsets into the folded text are offsets into the
    original. Filled as characters are met: a translation in C, not a call per character."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        n = unicodedata.normalize("NFKC", c)
        self[code] = folded = n if len(n) == 1 else c
        return folded


_FOLDS = _Folds()


@lru_cache(maxsize=1 << 16)  # the checks and both renderers fold the same texts, `serve` on every save
def fold(text: str) -> str:
    """`text` with full-width forms replaced by their half-width equivalents, same length."""
    return text if text.isascii() else text.translate(_FOLDS)  # ASCII is its own NFKC


_SPACE = re.compile(r"\s+")


def title_key(title: str) -> str:
    """The comparison key of a title: NFKC, no whitespace (also U+3000), case-folded."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", title)).casefold()


# ------------------------------------------------------------------ the index


@dataclass(frozen=True)
class MentionIndex:
    """What a mention can name. `procedures` maps a code (SC-001) to a procedure id, `forms`
    and `policies` map a title (without 《》) to an id. Keys are folded on construction, so
    a mention typed in full width or with spaces still finds its entity."""

    procedures: Mapping[str, str] = field(default_factory=dict)
    forms: Mapping[str, str] = field(default_factory=dict)
    policies: Mapping[str, str] = field(default_factory=dict)
    # derived
    _codes: dict[tuple[str, int], str] = field(init=False, repr=False, compare=False)
    _titles: dict[str, tuple[str, str, str]] = field(init=False, repr=False, compare=False)
    _code_re: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes: dict[tuple[str, int], str] = {}
        for code, pid in self.procedures.items():
            parsed = _parse_code(code)
            if parsed:
                codes[parsed] = pid
        titles: dict[str, tuple[str, str, str]] = {}
        # a form wins over a policy of the same title: forms are what 《》 names most
        for kind, table in (("policy", self.policies), ("form", self.forms)):
            for title, eid in table.items():
                titles[title_key(title)] = (kind, eid, title)
        object.__setattr__(self, "_codes", codes)
        object.__setattr__(self, "_titles", titles)
        object.__setattr__(self, "_code_re", _code_pattern({p for p, _ in codes}))

    @classmethod
    def from_source(cls, source: Source) -> MentionIndex:
        """From the loaded entries (what the checks have)."""
        return cls(
            procedures={e.item.code: e.item.id for e in source.of_kind("procedure")},
            forms={e.item.title: e.item.id for e in source.of_kind("form")},
            policies={e.item.title: e.item.id for e in source.of_kind("policy")},
        )

    @classmethod
    def from_handbook(cls, hb) -> MentionIndex:
        """From the resolved handbook (what the renderers have): anything with `procedures`
        and `forms` as dicts of models by id and `policies` as models."""
        policies = hb.policies.values() if isinstance(hb.policies, Mapping) else hb.policies
        return cls(
            procedures={p.code: p.id for p in hb.procedures.values()},
            forms={f.title: f.id for f in hb.forms.values()},
            policies={p.title: p.id for p in policies},
        )

    def title(self, mention: str) -> tuple[str, str] | None:
        """(kind, id) of the form or policy a title (without 《》) names, or None."""
        found = self._titles.get(title_key(mention))
        return (found[0], found[1]) if found else None

    def procedure(self, code: str) -> str | None:
        parsed = _parse_code(fold(code))
        return self._codes.get(parsed) if parsed else None

    def suggest(self, mention: str) -> str | None:
        """The known title closest to `mention` (as the handbook writes it), or None."""
        key = title_key(mention)
        if not key or not self._titles:
            return None
        keys = list(self._titles)
        close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        if not close:  # 《客户资料》 for 客户资料库, 《新客户操作通知单》 …: one contains the other
            inside = [k for k in keys if key in k or k in key]
            close = sorted(inside, key=lambda k: (-difflib.SequenceMatcher(None, key, k).ratio(), k))[:1]
        return self._titles[close[0]][2] if close else None


def _as_index(index: MentionIndex | Mapping) -> MentionIndex:
    if isinstance(index, MentionIndex):
        return index
    return MentionIndex(**{k: index.get(k, {}) for k in ("procedures", "forms", "policies")})


# ------------------------------------------------------------------ spans

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # - ‐ ‑ ‒ – — ― − (after folding ＝ -)
_CODE = re.compile(rf"^([A-Za-z]+)\s*[{_DASHES}]\s*([0-9]+)$")
# Every character that `fold` makes one of _DASHES (a test checks all of Unicode): a text
# without one holds no code, and need not be folded to be searched (most texts).
_DASH_LIKE = re.compile("[-\u2010-\u2015\u207b\u208b\u2212\ufe31\ufe32\ufe58\ufe63\uff0d]")


def _parse_code(code: str) -> tuple[str, int] | None:
    m = _CODE.match(fold(code).strip())
    return (m.group(1).upper(), int(m.group(2))) if m else None


def _code_pattern(prefixes: set[str]) -> re.Pattern | None:
    """Codes with the prefixes the handbook's procedures use (SC-001, SC—001, ＳＣ－００１),
    not inside a longer code (HXD-SC-01) or word."""
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9{_DASHES}])({alternatives})[ ]?[{_DASHES}][ ]?([0-9]+)(?![0-9])",
                      re.IGNORECASE)


_DOUBLE_TITLE = re.compile(r"《([^《》]*)》")
_SINGLE_TITLE = re.compile(r"〈([^〈〉《》]*)〉")


class Span(typing.NamedTuple):
    """A mention in a text: `text[start:end]` names the entity `id` of `kind`
    ("procedure", "form" or "policy"). A title's span includes its 《》."""

    start: int
    end: int
    kind: str
    id: str


def _title_matches(text: str) -> Iterator[re.Match]:
    """Every 《…》, and every 〈…〉 outside one (a single title mark used on its own)."""
    if "《" not in text and "〈" not in text:  # most texts: two searches in C, no regex
        return
    doubles = list(_DOUBLE_TITLE.finditer(text))
    yield from doubles
    for m in _SINGLE_TITLE.finditer(text):
        if not any(d.start() <= m.start() < d.end() for d in doubles):
            yield m


def _code_matches(text: str, index: MentionIndex) -> Iterator[tuple[re.Match, tuple[str, int]]]:
    if index._code_re is None or not _DASH_LIKE.search(text):
        return
    for m in index._code_re.finditer(fold(text)):
        yield m, (m.group(1).upper(), int(m.group(2)))


def mention_spans(text: str, handbook_index: MentionIndex | Mapping) -> list[Span]:
    """The mentions in `text` of the handbook's procedures (by code) and of its forms and
    policies (by 《title》), in order, never overlapping. Only what names an entity is
    returned: an unknown 《…》 or code stays plain text (the checks report it). The site
    and the manual both call this, so that they link the same words."""
    index = _as_index(handbook_index)
    spans: list[Span] = []
    for m in _title_matches(text):
        found = index.title(m.group(1))
        if found:
            spans.append(Span(m.start(), m.end(), *found))
    for m, parsed in _code_matches(text, index):
        pid = index._codes.get(parsed)
        if pid and not any(s.start <= m.start() < s.end for s in spans):
            spans.append(Span(m.start(), m.end(), "procedure", pid))
    return sorted(spans)


# ------------------------------------------------------------------ running text


class Passage(typing.NamedTuple):
    """One string of running text: the entity it belongs to, the key path into the
    entity's model, and the text as loaded. (A tuple: a large handbook has a hundred
    thousand, and few of them are ever located.)"""

    entry: Entry
    model_path: tuple
    text: str

    @property
    def path(self) -> tuple:
        """The key path into the entity's YAML data (as `entry.locate(*path)` takes it)."""
        return _data_path(self.entry, self.model_path)

    @property
    def location(self) -> Location:
        return self.entry.locate(*self.path)


_UNIONS = (typing.Union, types.UnionType)


def _unwrap(annotation, metadata: Iterable = ()) -> tuple[object, list]:
    meta = list(metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation, meta = args[0], meta + list(args[1:])
    return annotation, meta


def _is_prose(annotation, metadata) -> bool:
    """Free text, as opposed to an id, a reference, a fixed choice (Literal) or a number."""
    annotation, meta = _unwrap(annotation, metadata)
    if any(isinstance(m, model.Ref) for m in meta) or any(getattr(m, "func", None) is model.check_slug
                                                          for m in meta):
        return False
    if annotation is str:
        return True
    if typing.get_origin(annotation) in _UNIONS:
        return any(_is_prose(a, ()) for a in typing.get_args(annotation))
    return False


def _list_item(annotation) -> tuple[object, list]:
    annotation, _ = _unwrap(annotation)
    if typing.get_origin(annotation) in _UNIONS:
        annotation = next((a for a in typing.get_args(annotation) if typing.get_origin(_unwrap(a)[0]) is list),
                          annotation)
        annotation, _ = _unwrap(annotation)
    args = typing.get_args(annotation)
    return _unwrap(args[0]) if args else (None, [])


@functools.lru_cache(maxsize=None)
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, object, tuple, bool, object, tuple], ...]:
    """Per field of a model class: name, annotation, metadata, whether a string there is
    prose, and a list item's annotation and metadata. Typing's introspection once per
    class, not once per value."""
    out = []
    for name, info in cls.model_fields.items():
        item, meta = _list_item(info.annotation)
        out.append((name, info.annotation, tuple(info.metadata), _is_prose(info.annotation, info.metadata),
                    item, tuple(meta)))
    return tuple(out)


def _collect(value, prose: bool, item, meta, path: tuple, out: list) -> None:
    """Append (model path, text) of every prose string under `value` (a model or a list)
    to `out`, in reading order. Recursion follows the models' nesting (a few levels),
    never the YAML's: the data was validated against them."""
    if isinstance(value, BaseModel):
        written = value.model_fields_set  # what was written, not a default
        children = [(getattr(value, name), is_prose, list_item, list_meta, name)
                    for name, _, _, is_prose, list_item, list_meta in _fields(type(value)) if name in written]
    elif isinstance(value, (list, tuple)):
        prose, (item, meta) = _is_prose_item(item, meta), _list_item_of(item)
        children = [(v, prose, item, meta, i) for i, v in enumerate(value)]
    else:
        return
    for child, is_prose, child_item, child_meta, part in children:
        if isinstance(child, str):  # most values: handled here, without a call
            if is_prose and child and (child.__class__ is str or not isinstance(child, Enum)):
                out.append((path + (part,), child))
        elif isinstance(child, (BaseModel, list, tuple)):
            _collect(child, is_prose, child_item, child_meta, path + (part,), out)


_MEMO: dict = {}  # (what, id(annotation), metadata ids) -> (result, the objects: kept alive)


def _is_prose_item(annotation, meta: tuple) -> bool:
    k = ("prose", id(annotation), tuple(map(id, meta)))
    if k not in _MEMO:
        _MEMO[k] = (_is_prose(annotation, meta), annotation, meta)
    return _MEMO[k][0]


def _list_item_of(annotation) -> tuple[object, tuple]:
    k = ("item", id(annotation), ())
    if k not in _MEMO:
        item, meta = _list_item(annotation)
        _MEMO[k] = ((item, tuple(meta)), annotation, ())
    return _MEMO[k][0]


def _data_path(entry: Entry, path: tuple) -> tuple:
    """The model path as a path into the YAML data: a duty written as plain text
    (`- 负责客户开发`) is the model's `(…, i, "text")` but the data's `(…, i)`."""
    node = entry.doc.data
    for part in entry.base:
        node = node[part] if isinstance(node, (dict, list)) else None
    for n, part in enumerate(path):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return path[:n] if isinstance(node, str) else path
    return path


def running_text(source: Source, kinds: Iterable[str] | None = None) -> Iterator[Passage]:
    """Every string of free text in the handbook (titles, purposes, duties, actions,
    articles, notes, definitions, form labels and options …), entity by entity; ids,
    references and fixed choices are left out. `kinds` limits the entity kinds
    ("company", "department", "role", "procedure", "policy", "form", "sanction", "term")."""
    wanted = set(kinds) if kinds is not None else None
    entries = ([source.company] if source.company else []) + list(source.entries)
    for entry in entries:
        if wanted is not None and entry.kind not in wanted:
            continue
        found: list[tuple[tuple, str]] = []
        _collect(entry.item, False, None, (), (), found)
        for path, text in found:
            yield Passage(entry, path, text)


# ------------------------------------------------------------------ checks


@dataclass(frozen=True)
class UnknownMention:
    """A 《title》 that names no form or policy, or a procedure code that names no
    procedure; `suggestion` is the closest title or code the handbook has, if any."""

    where: Passage
    start: int
    end: int
    mention: str  # as written, with its 《》
    suggestion: str | None = None

    @property
    def location(self) -> Location:
        return self.where.location


def unknown_titles(source: Source, index: MentionIndex | Mapping | None = None,
                   passages: Iterable[Passage] | None = None) -> list[UnknownMention]:
    """Every 《…》 (or 〈…〉 on its own) in running text that names no form and no policy of
    the handbook, with the closest title as "did you mean". `index` defaults to the
    source's own forms and policies; a company may add titles there that are no entity
    of the handbook but may be quoted (a law, a contract template)."""
    idx = _as_index(index) if index is not None else MentionIndex.from_source(source)
    out = []
    for t in (running_text(source) if passages is None else passages):
        for m in _title_matches(t.text):
            if idx.title(m.group(1)) is None:
                out.append(UnknownMention(t, m.start(), m.end(), m.group(0), idx.suggest(m.group(1))))
    return out


def unknown_codes(source: Source, index: MentionIndex | Mapping | None = None,
                  passages: Iterable[Passage] | None = None) -> list[UnknownMention]:
    """Every procedure code in running text (with a prefix the handbook's codes use, so
    SC-014 where SC-001…SC-013 exist) that names no procedure, with the closest code."""
    idx = _as_index(index) if index is not None else MentionIndex.from_source(source)
    known = sorted(idx.procedures)
    out = []
    for t in (running_text(source) if passages is None else passages):
        for m, parsed in _code_matches(t.text, idx):
            if parsed not in idx._codes:
                close = difflib.get_close_matches(f"{parsed[0]}-{m.group(2)}", known, n=1, cutoff=0.6)
                out.append(UnknownMention(t, m.start(), m.end(), t.text[m.start():m.end()],
                                          close[0] if close else None))
    return out


_VARIANT_SPLIT = re.compile(r"\s*[/／、]\s*")
_LATIN = re.compile(r"^[a-z0-9][a-z0-9 .&+-]*$")


def term_variants(term: str, full: str = "") -> list[str]:
    """The spellings that count as using a term: "签准 / 签否" is used when either word is,
    "SLT" also when "Sales Leadership Team" is written out."""
    parts = [p for p in _VARIANT_SPLIT.split(term) if p.strip()] + ([full] if full.strip() else [])
    return list(dict.fromkeys(title_key(p) for p in parts))


def _uses(corpus: str, variant: str) -> bool:
    if _LATIN.match(variant):  # KPI is not used by "KPIX" or an id: whole words only
        return re.search(rf"(?<![a-z0-9]){re.escape(variant)}(?![a-z0-9])", corpus) is not None
    return variant in corpus


@dataclass(frozen=True)
class UnusedTerm:
    entry: Entry  # the glossary term's entry; path ("term",)
    term: str

    path: tuple = ("term",)

    @property
    def location(self) -> Location:
        return self.entry.locate(*self.path)


_CHUNK = 1000  # texts folded at a time when a term is looked for everywhere


def unused_terms(source: Source, passages: Iterable[Passage] | None = None) -> list[UnusedTerm]:
    """Glossary terms that no text of the handbook uses, outside the glossary itself (a
    term that only other definitions mention explains nothing a reader meets). A term is
    used when its `term` (or one of its " / " variants) or its `full` name appears."""
    texts = [t.text for t in (running_text(source) if passages is None else passages) if t.entry.kind != "term"]
    pending = [(e, [_needle(x) for x in _spellings(e.item)]) for e in source.of_kind("term")]
    if texts:  # folding every text is most of the time: first the texts that hold a spelling as written
        joined = "\n".join(texts)
        starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        pending = [(e, needles) for e, needles in pending
                   if not any(_written_as_spelled(needle, texts, joined, starts) for needle in needles)]
    for start in range(0, max(len(texts), 1), _CHUNK):  # then every text, until all are found
        if not pending:
            break
        corpus, words = _folded(texts[start:start + _CHUNK])
        pending = [(e, needles) for e, needles in pending
                   if not any(_found(needle, corpus, words) for needle in needles)]
    return [UnusedTerm(e, e.item.term) for e, _ in pending]


def _folded(texts: list[str]) -> tuple[str, str]:
    """The texts as terms are looked for in them, one a line: their title keys, and their
    words (spaces kept: Latin terms are whole words of the text as written, "the OSB chain")."""
    folded = [unicodedata.normalize("NFKC", t).casefold() for t in texts]
    return "\n".join(_SPACE.sub("", t) for t in folded), "\n".join(_SPACE.sub(" ", t) for t in folded)


def _found(needle: tuple[bool, str], corpus: str, words: str) -> bool:
    latin, text = needle
    return _uses(words, text) if latin else text in corpus


def _written_as_spelled(needle: tuple[bool, str], texts: list[str], joined: str, starts: list[int]) -> bool:
    """Whether a text that holds the needle as written (`joined`: the texts, one a line,
    each starting at `starts`) holds it once folded too, as `_found` looks for it."""
    latin, text = needle
    checked = -1
    for m in re.finditer(re.escape(text), joined, re.IGNORECASE if latin else 0):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i != checked and _found(needle, *_folded([texts[i]])):
            return True
        checked = i
    return False


def _spellings(term) -> list[str]:
    spellings = [p for p in _VARIANT_SPLIT.split(term.term) if p.strip()]
    return spellings + [x for x in (term.full, *getattr(term, "aliases", ())) if x.strip()]


def _needle(spelling: str) -> tuple[bool, str]:
    """What to look for: (True, the words) for a Latin spelling, else (False, its title_key)."""
    spaced = _SPACE.sub(" ", unicodedata.normalize("NFKC", spelling).casefold()).strip()
    return (True, spaced) if _LATIN.match(spaced) else (False, title_key(spelling))


# ------------------------------------------------------------------ glossary order


@lru_cache(maxsize=4096)
def glossary_sort_key(term: str) -> tuple:
    """Sort key for glossary terms in pinyin order, as a Chinese reader looks them up:
    by syllable, then tone, character by character (存根联 before 大客户 before 回款);
    letters sort among the syllables (KPI under K), digits first, punctuation ignored.
    Code-point order would put 代 (U+4EE3) after 回 (U+56DE) and 存 (U+5B58) after both."""
    from pypinyin import Style, lazy_pinyin  # dictionaries load on first use only

    text = "".join(c for c in unicodedata.normalize("NFKC", term) if c.isalnum())
    key = []
    for syllable in lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s)):
        s = syllable.lower()
        if len(s) > 1 and s[-1].isdigit() and s[:-1].isalpha():
            key.append((s[:-1], int(s[-1])))
        else:
            key.append((s, 0))
    return (tuple(key), term.casefold(), term)
