"""The field tree of a filled PDF form, walked safely, and its values read back.

Filled forms come from outside (a customer's 《客户满意程度调查表》 saved by Chrome, WPS or
Acrobat), so the tree is walked without recursion, each node once and at most
`MAX_DEPTH` deep, and every object is type-checked: a tree not shaped as the standard
says raises `MalformedFormError`. `acroform.finalize_form` uses the same walk on the
forms we write.
"""

from __future__ import annotations

import io
import os
import re
import zlib
from collections.abc import Iterator
from decimal import Decimal
from dataclasses import dataclass, field as dc_field
from pathlib import Path

import pikepdf
import pikepdf.codec  # noqa: F401  (registers the "pdfdoc" codec)
from pikepdf import Array, Dictionary, Name, Stream, String

from ..messages import msg

__all__ = ["FieldInfo", "MalformedFormError", "ValueTooLarge", "bounded_bytes", "describe_fields", "read_fields",
           "walk_fields"]

# Field flags (PDF 32000-1:2008, 12.7.4)
FF_RADIO = 1 << 15
FF_PUSHBUTTON = 1 << 16
FF_REQUIRED = 1 << 1
FF_MULTILINE = 1 << 12
FF_MULTISELECT = 1 << 21
FF_RADIOS_IN_UNISON = 1 << 25

# Field names are at most three deep in our forms (table.row.column); a deeper
# tree, or a /Parent chain longer than this, is not a form but a trap.
MAX_DEPTH = 64



class MalformedFormError(ValueError):
    """The form's field tree is not shaped as the PDF standard says (a number where the
    list of fields belongs, fields nested without end ...). The message says what."""


#: A value a person typed is a few KB; a field holding more (a compressed stream that
#: inflates to gigabytes) is a trap, refused before it is decompressed past this size.
MAX_VALUE_BYTES = 64 * 1024


class ValueTooLarge(MalformedFormError):
    """A field's value (or script) is larger than MAX_VALUE_BYTES; `field` names it."""

    def __init__(self, field: str = ""):
        super().__init__(field)
        self.field = field


#: No stream of a filled form inflates past this (our forms' largest, the embedded font
#: subset, is well under 10 MB); checked on the file's bytes before the PDF is opened,
#: because the PDF library inflates object streams whole when it reads them.
MAX_STREAM_BYTES = 64 * 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n")


def inflates_past(data: bytes, limit: int = MAX_STREAM_BYTES) -> bool:
    """Whether a Flate stream of the file inflates past `limit` bytes (a "zip bomb"):
    each `stream` keyword's data is inflated step by step, at most `limit` bytes."""
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        d = zlib.decompressobj()
        try:
            total = len(d.decompress(view[m.end():], limit + 1))
        except zlib.error:
            continue  # not Flate, or damaged: the PDF library decides
        if total > limit:
            return True
    return False


def bounded_bytes(stream: Stream, limit: int = MAX_VALUE_BYTES) -> bytes:
    """A stream's decoded data, never decompressing more than `limit` bytes: a Flate
    stream is inflated step by step; other filters (LZW, RunLength ...) are decoded only
    from a raw size that cannot inflate past the limit. ValueTooLarge otherwise."""
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, Name) else list(filters) if isinstance(filters, Array) else []
    raw = stream.read_raw_bytes()
    if not filters:
        if len(raw) > limit:
            raise ValueTooLarge()
        return raw
    if all(f == Name.FlateDecode for f in filters):
        try:
            inflated = zlib.decompressobj().decompress(raw, limit + 1)
        except zlib.error:  # damaged: qpdf may still read some of it, from a size that cannot explode
            inflated = b"" if len(raw) <= limit // 1100 else b"x" * (limit + 1)  # Deflate: at most ~1,032 times
        if len(inflated) > limit:
            raise ValueTooLarge()
    elif len(raw) > limit // 4096:  # LZW expands at most ~2,700 times
        raise ValueTooLarge()
    data = stream.read_bytes()  # bounded now: the first stage fits, later ones do not grow it much
    if len(data) > limit:
        raise ValueTooLarge()
    return data


def kind_of(obj: object) -> str:
    """What a PDF object is, for a message ("a number", "an array" ...)."""
    kinds = ((bool, "a boolean"), (int, "a number"), (Decimal, "a number"), (Name, "a name"),
             (String, "a string"), (Array, "an array"), (Stream, "a stream"), (Dictionary, "a dictionary"))
    return next((word for cls, word in kinds if isinstance(obj, cls)), "null" if obj is None else "an object")


# --------------------------------------------------------------------------- text


def pdf_text(value: object) -> str:
    """A PDF text string as str: UTF-16BE with BOM, UTF-8 with BOM, else PDFDocEncoding."""
    if isinstance(value, Stream):  # /V of a text field may be a stream
        data = bounded_bytes(value)
    elif isinstance(value, String):
        data = bytes(value)
        if len(data) > MAX_VALUE_BYTES:
            raise ValueTooLarge()
    elif isinstance(value, Name):
        return str(value)[1:]
    elif isinstance(value, bytes):
        data = value
    elif isinstance(value, (int, Decimal)):  # bool is an int
        return str(value)
    else:  # an array or dictionary where text belongs
        raise MalformedFormError(msg("pdf.text_expected", found=kind_of(value)))
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace")
    if data.startswith(b"\xff\xfe"):  # not allowed, but written by some tools
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):  # PDF 2.0
        return data[3:].decode("utf-8", errors="replace")
    return data.decode("pdfdoc", errors="replace")


# -------------------------------------------------------------------- field tree


def field_kids(field: Dictionary) -> list[Dictionary]:
    """A field's /Kids that are dictionaries (other entries are ignored, as viewers do)."""
    kids = field.get("/Kids")
    if kids is None:
        return []
    if not isinstance(kids, Array):
        raise MalformedFormError(msg("pdf.kids_not_array", found=kind_of(kids)))
    return [k for k in kids if isinstance(k, Dictionary)]


def walk_fields(acroform: Dictionary) -> Iterator[tuple[str, Dictionary]]:
    """(fully-qualified name, field dictionary) for every terminal field, in document order.

    A kid without /T is a widget of its parent, not a field of its own. Kids
    that also appear directly in /Fields are visited once, as kids; a field
    reached again (a cycle in /Kids) is skipped.
    """
    fields = acroform.get("/Fields")
    if fields is None:
        return
    if not isinstance(fields, Array):
        raise MalformedFormError(msg("pdf.fields_not_array", found=kind_of(fields)))
    top = [f for f in fields if isinstance(f, Dictionary)]
    reachable_as_kid = {k.objgen for f in top for k in field_kids(f) if k.is_indirect}
    stack = [(f, "", 1) for f in reversed(top)
             if not (f.is_indirect and f.objgen in reachable_as_kid and "/Parent" in f)]
    seen: set[tuple[int, int]] = set()
    while stack:
        field, name, depth = stack.pop()
        if field.is_indirect:
            if field.objgen in seen:
                continue
            seen.add(field.objgen)
        if depth > MAX_DEPTH:
            raise MalformedFormError(msg("pdf.too_deep", depth=MAX_DEPTH))
        if "/T" in field:
            if not isinstance(field.T, String):
                raise MalformedFormError(msg("pdf.name_not_string", found=kind_of(field.T)))
            partial = pdf_text(field.T)
            name = f"{name}.{partial}" if name else partial
        child_fields = [k for k in field_kids(field) if "/T" in k]
        if child_fields:
            stack += [(kid, name, depth + 1) for kid in reversed(child_fields)]
        else:
            yield name, field


def object_key(obj: pikepdf.Object) -> object:
    """Identity of a PDF object (pikepdf's == compares contents)."""
    return obj.objgen if obj.is_indirect else id(obj)


def inherited(field: Dictionary, key: str):
    """`key` of the field or its nearest ancestor (a cycle in /Parent ends the search)."""
    node = field
    for _ in range(MAX_DEPTH):
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        if not isinstance(parent, Dictionary):
            return None
        node = parent
    return None


def widgets(field: Dictionary) -> list[Dictionary]:
    return field_kids(field) or [field]


def field_flags(field: Dictionary) -> int:
    flags = inherited(field, "/Ff")
    if flags is None:
        return 0
    if not isinstance(flags, int) or isinstance(flags, bool):
        raise MalformedFormError(msg("pdf.flags_not_number", found=kind_of(flags)))
    return flags



def _field_value(field: Dictionary) -> object:
    kind = inherited(field, "/FT")
    flags = field_flags(field)
    value = inherited(field, "/V")
    if kind == Name.Tx:
        return "" if value is None else pdf_text(value)
    if kind == Name.Btn:
        if flags & FF_PUSHBUTTON:
            return None
        state = None
        if isinstance(value, Name) and value != Name.Off:
            state = str(value)[1:]
        elif value is None:  # some writers only set the widgets' /AS
            for widget in widgets(field):
                appearance = widget.get("/AS")
                if isinstance(appearance, Name) and appearance != Name.Off:
                    state = str(appearance)[1:]
                    break
        if not flags & FF_RADIO:
            return state is not None
        if state is None:
            return None
        options = inherited(field, "/Opt")
        if isinstance(options, Array) and state.isascii() and state.isdigit() and int(state) < len(options):
            return pdf_text(options[int(state)])
        return state
    if kind == Name.Ch:
        if isinstance(value, Array):
            values = [pdf_text(v) for v in value]
            if flags & FF_MULTISELECT:
                return values
            value = value[0] if len(value) else None
        if value is None:
            return [] if flags & FF_MULTISELECT else None
        text = pdf_text(value)
        if flags & FF_MULTISELECT:
            return [text] if text else []
        return text or None
    return None if value is None else pdf_text(value)


@dataclass
class FieldInfo:
    """A field of a filled form as the file itself describes it: its value, and what the
    form says the value must be (its Required flag, the kind its keystroke action checks,
    the cells its total adds up), so that a filled copy can be checked without the YAML."""

    value: object
    required: bool = False
    kind: str | None = None  # "number", "money" or "date" (from the field's AFNumber_/AFDate_ action)
    label: str = ""  # the tooltip (/TU): the label the form prints
    sums: list[str] = dc_field(default_factory=list)  # the fields a total adds up (AFSimple_Calculate)
    sizes: list[tuple[float, float]] = dc_field(default_factory=list)  # each widget's (width, height), in points
    multiline: bool = False


_SCRIPT_LIMIT = 4096  # a longer script is not one of ours: not read
_KIND = re.compile(r"^\s*AF(Number|Date)_Keystroke(?:Ex)?\(\s*(\d+)?")
_CELL = re.compile(r'"((?:[^"\\]|\\.){1,200})"')


def _script(action: object) -> str:
    if not isinstance(action, Dictionary):
        return ""
    script = action.get("/JS")
    if isinstance(script, Stream):
        try:
            data = bounded_bytes(script, _SCRIPT_LIMIT)
        except ValueTooLarge:
            return ""  # not one of ours: not read
        return data.decode("latin-1")
    if isinstance(script, String) and len(bytes(script)) <= _SCRIPT_LIMIT:
        return pdf_text(script)
    return ""


def _checks(field: Dictionary) -> tuple[str | None, list[str]]:
    """(value kind, summed fields) read from a field's keystroke and calculate actions; the
    scripts are only matched against the few forms our forms use, never run."""
    actions = inherited(field, "/AA")
    if not isinstance(actions, Dictionary):
        return None, []
    kind = None
    if match := _KIND.match(_script(actions.get("/K"))):
        kind = "date" if match.group(1) == "Date" else "money" if match.group(2) == "2" and \
            "AFNumber_Format(2" in _script(actions.get("/F")) else "number"
    calculate = _script(actions.get("/C"))
    sums = _CELL.findall(calculate) if calculate.lstrip().startswith('AFSimple_Calculate("SUM"') else []
    return kind, sums[1:] if sums and sums[0] == "SUM" else sums


def _sizes(field: Dictionary) -> list[tuple[float, float]]:
    out = []
    for widget in widgets(field):
        rect = widget.get("/Rect")
        if isinstance(rect, Array) and len(rect) == 4 and all(isinstance(v, (int, Decimal)) for v in rect):
            out.append((abs(float(rect[2]) - float(rect[0])), abs(float(rect[3]) - float(rect[1]))))
    return out


def describe_fields(source: bytes | str | os.PathLike[str]) -> dict[str, FieldInfo]:
    """Every field of a filled form, by fully-qualified name, with its value (as
    `read_fields` gives it) and what the form says about it."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        opened = pikepdf.open(io.BytesIO(bytes(source)))
    else:
        opened = pikepdf.open(Path(source))
    with opened as pdf:
        acroform = pdf.Root.get("/AcroForm")
        if not isinstance(acroform, Dictionary):
            return {}
        out: dict[str, FieldInfo] = {}
        for name, field in walk_fields(acroform):
            if name in out:
                continue
            kind, sums = _checks(field)
            label = inherited(field, "/TU")
            flags = field_flags(field)
            try:
                value = _field_value(field)
                label = pdf_text(label) if isinstance(label, String) else ""
            except ValueTooLarge:
                raise ValueTooLarge(name) from None
            out[name] = FieldInfo(value, bool(flags & FF_REQUIRED), kind, label, sums, _sizes(field),
                                  inherited(field, "/FT") == Name.Tx and bool(flags & FF_MULTILINE))
        return out


def read_fields(source: bytes | str | os.PathLike[str]) -> dict[str, object]:
    """The values of all fields, by fully-qualified name.

    Text fields give str; check boxes bool; radio groups the chosen export
    value or None; choice fields (select) the chosen value or None (a list for
    multiple selection). Works on forms saved by PDFium (Chrome), not only ours.
    Raises MalformedFormError when the field tree is not shaped as a form's.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        opened = pikepdf.open(io.BytesIO(bytes(source)))
    else:
        opened = pikepdf.open(Path(source))
    with opened as pdf:
        acroform = pdf.Root.get("/AcroForm")
        if not isinstance(acroform, Dictionary):
            return {}
        values: dict[str, object] = {}
        for name, field in walk_fields(acroform):
            if name not in values:
                try:
                    values[name] = _field_value(field)
                except ValueTooLarge:
                    raise ValueTooLarge(name) from None
        return values
