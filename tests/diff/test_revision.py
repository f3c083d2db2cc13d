"""`handbook revision`: a draft revision entry appended to company.yml as text, every other
byte of the file as it was, and the result still passing the check."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.diff.messages import DiffError, Messages
from generator.diff.record import Entry, insert

from .conftest import commit

ENTRY = """\
  - version: "A/2"
    date: 2024-08-02
    changes:
      - "市场部 · 部门职责：「负责所管辖客户应收款项的回笼」由第2条移至第1条"
      - "市场部经理：id 由 market-manager 改为 sales-manager"
      - "业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助收款员及时回收应收款项」"
      - "SC-101 · 第2步 · 审批：市场部经理 → 市场部经理、业务员"
      - "新增表单《客户拜访记录表》"
      - "《业务操作规定》 · 第二条 · 施行日期：无 → 2024-09-01"
      - "处罚「违反操作规定作业」 · 罚款：10 元 → 20 元"
    by: "市场部"
"""


def test_revision_appends_a_draft_and_leaves_the_rest_byte_identical(history):
    company = history.root / "handbook/company.yml"
    before = company.read_bytes()
    history.replace("handbook/company.yml", "version: A/1", "version: A/2")  # HR bumps the version
    bumped = company.read_bytes()
    result = history.handbook("revision", "--date", "2024-08-02")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ENTRY
    assert result.stderr == "已在 handbook/company.yml 的修订记录中追加版本 A/2（7 条变更），请编辑后提交\n"
    after = company.read_bytes()
    assert after == bumped + ENTRY.encode("utf-8")
    assert bumped == before.replace(b"version: A/1", b"version: A/2", 1)
    check = history.handbook("check")
    assert check.returncode == 0, check.stderr
    # the new entry is part of the history now: a second draft of the same version is refused
    again = history.handbook("revision")
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == ("错误：修订记录中已有版本 A/2 的条目（提示：先修改 company.yml 中的 version，"
                            "或用 --version 指定新版本号）\n")


def test_whitespace_and_document_control_are_not_recorded(history):
    history.replace("handbook/company.yml", "version: A/1", "version: A/2")
    commit(history.root, "third")
    history.replace("handbook/company.yml", "effective_date: 2024-07-21", "effective_date: 2024-09-01")
    history.replace("handbook/roles/salesman.yml", "拜访客户并做好记录", "拜访客户并做好 记录")
    result = history.handbook("revision", "HEAD", "--version", "A/3")
    assert result.returncode == 1
    assert result.stderr == "错误：HEAD 与 工作区 之间没有需要记录的变更；未写入任何内容\n"


def test_dry_run_writes_nothing_and_options(history, monkeypatch):
    company = history.root / "handbook/company.yml"
    before = company.read_bytes()
    result = history.handbook("revision", "--dry-run", "--version", "A/2", "--by", "人力资源部", "--date", "2024-08-03")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ENTRY.replace("2024-08-02", "2024-08-03").replace('"市场部"\n', '"人力资源部"\n')
    assert result.stderr == "（试运行：未写入 handbook/company.yml）\n"
    assert company.read_bytes() == before


def test_date_defaults_to_today(history):
    import os
    import subprocess
    import sys

    from ..conftest import REPO

    env = dict(os.environ, HANDBOOK_TODAY="2024-08-09")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(history.root), "revision",
                             "--version", "A/2", "--dry-run"], capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    assert "    date: 2024-08-09\n" in result.stdout


def test_a_bad_date_is_one_line(history):
    result = history.handbook("revision", "--version", "A/2", "--date", "2024-02-30")
    assert (result.returncode, result.stderr) == (1, "错误：应为日期（YYYY-MM-DD），实际为 '2024-02-30'\n")


# ------------------------------------------------------------------ the text insertion


def entry(*changes: str) -> Entry:
    return Entry("A/2", dt.date(2024, 8, 2), list(changes) or ["变更"], "HR")


SAY = Messages("zh-CN")


def test_inserted_after_the_last_entry_before_comments_and_other_keys():
    text = ("name: x   # 公司\n"
            "revisions:\n"
            "- version: A/0\n"
            "  date: 2024-01-01\n"
            "  changes: [首次发布]   # 注释\n"
            "  by: HR\n"
            "# 以上为修订记录\n"
            "\n"
            "description: |\n"
            "  简介\n")
    out = insert(text, entry(), SAY)
    added = '- version: "A/2"\n  date: 2024-08-02\n  changes:\n    - "变更"\n  by: "HR"\n'
    assert out == text.replace("  by: HR\n", "  by: HR\n" + added)


def test_last_value_a_block_scalar_or_a_flow_list():
    text = "revisions:\n  - version: A/0\n    date: 2024-01-01\n    by: HR\n    changes: |\n      首次发布\n\nx: 1\n"
    out = insert(text, entry(), SAY)
    assert out.startswith(text[:text.index("\nx: 1")]) and out.endswith('    by: "HR"\nx: 1\n')
    text = "revisions:\n  - {version: A/0, date: 2024-01-01, changes: [首次发布], by: HR}\n"
    assert insert(text, entry(), SAY) == text + '  - version: "A/2"\n    date: 2024-08-02\n    changes:\n' \
                                               '      - "变更"\n    by: "HR"\n'


def test_no_revisions_yet_or_an_empty_list():
    assert insert("name: x\n", entry(), SAY) == 'name: x\nrevisions:\n  - version: "A/2"\n    date: 2024-08-02\n' \
                                                '    changes:\n      - "变更"\n    by: "HR"\n'
    assert insert("name: x", entry(), SAY).startswith("name: x\nrevisions:\n  - ")
    assert insert("revisions: []  # 无\nname: x\n", entry(), SAY) == (
        'revisions:\n  - version: "A/2"\n    date: 2024-08-02\n    changes:\n      - "变更"\n    by: "HR"  # 无\n'
        'name: x\n')


def test_a_flow_list_with_entries():
    text = "revisions: [{version: A/0, date: 2024-01-01, changes: [首次], by: HR}]\n"
    assert insert(text, entry(), SAY) == (
        'revisions: [{version: A/0, date: 2024-01-01, changes: [首次], by: HR}, '
        '{version: "A/2", date: 2024-08-02, changes: ["变更"], by: "HR"}]\n')


def test_windows_line_ends_a_bom_and_no_final_line_break():
    text = "\ufeffname: x\r\nrevisions:\r\n  - version: A/0\r\n    date: 2024-01-01\r\n    changes: [a]\r\n    by: HR"
    out = insert(text, entry(), SAY)
    assert out == text + '\r\n  - version: "A/2"\r\n    date: 2024-08-02\r\n    changes:\r\n      - "变更"\r\n' \
                         '    by: "HR"'


def test_quotes_what_yaml_would_read_otherwise():
    out = insert("revisions: []\n", Entry("1.10", dt.date(2024, 8, 2), ['"引号" \\ 和 #', "- 列表", "no"], "on"), SAY)
    import yaml

    data = yaml.safe_load(out)
    assert data["revisions"][0] == {"version": "1.10", "date": dt.date(2024, 8, 2),
                                    "changes": ['"引号" \\ 和 #', "- 列表", "no"], "by": "on"}


def test_revisions_that_are_not_a_list():
    with pytest.raises(DiffError, match="不是列表"):
        insert("revisions: 无\n", entry(), SAY)


def test_a_file_it_cannot_append_to_is_left_as_it_was(mini):
    from generator.diff.record import append

    company = mini.root / "handbook/company.yml"
    company.write_text("{name: x, handbook_title: y}\n", encoding="utf-8")
    with pytest.raises(DiffError, match="company.yml 未修改"):
        append(mini.root, entry(), SAY)
    assert company.read_text(encoding="utf-8") == "{name: x, handbook_title: y}\n"
