"""Form PDFs: one A4 page per form, an AcroForm field per YAML field, filled in PDFium, read back.

Every form of the mini fixture, of an edited copy of it (number field, help text, a label with
markup, a table long enough to flow onto page 2), of the English fixture and of the default
handbook is rendered once per session with the real pipeline (forms.render_form).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pytest

from generator.source import model
from generator.errors import BuildError
from generator.present.formfields import form_names
from generator import fonts
from generator.pdf import forms
from generator.pdf.fieldtree import read_fields, walk_fields
from generator.handbook import load_handbook

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURES = HERE.parent / "fixtures"
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from pdfium_fill import fill_with_pdfium  # noqa: E402
from ..conftest import present, labels

NAME = "华东区张三"
MAX_BYTES = 100 * 1024
A4 = (595.28, 841.89)

EXTRA_FIELDS = """\
  - {id: boxes, label: 件数, type: number, unit: 箱, width: half, required: true}
  - {id: weight, label: 重量, type: number, unit: kg, width: half}
  - {id: markup, label: "<b>x</b>", type: text, help: 如 2026年2月}
"""

LONG_FORM = """\
id: long-list
code: SL-LL-01
title: 长清单
owner: market
fields:
  - {id: owner, label: 填表人, type: text, required: true}
  - id: items
    label: 明细
    type: table
    rows: 45
    columns:
      - {id: item, label: 品名, width: 60}
      - {id: amount, label: 金额, type: money, width: 40}
  - {id: checker, label: 审核人, type: signature}
"""


# ------------------------------------------------------------------ rendering, once per session


def _render_all(root: Path) -> tuple[object, dict[str, bytes]]:
    """The handbook, with its forms as printed (`rows: fill` resolved), and each form's PDF."""
    from dataclasses import replace

    hb = load_handbook(root)
    p = present(hb)
    pdfs = {f.id: forms.render_form(p, f) for f in hb.forms.values()}
    return replace(hb, forms={k: forms.resolve_rows(p, f) for k, f in hb.forms.items()}), pdfs


@pytest.fixture(scope="session")
def mini_forms():
    return _render_all(FIXTURES / "mini")


@pytest.fixture(scope="session")
def extra_forms(tmp_path_factory):
    root = tmp_path_factory.mktemp("extra") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    path = root / "forms" / "new-customer-notice.yml"
    text = path.read_text(encoding="utf-8")
    anchor = "  - {id: handler,"
    assert anchor in text
    path.write_text(text.replace(anchor, EXTRA_FIELDS + anchor, 1), encoding="utf-8")
    (root / "forms" / "long-list.yml").write_text(LONG_FORM, encoding="utf-8")
    return _render_all(root)


@pytest.fixture(scope="session")
def english_forms():
    return _render_all(FIXTURES / "mini-en")


@pytest.fixture(scope="session")
def default_forms():
    return _render_all(REPO)


def _all(request) -> list[tuple[object, model.Form, bytes]]:
    out = []
    for name in ("mini_forms", "extra_forms", "english_forms", "default_forms"):
        hb, pdfs = request.getfixturevalue(name)
        out += [(hb, hb.forms[fid], pdf) for fid, pdf in pdfs.items()]
    return out


@pytest.fixture(scope="session")
def every_form(request):
    return _all(request)


# ------------------------------------------------------------------ helpers


def expected_names(form: model.Form) -> set[str]:
    """The designed field names, computed here independently of forms.py."""

    def names(fields, prefix):
        for f in fields:
            if f.type == "table":
                for n in range(1, f.rows + 1):
                    for c in f.columns:
                        yield f"{prefix}{f.id}.{n}.{c.id}"
                for c in f.columns:
                    if c.total:  # the 合计 row
                        yield f"{prefix}{f.id}.total.{c.id}"
            elif f.type == "signature":
                yield f"{prefix}{f.id}.name"
                yield f"{prefix}{f.id}.date"
            else:
                yield prefix + f.id

    return set(names(form.fields, ""))  # the counterfoil adds widgets, not fields


def fields_by_name(pdf: bytes) -> dict[str, pikepdf.Dictionary]:
    """Terminal AcroForm fields by fully-qualified name (after finalize_form, radio kids are
    plain widgets, and `entries.1.company` is the field `company` under `1` under `entries`)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = {}
        for name, field in walk_fields(doc.Root.AcroForm):
            out[name] = {
                "FT": str(field.get("/FT")),
                "Ff": int(field.get("/Ff", 0)),
                "Q": int(field.get("/Q", 0)),
                "TU": str(field.get("/TU", "")),
                "Opt": [str(o[1] if isinstance(o, pikepdf.Array) else o) for o in field.get("/Opt", [])],
            }
        return out


def widget_rects(pdf: bytes) -> dict[str, list[tuple[int, tuple[float, ...]]]]:
    """(page index, rect) of every widget, by field name."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages = {p.objgen: i for i, p in enumerate(doc.pages)}
        out: dict[str, list] = {}
        for name, field in walk_fields(doc.Root.AcroForm):
            kids = field.get("/Kids") or [field]
            for w in kids:
                x0, y0, x1, y1 = (float(v) for v in w.Rect)
                assert x0 <= x1 and y0 <= y1, (name, list(w.Rect))  # [left bottom right top]
                out.setdefault(name, []).append((pages[w.P.objgen], (x0, y0, x1, y1)))
        return out


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def handbook_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=120, env=dict(os.environ, HANDBOOK_LANG="en"))


# ------------------------------------------------------------------ every form


def test_every_form_is_small_and_on_one_a4_page(every_form):
    for _, form, pdf in every_form:
        assert len(pdf) <= MAX_BYTES, f"{form.id}: {len(pdf) / 1024:.1f} KB"
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9), form.id
        if form.id != "long-list":
            assert len(reader.pages) == 1, f"{form.id} has {len(reader.pages)} pages"


def test_dotted_names_are_a_real_field_hierarchy(every_form):
    """`entries.1.company` is the field `company` under `1` under `entries`: no partial name
    holds a period (ISO 32000-1, 12.7.3.2), and pypdf, a third reader, sees the same names."""
    for _, form, pdf in every_form:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            stack = list(doc.Root.AcroForm.Fields)
            while stack:
                node = stack.pop()
                assert "." not in str(node.get("/T", "")), (form.id, str(node.T))
                stack += [k for k in node.get("/Kids", []) if "/T" in k]
        assert expected_names(form) <= set(pypdf.PdfReader(io.BytesIO(pdf)).get_fields()), form.id


def test_every_yaml_field_has_its_acroform_fields(every_form):
    kinds = {"text": "/Tx", "multiline": "/Tx", "number": "/Tx", "money": "/Tx", "date": "/Tx",
             "checkbox": "/Btn", "radio": "/Btn", "select": "/Ch", "signature": "/Tx"}
    for _, form, pdf in every_form:
        fields = fields_by_name(pdf)
        assert set(fields) == expected_names(form), form.id
        assert set(read_fields(pdf)) == expected_names(form), form.id
        for f in form.fields:
            if f.type == "table":
                assert all(fields[f"{f.id}.{n}.{c.id}"]["FT"] == "/Tx" for n in range(1, f.rows + 1)
                           for c in f.columns)
                continue
            name = f.id + (".name" if f.type == "signature" else "")
            assert fields[name]["FT"] == kinds[f.type], (form.id, f.id)
            if f.type == "multiline":
                assert fields[name]["Ff"] & (1 << 12), (form.id, f.id)
            if f.type in ("radio", "select"):
                # a radio group's /Opt has an entry per button: the options again for the counterfoil's
                copies = 2 if form.counterfoil and f.id in form.counterfoil.fields and f.type == "radio" else 1
                assert fields[name]["Opt"] == (f.options * copies if f.type == "radio" else [""] + f.options)


def test_required_fields_are_marked_and_flagged(every_form):
    for hb, form, pdf in every_form:
        text = squeeze("".join(page_texts(pdf)))
        fields = fields_by_name(pdf)
        mark = labels(hb).required_mark
        for f in form.fields:
            name = f.id + (".name" if f.type == "signature" else "")
            if f.type == "table":
                continue
            if f.required:
                assert squeeze(f.label) + mark in text, (form.id, f.id)
                assert fields[name]["Ff"] & 2, (form.id, f.id)  # the AcroForm Required flag
            else:
                assert not fields[name]["Ff"] & 2, (form.id, f.id)


def test_number_and_money_fields_are_right_aligned(every_form):
    seen = 0
    for _, form, pdf in every_form:
        fields = fields_by_name(pdf)
        for name, source in form_names(form).items():
            numeric = getattr(source, "type", "") in ("number", "money")
            assert fields[name]["Q"] == (2 if numeric else 0), (form.id, name)
            seen += numeric
    assert seen > 50


def test_header_footer_and_static_chinese_text(every_form):
    for hb, form, pdf in every_form:
        first = squeeze(page_texts(pdf)[0])
        c = hb.company
        for part in (c.name, form.title, form.code, form.version, str(c.effective_date)):
            assert squeeze(part) in first, (form.id, part)
        footer = labels(hb).page_of.format(page=1, pages=len(page_texts(pdf)))
        assert squeeze(footer) in first, form.id


def test_static_text_fonts_are_embedded_subsets(every_form):
    for _, form, pdf in every_form[:6] + every_form[-3:]:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                for font in page.Resources.Font.values():
                    assert re.match(r"/[A-Z]{6}\+", str(font.BaseFont)), (form.id, str(font.BaseFont))
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    descriptor = descendant.FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), form.id


def test_widgets_fit_the_page_and_do_not_overlap(every_form):
    for _, form, pdf in every_form:
        rects = [(page, r) for items in widget_rects(pdf).values() for page, r in items]
        for _, (x0, y0, x1, y1) in rects:
            assert 0 < x0 < x1 < A4[0] and 0 < y0 < y1 < A4[1], form.id
        for i, (p, a) in enumerate(rects):
            for q, b in rects[i + 1:]:
                overlap = p == q and a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5
                assert not overlap, (form.id, a, b)


# ------------------------------------------------------------------ the mini form in detail


def test_counterfoil_is_below_a_cut_line(mini_forms):
    hb, pdfs = mini_forms
    form = hb.forms["new-customer-notice"]
    pdf = pdfs[form.id]
    text = squeeze(page_texts(pdf)[0])
    assert squeeze(labels(hb).cut_line) in text
    assert squeeze(form.counterfoil.note) in text
    rects = widget_rects(pdf)
    repeated = {n for n in rects if n.split(".")[0] in form.counterfoil.fields}
    assert repeated == {"customer", "settlement", "handler.name", "handler.date"}
    # a repeated field has its widgets above the cut line, then the counterfoil's below it
    assert all(len(rects[name]) == (4 if name == "settlement" else 2) for name in repeated)
    copies = [r for name in repeated for _, r in rects[name][len(rects[name]) // 2:]]
    lowest_main = min(r[1] for name, items in rects.items()
                      for _, r in (items[:len(items) // 2] if name in repeated else items))
    highest_copy = max(r[3] for r in copies)
    assert highest_copy < lowest_main
    # between the two parts, a printed row of many short dashes across the page
    import pypdfium2 as pdfium

    scale = 2
    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=scale).to_pil().convert("L")
    doc.close()
    top, bottom = int((A4[1] - lowest_main) * scale), int((A4[1] - highest_copy) * scale)

    def dashes(y):
        row = [image.getpixel((x, y)) < 128 for x in range(image.width)]
        return sum(1 for a, b in zip(row, row[1:]) if b and not a)

    assert max(dashes(y) for y in range(top, bottom)) > 40


def test_metadata_names_the_form(mini_forms):
    hb, pdfs = mini_forms
    with pikepdf.open(io.BytesIO(pdfs["new-customer-notice"])) as doc:
        assert "handbook-form:new-customer-notice" in str(doc.docinfo.Keywords)
        assert str(doc.docinfo.Title) == "新(重)进客户操作通知单"


def test_pdfium_typed_chinese_shows_and_reads_back(mini_forms, tmp_path):
    _, pdfs = mini_forms
    result = fill_with_pdfium(pdfs["new-customer-notice"],
                              text={"customer": NAME, "amount": "1200", "contacts.2.phone": "021-5555",
                                    "handler.name": "李四"},
                              click=[("settlement", 1), "vip"], select={"region": 2})
    assert result.changed_pixels("customer") > 50
    values = read_fields(result.pdf_bytes)
    assert values["customer"] == NAME
    assert values["amount"] == "1200"
    assert values["contacts.2.phone"] == "021-5555"
    assert values["handler.name"] == "李四"
    assert values["settlement"] == "月结"  # radio: the option's text
    assert values["vip"] is True
    assert values["region"] == "华南"  # select: option 0 is the empty choice
    assert values["notes"] == "" and not any(n.startswith("counterfoil") for n in values)


def test_typed_once_shows_on_the_counterfoil_too(mini_forms):
    """The counterfoil's widgets belong to the fields above: typed (or chosen) once, shown twice,
    read back once."""
    _, pdfs = mini_forms
    result = fill_with_pdfium(pdfs["new-customer-notice"], text={"customer": NAME, "handler.name": "李四"},
                              click=[("settlement", 1)])
    assert len(result.rects["customer"]) == 2 and len(result.rects["settlement"]) == 4
    top, copy = result.rects["customer"]
    assert copy[3] < top[1]  # the second widget is below: on the counterfoil
    for name in ("customer", "handler.name"):
        assert result.changed_pixels(name, 0) > 50 and result.changed_pixels(name, 1) > 50, name
    # 月结 is the second button above and the fourth (second of the counterfoil's) below
    assert result.changed_pixels("settlement", 1) > 20 and result.changed_pixels("settlement", 3) > 20
    assert result.changed_pixels("settlement", 0) == 0 and result.changed_pixels("settlement", 2) == 0
    values = read_fields(result.pdf_bytes)
    assert values["customer"] == NAME and values["settlement"] == "月结" and values["handler.name"] == "李四"
    with pikepdf.open(io.BytesIO(result.pdf_bytes)) as doc:
        names = [n for n, _ in walk_fields(doc.Root.AcroForm)]
    assert len(names) == len(set(names)) == len(expected_names(hb_form(mini_forms)))


def hb_form(forms_fixture, form_id="new-customer-notice"):
    hb, _ = forms_fixture
    return hb.forms[form_id]


def test_pdfium_right_aligns_typed_amounts(mini_forms):
    _, pdfs = mini_forms
    result = fill_with_pdfium(pdfs["new-customer-notice"], text={"amount": "1200"})
    rect = result.rects["amount"][0]
    from PIL import ImageChops

    diff = ImageChops.difference(result.crop(result.before, rect).convert("L"),
                                 result.crop(result.after, rect).convert("L")).point(lambda v: 255 if v > 64 else 0)
    left, _, right, _ = diff.getbbox()
    width = diff.size[0]
    assert left > width / 2 and right > width * 0.9, (left, right, width)


def test_forms_read_cli_prints_json(mini_forms, tmp_path):
    _, pdfs = mini_forms
    filled = fill_with_pdfium(pdfs["new-customer-notice"], text={"customer": NAME, "notes": "第一行\n第二行"},
                              click=[("settlement", 0)])
    path = tmp_path / "filled.pdf"
    path.write_bytes(filled.pdf_bytes)
    run = handbook_cli("forms", "read", str(path))
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["form"] == "new-customer-notice"
    assert data["fields"]["customer"] == NAME
    assert data["fields"]["settlement"] == "现结"
    assert data["fields"]["vip"] is False
    assert data["fields"]["notes"] == "第一行\n第二行"  # PDFium stores CR LF


def test_a_folder_of_filled_surveys_becomes_a_csv_table(default_forms, tmp_path):
    hb, pdfs = default_forms
    survey = hb.forms["satisfaction-survey"]
    options = next(f for f in survey.fields if f.id == "timeliness").options
    folder = tmp_path / "surveys"
    folder.mkdir()
    for i in range(3):
        filled = fill_with_pdfium(pdfs[survey.id], text={"customer": f"客户{i + 1}"},
                                  click=[("timeliness", i)] + (["recommend"] if i == 1 else []))
        (folder / f"survey-{i + 1}.pdf").write_bytes(filled.pdf_bytes)
    run = handbook_cli("forms", "read", str(folder))
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 3
    assert list(rows[0])[:4] == ["file", "form", "problems", "customer"]
    assert [r["file"] for r in rows] == ["survey-1.pdf", "survey-2.pdf", "survey-3.pdf"]
    assert {r["form"] for r in rows} == {"satisfaction-survey"}
    assert [r["customer"] for r in rows] == ["客户1", "客户2", "客户3"]
    assert [r["timeliness"] for r in rows] == options[:3]
    assert [r["recommend"] for r in rows] == ["false", "true", "false"]
    assert [r["safety"] for r in rows] == ["", "", ""]


def test_csv_for_excel_has_a_bom_and_runs_no_formula(mini_forms, tmp_path):
    """What a customer typed stays text in Excel: no formula runs, Chinese is not read as GBK."""
    _, pdfs = mini_forms
    folder = tmp_path / "filled"
    folder.mkdir()
    for i, customer in enumerate(['=HYPERLINK("http://x.example","点我")', "@SUM(A1)", NAME]):
        filled = fill_with_pdfium(pdfs["new-customer-notice"], text={"customer": customer, "amount": "-120"})
        (folder / f"{i}.pdf").write_bytes(filled.pdf_bytes)
    out = tmp_path / "客户.csv"
    run = handbook_cli("forms", "read", str(folder), "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stdout == "" and str(out) in run.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["customer"] for r in rows] == ['\'=HYPERLINK("http://x.example","点我")', "'@SUM(A1)", NAME]
    assert {r["amount"] for r in rows} == {"-120"}  # a plain number stays a number


@pytest.mark.parametrize("content, message", [
    (b"hello", "not a PDF file"),
    (b"%PDF-1.7\nnot really", "not a readable PDF"),
])
def test_forms_read_refuses_what_is_not_a_form(tmp_path, content, message):
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    run = handbook_cli("forms", "read", str(path))
    assert run.returncode == 1
    assert message in run.stderr and str(path) in run.stderr
    assert "Traceback" not in run.stderr


def test_forms_read_refuses_a_pdf_without_fields(tmp_path):
    path = tmp_path / "plain.pdf"
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.save(path)
    run = handbook_cli("forms", "read", str(path))
    assert run.returncode == 1 and "no form fields" in run.stderr and "Traceback" not in run.stderr


# ------------------------------------------------------------------ the edited copy


def test_markup_in_a_label_is_literal_text(extra_forms):
    hb, pdfs = extra_forms
    assert "<b>x</b>" in page_texts(pdfs["new-customer-notice"])[0]
    html = forms.form_body_html(present(hb), hb.forms["new-customer-notice"], fillable=True)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_help_text_is_printed_and_is_the_tooltip(extra_forms):
    _, pdfs = extra_forms
    pdf = pdfs["new-customer-notice"]
    assert "如2026年2月" in squeeze(page_texts(pdf)[0])
    assert fields_by_name(pdf)["markup"]["TU"] == "<b>x</b>（如 2026年2月）"


def test_half_width_number_fields_share_a_row(extra_forms):
    _, pdfs = extra_forms
    rects = widget_rects(pdfs["new-customer-notice"])
    (_, boxes), (_, weight) = rects["boxes"][0], rects["weight"][0]
    assert abs(boxes[1] - weight[1]) < 1 and boxes[2] < weight[0]
    assert "箱" in page_texts(pdfs["new-customer-notice"])[0]


def test_a_long_table_flows_to_page_two_with_the_header_repeated(extra_forms):
    hb, pdfs = extra_forms
    pdf = pdfs["long-list"]
    texts = page_texts(pdf)
    assert len(texts) == 2
    second = squeeze(texts[1])
    assert "长清单" in second and "SL-LL-01" in second  # running header
    assert "品名" in second and "金额" in second  # the table's header row again
    assert squeeze(labels(hb).page_of.format(page=2, pages=2)) in second
    rects = widget_rects(pdf)
    assert rects["items.45.amount"][0][0] == 1 and rects["items.1.item"][0][0] == 0
    result = fill_with_pdfium(pdf, text={"items.45.item": NAME}, page_index=1)
    assert result.changed_pixels("items.45.item") > 50
    assert read_fields(result.pdf_bytes)["items.45.item"] == NAME


def test_english_form_uses_english_labels(english_forms):
    hb, pdfs = english_forms
    text = page_texts(pdfs["new-customer-notice"])[0]
    assert "Page 1 of 1" in text and "Form code" in text and "cut here" in text


# ------------------------------------------------------------------ the body for the manual


def test_form_body_html_for_the_manual(mini_forms):
    hb, _ = mini_forms
    form = hb.forms["new-customer-notice"]
    printed = forms.form_body_html(present(hb), form, fillable=False)
    fillable = forms.form_body_html(present(hb), form, fillable=True)
    assert "<input" not in printed and "<select" not in printed and "<textarea" not in printed
    assert 'class="blank' in printed and "现结" in printed and "存根联" in printed
    names = set(re.findall(r'name="([^"]+)"', fillable))
    assert names == expected_names(form)


# ------------------------------------------------------------------ no Chinese font


def test_no_cjk_font_stops_the_build_naming_the_package(mini_forms, monkeypatch):
    hb, _ = mini_forms
    monkeypatch.setattr(fonts, "_run_fc_list", lambda: "")
    fonts.find_cjk_font.cache_clear()
    try:
        with pytest.raises(BuildError, match="fonts-noto-cjk"):
            forms.render_form(present(hb), hb.forms["new-customer-notice"])
    finally:
        monkeypatch.undo()
        fonts.find_cjk_font.cache_clear()
    