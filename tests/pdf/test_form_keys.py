"""The form keys that shape the PDF: chars, total, rows: fill; what every text field gets (auto
size, checked values); the job descriptions' sign-off lines. Each key with its bad values."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest

from generator.handbook import load_handbook
from generator.pdf import documents, forms
from generator.pdf.fieldtree import describe_fields, read_fields, walk_fields
from generator.present import formfields

from ..conftest import diagnostics, errors, present

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from pdfium_fill import fill_with_pdfium  # noqa: E402

FORM = "forms/new-customer-notice.yml"


def render(project, form_id="new-customer-notice") -> bytes:
    hb = load_handbook(project.root)
    return forms.render_form(present(hb, project.root), hb.forms[form_id])


def rects(pdf: bytes) -> dict[str, list[tuple[float, float, float, float]]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = {}
        for name, field in walk_fields(doc.Root.AcroForm):
            out[name] = [tuple(float(v) for v in w.Rect) for w in (field.get("/Kids") or [field])]
        return out


def fields(pdf: bytes) -> dict[str, dict]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        out = {}
        for name, field in walk_fields(doc.Root.AcroForm):
            actions = field.get("/AA", {})
            out[name] = {"DA": bytes(field.get("/DA", b"")), "FT": str(field.get("/FT")),
                         **{k[1:]: str(actions[k].JS) for k in ("/F", "/K", "/C") if k in actions}}
        return out


# ------------------------------------------------------------------ every text field


def test_text_fields_auto_size_and_checked_fields_have_their_actions(mini):
    mini.replace(FORM, "      - {id: phone, label: 电话}", "      - {id: phone, label: 电话}\n"
                                                            "      - {id: fee, label: 运费, type: money}\n"
                                                            "      - {id: day, label: 日期, type: date}")
    pdf = render(mini)
    info = fields(pdf)
    for name, f in info.items():
        if f["FT"] == "/Tx":
            assert f["DA"].endswith(b" 0 Tf"), (name, f["DA"])  # 0: the viewer fits the text
    assert info["amount"]["F"] == 'AFNumber_Format(2, 0, 0, 0, "", true);'
    assert info["amount"]["K"] == 'AFNumber_Keystroke(2, 0, 0, 0, "", true);'
    for name in ("start-date", "contacts.2.day", "handler.date"):
        assert info[name]["F"] == 'AFDate_FormatEx("yyyy-mm-dd");', name
        assert info[name]["K"] == 'AFDate_KeystrokeEx("yyyy-mm-dd");', name
    assert info["contacts.3.fee"]["K"].startswith("AFNumber_Keystroke(2")
    assert "K" not in info["customer"] and "K" not in info["contacts.1.name"]
    described = describe_fields(pdf)
    assert described["amount"].kind == "money" and described["start-date"].kind == "date"
    assert described["customer"].required and not described["amount"].required


def test_a_viewer_without_scripts_still_takes_any_value(mini):
    """PDFium as embedded here runs no form scripts: the fields take what is typed, and
    `forms read` reports what is not a number or a date."""
    pdf = render(mini)
    result = fill_with_pdfium(pdf, text={"amount": "一百万", "start-date": "下周一", "customer": "华东区张三"})
    assert read_fields(result.pdf_bytes)["amount"] == "一百万"
    assert result.changed_pixels("amount") > 50


def test_an_over_long_value_shrinks_in_pdfium_instead_of_being_cut(mini):
    pdf = render(mini)
    short, long = "王经理", "王经理 13912345678 上海市浦东新区张江路1000号 华东物流"
    a = fill_with_pdfium(pdf, text={"contacts.1.phone": short})
    b = fill_with_pdfium(pdf, text={"contacts.1.phone": long})

    def ink(result):
        from PIL import ImageChops

        rect = result.rects["contacts.1.phone"][0]
        diff = ImageChops.difference(result.crop(result.before, rect).convert("L"),
                                     result.crop(result.after, rect).convert("L"))
        return diff.point(lambda v: 255 if v > 64 else 0).getbbox(), diff.size

    (sl, st, sr, sb), _ = ink(a)
    (ll, lt, lr, lb), size = ink(b)
    assert lr <= size[0] and lr - ll > (sr - sl) * 3  # the whole value drawn inside the field ...
    assert (lb - lt) < (sb - st)  # ... at a smaller size


# ------------------------------------------------------------------ chars


def test_capacity_is_what_the_rendered_cells_hold(default_handbook):
    """formfields.CAPACITY (characters at 10 pt) against the widths the form really has."""
    p = present(default_handbook)
    seen = set()
    for form in default_handbook.forms.values():
        form = forms.resolve_rows(p, form)
        placed_rows = formfields.place(form.fields)
        if not any(len(r) > 1 or r[0].width == "full" for r in placed_rows):
            continue
        widths = rects(forms.render_form(p, form))
        for row in placed_rows:
            for placed in row:
                if placed.field.type not in ("text", "number", "money", "date"):
                    continue
                width = "full" if len(row) == 1 else placed.width
                rect = widths[placed.names[""]][0]
                room = rect[2] - rect[0]
                need = formfields.capacity(width, formfields.is_numeric(placed.field)) * 10
                assert need <= room - 1, (form.id, placed.field.id, width, need, room)
                seen.add((width, formfields.is_numeric(placed.field)))
        if {("full", False), ("half", False), ("third", False), ("half", True)} <= seen:
            break
    assert {("full", False), ("half", False), ("third", False)} <= seen


def test_chars_widens_a_field_that_would_not_hold_them(mini):
    mini.replace(FORM, "  - {id: customer, label: 客户名称, type: text, required: true}",
                 "  - {id: customer, label: 客户名称, type: text, required: true, width: half}\n"
                 "  - {id: phone, label: 联系人及电话, type: text, width: half, chars: 20}\n"
                 "  - {id: code, label: 编号, type: text, width: third, chars: 5}")
    pdf = render(mini)
    r = rects(pdf)
    phone, customer = r["phone"][0], r["customer"][0]
    assert phone[2] - phone[0] >= 20 * 10  # a row of its own: room for 20 characters at 10 pt
    assert customer[1] > phone[3]  # the half field before it is alone on its row now
    hb = load_handbook(mini.root)
    placed = {p.field.id: p.width for row in formfields.place(hb.forms["new-customer-notice"].fields) for p in row}
    assert placed["phone"] == "full" and placed["customer"] == "half" and placed["code"] == "third"


@pytest.mark.parametrize("value, message", [
    ("0", "'0' is out of range: input should be greater than or equal to 1"),
    ("201", "'201' is out of range: input should be less than or equal to 200"),
    ("many", "expected a whole number, found 'many'"),
])
def test_chars_bad_values_are_located(mini, value, message):
    mini.replace(FORM, "{id: customer, label: 客户名称, type: text, required: true}",
                 f"{{id: customer, label: 客户名称, type: text, required: true, chars: {value}}}")
    found = errors(mini)
    assert len(found) == 1 and found[0].startswith(f"{FORM}:7:") and message in found[0], found


def test_chars_is_not_a_key_of_a_checkbox(mini):
    mini.replace(FORM, "{id: vip, label: 重点客户, type: checkbox}", "{id: vip, label: 重点客户, type: checkbox, chars: 4}")
    found = errors(mini)
    assert len(found) == 1 and "unknown key 'chars'" in found[0] and found[0].startswith(f"{FORM}:12:")


# ------------------------------------------------------------------ total


def test_a_total_column_gets_a_computed_total_row(mini):
    mini.replace(FORM, "      - {id: phone, label: 电话}",
                 "      - {id: phone, label: 电话}\n      - {id: fee, label: 运费, type: money, total: true}")
    pdf = render(mini)
    info = fields(pdf)
    assert info["contacts.total.fee"]["C"] == \
        'AFSimple_Calculate("SUM", new Array("contacts.1.fee", "contacts.2.fee", "contacts.3.fee"));'
    assert info["contacts.total.fee"]["F"].startswith("AFNumber_Format(2")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        order = [name for name, f in walk_fields(doc.Root.AcroForm)
                 if any(f.objgen == c.objgen for c in doc.Root.AcroForm.CO)]
    assert order == ["contacts.total.fee"]
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "合计" in text
    r = rects(pdf)
    assert r["contacts.total.fee"][0][3] <= r["contacts.3.fee"][0][1] + 1  # below the last row
    assert abs(r["contacts.total.fee"][0][0] - r["contacts.3.fee"][0][0]) < 1  # in its column
    # typed without scripts: the total stays a field to type in, and forms read checks it
    filled = fill_with_pdfium(pdf, text={"contacts.1.fee": "100", "contacts.2.fee": "20.50",
                                         "contacts.total.fee": "130", "customer": "甲", "handler.name": "乙"})
    path = mini.root / "filled.pdf"
    path.write_bytes(filled.pdf_bytes)
    run = mini.handbook("forms", "read", str(path))
    assert run.returncode == 0
    assert json.loads(run.stdout)["problems"] == [
        "联系人 合计 运费 (contacts.total.fee): the total is 130, but the rows add up to 120.50"]


def test_total_of_a_text_column_is_an_error(mini):
    mini.replace(FORM, "      - {id: phone, label: 电话}", "      - {id: phone, label: 电话, total: true}")
    assert errors(mini) == [f"{FORM}:20:39: error: column 'phone' is text, so it has no total "
                            "(hint: only number and money columns can have total: true)"]


def test_total_bad_value_is_located(mini):
    mini.replace(FORM, "      - {id: phone, label: 电话}", "      - {id: phone, label: 电话, type: money, total: maybe}")
    found = errors(mini)
    assert len(found) == 1 and found[0].startswith(f"{FORM}:20:") and "maybe" in found[0], found


# ------------------------------------------------------------------ rows: fill


def test_rows_fill_takes_the_room_the_page_has(mini):
    mini.replace(FORM, "rows: 3", "rows: fill")
    pdf = render(mini)
    names = set(read_fields(pdf))
    rows = max(int(n.split(".")[1]) for n in names if n.startswith("contacts.") and n.split(".")[1].isdigit())
    assert rows > 8
    doc = pdfium.PdfDocument(pdf)
    assert len(doc) == 1
    doc.close()
    # one row more would not fit on the page
    mini.replace(FORM, "rows: fill", f"rows: {rows + 1}")
    doc = pdfium.PdfDocument(render(mini))
    assert len(doc) == 2
    doc.close()


def test_two_tables_share_the_room(mini):
    mini.replace(FORM, "rows: 3", "rows: fill")
    mini.replace(FORM, "  - {id: handler,", "  - id: items\n    label: 明细\n    type: table\n    rows: fill\n"
                                            "    columns:\n      - {id: item, label: 品名}\n  - {id: handler,")
    names = set(read_fields(render(mini)))

    def count(table):
        return max(int(n.split(".")[1]) for n in names if n.startswith(table + ".") and n.split(".")[1].isdigit())

    assert abs(count("contacts") - count("items")) <= 1 and count("items") >= 3


@pytest.mark.parametrize("value", ["many", "0", "61", "[fill]"])
def test_rows_bad_values_are_located(mini, value):
    mini.replace(FORM, "rows: 3", f"rows: {value}")
    found = errors(mini)
    assert len(found) == 1 and found[0].startswith(f"{FORM}:17:11: error: expected a number of rows from 1 to 60 "
                                                   "or 'fill', found "), found


# ------------------------------------------------------------------ multiline boxes


def test_a_multiline_box_is_at_least_two_lines_tall(mini):
    mini.replace(FORM, "{id: notes, label: 特殊要求, type: multiline}", "{id: notes, label: 特殊要求, type: multiline, lines: 1}")
    r = rects(render(mini))
    top, bottom = r["notes"][0][3], r["notes"][0][1]
    assert top - bottom >= 2 * 6 * 72 / 25.4 - 1


# ------------------------------------------------------------------ job descriptions


def _jd_text(project, role="salesman") -> str:
    hb = load_handbook(project.root)
    pdf = documents.render_job_description(present(hb, project.root), hb.roles[role])
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")


def test_job_descriptions_have_the_employee_and_manager_sign_off(mini):
    hb = load_handbook(mini.root)
    role = next(iter(hb.roles))
    text = _jd_text(mini, role)
    assert "任职者签字" in text and "直接上级签字" in text and text.count("日期") >= 5  # 3 control + 2 lines


def test_job_description_signatures_are_configurable(mini):
    role = next(iter(load_handbook(mini.root).roles))
    mini.write("handbook/company.yml", mini.read("handbook/company.yml") +
               "job_description_signatures:\n  - 本人签字\n  - {label: 人力资源部确认, date: false}\n")
    text = _jd_text(mini, role)
    assert "本人签字" in text and "人力资源部确认" in text and "任职者签字" not in text
    mini.write("handbook/company.yml", mini.read("handbook/company.yml").replace(
        "job_description_signatures:\n  - 本人签字\n  - {label: 人力资源部确认, date: false}\n",
        "job_description_signatures: []\n"))
    text = _jd_text(mini, role)
    assert "任职者签字" not in text and "签字确认" not in text


@pytest.mark.parametrize("value, message", [
    ("5", "expected a list, found '5'"),
    ("\n  - {label: 本人签字, date: sometimes}", "expected true or false"),
    ("\n  - {lable: 本人签字}", "unknown key 'lable'"),
    ("\n  - ''", "empty text"),
])
def test_job_description_signatures_bad_values_are_located(mini, value, message):
    base = mini.read("handbook/company.yml")
    line = base.count("\n") + 1
    mini.write("handbook/company.yml", base + f"job_description_signatures: {value}\n")
    found = errors(mini)
    assert found and all(f.startswith("handbook/company.yml:") for f in found), found
    assert any(message in f for f in found), found
    assert all(int(f.split(":")[1]) >= line for f in found)


def test_the_schema_documents_the_new_keys():
    from generator.source.schema import json_schema

    text = json.dumps(json_schema("all"), ensure_ascii=False)
    for phrase in ("字数", "合计", "as many as the page holds", "岗位说明书签字栏"):
        assert phrase in text, phrase


# ------------------------------------------------------------------ forms read --strict


def test_forms_read_strict_fails_on_empty_required_fields(mini):
    pdf = render(mini)
    path = mini.root / "blank.pdf"
    path.write_bytes(fill_with_pdfium(pdf, text={"amount": "12,000.50", "start-date": "2026年3月15日"}).pdf_bytes)
    run = mini.handbook("forms", "read", str(path))
    assert run.returncode == 0
    assert run.stderr.splitlines() == [f"warning: {path}: 客户名称 (customer): required, but empty",
                                       f"warning: {path}: 经办人 签字 (handler.name): required, but empty"]
    run = mini.handbook("forms", "read", "--strict", str(path))
    assert run.returncode == 1
    assert run.stderr.splitlines()[:2] == [f"error: {path}: 客户名称 (customer): required, but empty",
                                           f"error: {path}: 经办人 签字 (handler.name): required, but empty"]
    assert run.stderr.splitlines()[-1] == "2 problem(s) in the values (--strict)"
    assert "Traceback" not in run.stderr
