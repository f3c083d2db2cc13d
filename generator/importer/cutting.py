"""Cutting paragraphs into numbered pieces.

Manuals number their parts in a few ways: 第X章 / 第X节 / 第X条, 一、/（一）/
1、 1. / 1.1 / (1) / 1) / ① / a、, bullets (●, •, -), and Word's automatic
numbers. Scraped manuals also run several of them into one line
(`…总则第一条为了…`, `职责:1、完成销售指标;2、项目合同履约;`); a line is cut
where a number continues a sequence, or where a chapter or article begins, and
not where a number is part of the text (`统一、规范`, `第五条规定的`, `2.5倍`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .patterns import CJK, NUM_CN
from .sources import Paragraph, chinese_number

# ------------------------------------------------------------------ pieces


@dataclass
class Piece:
    """One line of the outline, cut from a source paragraph."""

    file: int  # index of the source file in the import
    no: int  # paragraph number in that file
    text: str  # without its number
    style: str = ""  # numbering style, "" for unnumbered text
    number: int = 0
    label: str = ""  # the number as written: 第三条, 1、, (2)
    heading: int = 0  # Word / Markdown heading level
    placed: list[str] = field(default_factory=list)  # files it went to
    reason: tuple[str, dict] | None = None  # why it was left out

    @property
    def full(self) -> str:
        return f"{self.label}{self.text}"

    def place(self, where: str) -> None:
        if where not in self.placed:
            self.placed.append(where)

    def leave(self, key: str, **fields) -> None:
        if not self.placed and self.reason is None:
            self.reason = (key, fields)


def cn_value(text: str) -> int:
    """一 -> 1, 十二 -> 12, 二十一 -> 21, 一百零五 -> 105; digits as they are."""
    if text.isascii() and text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    total, current = 0, 0
    for c in text:
        if c in digits:
            current = digits[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


# ------------------------------------------------------------------ markers at the start of a line

_N = rf"[{NUM_CN}]+"
_STARTS = [
    ("bufen", re.compile(rf"^第\s*({_N}|\d+)\s*(?:部分|篇)\s*[:：、.．]?\s*")),
    ("zhang", re.compile(rf"^第\s*({_N}|\d+)\s*章\s*[:：、.．]?\s*")),
    ("jie", re.compile(rf"^第\s*({_N}|\d+)\s*节\s*[:：、.．]?\s*")),
    ("tiao", re.compile(rf"^第\s*({_N}|\d+)\s*条\s*[:：、.．]?\s*")),
    ("cnparen", re.compile(rf"^[（(]\s*({_N})\s*[)）]\s*[、.．]?\s*")),
    ("cn", re.compile(rf"^({_N})\s*[、.．]\s*")),
    ("dotted", re.compile(r"^(\d{1,3}(?:[.．]\d{1,3}){1,4})(?![0-9])[.．、]?\s*")),
    ("paren", re.compile(r"^[（(]\s*(\d{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("rparen", re.compile(r"^(\d{1,3})\s*[)）]\s*")),
    ("arabic", re.compile(r"^(\d{1,3})\s*(?:[、，,]|[.．](?![0-9]))\s*")),
    ("circled", re.compile(r"^([\u2460-\u2473\u2776-\u277f])\s*")),
    ("latin", re.compile(rf"^([a-zA-Z])\s*[、.．)）]\s*(?=[{CJK}])")),
    ("bullet", re.compile(r"^([●•▪◆■□◇★☆√✓➢➤►▶❖※◎○◦‣⁃]|-(?=\s)|\*(?=\s))\s*")),
]
# 十三条 at the start of a line, where the writer left out 第 (only when it continues the articles)
_BARE_TIAO = re.compile(rf"^({_N})条\s*")


def _number(style: str, value: str) -> int:
    if style == "circled":
        code = ord(value)
        return code - 0x2460 + 1 if code <= 0x2473 else code - 0x2776 + 1
    if style == "latin":
        return ord(value.lower()) - ord("a") + 1
    if style == "bullet":
        return 0
    if style == "dotted":
        return int(re.split(r"[.．]", value)[-1])
    return cn_value(value)


def parse_marker(text: str) -> tuple[str, int, str, str]:
    """(style, number, label, rest) of a line; style "" when it is not numbered. A dotted
    number's style carries its depth (dotted2 for 1.1, dotted3 for 1.1.1)."""
    for style, pattern in _STARTS:
        m = pattern.match(text)
        if not m:
            continue
        rest = text[m.end():]
        if not rest.strip():
            if style in ("arabic", "cn", "rparen", "latin", "paren"):
                return "", 0, "", text  # a bare number is not an item
        value = m.group(1)
        s = style
        if style == "dotted":
            s = f"dotted{len(re.split(r'[.．]', value))}"
        label = m.group(0)
        # the same number typed again after Word's (1.1.学习, (1)(1)以培训, 1、 1.教师)
        cn = chinese_number(int(value)) if value.isascii() and value.isdigit() and int(value) < 100 else value
        again = re.match(rf"^(?:{re.escape(value)}|{re.escape(cn)})\s*[、.．)）]\s*|^[（(]{re.escape(value)}[)）]\s*", rest)
        if again and rest[again.end():].strip():
            label += again.group(0)
            if value != cn and again.group(0).startswith(cn):
                s = "cn"  # 3.三、: Word's number before the one typed; the typed one tells the level
            rest = rest[again.end():]
        return s, _number(style, value), label, rest
    return "", 0, "", text


# ------------------------------------------------------------------ cutting run-on lines

_TITLE_END = r"(?:制度|办法|规定|细则|条例|规范|手册|守则|规程|章程|范本|总则|流程|职责|目录|方案|附则|说明|指标|内容|分工|设置|职能|架构|要求|如下)"
_INLINE = re.compile(
    rf"(?P<chap>第\s*(?:{_N}|\d+)\s*(?:章|节|条|部分))"
    rf"|(?<![{NUM_CN}第\d])(?P<cn>{_N})\s*、"
    rf"|(?<![\d.．A-Za-z])(?P<dot>\d{{1,2}}(?:[.．]\d{{1,2}}){{1,3}})(?![\d%％])"
    rf"|(?<![\d．A-Za-z/\-])(?<!\d\.)(?P<ar>\d{{1,2}})\s*(?:、|[.．](?![\d]))"
    rf"|(?P<par>[（(]\s*(?:\d{{1,2}}|[{NUM_CN}]{{1,3}})\s*[)）])"
    rf"|(?P<circ>[\u2460-\u2473\u2776-\u277f])"
    rf"|(?P<bul>[●•▪◆■➢➤►❖])"
    rf"|(?<![\dA-Za-z\-])(?P<dash>-)\s(?=[{CJK}])"
    rf"|(?<=[。.；;！!？?\s])(?P<toc>目\s*录)(?=\s*(?:第|一|1|$))"
    rf"|(?P<label>(?:流程代号|流程编号|主管部门|流程说明|流程名称|任职要求|任职资格|任职条件|工作内容|岗位职责|工作职责|"
    rf"直接上级|直接下级|工作权限|协作关系|绩效评估|与其他岗位的协作关系|协作部门|职责描述)\s*[:：])"
)
_PUNCT_BEFORE = set("。；;：:！？!?）)」』】 \u3000,，.")
_REFERENCE_AFTER = re.compile(r"^\s*(?:的|规定|所|之|中|、|，|,|和|与|及|或|至|到|以|要求|内容|执行)")


class Cutter:
    """Cuts run-on lines; remembers the articles and chapters seen, so that 第五条 in
    '按第五条执行' (not the next article) is not taken for a new one."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def cut(self, text: str) -> list[str]:
        parts: list[str] = []
        start = 0
        seq: dict[str, int] = {}  # numbers seen in this line, per style
        first = parse_marker(text)
        if first[0]:
            seq[self._family(first[0])] = first[1]
            self._note(first[0], first[1])
        for m in _INLINE.finditer(text):
            p = m.start()
            if p == 0 or p <= start:
                continue
            before = text[start:p]
            prev = text[p - 1]
            kind = m.lastgroup
            accept = False
            if kind == "chap":
                style, n, _, rest = parse_marker(text[p:])
                if rest and not _REFERENCE_AFTER.match(rest) and self._continues(style, n):
                    accept = True
            elif kind == "cn":
                n = cn_value(m.group("cn"))
                if prev in _PUNCT_BEFORE or re.search(_TITLE_END + r"$", before):
                    accept = n == 1 or n == seq.get("cn", self.last.get("cn", 0)) + 1
                elif n >= 2 and n == seq.get("cn", -5) + 1:
                    accept = True
            elif kind == "ar":
                n = int(m.group("ar"))
                after = text[m.end():m.end() + 1]
                if not after or not re.match(rf"[{CJK}《“\"（(A-Za-z\s]", after) or prev == "第":
                    accept = False
                elif n == 1 or n == seq.get("ar", -5) + 1:
                    accept = True
                elif n >= 2 and "ar" not in seq and n == self.last.get("ar", -5) + 1 and \
                        (prev in _PUNCT_BEFORE or text[m.end() - 1:m.end() + 1].endswith(" ")):
                    accept = True
            elif kind == "dot":
                parts_n = [int(x) for x in re.split(r"[.．]", m.group("dot"))]
                after = text[m.end():m.end() + 1]
                after2 = text[m.end():m.end() + 6].lstrip()[:1]
                if after and re.match(rf"[{CJK}\s]", after) and re.match(rf"[{CJK}《“]", after2 or "x"):
                    last = seq.get("dotpath") or self.last.get("dotpath")
                    if prev in _PUNCT_BEFORE or (last and _continues_path(list(last), parts_n)):
                        accept = True
                    elif seq.get("ar") and parts_n[0] == seq["ar"] and len(parts_n) == 2 and parts_n[1] == 1:
                        accept = True
                    elif parts_n[-1] == 1 and re.search(_TITLE_END + r"$", before):
                        accept = True
                if accept:
                    seq["dotpath"] = tuple(parts_n)
                    self.last["dotpath"] = tuple(parts_n)
            elif kind == "par":
                inner = re.sub(r"[（()）\s]", "", m.group("par"))
                fam = "par" if inner.isdigit() else "cnpar"
                n = cn_value(inner)
                accept = n == seq.get(fam, 0) + 1 and (n > 1 or prev in _PUNCT_BEFORE
                                                       or re.search(rf"[{CJK}]$", before) is not None)
                if accept:
                    seq[fam] = n
                    if n == 1 and prev not in _PUNCT_BEFORE and p >= 1 and text[p - 1:p] == ")":
                        accept = False
            elif kind in ("circ", "bul"):
                accept = True
            elif kind == "dash":
                accept = True
            elif kind in ("label", "toc"):
                accept = True
            if not accept:
                continue
            if kind in ("cn", "chap"):
                for k in ("ar", "par", "cnpar", "dotpath"):
                    seq.pop(k, None)
            if kind == "cn":
                seq["cn"] = self.last["cn"] = cn_value(m.group("cn"))
                self.last.pop("ar", None)
            elif kind == "ar":
                seq["ar"] = self.last["ar"] = int(m.group("ar"))
                seq.pop("dotpath", None)
            elif kind == "chap":
                style, n, _, _ = parse_marker(text[p:])
                self._note(style, n)
            piece = text[start:p].strip()
            if piece:
                parts.append(piece)
            start = p
        tail = text[start:].strip()
        if tail:
            parts.append(tail)
        return parts

    @staticmethod
    def _family(style: str) -> str:
        return {"arabic": "ar", "cnparen": "cnpar", "paren": "par"}.get(style, style)

    def _note(self, style: str, n: int) -> None:
        self.last[{"arabic": "ar"}.get(style, style)] = n
        if style == "cn":
            self.last.pop("ar", None)
        if style.startswith("dotted"):
            self.last["dotpath"] = None
        if style in ("zhang", "bufen"):
            self.last["tiao_in_chapter"] = 0

    def _continues(self, style: str, n: int) -> bool:
        if style == "tiao":
            return n == 1 or n == self.last.get("tiao", 0) + 1
        if style in ("zhang", "jie", "bufen"):
            return n == 1 or n == self.last.get(style, 0) + 1
        return False


def _continues_path(last: list[int], path: list[int]) -> bool:
    """1.1.2 is followed by 1.1.3 (sibling), 1.1.2.1 (child) or 1.2 / 2 (a level up)."""
    if path == last + [1]:
        return True
    for k in range(len(last)):
        if path == last[:k] + [last[k] + 1]:
            return True
    return False


_DOUBLED_SUBJECT = re.compile(rf"^([{CJK}]{{2,12}}?)(?=\1[{CJK}]{{2}})")
_DOUBLED_TITLE = re.compile(r"^(.{4,30})\1$")
_TITLE_THEN_TEXT = re.compile(
    rf"^([^。；;，,：:！？!?\s]{{2,24}}?(?:管理制度|制度|办法|规定|细则|条例|规范|手册|守则|规程|章程|范本))"
    rf"(?=([{CJK}]{{2}}))(.{{12,}})$")


def _split_title(text: str) -> list[str]:
    """'拓展部管理规章制度拓展部是一个…' -> [title, text] when the text restates the title's
    subject or opens as a policy does (为了…); '市场开拓部门管理制度市场开拓部门管理制度' -> once."""
    m = _DOUBLED_TITLE.match(text)
    if m:
        return [m.group(1)]
    m = _TITLE_THEN_TEXT.match(text)
    if m:
        title, rest = m.group(1), m.group(3)
        if rest.startswith(("为了", "为进一步", "为规范", "为加强", "为", "本制度", "本办法", "本手册")) or \
                rest[:3] in title or rest[:2] == title[:2]:
            return [title, rest]
    return [text]


def pieces_of(paragraphs: list[Paragraph], file: int) -> list[Piece]:
    """The source's paragraphs cut into numbered pieces."""
    cutter = Cutter()
    out: list[Piece] = []
    for para in paragraphs:
        text = (para.numbered + para.text) if para.numbered and para.numbered != "•" else para.text
        if para.numbered == "•":
            text = "• " + text
        for part in cutter.cut(text):
            style, number, label, rest = parse_marker(part)
            if not style:
                bare = _BARE_TIAO.match(part)
                if bare and cn_value(bare.group(1)) == cutter.last.get("tiao", -5) + 1:
                    style, number, label, rest = "tiao", cn_value(bare.group(1)), bare.group(0), part[bare.end():]
                    cutter.last["tiao"] = number
            if style == "tiao":
                cutter.last["tiao"] = number
            if not style:
                for sub in _split_title(part):
                    out.append(Piece(file, para.no, sub, heading=para.heading))
                continue
            rest = rest.strip()
            if not rest:
                continue  # a number alone on its line: nothing to place
            doubled = _DOUBLED_SUBJECT.match(rest)
            if doubled:  # '销售部门销售部门的主要职责是…': a heading run into its first sentence
                out.append(Piece(file, para.no, doubled.group(1), style, number, label.strip(), heading=para.heading))
                out.append(Piece(file, para.no, rest[len(doubled.group(1)):], heading=para.heading))
                continue
            out.append(Piece(file, para.no, rest, style, number, label.strip(), heading=para.heading))
    return out
