"""Filled forms made to attack whoever reads them: a value that inflates without bound,
field names and file names that are spreadsheet formulas, control characters meant for
the user's terminal. Each is bounded, neutralised or escaped; the message names the file
(and the field)."""

from __future__ import annotations

import csv
import io
import zlib
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Name, String

from generator import cli, filled
from generator.pdf.fieldtree import MAX_STREAM_BYTES, MAX_VALUE_BYTES

from .test_readback import _field, changed, form_pdf, forms_read  # noqa: F401  (form_pdf is a fixture)


def _deflated_value(size: int):
    def change(pdf):
        stream = pikepdf.Stream(pdf, zlib.compress(b"A" * size, 9))
        stream.Filter = Name.FlateDecode
        _field(pdf, "customer").V = stream
    return change


def test_a_value_too_large_is_named_and_never_inflated(form_pdf, tmp_path):
    path = changed(form_pdf, tmp_path / "filled.pdf", _deflated_value(4 * MAX_VALUE_BYTES))
    run = forms_read(str(path))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [
        f"error: {path}: field 'customer' holds more than {MAX_VALUE_BYTES // 1024} KB; "
        "not a value a person typed (the file is left out)"]


def test_a_compressed_stream_that_inflates_to_hundreds_of_megabytes_is_refused(form_pdf, tmp_path):
    path = changed(form_pdf, tmp_path / "bomb.pdf", _deflated_value(2 * MAX_STREAM_BYTES))
    assert path.stat().st_size < 1024 * 1024  # a small file
    run = forms_read(str(path))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [
        f"error: {path}: a compressed stream inflates to more than {MAX_STREAM_BYTES // 1024 // 1024} MB; "
        "not a filled form (left out)"]


def test_a_value_just_under_the_limit_is_read(form_pdf, tmp_path):
    path = changed(form_pdf, tmp_path / "long.pdf", _deflated_value(MAX_VALUE_BYTES - 10))
    run = forms_read(str(path))
    assert '"customer": "' + "A" * (MAX_VALUE_BYTES - 10) + '"' in run.stdout


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_field_names_and_file_names_are_neutralised_in_csv(form_pdf, tmp_path, start):
    def rename(pdf):
        _field(pdf, "customer").T = String(start + "cmd|' /C calc'!A0")

    folder = tmp_path / "in"
    folder.mkdir()
    changed(form_pdf, folder / f"{start.strip() or 'x'}1.pdf", rename)
    changed(form_pdf, folder / "@SUM(1).pdf", rename)
    target = tmp_path / "out.csv"
    forms_read(str(folder), "-o", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    header = rows[0]
    assert ("'" + start + "cmd|' /C calc'!A0").replace("\r", "\n") in header  # a CR in a cell: a quoted line break
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:]) and "'@SUM(1).pdf" in [r[0] for r in rows[1:]]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_control_characters_never_reach_the_terminal(form_pdf, tmp_path, monkeypatch):
    hostile = "客户\x1b]0;pwned\x07\x1b[2J\x00\x9b31m\u202eexe.txt"

    def change(pdf):
        _field(pdf, "customer").V = String(hostile)
        _field(pdf, "handler.name").TU = String("名称\x1b[31m")  # left empty: warned about, by label

    a = changed(form_pdf, tmp_path / "a.pdf", change)
    b = changed(form_pdf, tmp_path / "b.pdf", change)
    out, err = _Terminal(), _Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    assert cli.main(["forms", "read", str(a), str(b)]) == 0
    printed = out.getvalue() + err.getvalue()
    for char in "\x1b\x07\x00\x9b\u202e":
        assert char not in printed
    assert "客户<U+001B>]0;pwned<U+0007><U+001B>[2J<U+0000><U+009B>31m<U+202E>exe.txt" in out.getvalue()
    assert "(handler.name)" in err.getvalue()  # the warning about the empty required field, its label made safe


def test_values_written_to_a_pipe_or_file_stay_as_read(form_pdf, tmp_path):
    """Only a terminal gets escapes: a pipe or a file receives the value itself."""
    path = changed(form_pdf, tmp_path / "a.pdf", lambda pdf: setattr(_field(pdf, "customer"), "V", String("甲\x1b乙")))
    run = forms_read(str(path))
    assert '"customer": "甲\\u001b乙"' in run.stdout  # JSON's own escape
    assert filled.terminal_safe("甲\x1b乙\n\t丙") == "甲<U+001B>乙\n\t丙"
