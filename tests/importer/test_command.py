"""`handbook import` as a user runs it: input that is not a manual, encodings, .doc,
importing into an existing project without overwriting, --force, untrusted text."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO, handbook, load_yaml, make_docx

MANUAL = """市场部管理制度
第一章 总则
第一条 为规范市场部管理，特制定本制度。
第二章 岗位职责
第二条 市场部设业务员、收款员两个岗位。
第三条 业务员负责客户的开发与维护。
第四条 收款员负责应收款项的核对与收回。
第三章 奖惩
第五条 违反操作规定的，每人/次罚款20元。
"""


def one_line_error(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def nothing_written(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


@pytest.mark.parametrize("name, content, words", [
    ("picture.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
    ("photo.docx", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG"),
    ("scan.pdf", b"%PDF-1.7\n" + b"x" * 64, "PDF"),
    ("empty.txt", b"", "空"),
    ("blank.md", b"  \n\n\t\n", "空"),
    ("numbers.txt", b"a,b,c\n1,2,3\n4,5,6\n", "不像一份管理制度"),
    ("binary.txt", bytes(range(256)) * 4, "二进制"),
    ("page.html", "<html>市场部管理制度</html>".encode(), "不支持"),
])
def test_not_a_manual_one_line_and_nothing_written(tmp_path, name, content, words):
    src = tmp_path / name
    src.write_bytes(content)
    root = tmp_path / "project"
    result = handbook("import", str(src), "--into", str(root))
    assert result.returncode == 1
    line = one_line_error(result)
    assert line.startswith("error: ") and name in line and words in line, line
    assert nothing_written(root)


def test_spreadsheet_refused(tmp_path):
    src = tmp_path / "roles.xlsx"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    result = handbook("import", str(src), "--into", str(tmp_path / "p"))
    assert result.returncode == 1 and "Excel" in one_line_error(result)
    assert nothing_written(tmp_path / "p")


def test_damaged_docx(tmp_path):
    src = tmp_path / "broken.docx"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("word/document.xml", "<not-closed")
    result = handbook("import", str(src), "--into", str(tmp_path / "p"))
    assert result.returncode == 1 and "Word" in one_line_error(result)


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(MANUAL, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    root = tmp_path / "project"
    result = handbook("import", str(good), str(bad), "--into", str(root))
    assert result.returncode == 1 and "bad.txt" in one_line_error(result)
    assert nothing_written(root)


def test_missing_file(tmp_path):
    result = handbook("import", str(tmp_path / "nope.docx"), "--into", str(tmp_path / "p"))
    assert result.returncode == 1 and "找不到文件" in one_line_error(result)


def test_english_messages(tmp_path):
    src = tmp_path / "empty.txt"
    src.write_bytes(b"")
    result = handbook("import", str(src), "--into", str(tmp_path / "p"), "--lang", "en")
    assert one_line_error(result) == f"error: {src}: the file is empty; there is nothing to import"


def test_doc_without_libreoffice(tmp_path):
    """A Word 97 file is refused with the Debian package to install when soffice is absent."""
    src = tmp_path / "old.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00" * 500)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {**os.environ, "PATH": str(bin_dir)}  # no soffice, no libreoffice
    result = handbook("import", str(src), "--into", str(tmp_path / "p"), env=env)
    assert result.returncode == 1
    line = one_line_error(result)
    assert "LibreOffice" in line and "libreoffice-writer" in line and "old.doc" in line
    assert nothing_written(tmp_path / "p")


def test_doc_through_libreoffice(tmp_path):
    """With LibreOffice found, a .doc is converted and read (a stand-in soffice here writes the
    .docx LibreOffice would)."""
    docx_out = make_docx(MANUAL.splitlines(), tmp_path / "converted.docx")
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(f"#!{sys.executable}\nimport shutil, sys\nargs = sys.argv\n"
                    f"out = args[args.index('--outdir') + 1]\n"
                    f"shutil.copy({str(docx_out)!r}, out + '/in.docx')\n")
    fake.chmod(0o755)
    src = tmp_path / "old.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le"))
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    root = tmp_path / "p"
    result = handbook("import", str(src), "--into", str(root), env=env)
    assert result.returncode == 0, result.stderr
    assert "LibreOffice" in result.stderr
    assert (root / "handbook/roles/yewuyuan.yml").is_file()


def test_gbk_input_is_detected(tmp_path):
    src = tmp_path / "gbk.txt"
    src.write_bytes(MANUAL.encode("gbk"))
    root = tmp_path / "project"
    result = handbook("import", str(src), "--into", str(root))
    assert result.returncode == 0, result.stderr
    assert "GBK" in result.stderr
    role = load_yaml(root, "handbook/roles/yewuyuan.yml")
    assert role["title"] == "业务员"
    assert role["responsibilities"] == ["负责客户的开发与维护。"]
    assert "GBK" in (root / "import-report.md").read_text(encoding="utf-8")


def test_gb18030_and_utf8_bom(tmp_path):
    src = tmp_path / "bom.txt"
    src.write_bytes(b"\xef\xbb\xbf" + MANUAL.encode("utf-8"))
    root = tmp_path / "p1"
    assert handbook("import", str(src), "--into", str(root)).returncode == 0
    src2 = tmp_path / "gb18030.txt"
    src2.write_bytes((MANUAL + "第六条 员工须佩戴工牌𠀀。\n").encode("gb18030"))
    result = handbook("import", str(src2), "--into", str(tmp_path / "p2"))
    assert "GB18030" in result.stderr


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def test_into_existing_project_never_overwrites(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "tests/fixtures/mini", root)
    before = _digests(root)
    src = tmp_path / "manual.txt"
    src.write_text(MANUAL, encoding="utf-8")
    first = handbook("import", str(src), "--into", str(root))
    assert first.returncode == 0, first.stderr
    second = handbook("import", str(src), "--into", str(root))
    assert second.returncode == 0, second.stderr
    after = _digests(root)
    assert all(after[rel] == digest for rel, digest in before.items())  # nothing of the project changed
    # the second import's ids got a suffix instead of replacing the first's files
    assert (root / "handbook/roles/yewuyuan.yml").is_file() and (root / "handbook/roles/yewuyuan-2.yml").is_file()
    assert load_yaml(root, "handbook/roles/yewuyuan-2.yml")["id"] == "yewuyuan-2"
    assert (root / "import-report.md").is_file() and (root / "import-report-2.md").is_file()
    # the project's sanctions.yml is kept; the new penalty is in the report, to merge by hand
    assert _digests(root)["handbook/sanctions.yml"] == before["handbook/sanctions.yml"]
    assert "handbook/sanctions.yml" in second.stderr and "--force" in second.stderr
    report = (root / "import-report-2.md").read_text(encoding="utf-8")
    assert "需手工合并的条目" in report and "amount: 20" in report
    assert load_yaml(root, "handbook/company.yml")["name"] == "示例贸易有限公司"
    check = handbook("-C", str(root), "check")
    assert check.returncode == 0, check.stderr


def test_force_overwrites_instead_of_suffixing(tmp_path):
    root = tmp_path / "project"
    src = tmp_path / "manual.txt"
    src.write_text(MANUAL, encoding="utf-8")
    assert handbook("import", str(src), "--into", str(root)).returncode == 0
    (root / "handbook/roles/yewuyuan.yml").write_text("# edited by HR\n", encoding="utf-8")
    result = handbook("import", str(src), "--into", str(root), "--force")
    assert result.returncode == 0, result.stderr
    assert not (root / "handbook/roles/yewuyuan-2.yml").exists()
    assert load_yaml(root, "handbook/roles/yewuyuan.yml")["title"] == "业务员"
    assert not (root / "import-report-2.md").exists()
    assert load_yaml(root, "handbook/sanctions.yml")["sanctions"][0]["measures"][0]["amount"] == "20"
    assert handbook("-C", str(root), "check").returncode == 0


def test_default_project_is_the_c_folder(tmp_path):
    src = tmp_path / "manual.txt"
    src.write_text(MANUAL, encoding="utf-8")
    root = tmp_path / "here"
    result = handbook("-C", str(root), "import", str(src))
    assert result.returncode == 0, result.stderr
    assert (root / "handbook/company.yml").is_file() and (root / "import-report.md").is_file()


def test_into_a_file_is_refused(tmp_path):
    src = tmp_path / "manual.txt"
    src.write_text(MANUAL, encoding="utf-8")
    target = tmp_path / "file"
    target.write_text("x")
    result = handbook("import", str(src), "--into", str(target))
    assert result.returncode == 1 and "不是项目文件夹" in one_line_error(result)


UNTRUSTED = """员工守则
第一章 总则
第一条 key: value: more; - item; *alias &anchor !!python/object/apply:os.system ["rm -rf /"]
第二条 <script>alert(1)</script> {{ config }} {% raw %} ${HOME} `rm` | 管道 ' " \\ # 注释
第三条 ---
第四条 no
第五条 2024-01-01
第二章 ../../../etc/passwd 职责
第六条 ../../etc/passwd负责一切。
第七条 con负责一切。
"""


def test_untrusted_text_is_written_as_strings(tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text(UNTRUSTED, encoding="utf-8")
    root = tmp_path / "project"
    result = handbook("import", str(src), "--into", str(root))
    assert result.returncode == 0, result.stderr
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(tmp_path.resolve()) for p in files)
    assert not (tmp_path / "etc").exists()
    policy = next((root / "handbook/policies").glob("*.yml"))
    data = load_yaml(root, policy.relative_to(root).as_posix())
    articles = [a if isinstance(a, str) else a["text"] for c in data["chapters"] for a in c["articles"]]
    assert articles[0].startswith('key: value: more; - item; *alias &anchor !!python/object/apply:os.system ["rm -rf /"]')
    assert articles[1].startswith("<script>alert(1)</script> {{ config }}")
    assert articles[2] == "---" and articles[3] == "no" and articles[4] == "2024-01-01"
    for p in (root / "handbook").rglob("*.yml"):
        assert p.stem.replace("-", "").isalnum() and p.stem.isascii()
    assert handbook("-C", str(root), "check").returncode == 0
    report = (root / "import-report.md").read_text(encoding="utf-8")
    assert "<script>" not in report
