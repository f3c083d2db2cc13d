"""Pieces -> an outline of documents, headings and items.

The outline's levels come from the order in which numbering styles appear, the
way a reader infers them: a style seen for the first time is one level deeper,
a style seen before closes what was opened under it; 第X章 / 节 / 条 rank fixed,
and 一、 stays above 1. by convention. A compilation of manuals is cut into
documents at their titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cutting import Piece
from .patterns import department_in, role_heading

# ------------------------------------------------------------------ headings and titles

_SENTENCE = re.compile(r"[。；;！？!?]")
_FIELD_LABEL = re.compile(
    r"^(?:流程代号|流程编号|流程说明|主管部门|归口部门|责任部门|目的|适用范围|触发条件|岗位职责|工作职责|主要职责|岗位职能|"
    r"职责描述|工作内容|任职资格|任职要求|任职条件|岗位要求|工作权限|岗位权限|考核指标|绩效指标|直接上级|直接下级|"
    r"协作关系|工作关系|岗位目的|职位概要|定员|岗位编号|职位编号|所属部门|具体职责|职责)\s*[:：]?\s*$")
_DOC_TITLE_WORDS = re.compile(r"(?:制度|办法|规定|细则|条例|规范|手册|守则|规程|章程|方案|职责|流程图?|说明书|标准|范本|"
                              r"规章|管理制|汇编|准则|须知|工作安排|分工|职能|程序|体系)")


def is_heading(piece: Piece) -> bool:
    """Short, no sentence in it: a title of what follows, not content."""
    t = piece.text.strip()
    if not t or len(t) > 30 or _SENTENCE.search(t[:-1]) or t.endswith(("。", "；", ";", "，", ",", "、")):
        return False
    if re.search(r"[:：].", t):
        return False
    if t.endswith((":", "：")) and (len(t) > 12 or re.search(r"如下|以下|下列|包括|包含|如[:：]|主要有|分为", t)):
        return False  # a lead-in to a list, not a heading
    if _FIELD_LABEL.match(t):
        return False  # 流程代号： / 岗位职责： label what follows, under the heading above
    return True
    return True


def is_document_title(piece: Piece) -> bool:
    """A line that starts a new document of a compilation (市场部管理制度, 某公司营销部门管理手册)."""
    if piece.style:
        return False
    t = piece.text.strip()
    if piece.heading == 1 and is_heading(piece) and len(t) <= 40:
        return bool(_DOC_TITLE_WORDS.search(t)) or piece.heading == 1
    if not 4 <= len(t) <= 40 or _SENTENCE.search(t) or t.endswith(("，", ",", "：", ":", "、")):
        return False
    if re.search(r"[:：]", t):
        return False
    if role_heading(t):
        return False
    return bool(_DOC_TITLE_WORDS.search(re.sub(r"[（(][^)）]*[)）]|\d+篇|\d+页|word.*$|WORD.*$", "", t)))


# ------------------------------------------------------------------ the outline


@dataclass
class Node:
    piece: Piece
    children: list["Node"] = field(default_factory=list)
    claimed: str = ""  # what took it: role / department / procedure / ...

    @property
    def text(self) -> str:
        return self.piece.text

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def pieces(self) -> list[Piece]:
        return [n.piece for n in self.walk()]


@dataclass
class Document:
    """One document of the import: a titled part of a file (compilations hold many)."""

    file: int
    title: Piece | None
    nodes: list[Node] = field(default_factory=list)
    fallback: str | None = None  # the department of the file's title, for documents that name none

    @property
    def title_text(self) -> str:
        return self.title.text if self.title else ""

    @property
    def department(self) -> str | None:
        return department_in(self.title_text) if self.title else None

    def walk(self):
        for n in self.nodes:
            yield from n.walk()


_FIXED = {"bufen": 0, "zhang": 1, "jie": 2, "tiao": 3}
# The usual order of Chinese numbering, outermost first.
_CONVENTION = {"cn": 10, "cnparen": 20, "arabic": 30, "dotted2": 31, "dotted3": 32, "dotted4": 33, "dotted5": 34,
               "paren": 40, "rparen": 45, "circled": 50, "latin": 55}


def outline(pieces: list[Piece], file: int) -> list[Document]:
    """Pieces -> documents, each a forest of numbered nodes with their text beneath."""
    docs: list[Document] = []
    doc = Document(file, None)
    stack: list[tuple[str, Node]] = []

    def attach(node: Node) -> None:
        if stack:
            stack[-1][1].children.append(node)
        else:
            doc.nodes.append(node)

    for piece in pieces:
        if is_document_title(piece):
            if doc.title or doc.nodes:
                docs.append(doc)
            doc = Document(file, piece)
            stack = []
            continue
        style = piece.style
        if not style and piece.heading:
            style = f"h{piece.heading}"
        elif not style and (is_heading(piece) or _NAME_LINE.match(piece.text)) and not _is_tail_text(piece):
            style = "u"
        if not style:
            if _LABELLED.match(piece.text):
                # 任职要求： / 工作权限：… closes the numbered items before it
                # (but not an item that opens a section itself: 1. 市场拓展部部长主要职责：…)
                while stack and stack[-1][0] not in _FIXED and not stack[-1][0].startswith("h") \
                        and stack[-1][0] != "u" and not stack[-1][1].children \
                        and not re.match(r"^[^：:，,。；;]{2,20}[:：](?!\d)", stack[-1][1].text) \
                        and not role_heading(stack[-1][1].text):
                    stack.pop()
            attach(Node(piece))
            continue
        node = Node(piece)
        if style in _FIXED or style.startswith("h") or piece.heading:
            rank = _rank(style, node)
            while stack and (_rank(*stack[-1]) is None or _rank(*stack[-1]) >= rank):
                stack.pop()
        elif any(s == style for s, _ in stack):
            top = stack[-1][1]
            restart = piece.number == 1 and (stack[-1][0] == "u" or is_heading(top.piece)) and \
                not any(c.piece.style == style for c in top.children)
            if not restart:  # a sibling: of the open list that this number continues
                matches = [i for i, (s, _) in enumerate(stack) if s == style]
                pick = next((i for i in reversed(matches) if stack[i][1].piece.number + 1 == piece.number), matches[-1])
                del stack[pick:]
        elif style in _CONVENTION:
            # 一、 is above 1. by convention, even when 1. came first (a list before the
            # first chapter): close the deeper items instead of nesting under them
            while stack and _CONVENTION.get(stack[-1][0], -1) > _CONVENTION[style]:
                stack.pop()
        elif style == "u":
            if any(s == "u" for s, _ in stack):  # the next of a run of unnumbered headings
                while stack[-1][0] != "u":
                    stack.pop()
                stack.pop()
            else:  # it closes the numbered items before it, not the heading above them
                while stack and stack[-1][0] not in _FIXED and not stack[-1][0].startswith("h") \
                        and not is_heading(stack[-1][1].piece):
                    stack.pop()
        attach(node)
        stack.append((style, node))
    if doc.title or doc.nodes:
        docs.append(doc)
    home = next((d.department for d in docs if d.department), None)
    for d in docs:
        d.fallback = home
    return docs


_LABELLED = re.compile(
    r"^(?:流程代号|流程编号|流程说明|主管部门|岗位职责|工作职责|主要职责|岗位职能|职责描述|工作内容|任职资格|任职要求|"
    r"任职条件|岗位要求|工作权限|岗位权限|考核指标|绩效指标|直接上级|直接下级|协作关系|工作关系|岗位目的|职位概要)\s*[:：]")
_NAME_LINE = re.compile(r"^(?:流程名称|岗位名称|职位名称|职务名称)\s*[:：]")


def _rank(style: str, node: Node) -> int | None:
    """Outer parts rank lower: a Word or Markdown heading by its level (whatever its number),
    then 第X部分 / 章 / 节 / 条; None for the other numbering styles."""
    if node.piece.heading:
        return -10 + node.piece.heading
    if style in _FIXED:
        return _FIXED[style]
    if style.startswith("h") and style[1:].isdigit():
        return -10 + int(style[1:])
    return None


def _is_tail_text(piece: Piece) -> bool:
    """A short line that ends a sentence elsewhere (a fragment of a wrapped line)."""
    return bool(re.match(r"^[）)」』】,，、]", piece.text))
