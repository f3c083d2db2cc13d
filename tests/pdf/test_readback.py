"""`handbook forms read` on filled forms from outside: a damaged or hostile PDF is one clean error.

Each case is a real form of the mini fixture, changed with pikepdf the way a broken tool or
an attacker would, then read with the real CLI: exit code and exact message, never a traceback.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from generator.pdf import forms
from generator.pdf.fieldtree import walk_fields
from generator.handbook import load_handbook
from ..conftest import present

REPO = Path(__file__).resolve().parent.parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="module")
def form_pdf() -> bytes:
    hb = load_handbook(MINI)
    return forms.render_form(present(hb), hb.forms["new-customer-notice"])


def forms_read(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "forms", "read", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env=dict(os.environ, HANDBOOK_LANG="en"))


def changed(form_pdf: bytes, path: Path, change) -> Path:
    with pikepdf.open(io.BytesIO(form_pdf)) as pdf, warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # widgets cut off from /Fields: meant
        change(pdf)
        pdf.save(path)
    return path


def _field(pdf: pikepdf.Pdf, name: str) -> Dictionary:
    return next(f for n, f in walk_fields(pdf.Root.AcroForm) if n == name)


def _fields_not_an_array(pdf):
    pdf.Root.AcroForm.Fields = 5


def _kids_not_an_array(pdf):
    pdf.Root.AcroForm.Fields[0].Kids = 7


def _flags_a_name(pdf):
    pdf.Root.AcroForm.Fields[0].Ff = Name.Foo


def _nested_3000_deep(pdf):
    top = node = pdf.make_indirect(Dictionary(T=String("a")))
    for i in range(3000):
        kid = pdf.make_indirect(Dictionary(T=String(f"k{i}"), Parent=node))
        node.Kids = Array([kid])
        node = kid
    pdf.Root.AcroForm.Fields.append(top)


def _name_an_array(pdf):
    _field(pdf, "customer").T = Array([String("x")])


def _value_a_dictionary(pdf):
    _field(pdf, "customer").V = Dictionary(X=1)


@pytest.mark.parametrize("change, problem", [
    (_fields_not_an_array, "/AcroForm /Fields is a number, not an array"),
    (_kids_not_an_array, "/Kids of a field is a number, not an array"),
    (_flags_a_name, "field flags (/Ff) are a name, not a whole number"),
    (_nested_3000_deep, "fields nested more than 64 levels deep"),
    (_name_an_array, "a field name (/T) is an array, not a string"),
    (_value_a_dictionary, "a dictionary where text belongs"),
])
def test_a_malformed_form_is_one_clean_error(form_pdf, tmp_path, change, problem):
    path = changed(form_pdf, tmp_path / "filled.pdf", change)
    run = forms_read(str(path))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [f"error: {path}: not a readable form ({problem})"]


def test_cycles_in_kids_and_parent_are_read_once(form_pdf, tmp_path):
    def cycle(pdf):
        a = pdf.make_indirect(Dictionary(T=String("a")))
        b = pdf.make_indirect(Dictionary(T=String("b"), Parent=a))
        a.Kids, b.Kids, a.Parent = Array([b]), Array([a]), b  # a -> b -> a, both ways
        pdf.Root.AcroForm.Fields.append(a)
        _field(pdf, "customer").V = String("客户甲")
        _field(pdf, "handler.name").V = String("李四")  # the other required field

    run = forms_read(str(changed(form_pdf, tmp_path / "filled.pdf", cycle)))
    assert run.returncode == 0 and run.stderr == ""
    assert '"customer": "客户甲"' in run.stdout


def test_a_bad_file_in_a_folder_is_named_and_the_others_are_read(form_pdf, tmp_path):
    folder = tmp_path / "surveys"
    folder.mkdir()
    (folder / "1.pdf").write_bytes(form_pdf)
    changed(form_pdf, folder / "2.pdf", _fields_not_an_array)
    (folder / "3.pdf").write_bytes(b"hello")
    changed(form_pdf, folder / "4.pdf", lambda pdf: setattr(_field(pdf, "customer"), "V", String("客户丁")))
    out = tmp_path / "调查.csv"
    run = forms_read(str(folder), "-o", str(out))
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.splitlines() == [
        f"error: {folder / '2.pdf'}: not a readable form (/AcroForm /Fields is a number, not an array)",
        f"error: {folder / '3.pdf'}: not a PDF file (no %PDF- header)",
        # the blank copy and the half-filled one: their empty required fields, named
        f"warning: {folder / '1.pdf'}: 客户名称 (customer): required, but empty",
        f"warning: {folder / '1.pdf'}: 经办人 签字 (handler.name): required, but empty",
        f"warning: {folder / '4.pdf'}: 经办人 签字 (handler.name): required, but empty",
        f"wrote {out}",
        "2 of 4 files could not be read and were left out",
    ]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["file"], r["form"], r["customer"]) for r in rows] == [
        ("1.pdf", "new-customer-notice", ""), ("4.pdf", "new-customer-notice", "客户丁")]
    assert [r["problems"] for r in rows] == [
        "客户名称 (customer): required, but empty; 经办人 签字 (handler.name): required, but empty",
        "经办人 签字 (handler.name): required, but empty"]


def test_a_folder_of_only_bad_files_writes_nothing(form_pdf, tmp_path):
    folder = tmp_path / "surveys"
    folder.mkdir()
    changed(form_pdf, folder / "1.pdf", _kids_not_an_array)
    changed(form_pdf, folder / "2.pdf", _flags_a_name)
    out = tmp_path / "调查.csv"
    run = forms_read(str(folder), "-o", str(out))
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.splitlines() == [
        f"error: {folder / '1.pdf'}: not a readable form (/Kids of a field is a number, not an array)",
        f"error: {folder / '2.pdf'}: not a readable form (field flags (/Ff) are a name, not a whole number)",
        "none of the 2 files could be read; nothing was written",
    ]
    assert not out.exists()
