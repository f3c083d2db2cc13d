"""`handbook forms print`: a flat print and archive copy of each filled form.

A filled form's values live in its fields, and every viewer draws them its own way: Poppler
(Evince, Okular, Linux printing) shows typed Chinese in the viewer-supplied STSong-Light as
blanks or wrong glyphs. A print copy has no fields: the form is laid out again from the
project's YAML (the same templates and CSS as the blank form, so it looks the same), with
each value printed in its blank as ordinary text, in the document's own embedded subset
of the CJK font. It prints the same in PDFium, pdf.js and Poppler.

Measured against the other way (stamping text into the filled file's widget rectangles):
re-laying out the form reuses WeasyPrint's Chinese line breaking and font subsetting
as they are, and the printed wording is the project's own, never what a filled file
from outside carries; only the values come from the file, as text (autoescaped). Measured
on a form filled in PDFium (14 widgets typed; ACROFORM_NOTES.md): qpdf's own appearances
then flattening (pikepdf `generate_appearance_streams` + `flatten_annotations`) leave
Poppler showing none of them; flattening the appearances PDFium saved, 5 (the digits),
since they still use the non-embedded STSong-Light; this copy, all 14.

The form is found by the id in the file's keywords (`handbook-form:<id>`), and must be the
very form the copy was filled on: same code, same version, same YAML (the digest in the
keywords), same fields. A value too wide for its blank is printed smaller (down to 6 pt),
then wrapped onto more lines, never cut; a multiline value shrinks to fit its box, or the
box grows. Each file that cannot be printed is named on its own line; the others are.
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError, UnreadableForm
from ..messages import msg
from ..present import Presentation
from ..source import model
from . import acknowledgement
from .readback import ReadForm, open_filled

BASE_PT = 10.0  # the fields' printed size (css/form.css .value)
MIN_PT = 6.0  # the smallest size a value is shrunk to before it wraps
MAX_CHARS = 4000  # of one value; a longer one is printed up to here, and named
_PAD_PT = 1.5  # room kept free at the end of a blank
_LINE = 1.35  # line height of a multiline value (css/form.css .value.lines)

_KEYWORD = {key: re.compile(rf"handbook-form-{key}:([^,]*)") for key in ("code", "version", "digest")}
_FORM_ID = re.compile(r"handbook-form:([a-z0-9][a-z0-9-]*)")
_CELL_NAME = re.compile(r"([a-z0-9][a-z0-9-]*)\.(\d{1,3})\.[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Printed:
    """A value as the print copy shows it (the template reads these): its text, its font
    size in points (None: the form's own), whether it wraps, and for a check box whether
    it is ticked."""

    text: str = ""
    size: float | None = None
    wrap: bool = False
    on: bool = False


@dataclass
class PrintCopy:
    source: Path
    pdf: bytes
    notes: list[str] = field(default_factory=list)  # what was changed to print it (characters, length)
    problems: list[str] = field(default_factory=list)  # as `forms read` reports them


# ------------------------------------------------------------------ measuring


@functools.cache
def _hb_font():
    import uharfbuzz as hb

    from ..fonts import face, find_cjk_font

    return hb.Font(face(find_cjk_font()))


def text_em(text: str) -> float:
    """The width of `text` in em of the document's CJK font (HarfBuzz shaping)."""
    import uharfbuzz as hb

    font = _hb_font()
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": False})
    return sum(p.x_advance for p in buf.glyph_positions) / font.face.upem


def fit_line(text: str, width: float, height: float) -> Printed:
    """A single-line value in a blank `width` x `height` points: the form's size when it
    fits, else smaller, else wrapped at the size that fills two lines (at least MIN_PT)."""
    room = max(width - _PAD_PT, 1.0)
    em = text_em(text)
    if em * BASE_PT <= room:
        return Printed(text)
    if em * MIN_PT <= room:
        return Printed(text, math.floor(room / em * 10) / 10)
    two_lines = min(2 * room / em, height / (2 * 1.25)) * 0.95
    return Printed(text, max(MIN_PT, math.floor(two_lines * 10) / 10), wrap=True)


def fit_box(text: str, width: float, height: float) -> Printed:
    """A multiline value in a box: the largest size from BASE_PT down to MIN_PT at which its
    lines (wrapped at the box's width) fill no more than the box; else MIN_PT, and the box grows."""
    room = max(width - _PAD_PT, 1.0)
    widths = [text_em(line) for line in text.split("\n")]
    size = BASE_PT
    while size > MIN_PT:
        lines = sum(max(1, math.ceil(w * size / room)) for w in widths)
        if lines * size * _LINE <= height:
            break
        size -= 0.5
    return Printed(text, None if size == BASE_PT else max(size, MIN_PT))


# ------------------------------------------------------------------ values


def _clean(text: str, multiline: bool, notes: list[str], label: str) -> str:
    """The value as printable text: control characters out, line breaks only where the
    field has lines, characters no font has (and private-use or unassigned code points,
    which is what some viewers make of an emoji) shown as □, at most MAX_CHARS."""
    from ..fonts import font_has

    if len(text) > MAX_CHARS:
        notes.append(msg("print.truncated", field=label, count=len(text), limit=MAX_CHARS))
        text = text[:MAX_CHARS]
    out, missing = [], 0
    for ch in text:
        if ch == "\n":
            out.append("\n" if multiline else " ")
        elif unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            out.append(" " if ch in "\t\u2028\u2029" else "")
        elif unicodedata.category(ch) not in ("Co", "Cn", "Cs") and (
                ch == " " or unicodedata.category(ch) == "Cf" or font_has(ch)):
            out.append(ch)
        else:
            out.append("\u25a1")  # □
            missing += 1
    if missing:
        notes.append(msg("print.no_glyph", field=label, count=missing))
    return "".join(out).strip("\n")


def printed_values(read: ReadForm, notes: list[str]) -> dict[str, Printed]:
    """AcroForm name -> what its blank shows in the print copy."""
    from .values import computed_total, label

    out: dict[str, Printed] = {}
    for name, info in read.fields.items():
        value = info.value
        where = label(name, info)
        if isinstance(value, bool):
            out[name] = Printed(on=value)
            continue
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        if value is None:
            continue
        text = str(value)
        if not text.strip() and info.sums:
            total = computed_total(read.fields, name)
            if total is not None:
                notes.append(msg("print.total_computed", field=where, total=total))
                text = total
        text = _clean(text, info.multiline, notes, where)
        if not text.strip():
            continue
        width, height = min(info.sizes, default=(400.0, 17.0))
        width, height = min(max(width, 20.0), 600.0), min(max(height, 8.0), 800.0)
        out[name] = fit_box(text, width, height) if info.multiline else fit_line(text, width, height)
    return out


# ------------------------------------------------------------------ matching the project's form


def _keyword(read: ReadForm, key: str) -> str | None:
    match = _KEYWORD[key].search(read.keywords)
    return match.group(1).strip()[:64] if match else None  # shown with repr(): one line, escaped


def _fill_rows(form: model.Form, names: set[str]) -> model.Form:
    """`rows: fill` tables with as many rows as the filled copy has (it was laid out then)."""
    from .forms import _fill_tables, _with_rows

    rows = {}
    for i in _fill_tables(form):
        table = form.fields[i].id
        found = [int(m.group(2)) for n in names if (m := _CELL_NAME.fullmatch(n)) and m.group(1) == table]
        rows[i] = max(found, default=1)
        if not 1 <= rows[i] <= model.MAX_ROWS:
            rows[i] = 1
    return _with_rows(form, rows)


def _same_fields(read: ReadForm, expected: set[str], path: Path, title: str) -> None:
    """UnreadableForm naming a few fields the copy has in excess or lacks."""
    if set(read.fields) != expected:
        extra = sorted(set(read.fields) - expected)[:3]
        missing = sorted(expected - set(read.fields))[:3]
        what = [m for m in (msg("print.extra_fields", names=extra) if extra else None,
                            msg("print.missing_fields", names=missing) if missing else None) if m]
        raise UnreadableForm(msg("print.other_fields", path=path, title=title, what=what))


def match_form(p: Presentation, read: ReadForm, path: Path) -> tuple[model.Form, model.Form]:
    """The project's form that this copy was filled on, as the YAML has it and with its rows
    resolved; UnreadableForm naming what does not match."""
    from ..present.formfields import form_names
    from .forms import layout_digest

    if read.form is None and read.damage:
        raise UnreadableForm(msg("print.damaged", path=path, detail=read.damage))
    if read.form is None:
        raise UnreadableForm(msg("print.not_ours", path=path))
    form = p.hb.forms.get(read.form)
    if form is None:
        raise UnreadableForm(msg("print.other_project_form", path=path, form=read.form))
    code, version, digest = (_keyword(read, k) for k in ("code", "version", "digest"))
    if code is not None and code != form.code:
        raise UnreadableForm(msg("print.other_code", path=path, form=read.form, code=repr(code), ours=repr(form.code)))
    if version is not None and version != form.version:
        raise UnreadableForm(msg("print.other_version", path=path, version=repr(version), title=form.title,
                                 ours=repr(form.version)))
    if digest is not None and digest != layout_digest(form):
        raise UnreadableForm(msg("print.changed", path=path, title=form.title, version=form.version))
    resolved = _fill_rows(form, set(read.fields))
    expected = set(form_names(resolved))
    _same_fields(read, expected, path, form.title)
    return form, resolved


# ------------------------------------------------------------------ printing


def print_copy(p: Presentation, path: Path) -> PrintCopy:
    """The print copy of one filled form; UnreadableForm when it cannot be made."""
    from .acroform import finalize_form
    from .forms import STYLESHEETS, _page_html
    from .render import page_number_css, write_pdf

    read = open_filled(path)
    if read.form is not None and read.form.startswith(acknowledgement.FORM_PREFIX):
        return _acknowledgement_copy(p, read, path)
    source, form = match_form(p, read, path)
    notes: list[str] = []
    values = printed_values(read, notes)
    note = p.labels["print_copy_note"].format(file=path.name)
    html = _page_html(p, form, fillable=False, values=values, note=note, source=source)
    pdf = write_pdf(p.resources, html, STYLESHEETS, extra_css=page_number_css(p.labels),
                    name=f"print-{form.id}")
    return PrintCopy(path, finalize_form(pdf), notes, read.problems)


def _acknowledgement_copy(p: Presentation, read: ReadForm, path: Path) -> PrintCopy:
    """A signed 员工签收确认单: made again from the project for its role, if the copy was
    signed on the version the project has (its hidden version field says which)."""
    from ..present.formfields import form_names

    role = p.hb.roles.get(read.form.removeprefix(acknowledgement.FORM_PREFIX))
    if role is None:
        raise UnreadableForm(msg("print.other_project_form", path=path, form=read.form))
    info = read.fields.get(acknowledgement.VERSION_FIELD)
    version = str(info.value if info is not None and info.value is not None else "")[:64]
    if version != p.hb.company.version:
        raise UnreadableForm(msg("print.other_version", path=path, version=repr(version),
                                 title=p.labels.ack_title, ours=repr(p.hb.company.version)))
    expected = set(form_names(acknowledgement.ack_form(p, role))) | acknowledgement.identity_fields()
    _same_fields(read, expected, path, p.labels.ack_title)
    notes: list[str] = []
    values = printed_values(read, notes)
    note = p.labels["print_copy_note"].format(file=path.name)
    pdf = acknowledgement.render_print_copy(p, role, values, note)
    return PrintCopy(path, pdf, notes, read.problems)


def combine(copies: list[bytes]) -> bytes:
    """One PDF of all print copies, in order, to print at once."""
    import pikepdf

    out = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(c)) for c in copies]
    try:
        for doc in opened:
            out.pages.extend(doc.pages)
        buffer = io.BytesIO()
        out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 deterministic_id=True)
        return buffer.getvalue()
    finally:
        for doc in opened:
            doc.close()


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file in the same folder."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".print-", suffix=".pdf", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, target)
    except OSError as exc:
        raise BuildError(msg("filled.cannot_write", path=target, detail=exc.strerror or exc)) from None


def targets(files: list[Path], folder: Path) -> list[Path]:
    """Where each print copy goes: the filled file's name in `folder` (name-2.pdf, name-3.pdf
    ... when two filled files share a name)."""
    out, used = [], set()
    for path in files:
        stem, n = path.stem, 1
        name = f"{stem}.pdf"
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}.pdf"
        used.add(name.lower())
        out.append(folder / name)
    return out
