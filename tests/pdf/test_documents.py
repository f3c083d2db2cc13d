"""Job descriptions, checklists and the manual, opened with PDF libraries.

The mini fixture's PDFs are rendered once per session (a few seconds), with two edits that
stress the layout: the salesman gets a long list of duties full of Chinese punctuation (it
must flow onto the next page under a repeated table header, no line starting with ，。),
and the market manager's title is markup (it must come out as literal text). The default
handbook's PDFs come from the session's one real build (`default_site`).
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdf
import pytest

from generator.pdf import documents
from generator.pdf.fieldtree import read_fields, walk_fields
from generator.handbook import Handbook, load_handbook
from tests.conftest import FIXTURES, Project
from ..conftest import present, labels

# Chinese punctuation that must never start a line (closing brackets too)
BAD_START = re.compile(r"^\s*[，。、；：！？）》」]", re.M)
XSS = "<script>alert(1)</script>"
# padded by i % 16 characters, so that across the list each punctuation mark meets the line's end
LONG_DUTY = "第{i}项：{pad}负责客户资料的收集、整理、核对与归档，每周汇总一次；发现异常及时向部门经理报告：并跟进处理结果！对吗？好。"
N_LONG = 40


@dataclass
class Rendered:
    hb: Handbook
    dir: Path
    pdfs: dict[str, bytes] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        target = self.dir / f"{name}.pdf"
        if not target.exists():
            target.write_bytes(self.pdfs[name])
        return target


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _layout_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="session")
def mini_docs(tmp_path_factory) -> Rendered:
    root = tmp_path_factory.mktemp("docs") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    project = Project(root)
    duties = "".join(f"  - {LONG_DUTY.format(i=i, pad='客' * (i % 16))}\n" for i in range(1, N_LONG + 1))
    project.replace("handbook/roles/salesman.yml", "responsibilities:\n", "responsibilities:\n" + duties)
    project.replace("handbook/roles/market-manager.yml", "title: 市场部经理", f'title: "{XSS}"')
    hb = load_handbook(root)
    out = Rendered(hb, root.parent)
    for role in hb.roles.values():
        out.pdfs[f"jd-{role.id}"] = documents.render_job_description(present(hb), role)
        out.pdfs[f"checklist-{role.id}"] = documents.render_checklist(present(hb), role)
    out.pdfs["manual"] = documents.render_manual(present(hb))
    return out


# ------------------------------------------------------------------ 岗位说明书


def test_job_description_has_the_header_table_and_every_section(mini_docs):
    hb, c = mini_docs.hb, mini_docs.hb.company
    role = hb.roles["salesman"]
    pdf = mini_docs.pdfs["jd-salesman"]
    text = _flat(_text(pdf))
    pages = _pages(pdf)
    header = (c.name, "岗位说明书", "文件编号", c.document_code, "版本号", c.version, "生效日期", str(c.effective_date))
    table = ("岗位名称", role.title, "岗位编号", role.code, "所属部门", hb.departments[role.department].title,
             "直接上级", XSS, "直接下级", "定员", str(role.headcount), "岗位目的", role.purpose)
    sections = ("工作职责", "工作权限", "任职资格", "学历", "工作经验", "知识与技能", "考核指标", "工作关系",
                "内部", "外部", "职业发展", "编制", "审核", "批准", c.control.prepared.by, str(c.control.approved.date))
    for expected in header + table + sections + (f"第{pages}页/共{pages}页",):
        assert _flat(expected) in text, expected
    for duty in role.responsibilities:
        assert _flat(duty.text) in text, duty.text  # nothing cut
    assert "每周五15:00前" in text and "每日" in text  # frequency and deadline
    # the header (company, code, version, date) is on every page
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        assert _flat(c.document_code) in _flat(page.extract_text())


def test_long_duty_list_flows_onto_the_next_page_under_a_repeated_header(mini_docs):
    reader = pypdf.PdfReader(io.BytesIO(mini_docs.pdfs["jd-salesman"]))
    assert len(reader.pages) >= 2
    second = _flat(reader.pages[1].extract_text())
    assert "序号" in second and "频次/时限" in second  # the duties table's header, repeated
    first_duty_on_page_2 = re.search(r"第(\d+)项", second)
    assert first_duty_on_page_2 and 1 < int(first_duty_on_page_2.group(1)) <= N_LONG


def test_kpis_show_weights_and_targets(mini_docs):
    role = mini_docs.hb.roles["market-manager"]
    text = _flat(_text(mini_docs.pdfs["jd-market-manager"]))
    for k in role.kpis:
        assert _flat(k.name) in text and f"{k.weight:g}%" in text and _flat(k.target) in text


def test_user_text_is_escaped_everywhere(mini_docs):
    for name, pdf in mini_docs.pdfs.items():
        assert XSS in _text(pdf).replace("\n", ""), name


def test_same_input_same_bytes(mini_docs):
    hb = mini_docs.hb
    assert documents.render_job_description(present(hb), hb.roles["salesman"]) == mini_docs.pdfs["jd-salesman"]


def test_embedded_fonts_are_cut_to_the_glyphs_drawn(mini_docs):
    """The text font is the CJK font cut to the document's characters (fontfaces.text_font_css),
    embedded as a bare CFF holding only the glyphs drawn: no 65,535-glyph font in any PDF."""
    from fontTools.cffLib import CFFFontSet

    for name in ("jd-salesman", "checklist-salesman", "manual"):
        with pikepdf.open(io.BytesIO(mini_docs.pdfs[name])) as pdf:
            descriptors = [o for o in pdf.objects
                           if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"]
            names = {str(d.FontName).split("+", 1)[1] for d in descriptors if "/FontFile3" in d}
            assert {"Handbook-Text", "Handbook-Text-Bold"} <= names, (name, names)
            for d in descriptors:
                if "/FontFile3" not in d:
                    continue
                assert d.FontFile3.Subtype == "/CIDFontType0C", (name, d.FontName)
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(d.FontFile3.read_bytes()), None)
                assert len(cff.topDictIndex[0].charset) < 1500, (name, d.FontName)


def test_no_line_starts_with_closing_punctuation(mini_docs):
    for name in mini_docs.pdfs:
        text = _layout_text(mini_docs.path(name))
        bad = BAD_START.search(text)
        assert not bad, (name, text[max(0, bad.start() - 80):bad.end() + 20])


def test_english_job_description(tmp_path):
    hb = load_handbook(FIXTURES / "mini-en")
    role = next(iter(hb.roles.values()))
    pdf = documents.render_job_description(present(hb), role)
    text = _text(pdf)
    assert 1 <= _pages(pdf) <= 2
    for expected in ("Page 1 of", role.title, role.code):
        assert expected in text, expected


# ------------------------------------------------------------------ checklists


def test_checklist_items_are_checkbox_fields(mini_docs):
    hb = mini_docs.hb
    pdf = mini_docs.pdfs["checklist-salesman"]
    sections, duties = documents.checklist_items(present(hb), hb.roles["salesman"])
    names = [n for _, items in sections for n, _, _ in items] + [d[0] for _, items in duties for d in items]
    assert {"onboarding.read.1", "onboarding.people.1", "onboarding.tasks.1", "daily.1", "weekly.1"} <= set(names)
    values = read_fields(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        kinds = {name: str(f.FT) for name, f in walk_fields(doc.Root.AcroForm)}
    for name in names:
        assert kinds[name] == "/Btn" and values[name] is False, name
    for name in ("ack.name", "ack.date", "ack.supervisor", "ack.supervisor_date"):
        assert kinds[name] == "/Tx", name
    assert len(pdf) < 300 * 1024


def test_checklist_lists_what_to_read_meet_and_do(mini_docs):
    hb = mini_docs.hb
    role = hb.roles["salesman"]
    text = _flat(_text(mini_docs.pdfs["checklist-salesman"]))
    for expected in ("入职清单", "需阅读的手册内容", "需掌握的表单", "需认识的同事", "入职任务", "员工确认", "员工签字",
                     "日期", "例行工作", "每日", "每周"):
        assert expected in text, expected
    for proc in hb.role_procedures(role.id):
        assert _flat(proc.title) in text
    for s in hb.role_sanctions(role.id):
        if s.kind == "penalty":
            assert _flat(s.act) in text
    for task in role.onboarding:
        assert _flat(task.text) in text
    assert XSS in _text(mini_docs.pdfs["checklist-salesman"]).replace("\n", "")  # the supervisor


# ------------------------------------------------------------------ the manual


def test_manual_outline_mirrors_the_chapters(mini_docs):
    hb = mini_docs.hb
    reader = pypdf.PdfReader(io.BytesIO(mini_docs.pdfs["manual"]))
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [title for _, title, _ in documents.manual_chapters(present(hb))]
    nested = [x.title for sub in reader.outline if isinstance(sub, list) for x in sub if not isinstance(x, list)]
    for role in hb.roles.values():
        assert role.title in nested
    for proc in hb.procedures.values():
        assert f"{proc.code} {proc.title}" in nested


def test_manual_has_cover_contents_links_and_numbered_policies(mini_docs):
    hb, c = mini_docs.hb, mini_docs.hb.company
    pdf = mini_docs.pdfs["manual"]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > len(hb.roles) + len(hb.procedures) + len(hb.forms)
    cover = _flat(reader.pages[0].extract_text())
    for expected in (c.handbook_title, c.name, c.version, str(c.effective_date)):
        assert _flat(expected) in cover
    text = _flat(_text(pdf))
    assert "第一章" in text and "第一条" in text and "修订记录" in text and "目录" in text
    # the contents give each chapter's page: the page the outline points at
    contents = _flat(reader.pages[2].extract_text())
    for item in reader.outline:
        if not isinstance(item, list):
            number = reader.get_destination_page_number(item) + 1
            assert re.search(re.escape(_flat(item.title)) + r"\.*" + str(number), contents), item.title
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        links = [a for page in doc.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    assert len(links) > len(hb.roles) + len(hb.procedures) + len(hb.forms)  # contents + cross references
    # the running header (the top 18 mm of the page) names the chapter
    for item in reader.outline:
        if not isinstance(item, list):
            page = reader.get_destination_page_number(item) + 1  # the chapter's first page, 1-based
            head = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0",
                                   "-W", "842", "-H", "51", str(mini_docs.path("manual")), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert item.title in head and c.handbook_title in head, (item.title, head)


# ------------------------------------------------------------------ the default handbook (the session's build)


@pytest.mark.slow
def test_default_job_descriptions(default_site, default_handbook):
    for role in default_handbook.roles.values():
        path = default_site / "pdf" / "roles" / f"{role.id}.pdf"
        pdf = path.read_bytes()
        pages = _pages(pdf)
        assert 1 <= pages <= 2, (role.id, pages)
        text = _flat(_text(pdf))
        for expected in (role.title, role.code, default_handbook.company.document_code, f"第1页/共{pages}页"):
            assert _flat(expected) in text, (role.id, expected)
        for duty in role.responsibilities:
            assert _flat(duty.text) in text, (role.id, duty.text)
        assert not BAD_START.search(_layout_text(path)), role.id


@pytest.mark.slow
def test_default_checklists(default_site, default_handbook):
    for role in default_handbook.roles.values():
        pdf = (default_site / "pdf" / "checklists" / f"{role.id}.pdf").read_bytes()
        sections, duties = documents.checklist_items(present(default_handbook), role)
        names = {n for _, items in sections for n, _, _ in items} | {d[0] for _, items in duties for d in items}
        fields = read_fields(pdf)
        assert names | {"ack.name", "ack.date"} <= set(fields), role.id
        assert len(pdf) < 300 * 1024, (role.id, len(pdf))


@pytest.mark.slow
def test_default_manual(default_site, default_handbook):
    hb = default_handbook
    path = default_site / "pdf" / "handbook.pdf"
    reader = pypdf.PdfReader(str(path))
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [title for _, title, _ in documents.manual_chapters(present(hb))]
    assert len(reader.pages) > len(hb.roles) + len(hb.forms) + len(hb.procedures)
    assert not BAD_START.search(_layout_text(path))


def test_manual_opens_with_its_bookmarks_shown(mini_docs):
    with pikepdf.open(io.BytesIO(mini_docs.pdfs["manual"])) as pdf:
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
    with pikepdf.open(io.BytesIO(mini_docs.pdfs["jd-salesman"])) as pdf:
        assert "/PageMode" not in pdf.Root


def test_manual_form_pages_show_the_printed_forms_header(mini_docs):
    hb, L = mini_docs.hb, labels(mini_docs.hb)
    text = _flat(_text(mini_docs.pdfs["manual"]))
    for f in hb.forms.values():
        meta = (f"{L.form_code}{L.colon}{f.code}{L.version}{L.colon}{f.version}"
                f"{L.effective_date}{L.colon}{hb.company.effective_date}")
        assert meta in text, f.id


def _table_lines(page: str, *header: str) -> list[str]:
    """The lines of `page` (pdftotext -layout) below the first line holding all of `header`."""
    lines = page.splitlines()
    start = next((i for i, line in enumerate(lines) if all(h in line for h in header)), len(lines))
    return lines[start + 1:]


@pytest.mark.slow
def test_manual_names_do_not_break_in_narrow_columns(default_site, default_handbook):
    """Role names in the steps' 执行岗位 / 审批 and the sanctions' 适用岗位, and 第六条 in 依据, are
    never split: no cell line is the last character or two of a role ("产品市场部经" / "理")."""
    L = labels(default_handbook)
    titles = {r.title for r in default_handbook.roles.values()}
    tails = {t[i:] for t in titles for i in range(len(t) - 2, len(t)) if i > 0} - titles | {"条"}
    pages = _layout_text(default_site / "pdf" / "handbook.pdf").split("\f")
    seen = 0
    for n, page in enumerate(pages, 1):
        for header in ((L.actor, L.approval), (L.applies_to, L.basis)):
            for line in _table_lines(page, *header):
                seen += 1
                cells = re.split(r"\s{2,}", line.strip())
                assert not tails & set(cells), (n, line)
    assert seen > 200


@pytest.mark.slow
def test_manual_kpi_rows_name_their_role(default_site, default_handbook):
    """Every row of a role KPI table starts with its role, on whichever page it lands."""
    L = labels(default_handbook)
    titles = tuple(r.title for r in default_handbook.roles.values())
    periods = tuple(L["period_" + p] for p in ("monthly", "quarterly", "yearly"))
    row = re.compile(r"\s\d+(\.\d+)?%\s.*\s(" + "|".join(periods) + r")$")
    rows = 0
    for page in _layout_text(default_site / "pdf" / "handbook.pdf").split("\f"):
        for line in _table_lines(page, L.role_kpis, L.weight):
            if row.search(line.rstrip()):
                rows += 1
                assert line.strip().startswith(titles), line
    assert rows == sum(len(r.kpis) for r in default_handbook.roles.values())


def test_manual_flowcharts_print_large_enough_to_read(default_site, default_handbook):
    """A flowchart's 10 pt labels print at 7 pt or more: tall charts take a page of their
    own (they went down to 3.4 pt squeezed above the step table)."""
    from generator.present.diagrams import svg_size

    hb = default_handbook
    text = [page.extract_text() or "" for page in pypdf.PdfReader(str(default_site / "pdf/handbook.pdf")).pages]
    for p in hb.procedures.values():
        printed = documents.print_flowchart(present(hb), p)
        svg = base64.b64decode(printed.uri.split(",", 1)[1]).decode("utf-8")
        width_pt, height_pt = svg_size(svg)
        label_pt = 10 * printed.width_mm / (width_pt * 25.4 / 72)
        assert label_pt >= 7, (p.id, round(label_pt, 1))
        assert printed.width_mm <= 178 and height_pt * printed.width_mm / width_pt <= 236.5  # mm, in the text area
        if printed.own_page:  # the chart's page, headed by the procedure
            assert any(f"{p.code} {p.title} · 流程图" in t for t in text), p.id
