"""Text normalisation: encoding, invisible characters, pinyin garbling, Traditional -> Simplified.

Manuals come as Word files, as text saved by Notepad in GBK, or scraped from
web pages. Web pages that serve Traditional characters often print a character
followed by its reading, `發(fā)展`, or a component and the reading of the
character it stands for; the reading is taken out where pypinyin confirms it,
and the character recovered where the reading and a neighbouring character
make a word jieba knows. Traditional text (told by how much OpenCC changes) is
converted to Simplified. Characters that cannot be printed or seen (control
and format characters, private-use symbols of Word's bullet fonts, emoji) are
removed, so that what is written passes `handbook check`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..messages import msg
from .messages import Refusal
from .sources import Paragraph, Source

# ------------------------------------------------------------------ encoding


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name shown to the user). UTF-8 first (strict), then GB18030, which
    reads GBK and GB2312 too; a byte-order mark decides for UTF-8 and UTF-16."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise Refusal("err.encoding", file=name) from None
    if b"\x00" in raw[:4096]:
        raise Refusal("err.binary", file=name, kind=msg("import.kind.binary_file"))
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise Refusal("err.encoding", file=name) from None
    try:
        raw.decode("gbk")
        return text, "GBK"
    except UnicodeDecodeError:
        return text, "GB18030"


# ------------------------------------------------------------------ characters

_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff\u00ad\u034f\u180e]")


def _printable(c: str) -> bool:
    cat = unicodedata.category(c)
    if cat in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"):
        return False
    code = ord(c)
    if 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF and c not in "★☆✓✔✗✘❶❷❸❹❺❻❼❽❾❿➢➤": 
        return False  # emoji and pictographs: no font here prints them
    if 0xFE00 <= code <= 0xFE0F or 0xE0000 <= code <= 0xE01EF:
        return False
    return True


_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff）》”])\s*([,;:?!])")
_CJK_PAREN = re.compile(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)")


def chinese_punctuation(text: str) -> str:
    """Half-width , ; : ? ! after Chinese text as Chinese writes them (，；：？！), and
    brackets around Chinese as （）; times (9:00) and numbers are left alone."""
    text = _CJK_PAREN.sub(r"（\1）", text)
    text = _CJK_PUNCT.sub(lambda m: _HALF_PUNCT[m.group(1)], text)
    return re.sub(r"(?<=[\u4e00-\u9fff）》])\.$", "。", text)


_FULL_WIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                     for c in range(r[0], r[1] + 1)}


def clean_line(text: str) -> tuple[str, int]:
    """A line with odd spaces made plain, full-width letters and digits (ＳＣ－００１ typed with a
    Chinese input method) made ASCII, and unprintable characters removed; and how many were."""
    text = text.translate(_FULL_WIDTH_ALNUM)
    unseen = _ZERO_WIDTH.sub("", text)
    zero = len(text) - len(unseen)
    text = _SPACES.sub(" ", unseen)
    kept = "".join(c for c in text if c == " " or _printable(c))
    dropped = len(text) - len(kept) + zero
    return re.sub(r" {2,}", "  ", kept).strip(), dropped


# ------------------------------------------------------------------ pinyin garbling

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GARBLED = re.compile(r"([\u2e80-\u2fdf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[(（]"
                      rf"([a-z]*[{_TONED}][a-z{_TONED}]*)[)）]")


@dataclass
class PinyinRepair:
    repaired: int = 0
    unresolved: int = 0
    example: str = ""
    unresolved_example: str = ""


class _Readings:
    """pypinyin's readings of a character, and the characters read a given way."""

    def __init__(self):
        from pypinyin import pinyin_dict

        self.by_char = pinyin_dict.pinyin_dict  # code point -> "fā,fà"
        self._by_reading: dict[str, list[str]] | None = None

    def of(self, char: str) -> set[str]:
        value = self.by_char.get(ord(char))
        return set(value.split(",")) if value else set()

    def chars(self, reading: str) -> list[str]:
        if self._by_reading is None:
            index: dict[str, list[str]] = {}
            for code, value in self.by_char.items():
                if 0x4E00 <= code <= 0x9FFF:
                    for r in value.split(","):
                        index.setdefault(r, []).append(chr(code))
            self._by_reading = index
        return self._by_reading.get(reading, [])


_readings: _Readings | None = None


def repair_pinyin(text: str, stats: PinyinRepair) -> str:
    """`發(fā)展` -> `發展`; `钅(tiě)路` -> `铁路` when a word confirms it; else left as it is."""
    global _readings
    if not _GARBLED.search(text):
        return text
    if _readings is None:
        _readings = _Readings()
    out: list[str] = []
    pos = 0
    for m in _GARBLED.finditer(text):
        char, reading = m.group(1), m.group(2)
        out.append(text[pos:m.start()])
        pos = m.end()
        if reading in _readings.of(char):
            out.append(char)
            stats.repaired += 1
            stats.example = stats.example or m.group(0)
            continue
        best = _best_character(reading, text[m.start() - 1:m.start()] if m.start() else "", text[m.end():m.end() + 1])
        if best:
            out.append(best)
            stats.repaired += 1
            stats.example = stats.example or m.group(0)
        else:
            out.append(m.group(0))
            stats.unresolved += 1
            stats.unresolved_example = stats.unresolved_example or m.group(0)
    out.append(text[pos:])
    return "".join(out)


def _best_character(reading: str, before: str, after: str) -> str | None:
    """The character read `reading` that makes the most frequent word with a neighbour."""
    from .words import frequency

    best, score = None, 0
    for c in _readings.chars(reading):
        s = max(frequency(before + c) if before else 0, frequency(c + after) if after else 0)
        if s > score:
            best, score = c, s
    return best


# ------------------------------------------------------------------ Traditional -> Simplified

_converter = None


def to_simplified(text: str) -> tuple[str, int]:
    """(Simplified text, characters changed); OpenCC's t2s conversion."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    out = _converter.convert(text)
    return out, sum(1 for a, b in zip(text, out) if a != b) if len(out) == len(text) else abs(len(out) - len(text))


def is_traditional(text: str) -> bool:
    """Traditional when OpenCC changes a noticeable share of the Chinese characters; a
    Simplified text changes by a few characters at most (乾, 於 in names)."""
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if cjk < 4:
        return False
    _, changed = to_simplified(text)
    return changed >= 3 and changed / cjk >= 0.02


# ------------------------------------------------------------------ mojibake

# Characters that a Chinese manual never holds but text decoded with the wrong code page does.
_MOJIBAKE = re.compile(r"[\u3100-\u312f\u2500-\u257f\ue000-\uf8ff�]|[锟斤拷]{3,}|(?:[\u00c0-\u00ff][\u0080-\u00ff]){2,}")


# ------------------------------------------------------------------ Markdown

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _markdown_line(line: str) -> tuple[str, int]:
    m = _MD_HEADING.match(line)
    level = 0
    if m:
        level, line = len(m.group(1)), m.group(2)
    line = re.sub(r"^\s*>\s?", "", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(lambda mm: mm.group(2) or mm.group(3) or "", line)
    line = line.replace("`", "")
    if _MD_TABLE_RULE.match(line):
        return "", 0
    if line.strip().startswith("|"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        cells = [c for c in cells if c]
        line = f"{cells[0]}：{cells[1]}" if len(cells) == 2 and len(cells[0]) <= 12 else "  ".join(cells)
    return line, level


# ------------------------------------------------------------------ one source


@dataclass
class Normalised:
    source: Source
    paragraphs: list[Paragraph]
    encoding: str = ""
    traditional: int = 0  # characters converted
    pinyin: PinyinRepair = field(default_factory=PinyinRepair)
    dropped: int = 0
    mojibake: list[tuple[int, str]] = field(default_factory=list)

    def read_as(self, lang: str) -> str:
        en = lang == "en"
        parts = [self.source.kind.upper()] + ([self.encoding] if self.encoding else [])
        if self.traditional:
            parts.append("Traditional → Simplified (OpenCC)" if en else "繁体→简体（OpenCC）")
        if self.pinyin.repaired:
            parts.append(f"{self.pinyin.repaired} garbled readings repaired" if en else f"拼音乱码修复 {self.pinyin.repaired} 处")
        return (", " if en else "，").join(parts)


def normalise(source: Source) -> Normalised:
    """The source's paragraphs as clean Simplified text, with what was done noted."""
    result = Normalised(source, [])
    if source.kind in ("txt", "md"):
        text, result.encoding = decode(source.raw_bytes, source.name)
        source.notes.append(("note.encoding", {"file": source.name, "encoding": result.encoding}))
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        paragraphs = []
        for no, line in enumerate(lines, 1):
            level = 0
            if source.kind == "md":
                line, level = _markdown_line(line)
            paragraphs.append(Paragraph(no, line, heading=level))
    else:
        paragraphs = [Paragraph(p.no, p.text.replace("\n", " "), p.heading, p.numbered) for p in source.paragraphs]

    whole = "\n".join(p.text for p in paragraphs)
    traditional = is_traditional(_GARBLED.sub(r"\1", whole))
    for p in paragraphs:
        t, dropped = clean_line(p.text)
        result.dropped += dropped
        t = repair_pinyin(t, result.pinyin)
        if traditional:
            t, changed = to_simplified(t)
            result.traditional += changed
            if p.numbered:
                p.numbered = to_simplified(p.numbered)[0]
        t = chinese_punctuation(t)
        m = _MOJIBAKE.search(t)
        if m:
            result.mojibake.append((p.no, t[max(0, m.start() - 4):m.end() + 8]))
        p.text = t
        if t or p.numbered:
            result.paragraphs.append(p)
    name = source.name
    if result.traditional:
        source.notes.append(("note.traditional", {"file": name, "changed": result.traditional}))
    if result.pinyin.repaired:
        source.notes.append(("note.pinyin", {"file": name, "count": result.pinyin.repaired,
                                             "example": result.pinyin.example}))
    if result.pinyin.unresolved:
        source.notes.append(("note.pinyin_left", {"file": name, "count": result.pinyin.unresolved,
                                                  "example": result.pinyin.unresolved_example}))
    if result.dropped:
        source.notes.append(("note.dropped_chars", {"file": name, "count": result.dropped}))
    for no, snippet in result.mojibake[:5]:
        source.notes.append(("note.mojibake", {"file": name, "no": no, "text": snippet}))
    return result
