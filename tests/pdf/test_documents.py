"""Job descriptions, checklists and the manual, opened with PDF libraries."""

from __future__ import annotations

import io
import re
import subprocess

import pikepdf
import pypdf
import pytest

from generator.pdf.acroform import read_fields
from generator.pdf.documents import checklist_items, render_job_description
from generator.resolve import load_handbook

# Chinese punctuation that must never start a line
_BAD_START = re.compile(r"^\s*[，。、；：！？）》]", re.M)


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _layout_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_job_descriptions(default_site, default_handbook):
    for role in default_handbook.roles.values():
        path = default_site / "pdf" / "roles" / f"{role.id}.pdf"
        pdf = path.read_bytes()
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        assert 1 <= len(reader.pages) <= 2, (role.id, len(reader.pages))
        text = _text(pdf).replace(" ", "")
        for expected in (role.title, role.code, "岗位名称", "所属部门", "直接上级", "定员", "岗位目的", "工作职责",
                         "任职资格", "编制", "审核", "批准", default_handbook.company.document_code,
                         f"第1页/共{len(reader.pages)}页"):
            assert expected.replace(" ", "") in text, (role.id, expected)
        for duty in role.responsibilities:
            assert duty.text.replace(" ", "")[:12] in text.replace("\n", ""), (role.id, duty.text)
        assert not _BAD_START.search(_layout_text(path)), role.id


def test_long_duty_list_repeats_the_table_header(mini):
    duties = "".join(f"  - 第{i}项职责：负责客户资料的整理、核对与归档，并定期向部门经理汇报进展情况\n" for i in range(60))
    mini.replace("handbook/roles/salesman.yml", "responsibilities:\n", "responsibilities:\n" + duties)
    hb = load_handbook(mini.root)
    reader = pypdf.PdfReader(io.BytesIO(render_job_description(hb, hb.roles["salesman"])))
    assert len(reader.pages) >= 2
    assert "频次" in reader.pages[1].extract_text()  # the duties table header, repeated


def test_checklists_have_real_checkboxes(default_site, default_handbook):
    for role in default_handbook.roles.values():
        pdf = (default_site / "pdf" / "checklists" / f"{role.id}.pdf").read_bytes()
        fields = read_fields(pdf)
        sections, duties = checklist_items(default_handbook, role)
        names = {n for _, items in sections for n, _ in items} | {d[0] for _, items in duties for d in items}
        assert names <= set(fields), role.id
        assert all(fields[n] is False for n in names)
        assert {"ack.name", "ack.date"} <= set(fields)
        assert len(pdf) < 300 * 1024
    salesman = read_fields((default_site / "pdf" / "checklists" / "salesman.pdf").read_bytes())
    assert {"daily.1", "weekly.1", "monthly.1", "quarterly.1", "onboarding.read.1"} <= set(salesman)


def test_manual(default_site, default_handbook):
    path = default_site / "pdf" / "handbook.pdf"
    reader = pypdf.PdfReader(str(path))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    for chapter in ("文件控制", "管理制度", "组织架构", "岗位", "流程", "表单", "奖惩规定", "考核指标", "术语表"):
        assert chapter in titles, (chapter, titles)
    hb = default_handbook
    assert len(reader.pages) > len(hb.roles) + len(hb.forms)
    text = _text(path.read_bytes())
    assert "第一章" in text and "第一条" in text and hb.company.handbook_title in text
    with pikepdf.open(path) as pdf:
        links = sum(1 for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link")
    assert links > 100  # contents and cross references are links
    assert not _BAD_START.search(_layout_text(path))
