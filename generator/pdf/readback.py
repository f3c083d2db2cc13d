"""`handbook forms read`: the values of filled form PDFs, as JSON or CSV.

One file gives JSON `{"file": ..., "form": <form id or null>, "problems": [...], "fields": {<name>:
<value>}}`; several files, or a folder of them, give CSV with one row per file: first the file
name, then the form id, then the problems found in its values (required fields left empty,
a word in a number field, a date that is none: values.py), then every field name seen, in the
order the forms list them. The CLI also prints each problem as a `warning:` line (an `error:`
with --strict). Values are what
`acroform.read_fields` returns (text: str, checkbox: bool, radio and select: the option's
text or null); CSV writes true/false for check boxes and an empty cell for nothing chosen.

Filled forms come from outside (a customer fills the 《客户满意程度调查表》), and the CSV
is opened in Excel or WPS: a cell starting with = + - @ (or a tab or CR) would run there
as a formula (`=HYPERLINK(...)`), so such a cell (a value, a field name in the header
row, a file name) is written with a leading apostrophe, which the
spreadsheet shows as text (plain numbers such as -120 are left alone). `write` saves
CSV with a UTF-8 byte-order mark, without which Excel reads Chinese as GBK.

A filled PDF may be damaged or made to trap the reader (a number where the list of
fields belongs, /Kids nested thousands deep, a compressed value that inflates to
gigabytes): such a file is "not a readable form", and a field's value larger than
fieldtree.MAX_VALUE_BYTES is named as too large, never inflated past that size.
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
from ..messages import msg
from ..source.model import READBACK_COLUMNS
from ..source.yaml_reader import printable

_FORM_ID = re.compile(r"handbook-form:([a-z0-9][a-z0-9-]*)")
FILE_COLUMN, FORM_COLUMN, PROBLEMS_COLUMN = READBACK_COLUMNS  # no field may take these ids (checks/forms.py)


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
                raise BuildError(msg("filled.no_pdfs", path=path))
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise BuildError(msg("filled.no_such_file", path=path))
    return files, folder


#: A filled one-page form is well under 1 MB; a file far larger is not one of ours.
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class ReadForm:
    """One filled form as read: its form id (from the keywords), the values by field name,
    what the file says about each field, and the problems found in the values."""

    form: str | None
    values: dict[str, object]
    fields: dict = field(default_factory=dict)  # name -> fieldtree.FieldInfo
    keywords: str = ""
    problems: list[str] = field(default_factory=list)  # "客户名称 (customer): required, but empty"
    damage: str = ""  # what the PDF reader had to repair, if anything


def open_filled(path: Path) -> ReadForm:
    """Read one filled PDF; UnreadableForm (one line naming the file) if it is no readable form."""
    import pikepdf

    from .fieldtree import MAX_STREAM_BYTES, MAX_VALUE_BYTES, MalformedFormError, ValueTooLarge, describe_fields, \
        inflates_past
    from .values import label, problems

    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableForm(msg("filled.cannot_read", path=path, detail=exc.strerror or exc)) from None
    if b"%PDF-" not in head:
        raise UnreadableForm(msg("filled.not_pdf", path=path))
    if size > MAX_FILE_BYTES:
        raise UnreadableForm(msg("filled.too_large", path=path, size=f"{size / 1024 / 1024:.0f}",
                                 limit=MAX_FILE_BYTES // 1024 // 1024))
    try:
        with path.open("rb") as fh:
            bomb = inflates_past(fh.read(MAX_FILE_BYTES))
    except OSError as exc:
        raise UnreadableForm(msg("filled.cannot_read", path=path, detail=exc.strerror or exc)) from None
    if bomb:
        raise UnreadableForm(msg("filled.inflates", path=path, limit=MAX_STREAM_BYTES // 1024 // 1024))
    try:
        fields = describe_fields(path)
        with pikepdf.open(path) as pdf:
            keywords = str(pdf.docinfo.get("/Keywords", "")) if "/Info" in pdf.trailer else ""
            repaired = pdf.get_warnings()
    except pikepdf.PasswordError:
        raise UnreadableForm(msg("filled.encrypted", path=path)) from None
    except pikepdf.PdfError as exc:
        detail = str(exc).removeprefix(str(path)).lstrip(": ") or exc.__class__.__name__
        raise UnreadableForm(msg("filled.damaged", path=path, detail=detail)) from None
    except ValueTooLarge as exc:
        raise UnreadableForm(msg("filled.value_too_large", path=path, field=printable(exc.field),
                                 limit=MAX_VALUE_BYTES // 1024)) from None
    except MalformedFormError as exc:
        raise UnreadableForm(msg("filled.malformed", path=path, detail=exc.args[0] if exc.args else exc)) from None
    if not fields:
        if "handbook-print-copy:" in keywords:
            raise UnreadableForm(msg("filled.print_copy", path=path))
        raise UnreadableForm(msg("filled.no_fields", path=path))
    match = _FORM_ID.search(keywords)
    for info in fields.values():
        info.value = _newlines(info.value)
    found = [f"{label(name, fields[name])}: {what}" for name, what in problems(fields)]
    damage = str(repaired[0]).removeprefix(str(path)).lstrip(": ")[:120] if repaired else ""
    return ReadForm(match.group(1) if match else None, {k: i.value for k, i in fields.items()}, fields,
                    keywords, found, damage)


def read_one(path: Path) -> tuple[str | None, dict[str, object]]:
    """(form id or None, field values) of one filled PDF; UnreadableForm if it is no readable form."""
    read = open_filled(path)
    return read.form, read.values


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
        text = "'" + text  # shown as text by Excel and WPS, never run as a formula
    # a lone CR is no line end to the csv module, which would leave the cell unquoted
    return text.replace("\r\n", "\n").replace("\r", "\n")


def to_csv(rows: list[tuple[str, str | None, dict[str, object]]], problems: list[list[str]] | None = None) -> str:
    """One row per file; columns: file, form, the problems found in its values (joined with
    "; "), then the union of field names in first-seen order."""
    columns: dict[str, None] = {}
    for _, _, fields in rows:
        columns.update(dict.fromkeys(fields))
    problems = problems or [[] for _ in rows]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # field names come from the file too: neutralised like the values
    writer.writerow([FILE_COLUMN, FORM_COLUMN, PROBLEMS_COLUMN, *(_cell(c) for c in columns)])
    for (name, form, fields), found in zip(rows, problems):
        writer.writerow([_cell(name), _cell(form or ""), _cell("; ".join(found)),
                         *(_cell(fields.get(c)) for c in columns)])
    return out.getvalue()


def write(output: str, target: Path) -> None:
    """Save `read_filled`'s output; CSV with a UTF-8 byte-order mark, for Excel."""
    encoding = "utf-8-sig" if target.suffix.lower() == ".csv" else "utf-8"
    try:
        target.write_text(output, encoding=encoding, newline="")
    except OSError as exc:
        raise BuildError(msg("filled.cannot_write", path=target, detail=exc.strerror or exc)) from None


@dataclass
class Filled:
    """What `read_filled` made of its files."""

    output: str | None  # JSON or CSV of the files read; None when none could be
    files: int  # how many files there were
    failed: list[UnreadableForm] = field(default_factory=list)  # one per file left out, in order
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, problem) in the values read


def read_filled(paths: list[Path], fmt: str | None = None) -> Filled:
    """The values of filled forms: JSON for one file, CSV for several or a folder (or `fmt`).
    A single file that cannot be read raises its UnreadableForm; of several, it is left out."""
    files, folder = expand(paths)
    if not files:
        raise BuildError(msg("filled.no_files"))
    fmt = fmt or ("json" if len(files) == 1 and not folder else "csv")
    if fmt not in ("json", "csv"):
        raise BuildError(msg("filled.unknown_format", format=repr(fmt)))
    names = [p.name for p in files]
    if len(set(names)) < len(names):  # the same name in two folders: show the paths
        names = [str(p) for p in files]
    rows, failed, found, problems = [], [], [], []
    for name, path in zip(names, files):
        try:
            read = open_filled(path)
        except UnreadableForm as exc:
            if len(files) == 1:
                raise
            failed.append(exc)
            continue
        rows.append((name, read.form, read.values))
        found.append(read.problems)
        problems += [(str(path), problem) for problem in read.problems]
    if not rows:
        return Filled(None, len(files), failed)
    if fmt == "csv":
        return Filled(to_csv(rows, found), len(files), failed, problems)

    def entry(row, ps):
        name, form, fields = row
        return {"file": name, "form": form, "problems": ps, "fields": fields}

    if len(files) == 1:
        data: object = entry(rows[0], found[0])
    else:
        data = [entry(row, ps) for row, ps in zip(rows, found)]
    return Filled(json.dumps(data, ensure_ascii=False, indent=2) + "\n", len(files), failed, problems)
