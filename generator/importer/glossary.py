"""Recognising glossary terms: "术语：定义" under a 定义 / 术语 heading, "术语(全称)…" anywhere.

- Under a heading 定义 / 术语 / 名词解释 / 释义, each item `公司市场拓展：指通过…` is a
  term, and the section moves to the glossary.
- Anywhere, `SLT(Sales Leadership Team)意为销售领导小组…` or `X：指…` / `X是指…`
  defines a term; the sentence stays where it is, and the term is added.
"""

from __future__ import annotations

import re

from .draft import Draft, Term, clean
from .outline import Document, Node

_SECTION = re.compile(r"^(?:定义|术语|名词解释|释义|术语定义|名词定义|用语定义|术语和定义|术语与定义|名词术语|用语说明)\s*[:：]?$")
_DEFINED = re.compile(r"^(?P<t>[^：:，,。；;（(]{1,16})\s*[:：]\s*(?:指|是指|即|意为|系指)?\s*(?P<d>.{2,})$")
_ABBREVIATION = re.compile(r"^(?P<t>[A-Z][A-Za-z0-9&]{1,9}|[\u4e00-\u9fff]{2,10})\s*[（(](?P<f>[A-Za-z][A-Za-z0-9 &.,'\-]{2,60})[)）]"
                           r"\s*(?:[:：,，]\s*)?(?:意为|即|是指|指|是|为|的意思是)?\s*(?P<d>.*)$")
_ABBREVIATION_IN = re.compile(r"(?<![A-Za-z])(?P<t>[A-Z]{2,8})\s*[（(](?P<f>[A-Z][A-Za-z0-9 &.,'\-]{2,60})[)）]\s*[,，]?\s*"
                              r"(?:意为|即|是指|指|意思是|的意思是)\s*(?P<d>[^。；;]{2,80})")
_ABBREVIATION_DASH = re.compile(r"^(?P<t>[A-Z]{2,8})\s*[—–-]{1,2}\s*(?P<d>[\u4e00-\u9fff]{2,16}[：:].{4,})$")
_MEANS = re.compile(r"^(?P<t>[^：:，,。；;（(]{1,14}?)\s*[:：]?\s*(?:是指|系指|意为|指的是|[:：]\s*指)\s*(?P<d>.{4,})$")


def recognise_glossary(docs: list[Document], draft: Draft) -> None:
    for doc in docs:
        for node in doc.walk():
            if node.claimed:
                continue
            if _SECTION.match(node.text.strip()) and node.children:
                _section(node, draft)
                continue
            text = node.text.strip()
            for m in (_ABBREVIATION.match(text), _ABBREVIATION_DASH.match(text), _MEANS.match(text)):
                if m and m.group("d"):
                    _add(draft, m.group("t"), m.groupdict().get("f") or "", m.group("d"), node, move=False)
                    break
            else:
                for m in _ABBREVIATION_IN.finditer(text):
                    _add(draft, m.group("t"), m.group("f"), m.group("d"), node, move=False)


def _section(node: Node, draft: Draft) -> None:
    added = False
    for child in node.children:
        m = _DEFINED.match(child.text.strip()) or _ABBREVIATION.match(child.text.strip())
        if m and m.group("d"):
            term = _add(draft, m.group("t"), m.groupdict().get("f") or "", m.group("d"), child, move=True)
            added = added or term is not None
    if added:
        node.claimed = "glossary"
        node.piece.leave("reason.heading_moved", to="glossary.yml")


def _add(draft: Draft, term: str, full: str, definition: str, node: Node, move: bool) -> Term | None:
    term, definition = clean(term), clean(definition)
    if not term or not definition or draft.term(term):
        return None
    t = Term(term, full=clean(full), definition=definition)
    draft.terms.append(t)
    if move:
        for n in node.walk():
            n.claimed = "glossary"
        t.take(*node.pieces())
    else:
        t.take(node.piece)
    return t
