"""Forms: field ids that name distinct PDF fields, options a filled form can tell apart,
a counterfoil that repeats fields of the form, totals only of columns holding numbers."""

from __future__ import annotations

import difflib

from ..errors import Diagnostic, error
from ..source import model
from ..source.load import Entry, Source
from ..source.yaml_reader import printable


def check(src: Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for e in src.of_kind("form"):
        out += _check_form(e)
    return out


def _check_form(e: Entry) -> list[Diagnostic]:
    out = []
    form: model.Form = e.item
    ids: dict[str, int] = {}
    for i, f in enumerate(form.fields):
        if f.id in ids:
            out.append(error(e.locate("fields", i, "id"), f"duplicate field id '{f.id}' in form '{form.id}'",
                             "field ids name the PDF fields and must be unique in a form"))
        ids.setdefault(f.id, i)
        if isinstance(f, (model.RadioField, model.SelectField)):
            options: set[str] = set()
            for j, option in enumerate(f.options):
                if option in options:
                    out.append(error(e.locate("fields", i, "options", j),
                                     f"option '{printable(option)}' is listed twice in field '{f.id}'",
                                     "a filled form could not tell the two apart; remove one"))
                options.add(option)
        if isinstance(f, model.TableField):
            cols: set[str] = set()
            for j, c in enumerate(f.columns):
                if c.id in cols:
                    out.append(error(e.locate("fields", i, "columns", j, "id"), f"duplicate column id '{c.id}'"))
                cols.add(c.id)
                if c.total and c.type not in ("number", "money"):
                    out.append(error(e.locate("fields", i, "columns", j, "total"),
                                     f"column '{c.id}' is {c.type}, so it has no total",
                                     "only number and money columns can have total: true"))
            if any(c.total for c in f.columns) and not f.numbered and f.columns[0].total:
                out.append(error(e.locate("fields", i, "columns", 0, "total"),
                                 f"the first column of table '{f.id}' cannot hold its total",
                                 "the total row needs a first cell for its label: keep numbered: true, "
                                 "or put a text column first"))
    if form.counterfoil:
        for j, fid in enumerate(form.counterfoil.fields):
            if fid not in ids:
                close = difflib.get_close_matches(fid, list(ids), n=1)
                out.append(error(e.locate("counterfoil", "fields", j), f"unknown field '{fid}' in counterfoil",
                                 f"did you mean '{close[0]}'?" if close else "name one of the form's field ids"))
    return out
