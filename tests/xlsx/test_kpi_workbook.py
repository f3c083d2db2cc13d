"""KPI assessment workbooks, opened with openpyxl: cells, formulas, validation, print setup."""

from __future__ import annotations

import io

import openpyxl
import pytest

from generator.handbook import load_handbook
from generator.xlsx import kpi_workbook

from ..conftest import present


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _find(ws, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not on sheet {ws.title}")


@pytest.fixture
def role_book(mini):
    hb = load_handbook(mini.root)
    return hb, _open(kpi_workbook.render_role(present(hb), hb.roles["market-manager"]))


def test_role_workbook_lists_the_kpis_with_weight_target_and_period(role_book):
    hb, book = role_book
    assert book.sheetnames == ["市场部经理"]
    ws = book.active
    header_row, _ = _find(ws, "指标")
    header = [c.value for c in ws[header_row]]
    assert header == ["序号", "指标", "目标值", "考核周期", "权重", "得分", "加权得分"]
    rows = [[c.value for c in ws[header_row + i]][:5] for i in (1, 2)]
    assert rows == [[1, "销售收入", "完成年度指标", "月度", 60], [2, "客户满意度", "≥ 90%", "季度", 40]]


def test_weighted_total_is_a_live_formula(role_book):
    _, book = role_book
    ws = book.active
    header_row, _ = _find(ws, "指标")
    first, last = header_row + 1, header_row + 2
    assert ws.cell(first, 7).value == f'=IF(OR(F{first}="",E{first}=""),"",F{first}*E{first}/100)'
    total_row, _ = _find(ws, "合计")
    assert total_row == last + 1
    assert ws.cell(total_row, 5).value == f"=SUM(E{first}:E{last})"
    assert ws.cell(total_row, 7).value == \
        f'=IF(COUNT(F{first}:F{last})=0,"",SUMPRODUCT(E{first}:E{last},F{first}:F{last})/100)'


def test_scores_are_validated_from_0_to_100(role_book):
    _, book = role_book
    ws = book.active
    header_row, _ = _find(ws, "指标")
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "decimal" and validation.operator in (None, "between")  # "between" is the default
    assert (validation.formula1, validation.formula2) == ("0", "100")
    assert str(validation.sqref) == f"F{header_row + 1}:F{header_row + 2}"
    assert validation.showErrorMessage and validation.errorStyle in (None, "stop")


def test_document_control_assessed_person_and_signature_rows(role_book):
    hb, book = role_book
    ws = book.active
    c = hb.company
    assert ws["A1"].value == f"{c.name} 绩效考核表"
    row, col = _find(ws, "文件编号")
    assert ws.cell(row, col + 1).value == c.document_code
    row, col = _find(ws, "版本号")
    assert ws.cell(row, col + 1).value == c.version
    row, col = _find(ws, "生效日期")
    assert ws.cell(row, col + 1).value == c.effective_date.isoformat()
    _find(ws, "被考核人")
    _find(ws, "考核期间")
    signed, _ = _find(ws, "被考核人签字")
    assert _find(ws, "考核人签字")[0] == signed
    total_row, _ = _find(ws, "合计")
    assert signed > total_row


def test_print_setup_and_frozen_header(role_book):
    _, book = role_book
    ws = book.active
    header_row, _ = _find(ws, "指标")
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    # one page wide (1 is the default of fitToWidth), as many pages tall as needed
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"


def test_department_workbook_has_its_kpis_and_a_sheet_per_role(mini):
    hb = load_handbook(mini.root)
    book = _open(kpi_workbook.render_department(present(hb), hb.departments["market"]))
    assert book.sheetnames == ["部门考核指标", "市场部经理"]  # the salesman has no KPIs
    ws = book["部门考核指标"]
    header_row, _ = _find(ws, "指标")
    assert [ws.cell(header_row + i, 2).value for i in (1, 2)] == ["销售收入", "客户满意度"]
    assert ws.cell(header_row + 1, 5).value is None  # weights left for the assessor ...
    assert len(ws.data_validations.dataValidation) == 2  # ... and checked like the scores


def test_text_from_the_yaml_is_never_a_formula(mini):
    mini.replace("handbook/roles/market-manager.yml", "name: 销售收入", 'name: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    mini.replace("handbook/roles/market-manager.yml", "target: 完成年度指标", "target: '+1+cmd|x'")
    hb = load_handbook(mini.root)
    ws = _open(kpi_workbook.render_role(present(hb), hb.roles["market-manager"])).active
    row, _ = _find(ws, '=HYPERLINK("http://x","y")')
    assert ws.cell(row, 2).data_type == "s"
    assert ws.cell(row, 3).value == "+1+cmd|x" and ws.cell(row, 3).data_type == "s"


def test_sheet_names_are_made_valid_and_unique():
    used: set[str] = set()
    assert kpi_workbook._sheet_name("经理/主管[华东]:*?", used) == "经理_主管_华东____"
    assert kpi_workbook._sheet_name("经理/主管[华东]:*?", used) == "经理_主管_华东____ (2)"
    assert len(kpi_workbook._sheet_name("长" * 40, used)) == 31


def test_same_handbook_same_bytes(mini, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1721520000")
    hb = load_handbook(mini.root)
    first = kpi_workbook.render_role(present(hb), hb.roles["market-manager"])
    assert kpi_workbook.render_role(present(hb), hb.roles["market-manager"]) == first
    assert _open(first).properties.created.year == 2024
