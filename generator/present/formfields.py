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
from ..source import model


def _one(f) -> Iterator[tuple[str, object]]:
    yield "", f


def _signature(f) -> Iterator[tuple[str, object]]:
    yield "name", f
    yield "date", f


def _cells(f: model.TableField) -> Iterator[tuple[str, object]]:
    for row in range(1, f.rows + 1):
        for column in f.columns:
            yield f"{row}.{column.id}", column


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
        raise RenderError(f"form field type {field.type!r} has no presentation "
                          "(generator/present/formfields.py)") from None


def is_numeric(source) -> bool:
    """Whether the YAML source of an AcroForm field (a field or a table column) holds a number."""
    if isinstance(source, model.Column):
        return source.type in COLUMN_NUMERIC
    return kind_of(source).numeric


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
    """A field as a form template draws it: the YAML field, its kind and its names."""

    field: object
    kind: FieldKind
    names: dict[str, str]
    unit: str


_PER_ROW = {"full": 1, "half": 2, "third": 3}


def place(fields: list, prefix: str = "") -> list[list[Placed]]:
    """Printed rows of fields: half-width fields pair up, thirds go three by three, the
    rest (and every block field) take a row."""
    rows: list[list[Placed]] = []
    for f in fields:
        kind = kind_of(f)
        placed = Placed(f, kind, names(f, prefix), kind.unit(f))
        width = "full" if kind.block else f.width
        last = rows[-1] if rows else None
        if (last and width != "full" and not last[0].kind.block and last[0].field.width == width
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
        raise RenderError(f"form field types without a presentation: {', '.join(missing)}")


_covered()
