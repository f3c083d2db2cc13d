"""`handbook new KIND ID`: one file in its folder that checks as it is, with what it names
chosen from the handbook and said; ids checked by the rules of every id; nothing replaced."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from generator.cli import parser
from generator.scaffold.new import FOLDERS, KINDS
from generator.source.schema import FOLDER

from ..conftest import Project


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("starter") / "acme"
    result = Project(root.parent).handbook("init", str(root), lang=None)
    assert result.returncode == 0, result.stderr
    return Project(root)


@pytest.fixture
def acme(starter, tmp_path) -> Project:
    shutil.copytree(starter.root, tmp_path / "acme")
    return Project(tmp_path / "acme")


def test_the_command_takes_every_kind():
    choices = next(a for a in parser()._subparsers._group_actions[0].choices["new"]._actions if a.dest == "kind").choices
    assert tuple(choices) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_checks_as_written_and_the_command_names_the_file(acme, kind):
    result = acme.handbook("new", kind, "extra", lang=None)
    assert result.returncode == 0, result.stderr
    rel = f"{FOLDERS[kind]}/extra.yml"
    assert result.stdout.startswith(f"已写入 {rel}\n") and f"请打开 {rel}" in result.stdout
    text = acme.read(rel)
    assert text.startswith("# ") and f"handbook new {kind} extra" in text.splitlines()[0]
    data = yaml.safe_load(text)
    assert data["id"] == "extra"
    check = acme.handbook("check")
    assert check.returncode == 0, check.stderr
    warnings = [line for line in check.stderr.splitlines() if line]
    # a form that no procedure uses yet is said (its comment says how to use it); nothing else
    if kind == "form":
        assert len(warnings) == 1 and warnings[0].startswith(f"{rel}:3:5: warning: form 'extra' "), check.stderr
    else:
        assert warnings == [], check.stderr


def test_a_role_gets_the_first_department_and_its_head_as_supervisor(acme):
    result = acme.handbook("new", "role", "sales-assistant", "--title", "销售助理", lang=None)
    assert "所属部门已填入第一个部门 sales" in result.stdout and "直接上级已填入部门负责人 sales-manager" in result.stdout
    data = yaml.safe_load(acme.read("handbook/roles/sales-assistant.yml"))
    assert (data["title"], data["department"], data["reports_to"], data["code"]) == \
        ("销售助理", "sales", "sales-manager", "XS-GW-03")
    assert "已填入第一个部门" in acme.read("handbook/roles/sales-assistant.yml")


def test_department_option_and_a_new_department_under_it(acme):
    assert acme.handbook("new", "department", "marketing", "--title", "市场部").returncode == 0
    assert "parent" not in yaml.safe_load(acme.read("handbook/departments/marketing.yml"))
    result = acme.handbook("new", "department", "research", "--department", "marketing")
    assert result.returncode == 0 and "the department above: marketing" in result.stdout
    assert yaml.safe_load(acme.read("handbook/departments/research.yml"))["parent"] == "marketing"
    result = acme.handbook("new", "role", "researcher", "--department", "research")
    data = yaml.safe_load(acme.read("handbook/roles/researcher.yml"))
    assert data["department"] == "research" and "reports_to" not in data  # research has no head yet
    assert acme.handbook("check").returncode == 0


def test_a_procedure_continues_the_numbering_and_starts_with_the_head(acme):
    assert acme.handbook("new", "procedure", "contract-approval").returncode == 0
    data = yaml.safe_load(acme.read("handbook/procedures/contract-approval.yml"))
    assert data["code"] == "XS-002" and data["owner"] == "sales" and data["steps"][0]["actor"] == "sales-manager"
    assert data["title"] == "新流程 contract-approval"


def test_a_title_that_yaml_would_misread_is_quoted(acme):
    title = "销售: 助理 #1"
    assert acme.handbook("new", "role", "odd", "--title", title).returncode == 0
    assert yaml.safe_load(acme.read("handbook/roles/odd.yml"))["title"] == title


def test_the_new_id_completes_in_the_editor_at_once(acme):
    acme.handbook("new", "role", "sales-assistant", "--title", "销售助理")
    role = json.loads(acme.read(f"{FOLDER}/role.json"))
    reports_to = role["properties"]["reports_to"]["anyOf"][0]
    assert "sales-assistant" in reports_to["enum"]
    assert reports_to["enumDescriptions"][reports_to["enum"].index("sales-assistant")] == "销售助理"


@pytest.mark.parametrize("args, message", [
    (["role", "sales-rep"], "handbook/roles/sales-rep.yml:2:5: 错误：已有 id 为 'sales-rep' 的岗位（提示：换一个 id，或直接编辑这个文件）"),
    (["role", "Sales_Rep"], "错误：无效的 id 'Sales_Rep'：id 只能由小写英文字母、数字和 '-' 组成，并以字母或数字开头（提示：是否应为 'sales-rep'？）"),
    (["form", "ｑｕｏｔｅ"], "错误：无效的 id 'ｑｕｏｔｅ'：它是用全角字符输入的；请把输入法切换到半角（提示：是否应为 'quote'？）"),
    (["policy", "index"], "错误：无效的 id 'index'：它是网站列表页的名称（提示：例如：sales-manager、sc-001）"),
    (["role", "x", "--department", "sale"], "错误：没有 id 为 'sale' 的部门（提示：是否应为 'sales'？）"),
])
def test_refusals_are_said_and_nothing_is_written(acme, args, message):
    before = sorted(p for p in acme.root.rglob("*"))
    result = acme.handbook("new", *args, lang=None)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == message
    assert sorted(p for p in acme.root.rglob("*")) == before


def test_a_file_of_that_name_that_does_not_load_is_not_replaced(acme):
    acme.write("handbook/roles/broken.yml", "id: broken\ntitle: [\n")
    result = acme.handbook("new", "role", "broken")
    assert result.returncode == 1 and result.stderr.startswith("handbook/roles/broken.yml:1:1: error: a role with the id")
    assert acme.read("handbook/roles/broken.yml") == "id: broken\ntitle: [\n"


def test_without_a_department_the_command_says_what_to_make_first(tmp_path):
    project = Project(tmp_path)
    project.write("handbook/company.yml", "name: x\n")
    result = project.handbook("new", "role", "a")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: there is no department yet, and a role needs one: first run handbook new department ID"
    assert project.handbook("new", "department", "top").returncode == 0
    assert project.handbook("new", "procedure", "p").stderr.strip() == \
        "error: there is no role yet, and a procedure's steps need one: first run handbook new role ID"


def test_outside_a_handbook_it_says_to_init(tmp_path):
    result = Project(tmp_path).handbook("new", "role", "a")
    assert result.returncode == 1 and "handbook init" in result.stderr


def test_an_english_handbook_gets_english_files(tmp_path):
    runner = Project(tmp_path)
    assert runner.handbook("init", str(tmp_path / "en"), lang="en").returncode == 0
    project = Project(tmp_path / "en")
    result = project.handbook("new", "role", "assistant", lang=None)
    assert result.returncode == 0 and result.stdout.startswith("wrote handbook/roles/assistant.yml")
    text = project.read("handbook/roles/assistant.yml")
    assert "# A job description (made by `handbook new role assistant`)" in text
    assert yaml.safe_load(text)["title"] == "New role assistant"
    assert project.handbook("check").returncode == 0


def test_a_project_may_have_its_own_template(acme):
    acme.write("site_config/starter/zh-CN/new/policy.yml",
               "# 本公司的制度模板\nid: {{ id }}\ntitle: {{ title | yaml }}\nchapters:\n  - title: 总则\n    articles: [本制度由人力资源部解释。]\n")
    assert acme.handbook("new", "policy", "leave", "--title", "请假制度").returncode == 0
    assert acme.read("handbook/policies/leave.yml").startswith("# 本公司的制度模板\nid: leave\ntitle: 请假制度\n")
