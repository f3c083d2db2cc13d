"""KPI assessment workbooks (绩效考核表): one .xlsx per role, one per department.

A sheet lists the KPIs with weight, target and period; the assessor types a score
(0 to 100, checked by the spreadsheet's data validation) and the weighted total is a
live formula. Above: the document control (编号 / 版本 / 生效日期) and who is assessed;
below: the signature row (被考核人 / 考核人 / 日期). Printed on A4 landscape, one page
wide, the header row repeated and frozen on screen.

A role's workbook has its sheet; a department's has a sheet for the department's own
KPIs (their weights left for the assessor: the YAML gives none) and one per role of
the department that has KPIs.

Written with XlsxWriter: every text from the YAML goes through `write_string`, so a
KPI named "=HYPERLINK(...)" is text, never a formula; the file is the same bytes for
the same handbook (fixed zip timestamps; the created date from SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import xlsxwriter

from ..present import Presentation
from ..present.labels import plain_number
from ..source import model

# columns: 序号, 考核指标, 说明/目标值, 考核周期, 权重, 得分, 加权得分
_WIDTHS = (6, 28, 36, 10, 9, 11, 11)
_FIRST_KPI_ROW = 6  # 0-based row of the first KPI (the header row is the one above)


@dataclass(frozen=True)
class KpiRow:
    name: str
    detail: str  # the target (a role's KPI) or the definition (a department's)
    period: str
    weight: float | None  # None: the assessor fills it in


def render_role(p: Presentation, role: model.Role) -> bytes:
    book, out = _workbook(p)
    _sheet(book, _formats(book), p, _sheet_name(role.title, set()), role.title, role.code,
           _role_rows(p, role), weights_given=True)
    return _close(book, out)


def render_department(p: Presentation, dept: model.Department) -> bytes:
    book, out = _workbook(p)
    f, L, used = _formats(book), p.labels, set()
    if dept.kpis:
        rows = [KpiRow(k.name, k.description, "", None) for k in dept.kpis]
        _sheet(book, f, p, _sheet_name(L.dept_kpis, used), dept.title, "", rows, weights_given=False)
    for role in p.hb.dept_roles(dept.id):
        if role.kpis:
            _sheet(book, f, p, _sheet_name(role.title, used), role.title, role.code, _role_rows(p, role),
                   weights_given=True)
    return _close(book, out)


def _role_rows(p: Presentation, role: model.Role) -> list[KpiRow]:
    return [KpiRow(k.name, k.target, p.labels["period_" + k.period], k.weight) for k in role.kpis]


def _workbook(p: Presentation):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    company = p.hb.company
    book.set_properties({
        "title": p.labels.kpi_workbook, "company": company.name, "author": company.name,
        "created": datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None),
    })
    return book, out


def _close(book, out: io.BytesIO) -> bytes:
    book.close()
    return out.getvalue()


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    """A worksheet name from a title: without the characters Excel refuses, at most 31
    characters, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("_", title).strip("'") or "KPI"
    name, n = base[:31], 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def _sheet(book, f: dict, p: Presentation, name: str, who: str, code: str, rows: list[KpiRow],
           weights_given: bool) -> None:
    L, company = p.labels, p.hb.company
    ws = book.add_worksheet(name)
    for col, width in enumerate(_WIDTHS):
        ws.set_column(col, col, width)
    last_col = len(_WIDTHS) - 1

    ws.merge_range(0, 0, 0, last_col, "", f["title"])
    ws.write_string(0, 0, f"{company.name} {L.kpi_workbook}", f["title"])
    control = [(L.document_code, company.document_code), (L.version, company.version),
               (L.effective_date, company.effective_date.isoformat())]
    col = 0
    for label, value in control:
        ws.write_string(1, col, label, f["label"])
        ws.write_string(1, col + 1, value, f["text"])
        col += 2
    ws.write_string(2, 0, L.role_title if code else L.department, f["label"])
    ws.write_string(2, 1, who, f["text"])
    if code:
        ws.write_string(2, 2, f"{L.role_code}{L.colon}{code}", f["text"])
    ws.write_string(3, 0, L.assessee, f["label"])
    ws.write_string(3, 1, "", f["blank"])
    ws.write_string(3, 2, L.assessment_period, f["label"])
    ws.write_string(3, 3, "", f["blank"])

    header = [L.row_number, L.kpi_name, L.target if weights_given else L.definition, L.period, L.weight,
              L.score, L.weighted_score]
    head_row = _FIRST_KPI_ROW - 1
    for col, text in enumerate(header):
        ws.write_string(head_row, col, text, f["head"])
    first, last = _FIRST_KPI_ROW, _FIRST_KPI_ROW + len(rows) - 1
    for i, row in enumerate(rows):
        r = first + i
        ws.write_number(r, 0, i + 1, f["center"])
        ws.write_string(r, 1, row.name, f["wrap"])
        ws.write_string(r, 2, row.detail, f["wrap"])
        ws.write_string(r, 3, row.period, f["center"])
        if row.weight is not None:
            ws.write_number(r, 4, row.weight, f["number"])
        else:
            ws.write_blank(r, 4, None, f["input"])
        ws.write_blank(r, 5, None, f["input"])
        weight, score = _cell(r, 4), _cell(r, 5)
        ws.write_formula(r, 6, f'=IF(OR({score}="",{weight}=""),"",{score}*{weight}/100)', f["number"], "")
    score_range = f"{_cell(first, 5)}:{_cell(last, 5)}"
    ws.data_validation(score_range, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
        "input_title": L.score, "input_message": L.score_hint,
        "error_title": L.score, "error_message": L.score_error, "error_type": "stop",
    })
    if not weights_given:
        ws.data_validation(f"{_cell(first, 4)}:{_cell(last, 4)}", {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
            "input_title": L.weight, "input_message": L.weight_hint,
            "error_title": L.weight, "error_message": L.score_error, "error_type": "stop",
        })
    total = last + 1
    ws.merge_range(total, 0, total, 3, "", f["head"])
    ws.write_string(total, 0, L.total, f["head"])
    weights = f"{_cell(first, 4)}:{_cell(last, 4)}"
    ws.write_formula(total, 4, f"=SUM({weights})", f["total"], plain_number(sum(r.weight or 0 for r in rows)))
    ws.write_blank(total, 5, None, f["total"])
    ws.write_formula(total, 6, f"=IF(COUNT({score_range})=0,\"\",SUMPRODUCT({weights},{score_range})/100)",
                     f["total"], "")

    sign = total + 2
    for col, label in ((0, L.assessee_signature), (4, L.assessor_signature)):
        ws.merge_range(sign, col, sign, col + 1, "", f["label"])
        ws.write_string(sign, col, label, f["label"])
        ws.write_string(sign, col + 2, "", f["blank"])
    ws.write_string(sign + 1, 0, L.date, f["label"])
    ws.write_string(sign + 1, 2, "", f["blank"])
    ws.write_string(sign + 1, 4, L.date, f["label"])
    ws.write_string(sign + 1, 6, "", f["blank"])

    ws.freeze_panes(_FIRST_KPI_ROW, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(head_row)
    ws.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    # "&" starts a code in Excel's footers: a literal one is "&&"
    ws.set_footer("&C" + L.page_of.replace("&", "&&").replace("{page}", "&P").replace("{pages}", "&N"))
    ws.print_area(0, 0, sign + 1, last_col)


def _cell(row: int, col: int) -> str:
    return f"{chr(ord('A') + col)}{row + 1}"


def _formats(book) -> dict:
    border = {"border": 1, "valign": "vcenter"}
    return {
        "title": book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "label": book.add_format({"bold": True, "valign": "vcenter"}),
        "text": book.add_format({"valign": "vcenter"}),
        "blank": book.add_format({"bottom": 1}),
        "head": book.add_format({**border, "bold": True, "align": "center", "bg_color": "#EEEEEE", "text_wrap": True}),
        "wrap": book.add_format({**border, "text_wrap": True}),
        "center": book.add_format({**border, "align": "center"}),
        "number": book.add_format({**border, "num_format": "0.##"}),
        "input": book.add_format({**border, "num_format": "0.##", "bg_color": "#FFF8DC", "locked": False}),
        "total": book.add_format({**border, "bold": True, "num_format": "0.##"}),
    }
