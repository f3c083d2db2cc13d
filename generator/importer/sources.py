"""Reading the files to import: .docx, .doc (through LibreOffice), .txt and .md.

What comes out is a list of paragraphs, each with its number in the source
(a line of a text file, a paragraph or table row of a Word file), so that the
report can say where every piece of text came from. The kind of a file is told
from its first bytes, not from its name: a spreadsheet renamed .docx or a
picture renamed .txt is refused with one line, before anything is written.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import msg
from .messages import Refusal

MAX_BYTES = 30 * 1024 * 1024  # a manual with pictures; far more is not a manual
TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
SUPPORTED = TEXT_EXTENSIONS | {".docx", ".doc"}


@dataclass
class Paragraph:
    no: int  # 1-based: the line of a text file, the paragraph (or table row) of a Word file
    text: str
    heading: int = 0  # outline level from a Word heading style or Markdown '#', 0 for body text
    numbered: str = ""  # the number Word draws in front (automatic numbering), e.g. "第三条"


@dataclass
class Source:
    path: Path
    name: str  # as shown in messages and the report
    kind: str  # txt | md | docx | doc
    paragraphs: list[Paragraph] = field(default_factory=list)
    raw_text: str | None = None  # text files: the bytes decoded later by normalize
    raw_bytes: bytes = b""
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (message key, fields)


# What a file is, from its first bytes: (signature, kind in Chinese, kind in English).
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "png_image"),
    (b"\xff\xd8\xff", "jpeg_image"),
    (b"GIF87a", "gif_image"),
    (b"GIF89a", "gif_image"),
    (b"BM", "bmp_image"),
    (b"II*\x00", "tiff_image"),
    (b"MM\x00*", "tiff_image"),
    (b"%PDF", "pdf_file"),
    (b"{\\rtf", "rtf_file"),
    (b"Rar!", "rar_archive"),
    (b"7z\xbc\xaf", "7z_archive"),
    (b"\x1f\x8b", "gzip_archive"),
]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_source(path: Path) -> Source:
    """The file's paragraphs, or a Refusal saying in one line why it cannot be imported."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise Refusal("err.missing", file=name) from None
    except OSError as exc:
        raise Refusal("err.unreadable", file=name, reason=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise Refusal("err.not_file", file=name)
    if info.st_size > MAX_BYTES:
        raise Refusal("err.too_big", file=name, size=f"{info.st_size / 1024 / 1024:.0f}",
                      limit=MAX_BYTES // 1024 // 1024)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Refusal("err.unreadable", file=name, reason=exc.strerror or str(exc)) from None
    if not raw.strip():
        raise Refusal("err.empty", file=name)
    ext = path.suffix.lower()
    _refuse_binary(raw, name)
    if raw.startswith(_OLE):
        if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in raw or b"B\x00o\x00o\x00k\x00" in raw[:200_000] \
                and b"W\x00o\x00r\x00d\x00D\x00o\x00c" not in raw:
            raise Refusal("err.binary", file=name, kind=msg("import.kind.excel_spreadsheet"))
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" not in raw:
            raise Refusal("err.binary", file=name, kind=msg("import.kind.office_file_that_is_not_a_word_document"))
        return _read_doc(path, name)
    if raw.startswith(b"PK\x03\x04"):
        return _read_zip(path, raw, name)
    if ext not in TEXT_EXTENSIONS:
        if ext in (".docx", ".doc"):
            # text saved under a Word name is still text; read it as such
            pass
        else:
            raise Refusal("err.extension", file=name, ext=ext or path.name)
    return Source(path, name, "md" if ext in (".md", ".markdown") else "txt", raw_bytes=raw)


def _refuse_binary(raw: bytes, name: str) -> None:
    for sig, kind in _SIGNATURES:
        if raw.startswith(sig):
            raise Refusal("err.binary", file=name, kind=msg(f"import.kind.{kind}"))
    head = raw[:12]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        raise Refusal("err.binary", file=name, kind=msg("import.kind.webp_image"))
    if head[4:8] == b"ftyp":
        raise Refusal("err.binary", file=name, kind=msg("import.kind.picture_or_video"))


def _read_zip(path: Path, raw: bytes, name: str) -> Source:
    """A .docx is a zip holding word/document.xml; a .xlsx or .pptx is refused by name."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refusal("err.docx_broken", file=name, reason=str(exc) or type(exc).__name__) from None
    if "word/document.xml" in names:
        return _read_docx(path, name, "docx")
    if any(n.startswith("xl/") for n in names):
        raise Refusal("err.binary", file=name, kind=msg("import.kind.excel_spreadsheet"))
    if any(n.startswith("ppt/") for n in names):
        raise Refusal("err.binary", file=name, kind=msg("import.kind.powerpoint_presentation"))
    raise Refusal("err.binary", file=name, kind=msg("import.kind.zip_archive"))


# ------------------------------------------------------------------ .doc through LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _read_doc(path: Path, name: str) -> Source:
    exe = soffice()
    if exe is None:
        raise Refusal("err.doc_no_soffice", file=name)
    with tempfile.TemporaryDirectory(prefix="handbook-import-") as tmp:
        src = Path(tmp) / "in.doc"  # a plain name: the user's may start with '-' or hold quotes
        shutil.copyfile(path, src)
        env = {**os.environ, "HOME": tmp}  # LibreOffice writes a profile; keep it out of the user's home
        try:
            run = subprocess.run([exe, "--headless", "--norestore", "--convert-to", "docx", "--outdir", tmp, str(src)],
                                 capture_output=True, text=True, timeout=180, env=env)
        except (OSError, subprocess.SubprocessError) as exc:
            raise Refusal("err.doc_failed", file=name, reason=type(exc).__name__) from None
        out = Path(tmp) / "in.docx"
        if run.returncode != 0 or not out.exists():
            reason = (run.stderr or run.stdout or f"exit {run.returncode}").strip().splitlines()
            raise Refusal("err.doc_failed", file=name, reason=(reason[-1] if reason else "")[:120])
        source = _read_docx(out, name, "doc")
    source.path = path
    source.notes.insert(0, ("note.doc", {"file": name}))
    return source


# ------------------------------------------------------------------ .docx


def _read_docx(path: Path, name: str, kind: str) -> Source:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise Refusal("err.docx_broken", file=name, reason=str(exc)[:120] or type(exc).__name__) from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged part
        if type(exc).__module__.startswith(("lxml", "docx", "zipfile")):
            raise Refusal("err.docx_broken", file=name, reason=str(exc)[:120] or type(exc).__name__) from None
        raise
    numbering = _Numbering(document)
    paragraphs: list[Paragraph] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs.append(_docx_paragraph(docx.text.paragraph.Paragraph(element, document), len(paragraphs) + 1,
                                              numbering))
        elif tag == "tbl":
            for row_text in _table_rows(docx.table.Table(element, document)):
                paragraphs.append(Paragraph(len(paragraphs) + 1, row_text))
    source = Source(path, name, kind, paragraphs=paragraphs)
    if kind == "docx":
        source.notes.append(("note.docx", {"file": name, "paragraphs": sum(1 for p in paragraphs if p.text.strip())}))
    return source


_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.I)


def _docx_paragraph(p, no: int, numbering: "_Numbering") -> Paragraph:
    text = p.text
    style = p.style.name if p.style is not None else ""
    level = 0
    m = _HEADING_STYLE.search(style or "")
    if m:
        level = int(m.group(1))
    elif style in ("Title", "标题"):
        level = 1
    return Paragraph(no, text, heading=level, numbered=numbering.label(p))


def _table_rows(table) -> list[str]:
    """One line per row: 'label：value' for a two-column row (岗位说明书 are often tables),
    the cells joined otherwise. Merged cells repeat in python-docx: each is kept once."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            t = "\n".join(par.text for par in cell.paragraphs).strip()
            if t:
                cells.append(t)
        if not cells:
            continue
        if len(cells) == 2 and len(cells[0]) <= 12 and "\n" not in cells[0]:
            rows.append(f"{cells[0].rstrip('：:')}：{cells[1]}")
        else:
            rows.append("  ".join(cells))
    return rows


class _Numbering:
    """The numbers Word draws in front of automatically numbered paragraphs (第一条, 1., （一）),
    which are not part of the paragraph's text: rebuilt from numbering.xml."""

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        W = self.W
        abstract = {}
        for a in root.iter(f"{W}abstractNum"):
            lv = {}
            for lvl in a.iter(f"{W}lvl"):
                ilvl = int(lvl.get(f"{W}ilvl", "0"))
                fmt = lvl.find(f"{W}numFmt")
                txt = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                lv[ilvl] = (fmt.get(f"{W}val") if fmt is not None else "decimal",
                            txt.get(f"{W}val") if txt is not None else "",
                            int(start.get(f"{W}val", "1")) if start is not None else 1)
            abstract[a.get(f"{W}abstractNumId")] = lv
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{W}val"), {}).items():
                self.levels[(num.get(f"{W}numId"), ilvl)] = spec

    def label(self, p) -> str:
        W = self.W
        num_pr = p._p.find(f"{W}pPr/{W}numPr")
        if num_pr is None and p.style is not None:
            num_pr = p.style.element.find(f"{W}pPr/{W}numPr")
        if num_pr is None or not p.text.strip():
            return ""
        num_id = num_pr.find(f"{W}numId")
        ilvl_el = num_pr.find(f"{W}ilvl")
        nid = num_id.get(f"{W}val") if num_id is not None else None
        ilvl = int(ilvl_el.get(f"{W}val", "0")) if ilvl_el is not None else 0
        if nid is None or nid == "0" or (nid, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(nid, [0] * 10)
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        fmt, lvl_text, start = self.levels[(nid, ilvl)]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        if fmt == "bullet":
            return "•"

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            f = self.levels.get((nid, k), (fmt,))[0]
            return _format_number(counters[k] or 1, f)

        return re.sub(r"%(\d)", sub, lvl_text)


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (up to 9999)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if not rest else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                    (_CN_DIGITS[rest // 10] + "十" + (_CN_DIGITS[rest % 10] if rest % 10 else "")))
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, k = "", n
        for v, s in vals:
            while k >= v:
                out, k = out + s, k - v
        return out.upper() if fmt == "upperRoman" else out
    return str(n)
