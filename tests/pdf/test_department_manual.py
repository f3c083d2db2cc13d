"""A large handbook's manual per top-level department (pdf/handbook/<id>.pdf): its own
departments, roles, procedures and forms; the rules that apply to everyone."""

from __future__ import annotations

import io
import sys

from pypdf import PdfReader

from generator import outputs
from generator.handbook import load_handbook
from generator.pdf.documents import render_department_manual

from ..conftest import REPO, present

sys.path.insert(0, str(REPO))
from benchmarks.copies import make_copies  # noqa: E402


def _titles(outline) -> list[str]:
    out = []
    for item in outline:
        out += _titles(item) if isinstance(item, list) else [item.title]
    return out


def test_each_top_level_department_of_a_large_handbook_has_its_manual(tmp_path, monkeypatch):
    hb = load_handbook(make_copies(REPO, tmp_path / "k2", 2))
    assert [o.path for o in outputs.plan(hb) if o.kind == "department-manual"] == []  # 44 roles: not large
    monkeypatch.setattr(outputs, "LARGE_ROLES", 40)
    planned = [o.path for o in outputs.plan(hb) if o.kind == "department-manual"]
    assert planned == ["pdf/handbook/management.pdf", "pdf/handbook/management-c2.pdf"]
    reader = PdfReader(io.BytesIO(render_department_manual(present(hb), hb.departments["management-c2"])))
    titles = _titles(reader.outline)
    assert "业务员2" in titles and "大客户部2" in titles and "SC-110 报价审批流程2" in titles
    assert "业务员" not in titles and "大客户部" not in titles  # copy 1's
    assert "奖惩规定" in titles or any("奖惩" in t for t in titles)  # the rules for everyone
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert "公司管理层2" in first  # the part's title on the cover
    assert f"共 {len(reader.pages)} 页" in last
