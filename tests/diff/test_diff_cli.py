"""`handbook diff` through the real CLI, on a git history of the mini handbook: the exact
report in each format, and every way it can fail as one line."""

from __future__ import annotations

import json
import shutil

from ..conftest import MINI, Project
from .conftest import commit, git, init

TEXT = """\
v1 → 工作区：8 处变更
部门
  市场部 · 部门职责：「负责所管辖客户应收款项的回笼」由第2条移至第1条
岗位
  市场部经理：id 由 market-manager 改为 sales-manager
  业务员 · 工作职责 第2条 · 时限：仅空白字符改动
  业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助收款员及时回收应收款项」
流程
  SC-101 · 第2步 · 审批：市场部经理 → 市场部经理、业务员
表单
  新增表单《客户拜访记录表》
管理制度
  《业务操作规定》 · 第二条 · 施行日期：无 → 2024-09-01
奖惩规定
  处罚「违反操作规定作业」 · 罚款：10 元 → 20 元
"""

MARKDOWN = """\
# v1 → 工作区：8 处变更

## 部门

- 市场部 · 部门职责：「负责所管辖客户应收款项的回笼」由第2条移至第1条

## 岗位

- 市场部经理：id 由 market\\-manager 改为 sales\\-manager
- 业务员 · 工作职责 第2条 · 时限：仅空白字符改动
- 业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助收款员及时回收应收款项」

## 流程

- SC\\-101 · 第2步 · 审批：市场部经理 → 市场部经理、业务员

## 表单

- 新增表单《客户拜访记录表》

## 管理制度

- 《业务操作规定》 · 第二条 · 施行日期：无 → 2024\\-09\\-01

## 奖惩规定

- 处罚「违反操作规定作业」 · 罚款：10 元 → 20 元
"""


def ok(result):
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_terminal(history):
    assert ok(history.handbook("diff")) == TEXT


def test_default_old_is_the_latest_tag_and_explicit_sides_agree(history):
    assert ok(history.handbook("diff", "v1")) == TEXT
    # two revisions: the new side is named as typed
    assert ok(history.handbook("diff", "v1", "HEAD")).splitlines()[1:] == TEXT.splitlines()[1:]
    assert ok(history.handbook("diff", "v1", "HEAD")).splitlines()[0] == "v1 → HEAD：8 处变更"


def test_without_a_tag_the_previous_commit(history):
    git(history.root, "tag", "-d", "v1")
    out = ok(history.handbook("diff"))
    assert out.splitlines()[0] == "HEAD~1 → 工作区：8 处变更"
    assert out.splitlines()[1:] == TEXT.splitlines()[1:]


def test_uncommitted_edits_are_part_of_the_working_tree(history):
    history.replace("handbook/glossary.yml", "订货—发运—结算流程。", "订货、发运、结算流程。")
    out = ok(history.handbook("diff", "HEAD"))
    assert out == ("HEAD → 工作区：1 处变更\n术语表\n"
                   "  术语「OSB」 · 释义：「订货—发运—结算流程。」→「订货、发运、结算流程。」\n")


def test_markdown(history):
    assert ok(history.handbook("diff", "--format", "markdown")) == MARKDOWN


def test_json(history):
    data = json.loads(ok(history.handbook("diff", "--format", "json")))
    assert data["format"] == "handbook-diff/1"
    assert data["locale"] == "zh-CN"
    commit_v1 = git(history.root, "rev-parse", "v1").strip()
    assert data["old"] == {"source": "v1", "commit": commit_v1, "version": "A/1", "effective_date": "2024-07-21"}
    assert data["new"] == {"source": "working tree", "commit": None, "version": "A/1",
                           "effective_date": "2024-07-21"}
    assert data["role"] is None
    assert data["count"] == 8
    assert [c["text"] for c in data["changes"]] == [line.strip() for line in TEXT.splitlines()
                                                    if line.startswith("  ")]
    keys = ["change", "entity", "path", "old_path", "where", "old", "new", "old_value", "new_value", "item",
            "effective", "text"]
    assert all(list(c) == keys for c in data["changes"])
    by_change = {(c["entity"]["id"], c["change"], tuple(c["path"])): c for c in data["changes"]}
    assert by_change[("new-customer", "changed", ("steps", 1, "approval", "by"))] | {"text": ""} == {
        "change": "changed",
        "entity": {"kind": "procedure", "id": "new-customer", "title": "SC-101"},
        "path": ["steps", 1, "approval", "by"], "old_path": ["steps", 1, "approval", "by"],
        "where": ["第2步", "审批"], "old": "市场部经理", "new": "市场部经理、业务员",
        "old_value": ["market-manager"], "new_value": ["sales-manager", "salesman"],
        "item": None, "effective": None, "text": ""}
    fine = by_change[("operation-violation", "changed", ("measures", 0, "amount"))]
    assert (fine["old"], fine["new"], fine["old_value"], fine["new_value"]) == ("10 元", "20 元", 10, 20)
    renamed = by_change[("sales-manager", "renamed", ("id",))]
    assert (renamed["old_value"], renamed["new_value"], renamed["where"]) == ("market-manager", "sales-manager", [])
    moved = by_change[("market", "moved", ("responsibilities", 0))]
    assert (moved["old_path"], moved["old_value"], moved["new_value"], moved["item"]) == \
        (["responsibilities", 1], 2, 1, "负责所管辖客户应收款项的回笼")
    spaces = by_change[("salesman", "whitespace", ("responsibilities", 1, "deadline"))]
    assert (spaces["old_value"], spaces["new_value"]) == ("每周五 15:00 前", "每周五15:00前")
    form = by_change[("visit-record", "added", ())]
    assert form["new_value"]["title"] == "客户拜访记录表" and form["old_path"] is None
    article = by_change[("conduct", "changed", ("chapters", 0, "articles", 1, "effective"))]
    assert article["effective"] == "2024-09-01" and article["where"] == ["第二条", "施行日期"]


def test_role(history):
    out = ok(history.handbook("diff", "--role", "salesman"))
    assert out == """\
与岗位「业务员」有关的变更
v1 → 工作区：5 处变更
岗位
  业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助收款员及时回收应收款项」
流程
  SC-101 · 第2步 · 审批：市场部经理 → 市场部经理、业务员
表单
  新增表单《客户拜访记录表》
管理制度
  《业务操作规定》 · 第二条 · 施行日期：无 → 2024-09-01
奖惩规定
  处罚「违反操作规定作业」 · 罚款：10 元 → 20 元
"""
    data = json.loads(ok(history.handbook("diff", "--role", "sales-manager", "--format", "json")))
    assert data["role"] == {"id": "sales-manager", "title": "市场部经理"}
    assert [c["text"] for c in data["changes"]] == [
        "市场部经理：id 由 market-manager 改为 sales-manager",
        "SC-101 · 第2步 · 审批：市场部经理 → 市场部经理、业务员",
        "处罚「违反操作规定作业」 · 罚款：10 元 → 20 元"]


def test_unknown_role_is_one_line(history):
    result = history.handbook("diff", "--role", "nobody")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "错误：没有 id 为 'nobody' 的岗位\n")


def test_no_changes(history):
    assert ok(history.handbook("diff", "HEAD")) == "HEAD → 工作区：无变更\n"


def test_two_folders_outside_git(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    Project(new).replace("handbook/sanctions.yml", "amount: 10,", "amount: 20,")
    out = ok(Project(tmp_path).handbook("diff", str(old), str(new)))
    assert out == f"{old} → {new}：1 处变更\n奖惩规定\n  处罚「违反操作规定作业」 · 罚款：10 元 → 20 元\n"


def test_project_in_a_subfolder_of_the_repository(tmp_path):
    repo = tmp_path / "company"
    root = repo / "docs" / "手册"
    shutil.copytree(MINI, root)
    (repo / "README").write_text("the company's repository\n")
    init(repo)
    commit(repo, "first")
    Project(root).replace("handbook/sanctions.yml", "amount: 10,", "amount: 20,")
    commit(repo, "second")
    out = ok(Project(root).handbook("diff"))
    assert out == "HEAD~1 → 工作区：1 处变更\n奖惩规定\n  处罚「违反操作规定作业」 · 罚款：10 元 → 20 元\n"


def test_english_handbook(tmp_path):
    from ..conftest import FIXTURES

    root = tmp_path / "en"
    shutil.copytree(FIXTURES / "mini-en", root)
    init(root)
    commit(root, "first")
    p = Project(root)
    p.replace("handbook/sanctions.yml", "amount: 10,", "amount: 20,")
    p.replace("handbook/procedures/new-customer.yml", "by: market-manager", "by: [market-manager, salesman]")
    p.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项\n", "")
    commit(root, "second")
    assert ok(p.handbook("diff")) == """\
HEAD~1 → working tree: 3 change(s)
Roles
  Sales Representative · Responsibilities, item 3: removed “协助收款员回收应收款项”
Procedures
  SC-101 · step 2 · Approval: Sales Manager → Sales Manager, Sales Representative
Rewards and penalties
  Penalty “违反操作规定作业” · Fine: 10 yuan → 20 yuan
"""


# ------------------------------------------------------------------ errors: one line, exit 1


def error_line(result) -> str:
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unknown_revision(history):
    assert error_line(history.handbook("diff", "v9")) == \
        "错误：未知的版本 'v9'（git 中没有这个提交、标签或分支）"


def test_revision_that_looks_like_an_option(history):
    assert error_line(history.handbook("diff", "--", "--output=x")) == "错误：版本 '--output=x' 不能以 '-' 开头"


def test_broken_old_revision(history):
    history.replace("handbook/roles/salesman.yml", "title: 业务员", "title: [业务员")
    commit(history.root, "broken")
    git(history.root, "tag", "broken")
    git(history.root, "checkout", "-q", "HEAD~1", "--", "handbook/roles/salesman.yml")
    assert history.handbook("check").returncode == 0
    assert error_line(history.handbook("diff", "broken")) == (
        "错误：broken 的手册无法加载：1 个错误，第一个是 handbook/roles/salesman.yml:3:5: YAML 语法错误："
        "解析方括号列表时，找不到应有的 ',' 或 ']'（运行 handbook check 查看全部）")


def test_revision_without_a_handbook(history):
    (history.root / "other").mkdir()
    git(history.root, "checkout", "-q", "--orphan", "empty")
    git(history.root, "rm", "-rq", "--cached", ".")
    (history.root / "other" / "x.txt").write_text("x\n")
    git(history.root, "add", "other")
    git(history.root, "commit", "-q", "-m", "nothing")
    git(history.root, "checkout", "-q", "-f", "main")
    assert error_line(history.handbook("diff", "empty")) == "错误：版本 empty 中没有 handbook/ 文件夹"


def test_not_a_git_repository(mini):
    assert error_line(mini.handbook("diff")) == \
        f"错误：{mini.root} 不在 git 仓库中；请指定两个要比较的文件夹，例如 handbook diff 旧版/ ."
    assert error_line(mini.handbook("diff", "v1")).startswith("错误：")


def test_no_previous_commit(tmp_path):
    root = tmp_path / "one"
    shutil.copytree(MINI, root)
    init(root)
    commit(root, "only")
    assert error_line(Project(root).handbook("diff")) == \
        "错误：没有标签，也没有上一个提交可供比较；请指定一个版本或文件夹"


def test_working_tree_that_does_not_load(history):
    history.replace("handbook/roles/salesman.yml", "headcount: 3", "headcount: many")
    assert error_line(history.handbook("diff")) == (
        "错误：工作区 的手册无法加载：1 个错误，第一个是 handbook/roles/salesman.yml:6:12: "
        "应为整数，实际为 'many'（运行 handbook check 查看全部）")


def test_english_errors(tmp_path):
    from ..conftest import FIXTURES

    root = tmp_path / "en"
    shutil.copytree(FIXTURES / "mini-en", root)
    assert error_line(Project(root).handbook("diff")) == (
        f"error: {root} is not in a git repository; name the two folders to compare, e.g. handbook diff old/ .")
    assert error_line(Project(root).handbook("diff", "--lang", "zh-CN")).startswith(f"错误：{root} 不在 git 仓库中")
