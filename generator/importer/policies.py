"""Recognising policies (制度): what is left of each document, as chapters and articles.

A document's headings (第X章, 一、总则, a Word heading) become chapters, the items
beneath them articles, in their order, without their numbers (the generator
numbers chapters and articles itself). The sub-items of an article stay in it,
in order, with their own numbers: `…包括但不限于：1. 负责…；2. 开发…`. Text before
the first heading goes into a first chapter named after the document.
"""

from __future__ import annotations

import re

from .draft import Article, Chapter, Draft, Policy, clean
from .messages import text as say
from .outline import Document, Node, is_heading
from .patterns import department_title

_FIXED_CHAPTER = ("bufen", "zhang", "jie")
_CLEAN_TITLE = re.compile(r"^(?:\(完整版\)|（完整版）|\d+[、.]\s*)|(?:\d+页)?(?:word|WORD|Word)(?:文档|版本|版)?$|[（(]\d+篇[)）]$")


def policy_title(title: str) -> str:
    t = _CLEAN_TITLE.sub("", title.strip()).strip()
    return t or title.strip()


def recognise_policies(docs: list[Document], draft: Draft, lang: str, file_titles: list[str]) -> None:
    seen: dict[str, Article] = {}  # scraped compilations hold some documents twice
    for doc in docs:
        title = policy_title(doc.title_text) if doc.title else file_titles[doc.file]
        policy = Policy(title, order=(len(draft.policies) + 1) * 10)
        current: Chapter | None = None
        for node in doc.nodes:
            if node.claimed:
                _heading_only(node)
                continue
            live = [c for c in node.children if _has_live(c)]
            if _is_chapter(node) and live:
                current = Chapter(clean(node.text) or title)
                policy.chapters.append(current)
                policy.take(node.piece)
                for c in live:
                    _add_article(current, c, policy, seen)
                _leftovers(node)
            elif _is_chapter(node) and not live:
                _heading_only(node)
            else:
                if current is None:
                    current = Chapter(say("yaml.main_chapter", lang, title=title))
                    policy.chapters.append(current)
                _add_article(current, node, policy, seen)
        policy.chapters = [c for c in policy.chapters if c.articles]
        if policy.chapters:
            if doc.title:
                policy.take(doc.title)
            d = doc.department
            policy.owner = draft.department(d, create=False) if d else None
            draft.policies.append(policy)
        elif doc.title and not doc.title.placed and doc.title.reason is None:
            moved = {p for n in doc.walk() for p in n.piece.placed}
            if moved:
                doc.title.leave("reason.heading_moved", to=_names(moved))
            else:
                doc.title.leave("reason.empty_heading")


def _names(entities) -> str:
    return "、".join(sorted({getattr(e, "title", "") for e in entities if getattr(e, "title", "")}))[:80]


def _has_live(node: Node) -> bool:
    return any(not n.claimed and not n.piece.reason for n in node.walk())


def _is_chapter(node: Node) -> bool:
    p = node.piece
    if p.style in _FIXED_CHAPTER or p.heading:
        return True
    if p.style == "tiao":
        return False
    return is_heading(p) and bool(node.children)


def _add_article(chapter: Chapter, node: Node, policy: Policy, seen: dict[str, Article]) -> None:
    """One article: the node's text and, in order, its sub-items with their numbers."""
    pieces = [n.piece for n in node.walk() if not n.claimed and not n.piece.reason]
    if not pieces:
        return
    parts: list[str] = []
    head = pieces[0]
    for p in pieces:
        t = p.text if p is head and p is node.piece else p.full
        t = t.strip()
        if not t:
            continue
        if parts and not re.search(r"[。；;：:！？!?，,、]$", parts[-1]):
            parts[-1] += "：" if p is not head and parts[-1] == _first(node) and is_heading(node.piece) else "；"
        parts.append(t)
    text = clean("".join(parts)) if len(parts) > 1 else clean(parts[0]) if parts else ""
    if not text:
        return
    key = re.sub(r"[\s，,。.；;：:、（）()]", "", text)
    first = seen.get(key)
    if first is not None and len(key) >= 20:
        for p in pieces:
            p.leave("reason.duplicate", no=first.pieces[0].no)
        return
    article = Article(text, pieces)
    seen.setdefault(key, article)
    chapter.articles.append(article)
    policy.take(*pieces)


def _first(node: Node) -> str:
    return node.text.strip()


def _heading_only(node: Node) -> None:
    """A heading whose content went elsewhere (a role, a procedure): say where."""
    p = node.piece
    if p.placed or p.reason:
        return
    moved = {x for n in node.walk() for x in n.piece.placed}
    if moved:
        p.leave("reason.heading_moved", to=_names(moved))
    elif department_title(p.text) or is_heading(p):
        p.leave("reason.empty_heading")


def _leftovers(node: Node) -> None:
    for n in node.walk():
        if n.claimed:
            _heading_only(n)
