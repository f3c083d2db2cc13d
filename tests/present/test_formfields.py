"""Each form field type is presented from one entry: names, numbers, rows, labels, drawing."""

from __future__ import annotations

import re

import pytest

from generator.errors import RenderError
from generator.present import formfields
from generator.present.labels import load_labels
from generator.source import model

from ..conftest import REPO


def test_every_schema_type_has_a_kind_a_label_and_a_macro():
    macros = set(re.findall(r"{% macro (\w+)\(p\)", (REPO / "site_config/templates/pdf/_form_fields.html")
                            .read_text(encoding="utf-8")))
    for cls in model.FIELD_TYPES:
        kind = formfields.KINDS[model.field_type_name(cls)]
        assert kind.macro in macros, kind
        for locale in ("zh-CN", "en"):
            assert load_labels(locale)[kind.label], (locale, kind.label)


def test_an_unknown_type_fails_loudly():
    class Odd:
        type = "barcode"
        id = "x"

    with pytest.raises(RenderError, match="form field type 'barcode' has no presentation"):
        formfields.kind_of(Odd())


def test_names_are_computed_once_for_template_and_read_back(mini):
    from generator.handbook import load_handbook

    form = load_handbook(mini.root).forms["new-customer-notice"]
    names = formfields.form_names(form)
    assert list(names)[:7] == ["customer", "settlement", "amount", "start-date", "notes", "vip", "region"]
    assert [n for n in names if n.startswith("contacts.")] == [
        f"contacts.{row}.{col}" for row in (1, 2, 3) for col in ("name", "phone")]
    assert [n for n in names if n.startswith("handler.")] == ["handler.name", "handler.date"]
    assert not [n for n in names if n.startswith("counterfoil")]
    placed = [p for row in formfields.place(form.fields) for p in row]
    assert {n for p in placed for n in p.names.values()} == set(names)
    # the counterfoil draws the same fields again, under the same names (one field, two widgets)
    copies = [p for row in formfields.place(formfields.counterfoil_fields(form)) for p in row]
    assert {n for p in copies for n in p.names.values()} == {"customer", "settlement", "handler.name",
                                                             "handler.date"}


def test_rows_pair_half_widths_and_give_blocks_a_row():
    def f(id, type="text", width="full", **extra):
        return model.Form.model_validate({"id": "x", "code": "X", "title": "X", "owner": "d", "fields": [
            {"id": id, "label": "甲", "type": type, "width": width, **extra}]}).fields[0]

    rows = formfields.place([f("a", width="half"), f("b", width="half"), f("c", width="half"),
                             f("d", "multiline", width="half"), f("e", width="third")])
    assert [[p.field.id for p in r] for r in rows] == [["a", "b"], ["c"], ["d"], ["e"]]
    assert formfields.is_numeric(f("m", "money")) and not formfields.is_numeric(f("t"))
    assert formfields.place([f("n", "number", unit="件")])[0][0].unit == "件"
