"""The changes of this version on the built site and in the acknowledgements: the 本版变更
page, the box on each role page, and the 员工签收确认单 filled in PDFium and read back.

The mini handbook's history (conftest.history): v1 tagged, then a second commit with one
change of each kind."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ..conftest import MINI, REPO, Project
from ..pdf.pdfium_fill import fill_with_pdfium
from .conftest import commit, git


def article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.search(r"<article.*?</article>", text, re.S).group(0)


def items(fragment: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", x)).strip() for x in re.findall(r"<li>(.*?)</li>", fragment, re.S)]


def box(site: Path, role: str) -> str:
    page = article(site / "roles" / f"{role}.html")
    found = re.search(r'<div class="admonition (\w+) hb-changes" id="changes"[^>]*>(.*?)</div>', page, re.S)
    assert found, role
    return found.group(2)


def plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def diff_lines(p: Project, *args: str) -> list[str]:
    result = p.handbook("diff", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [c["text"] for c in json.loads(result.stdout)["changes"] if c["change"] != "whitespace"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Project, Path]:
    """The history's second version built (site and PDFs)."""
    from .conftest import make_history

    root = tmp_path_factory.mktemp("changes") / "repo"
    p = make_history(root)
    result = p.handbook("build", "--out", str(root.parent / "site"))
    assert result.returncode == 0, result.stderr
    return p, root.parent / "site"


def test_the_changes_page_lists_every_change_against_the_tag(built):
    p, site = built
    page = article(site / "changes.html")
    expected = diff_lines(p, "v1")
    assert len(expected) == 7
    assert f"本版（A/1）与 v1（A/1）相比，共 {len(expected)} 处变更。" in plain(page)
    listed = items(page.split('id="各岗位的相关变更"')[0])
    assert listed == expected
    assert "市场部经理：id 由 market-manager 改为 sales-manager" in listed  # a rename, not a removal and an addition
    assert "处罚「违反操作规定作业」 · 罚款：10 元 → 20 元" in listed
    # each role a change concerns, linked to its box
    assert 'href="roles/salesman.html#changes"' in page and 'href="roles/sales-manager.html#changes"' in page


def test_each_role_page_shows_the_changes_that_concern_it(built):
    p, site = built
    for role in ("salesman", "sales-manager"):
        expected = diff_lines(p, "v1", "--role", role)
        assert expected, role
        assert items(box(site, role)) == expected
    assert "业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助收款员及时回收应收款项」" in items(box(site, "salesman"))
    assert "业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助收款员及时回收应收款项」" not in \
        items(box(site, "sales-manager"))
    role_page = (site / "roles" / "salesman.html").read_text(encoding="utf-8")
    assert 'href="../pdf/acknowledgements/salesman.pdf"' in role_page  # the acknowledgement to sign


def test_a_role_untouched_by_the_changes_says_so(built, tmp_path):
    p, _ = built
    git(p.root, "tag", "v2")  # the second version released; then one duty of the salesman changes
    p.replace("handbook/roles/salesman.yml", "拜访客户并做好记录", "拜访客户并当天做好记录")
    commit(p.root, "third version")
    try:
        result = p.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
        assert result.returncode == 0, result.stderr
        assert plain(box(tmp_path / "site", "sales-manager")).split() == ["本版与本岗位有关的变更", "本版没有与本岗位有关的变更。",
                                                                          "全部变更"]
        assert items(box(tmp_path / "site", "salesman")) == [
            "业务员 · 工作职责 第1条：「拜访客户并做好记录」→「拜访客户并当天做好记录」"]
        assert "与 v2（A/1）相比，共 1 处变更" in plain(article(tmp_path / "site" / "changes.html"))
    finally:
        git(p.root, "reset", "-q", "--hard", "HEAD~1")
        git(p.root, "tag", "-d", "v2")


def test_a_tag_on_head_is_this_version_not_the_previous_one(built, tmp_path):
    p, _ = built
    git(p.root, "tag", "v2")
    try:
        result = p.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
        assert result.returncode == 0, result.stderr
        assert "与 v1（A/1）相比" in plain(article(tmp_path / "site" / "changes.html"))
    finally:
        git(p.root, "tag", "-d", "v2")


def test_changes_since_names_the_base(built, tmp_path):
    p, _ = built
    src = tmp_path / "project"
    shutil.copytree(p.root, src)  # the repository with its history
    q = Project(src)
    q.replace("handbook/company.yml", "version: A/1", "version: A/1\nchanges_since: HEAD")
    result = q.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    page = article(tmp_path / "site" / "changes.html")
    assert "本版（A/1）与 HEAD（A/1）相比，共 1 处变更。" in plain(page)
    assert items(page.split('id="各岗位的相关变更"')[0]) == ["《市场部管理手册》 · 变更比较基准：无 → HEAD"]
    # a base that is not there: the page says so, the build goes on
    q.replace("handbook/company.yml", "changes_since: HEAD", "changes_since: v9")
    result = q.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "没有可比较的早先版本。比较基准 v9 无法读取：" in plain(article(tmp_path / "site" / "changes.html"))


def test_without_git_there_is_nothing_to_compare_with(mini, tmp_path):
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert "没有可比较的早先版本。本项目不在 git 仓库中" in plain(article(site / "changes.html"))
    assert "没有可比较的早先版本。" in plain(box(site, "salesman"))
    assert items(box(site, "salesman")) == []


def test_a_repository_without_a_tag(mini, tmp_path):
    from .conftest import init

    init(mini.root)
    commit(mini.root, "first")
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "git 仓库中没有早先版本的标签（tag）" in plain(article(tmp_path / "site" / "changes.html"))


def test_the_page_in_english(mini, tmp_path):
    mini.replace("handbook/company.yml", "locale: zh-CN", "locale: en") if "locale: zh-CN" in mini.read(
        "handbook/company.yml") else mini.replace("handbook/company.yml", "version: A/1", "version: A/1\nlocale: en")
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    page = plain(article(tmp_path / "site" / "changes.html"))
    assert "Changes in this version" in page and "There is no earlier version to compare with." in page


# ------------------------------------------------------------------ acknowledgements


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    return "".join(page.get_textpage().get_text_range() for page in doc)


def test_the_acknowledgement_lists_the_role_s_changes(built):
    p, site = built
    text = pdf_text(site / "pdf" / "acknowledgements" / "salesman.pdf").replace("\r\n", "\n")
    for line in diff_lines(p, "v1", "--role", "salesman"):
        assert line.split("：")[0].replace("「", "") in text.replace("「", "").replace("\n", "")
    assert "员工签收确认单" in text and "A/1" in text and "2024-07-21" in text


def test_filled_acknowledgements_read_back_as_a_csv_of_who_acknowledged_which_version(built, tmp_path):
    _, site = built
    folder = tmp_path / "signed"
    folder.mkdir()
    people = {"salesman": ("张三", "E001", "2024-08-02"), "sales-manager": ("李四", "E002", "2024-08-03")}
    for role, (name, number, day) in people.items():
        blank = (site / "pdf" / "acknowledgements" / f"{role}.pdf").read_bytes()
        filled = fill_with_pdfium(blank, text={"name": name, "employee-no": number, "signature.name": name,
                                               "signature.date": day})
        (folder / f"{role}-{number}.pdf").write_bytes(filled.pdf_bytes)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "forms", "read", str(folder)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["file"], r["form"], r["name"], r["employee-no"], r["signature.date"], r["role"],
             r["handbook-version"], r["handbook-effective"], r["problems"]) for r in rows] == [
        ("sales-manager-E002.pdf", "acknowledgement-sales-manager", "李四", "E002", "2024-08-03", "市场部经理",
         "A/1", "2024-07-21", ""),
        ("salesman-E001.pdf", "acknowledgement-salesman", "张三", "E001", "2024-08-02", "业务员",
         "A/1", "2024-07-21", ""),
    ]


def test_a_signed_acknowledgement_prints_in_every_viewer(built, tmp_path):
    """`forms print` makes the flat copy: the typed Chinese shows in Poppler too, and a copy
    signed on another version of the handbook is refused, naming both versions."""
    p, site = built
    blank = (site / "pdf" / "acknowledgements" / "salesman.pdf").read_bytes()
    signed = tmp_path / "salesman-E001.pdf"
    signed.write_bytes(fill_with_pdfium(blank, text={"name": "张三丰", "employee-no": "E001",
                                                     "signature.name": "张三丰", "signature.date": "2024-08-02"}).pdf_bytes)
    result = p.handbook("forms", "print", str(signed), "-o", str(tmp_path / "copies"))
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "copies" / "salesman-E001.pdf"
    poppler = subprocess.run(["pdftotext", "-layout", str(copy), "-"], capture_output=True, text=True, check=True).stdout
    assert poppler.count("张三丰") == 2 and "E001" in poppler and "2024-08-02" in poppler
    assert "员工签收确认单" in poppler and "salesman-E001.pdf" in poppler  # the note naming its source

    import pikepdf

    with pikepdf.open(signed, allow_overwriting_input=True) as doc:
        for field in doc.Root.AcroForm.Fields:
            if str(field.get("/T", "")) == "handbook-version":
                field.V = pikepdf.String("A/0")
        doc.save(signed)
    result = p.handbook("forms", "print", str(signed), "-o", str(tmp_path / "copies"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'A/0'" in result.stderr and "'A/1'" in result.stderr


def test_an_unsigned_acknowledgement_is_reported(built):
    _, site = built
    result = subprocess.run([sys.executable, "-m", "generator.cli", "forms", "read",
                             str(site / "pdf" / "acknowledgements" / "salesman.pdf")],
                            capture_output=True, text=True, cwd=REPO, env={"HANDBOOK_LANG": "en", "PATH": ""})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["form"] == "acknowledgement-salesman"
    assert data["fields"]["handbook-version"] == "A/1" and data["fields"]["name"] == ""
    assert len(data["problems"]) == 4  # name, number, signature and its date are required


def test_a_new_hire_s_acknowledgement_lists_what_applies_to_the_role(mini, tmp_path):
    result = mini.handbook("build", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    text = pdf_text(tmp_path / "site" / "pdf" / "acknowledgements" / "salesman.pdf")
    assert "本手册中适用于本岗位的内容" in text
    assert "SC-101 新进客户操作流程" in text
    assert "《新(重)进客户操作通知单》" in text
    assert "本版与本岗位有关的变更" not in text


def test_a_hostile_base_is_text_not_an_option_nor_markup(built, tmp_path):
    p, _ = built
    src = tmp_path / "project"
    shutil.copytree(p.root, src)
    q = Project(src)
    trap = tmp_path / "written"
    for base, shown in ((f"--output={trap}", f"--output={trap}"), ("<b>v1</b>*x*", "<b>v1</b>*x*")):
        text = q.read("handbook/company.yml")
        q.write("handbook/company.yml", re.sub(r"\nchanges_since: .*", "", text).replace(
            "version: A/1", "version: A/1\nchanges_since: '" + base + "'", 1))
        result = q.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
        assert result.returncode == 0, result.stderr
        page = article(tmp_path / "site" / "changes.html")
        assert f"没有可比较的早先版本。比较基准 {shown} 无法读取：" in plain(page)
        assert "<b>" not in page
    assert not trap.exists()  # never given to git as an option
