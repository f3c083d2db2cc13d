"""Form field types as the outputs present them: one entry per type, in one place.

The schema of a field type is its model in source/model.py (`FIELD_TYPES`); everything
else about it is here: the AcroForm names it takes, whether it holds a number (right
aligned, checked as a number), whether it takes a whole printed row, the locale label
naming its type, and the template macro that draws it (pdf/_form_fields.html). The
form templates receive the names computed here, and the read-back of filled forms
uses the same function, so a project's own template cannot make them drift.

Names: `<field-id>`; `<table-id>.<row>.<column-id>` (rows from 1); `<signature-id>.name`
and `.date`. A field repeated on the counterfoil (存根联) keeps its name: it is one AcroForm
field with a widget in each place, so what is typed above shows below too.
A type without an entry here fails the build loudly (`kind_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import RenderError
from ..messages import msg
from ..source import model


def _one(f) -> Iterator[tuple[str, object]]:
    yield "", f


def _signature(f) -> Iterator[tuple[str, object]]:
    yield "name", f
    yield "date", f


@dataclass(frozen=True)
class Total:
    """The total of a table column (`total: true`): a field `<table>.total.<column>` in the
    table's 合计 row, computed by viewers that run form scripts from the cells above."""

    table: object  # model.TableField
    column: model.Column

    @property
    def type(self) -> str:
        return self.column.type

    def cells(self) -> list[str]:
        """The names of the cells it adds up, top to bottom."""
        return [f"{self.table.id}.{row}.{self.column.id}" for row in range(1, rows_of(self.table) + 1)]


def rows_of(f: model.TableField) -> int:
    """The table's number of rows; `rows: fill` must have been resolved by the renderer
    (pdf/forms.py measures the page) before names are computed."""
    if not isinstance(f.rows, int):
        raise RenderError(msg("render.rows_unresolved", id=f.id, rows=f.rows))
    return f.rows


def _cells(f: model.TableField) -> Iterator[tuple[str, object]]:
    for row in range(1, rows_of(f) + 1):
        for column in f.columns:
            yield f"{row}.{column.id}", column
    for column in f.columns:
        if column.total:
            yield f"total.{column.id}", Total(f, column)


@dataclass(frozen=True)
class FieldKind:
    type: str  # the YAML `type`
    macro: str  # the macro of pdf/_form_fields.html that draws it
    numeric: bool = False  # holds a number: right-aligned, checked as a number
    block: bool = False  # takes a whole printed row
    parts: Callable[[object], Iterator[tuple[str, object]]] = _one  # (part, YAML source) of its AcroForm fields
    unit: Callable[[object], str] = lambda f: ""  # printed after the value

    @property
    def label(self) -> str:
        """The locale key naming this type (the site's list of a form's fields)."""
        return f"type_{self.type}"


KINDS: dict[str, FieldKind] = {k.type: k for k in (
    FieldKind("text", "line"),
    FieldKind("date", "line"),
    FieldKind("number", "amount", numeric=True, unit=lambda f: f.unit),
    FieldKind("money", "amount", numeric=True, unit=lambda f: f.currency),
    FieldKind("multiline", "box", block=True),
    FieldKind("checkbox", "check"),
    FieldKind("radio", "radio"),
    FieldKind("select", "select"),
    FieldKind("signature", "signature", parts=_signature),
    FieldKind("table", "table", block=True, parts=_cells),
)}

COLUMN_NUMERIC = {"number", "money"}  # table columns holding numbers


def kind_of(field) -> FieldKind:
    try:
        return KINDS[field.type]
    except KeyError:
        raise RenderError(msg("render.field_type", type=repr(field.type))) from None


def is_numeric(source) -> bool:
    """Whether the YAML source of an AcroForm field (a field, a table column or a column's
    total) holds a number."""
    if isinstance(source, (model.Column, Total)):
        return source.type in COLUMN_NUMERIC
    return kind_of(source).numeric


#: What the value of an AcroForm field must be, by the YAML type it comes from. Viewers that
#: run form scripts check it as it is typed; `handbook forms read` checks it again.
VALUE_TYPES = ("number", "money", "date")


def value_type(name: str, source) -> str | None:
    """"number", "money" or "date" for a field whose value is checked, else None."""
    if isinstance(source, model.SignatureField):
        return "date" if name.endswith(".date") else None
    kind = source.type
    return kind if kind in VALUE_TYPES else None


def names(field, prefix: str = "") -> dict[str, str]:
    """part -> fully-qualified AcroForm name of each of the field's widgets."""
    base = prefix + field.id
    return {part: f"{base}.{part}" if part else base for part, _ in kind_of(field).parts(field)}


def form_names(form: model.Form) -> dict[str, object]:
    """Every AcroForm field name of `form`, with the YAML field (or table column) it comes from.
    The counterfoil adds no names: its widgets belong to the fields above."""
    out: dict[str, object] = {}
    for f in form.fields:
        for part, source in kind_of(f).parts(f):
            out[f"{f.id}.{part}" if part else f.id] = source
    return out


def counterfoil_fields(form: model.Form) -> list:
    """The fields repeated on the counterfoil (存根联), in the order the YAML names them."""
    if not form.counterfoil:
        return []
    by_id = {f.id: f for f in form.fields}
    return [by_id[i] for i in form.counterfoil.fields]


@dataclass(frozen=True)
class Placed:
    """A field as a form template draws it: the YAML field, its kind, its names, and the
    width it is printed at (`width`: the YAML width, or wider for its `chars`)."""

    field: object
    kind: FieldKind
    names: dict[str, str]
    unit: str
    width: str = "full"

    @property
    def lines(self) -> int:
        """A multiline box's printed lines: at least MIN_LINES."""
        return max(getattr(self.field, "lines", MIN_LINES), MIN_LINES)


_PER_ROW = {"full": 1, "half": 2, "third": 3}
MIN_LINES = 2  # a multiline box is at least two lines tall

#: How many characters (a Chinese character one, a digit or Latin letter half) a single-line
#: field's cell holds at the fields' 10 pt, by printed width, as css/form.css lays them out
#: on A4 (the label cell 31 mm, the rest shared by the row); number and money fields give
#: 7 mm to their unit. Pinned to the rendered widgets by tests/pdf/test_fit.py.
CAPACITY = {"full": 40, "half": 15, "third": 6}
_UNIT_CHARS = 2


def capacity(width: str, numeric: bool = False) -> int:
    return CAPACITY[width] - (_UNIT_CHARS if numeric else 0)


def text_units(text: str) -> float:
    """`text`'s width in Chinese characters: half for ASCII and half-width forms, one for the rest."""
    return sum(0.5 if ord(ch) < 0x2E80 or 0xFF61 <= ord(ch) <= 0xFFDC else 1.0 for ch in text)


def printed_width(f) -> str:
    """The width a field is printed at: its `width`, widened until its `chars` fit."""
    width = "full" if kind_of(f).block else f.width
    chars = getattr(f, "chars", None)
    if chars is None:
        return width
    order = ["third", "half", "full"]
    for candidate in order[order.index(width):]:
        if capacity(candidate, kind_of(f).numeric) >= chars:
            return candidate
    return "full"


def place(fields: list, prefix: str = "") -> list[list[Placed]]:
    """Printed rows of fields: half-width fields pair up, thirds go three by three, the
    rest (and every block field) take a row. A field whose `chars` do not fit its width
    is printed wider (a half that needs more takes a row of its own)."""
    rows: list[list[Placed]] = []
    for f in fields:
        kind = kind_of(f)
        width = printed_width(f)
        placed = Placed(f, kind, names(f, prefix), kind.unit(f), width)
        last = rows[-1] if rows else None
        if (last and width != "full" and not last[0].kind.block and last[0].width == width
                and len(last) < _PER_ROW[width]):
            last.append(placed)
        else:
            rows.append([placed])
    return rows


def _covered() -> None:
    """Every field type of the schema has a presentation (checked on import: a type added
    to the schema alone fails here, not in a PDF)."""
    missing = [model.field_type_name(c) for c in model.FIELD_TYPES if model.field_type_name(c) not in KINDS]
    if missing:
        raise RenderError(msg("render.field_type", type=", ".join(missing)))


_covered()
