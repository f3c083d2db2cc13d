"""How many single-line fields of the default handbook hold what is typically typed into them.

    .venv/bin/python benchmarks/field_fit.py [--root DIR] [--list]

Every single-line text field (text, number, money, date fields, signatures' names and dates,
and every table cell) of every form is rendered with the real pipeline; its widget's width is
read from the PDF. Its typical value is the form's own example when its help gives one
("如 2026年1月"), else comes from its label (a column's label for a cell) by the table below
(first match wins: 联系人及电话 -> "王经理 13912345678"); the value's width is
counted as the forms count it (as present/formfields.text_units: a Chinese character one em, a
digit or Latin letter half) at the fields' 10 pt. A field "holds" its value when the value
fits inside the widget less 2 pt. Printed: the share of fields (and of distinct YAML fields
and columns) that hold their value at 10 pt, and at 7 pt, the smallest size a viewer's auto
size reaches while staying easy to read; `--list` names the fields that do not.
Not a test: the typical values are an estimate.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pikepdf  # noqa: E402

from generator.handbook import load_handbook  # noqa: E402
from generator.pdf import forms  # noqa: E402
from generator.pdf.fieldtree import walk_fields  # noqa: E402
from generator.present import Presentation  # noqa: E402
from generator.present.formfields import form_names  # noqa: E402


def text_units(text: str) -> float:
    """As present/formfields.text_units (kept here so that older versions can be measured too)."""
    return sum(0.5 if ord(ch) < 0x2E80 or 0xFF61 <= ord(ch) <= 0xFFDC else 1.0 for ch in text)

# (words in the label, typical value): the first whose word the label contains
TYPICAL = [
    (("联系人及电话",), "王经理 13912345678"),
    (("计价单位",), "元/吨·公里"),
    (("有效",), "是"),
    (("业态", "行业"), "化工原料"),
    (("结果",), "已挽回"),
    (("原因",), "运价偏高，转投他家"),
    (("受访人及职务",), "李华 采购部经理"),
    (("电话", "传真"), "021-55556666"),
    (("车牌",), "沪A·12345"),
    (("单号", "编号"), "HXD-2026-0315"),
    (("地址",), "上海市浦东新区张江路1000号"),
    (("客户", "单位", "对象", "部门/人"), "上海华东物流贸易有限公司"),
    (("到达地", "区域", "仓库"), "江苏省苏州市工业园区"),
    (("期间", "期限"), "2026-03-01至2026-03-31"),
    (("月份", "周次"), "2026年3月"),
    (("时间",), "2026-03-15 14:30"),
    (("内容", "情况", "措施", "原因", "项目", "依据", "题目", "结果", "服务", "行动"), "签订年度运输合同并确认运价"),
    (("品名", "包装", "计价单位", "业态", "类别", "来源"), "PP颗粒 25kg/袋"),
    (("人", "司机", "职务", "业务员", "签字"), "张三丰"),
    (("部门",), "销售管理部"),
]
BY_TYPE = {"date": "2026-03-15", "money": "128,000.00", "number": "1,250"}
DEFAULT = "八个汉字的内容"


def typical(label: str, kind: str) -> str:
    if kind in BY_TYPE:
        return BY_TYPE[kind]
    return next((value for words, value in TYPICAL if any(w in label for w in words)), DEFAULT)


def measure(root: Path):
    hb = load_handbook(root)
    p = Presentation(hb)
    rows = []
    for form in hb.forms.values():
        resolved = forms.resolve_rows(p, form) if hasattr(forms, "resolve_rows") else form
        pdf = forms.render_form(p, resolved)
        sources = form_names(resolved)
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            for name, field in walk_fields(doc.Root.AcroForm):
                if field.get("/FT") != pikepdf.Name.Tx or int(field.get("/Ff", 0)) & (1 << 12):
                    continue
                source = sources.get(name)
                if source is None:
                    continue
                kind = "date" if name.endswith(".date") else getattr(source, "type", "text")
                label = getattr(source, "label", "")
                help_text = getattr(source, "help", "") or ""
                if kind == "signature":
                    value = "张三丰"  # a signature's name
                elif help_text.startswith("如 ") and "、" not in help_text:
                    value = help_text[2:].strip()  # the form's own example: 如 2026年1月
                else:
                    value = typical(label, kind)
                widget = (field.get("/Kids") or [field])[0]
                width = abs(float(widget.Rect[2]) - float(widget.Rect[0]))
                key = (form.id, name.split(".")[0], getattr(source, "id", ""))
                rows.append((key, name, label, value, width, text_units(value)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--list", action="store_true", help="name the fields that do not hold their value")
    args = parser.parse_args()
    rows = measure(args.root)
    for size in (10, 7):
        holds = [r for r in rows if r[5] * size <= r[4] - 2]
        distinct = {r[0] for r in rows}
        distinct_holding = {r[0] for r in rows} - {r[0] for r in rows if r[5] * size > r[4] - 2}
        print(f"at {size} pt: {len(holds)} of {len(rows)} single-line fields hold their typical value "
              f"({100 * len(holds) / len(rows):.0f} %); YAML fields and columns: {len(distinct_holding)} of "
              f"{len(distinct)} ({100 * len(distinct_holding) / len(distinct):.0f} %)")
    if args.list:
        seen = set()
        for key, name, label, value, width, units in rows:
            if units * 10 > width - 2 and key not in seen:
                seen.add(key)
                print(f"  {key[0]}: {label} ({name}) {width:.0f} pt, needs {units * 10:.0f} pt for {value!r}")


if __name__ == "__main__":
    main()
