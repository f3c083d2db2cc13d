"""Forms: field ids that name distinct PDF fields (and none of the columns `forms read`
writes before them), options a filled form can tell apart, a counterfoil that repeats
fields of the form each once, totals only of columns holding numbers."""

from __future__ import annotations

import difflib

from ..errors import Diagnostic, error
from ..messages import msg
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
            out.append(error(e.locate("fields", i, "id"), msg("forms.duplicate_field", id=f.id, form=form.id),
                             msg("hint.field_ids_unique")))
        ids.setdefault(f.id, i)
        if f.id in model.READBACK_COLUMNS:
            out.append(error(e.locate("fields", i, "id"), msg("forms.reserved_field", id=f.id),
                             msg("hint.reserved_field", id=f.id, ids=list(model.READBACK_COLUMNS))))
        if isinstance(f, (model.RadioField, model.SelectField)):
            options: set[str] = set()
            for j, option in enumerate(f.options):
                if option in options:
                    out.append(error(e.locate("fields", i, "options", j),
                                     msg("forms.duplicate_option", option=printable(option), field=f.id),
                                     msg("hint.duplicate_option")))
                options.add(option)
        if isinstance(f, model.TableField):
            cols: set[str] = set()
            for j, c in enumerate(f.columns):
                if c.id in cols:
                    out.append(error(e.locate("fields", i, "columns", j, "id"), msg("forms.duplicate_column", id=c.id)))
                cols.add(c.id)
                if c.total and c.type not in ("number", "money"):
                    out.append(error(e.locate("fields", i, "columns", j, "total"),
                                     msg("forms.total_not_numeric", id=c.id, type=c.type), msg("hint.total_numeric")))
            if any(c.total for c in f.columns) and not f.numbered and f.columns[0].total:
                out.append(error(e.locate("fields", i, "columns", 0, "total"),
                                 msg("forms.total_first_column", id=f.id), msg("hint.total_label_cell")))
    if form.counterfoil:
        listed: dict[str, int] = {}
        for j, fid in enumerate(form.counterfoil.fields):
            if fid in listed:
                out.append(error(e.locate("counterfoil", "fields", j), msg("forms.counterfoil_twice", id=fid),
                                 msg("hint.counterfoil_once", where=e.locate("counterfoil", "fields", listed[fid]))))
                continue
            listed[fid] = j
            if fid not in ids:
                close = difflib.get_close_matches(fid, list(ids), n=1)
                out.append(error(e.locate("counterfoil", "fields", j), msg("forms.unknown_counterfoil_field", id=fid),
                                 msg("hint.did_you_mean", value=close[0]) if close else msg("hint.name_field_id")))
    return out
