"""`handbook forms read`: filled form PDFs -> JSON (one file) or CSV (several).

Values are read with acroform.read_fields (pikepdf), which handles forms saved
by real viewers (PDFium in the tests). The form's id comes from the PDF's
keywords, written as `handbook-form:<id>` when the form was rendered.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..errors import BuildError
from .acroform import read_fields


def form_id(path: Path) -> str | None:
    import pikepdf

    with pikepdf.open(path) as pdf:
        keywords = str(pdf.docinfo.get("/Keywords", ""))
    for word in keywords.replace(",", " ").split():
        if word.startswith("handbook-form:"):
            return word.split(":", 1)[1]
    return None


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.suffix.lower() == ".pdf")
        elif p.exists():
            out.append(p)
        else:
            raise BuildError(f"{p}: no such file")
    if not out:
        raise BuildError("no PDF files to read")
    return out


def _read(path: Path) -> dict:
    try:
        return {"file": path.name, "form": form_id(path), "fields": read_fields(path)}
    except Exception as exc:  # pikepdf raises many kinds for a file that is not a PDF
        if exc.__class__.__module__.startswith("pikepdf") or isinstance(exc, (OSError, ValueError)):
            raise BuildError(f"{path}: not a readable PDF form ({exc.__class__.__name__})") from None
        raise


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return "；".join(map(str, value))
    return str(value)


def read_filled(paths: list[Path], fmt: str | None = None) -> str:
    files = _files(paths)
    records = [_read(p) for p in files]
    fmt = fmt or ("json" if len(records) == 1 and not any(p.is_dir() for p in paths) else "csv")
    if fmt == "json":
        data = records[0] if len(records) == 1 else records
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    columns: list[str] = []
    for r in records:
        columns += [k for k in r["fields"] if k not in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "form", *columns])
    for r in records:
        writer.writerow([r["file"], r["form"] or "", *(_cell(r["fields"].get(c)) for c in columns)])
    return out.getvalue()
