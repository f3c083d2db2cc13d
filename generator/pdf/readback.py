"""`handbook forms read`: the values of filled form PDFs, as JSON or CSV.

One file gives JSON `{"file": ..., "form": <form id or null>, "fields": {<name>: <value>}}`; several
files, or a folder of them, give CSV with one row per file: first the file name, then the
form id, then every field name seen, in the order the forms list them. Values are what
`acroform.read_fields` returns (text: str, checkbox: bool, radio and select: the option's
text or null); CSV writes true/false for check boxes and an empty cell for nothing chosen.

Filled forms come from outside (a customer fills the 《客户满意程度调查表》), and the CSV
is opened in Excel or WPS: a cell starting with = + - @ would run there as a formula
(`=HYPERLINK(...)`), so such a cell is written with a leading apostrophe, which the
spreadsheet shows as text (plain numbers such as -120 are left alone). `write` saves
CSV with a UTF-8 byte-order mark, without which Excel reads Chinese as GBK.

A filled PDF may be damaged or made to trap the reader (a number where the list of
fields belongs, /Kids nested thousands deep): such a file is "not a readable form".
Of several files, each one that cannot be read is named and left out, and the others
are still read: one bad copy in a stack of 200 surveys does not hide the 199.

The form id comes from the PDF's /Keywords ("handbook-form:<id>", written by forms.py
from the page's <meta name="keywords">). Works on copies saved by real viewers (tested
with PDFium, the engine of Chrome), which keep the document information.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError, UnreadableForm

_FORM_ID = re.compile(r"handbook-form:([a-z0-9][a-z0-9-]*)")
FILE_COLUMN = "file"
FORM_COLUMN = "form"


def expand(paths: list[Path]) -> tuple[list[Path], bool]:
    """The PDF files to read (folders give their *.pdf files, sorted by name), and whether a
    folder was among the arguments."""
    files: list[Path] = []
    folder = False
    for path in paths:
        if path.is_dir():
            folder = True
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
            if not found:
                raise BuildError(f"{path}: no PDF files in this folder")
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise BuildError(f"{path}: no such file or folder")
    return files, folder


def read_one(path: Path) -> tuple[str | None, dict[str, object]]:
    """(form id or None, field values) of one filled PDF; UnreadableForm if it is no readable form."""
    import pikepdf

    from .fieldtree import MalformedFormError, read_fields

    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadableForm(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if b"%PDF-" not in head:
        raise UnreadableForm(f"{path}: not a PDF file (no %PDF- header)")
    try:
        fields = read_fields(path)
        with pikepdf.open(path) as pdf:
            keywords = str(pdf.docinfo.get("/Keywords", "")) if "/Info" in pdf.trailer else ""
    except pikepdf.PasswordError:
        raise UnreadableForm(f"{path}: the PDF is encrypted with a password; save an unprotected copy") from None
    except pikepdf.PdfError as exc:
        detail = str(exc).removeprefix(str(path)).lstrip(": ") or exc.__class__.__name__
        raise UnreadableForm(f"{path}: not a readable PDF ({detail})") from None
    except MalformedFormError as exc:
        raise UnreadableForm(f"{path}: not a readable form ({exc})") from None
    if not fields:
        raise UnreadableForm(f"{path}: the PDF has no form fields (is it a form made by `handbook build`?)")
    match = _FORM_ID.search(keywords)
    return (match.group(1) if match else None), {k: _newlines(v) for k, v in fields.items()}


def _newlines(value: object) -> object:
    """Viewers store a multiline value's breaks as CR LF (PDFium) or CR; give LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text  # shown as text by Excel and WPS, never run as a formula
    return text


def to_csv(rows: list[tuple[str, str | None, dict[str, object]]]) -> str:
    """One row per file; columns: file, form, then the union of field names in first-seen order."""
    columns: dict[str, None] = {}
    for _, _, fields in rows:
        columns.update(dict.fromkeys(fields))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([FILE_COLUMN, FORM_COLUMN, *columns])
    for name, form, fields in rows:
        writer.writerow([name, form or "", *(_cell(fields.get(c)) for c in columns)])
    return out.getvalue()


def write(output: str, target: Path) -> None:
    """Save `read_filled`'s output; CSV with a UTF-8 byte-order mark, for Excel."""
    encoding = "utf-8-sig" if target.suffix.lower() == ".csv" else "utf-8"
    try:
        target.write_text(output, encoding=encoding, newline="")
    except OSError as exc:
        raise BuildError(f"{target}: cannot write ({exc.strerror or exc})") from None


@dataclass
class Filled:
    """What `read_filled` made of its files."""

    output: str | None  # JSON or CSV of the files read; None when none could be
    files: int  # how many files there were
    failed: list[UnreadableForm] = field(default_factory=list)  # one per file left out, in order


def read_filled(paths: list[Path], fmt: str | None = None) -> Filled:
    """The values of filled forms: JSON for one file, CSV for several or a folder (or `fmt`).
    A single file that cannot be read raises its UnreadableForm; of several, it is left out."""
    files, folder = expand(paths)
    if not files:
        raise BuildError("no files to read")
    fmt = fmt or ("json" if len(files) == 1 and not folder else "csv")
    if fmt not in ("json", "csv"):
        raise BuildError(f"unknown format {fmt!r}: use json or csv")
    names = [p.name for p in files]
    if len(set(names)) < len(names):  # the same name in two folders: show the paths
        names = [str(p) for p in files]
    rows, failed = [], []
    for name, path in zip(names, files):
        try:
            rows.append((name, *read_one(path)))
        except UnreadableForm as exc:
            if len(files) == 1:
                raise
            failed.append(exc)
    if not rows:
        return Filled(None, len(files), failed)
    if fmt == "csv":
        return Filled(to_csv(rows), len(files), failed)
    if len(files) == 1:
        _, form, fields = rows[0]
        data: object = {"file": rows[0][0], "form": form, "fields": fields}
    else:
        data = [{"file": name, "form": form, "fields": fields} for name, form, fields in rows]
    return Filled(json.dumps(data, ensure_ascii=False, indent=2) + "\n", len(files), failed)
