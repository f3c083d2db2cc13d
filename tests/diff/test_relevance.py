"""Which changes concern a role: its own, its steps, the forms it fills, the rewards and
penalties that apply to it, and the articles those cite."""

from __future__ import annotations

import shutil

import pytest

from generator.diff.changes import Diff, Side
from generator.diff.compare import compare
from generator.diff.describe import line
from generator.diff.relevance import for_role, roles_concerned
from generator.handbook import load_handbook
from generator.present.labels import load_labels

from ..conftest import MINI, Project
from .conftest import second_version


def diff_of(old: Project, new: Project) -> Diff:
    a, b = load_handbook(old.root), load_handbook(new.root)
    changes, renames = compare(a, b)
    return Diff(Side("old", a), Side("new", b), changes, renames)


@pytest.fixture
def pair(tmp_path):
    shutil.copytree(MINI, tmp_path / "old")
    shutil.copytree(MINI, tmp_path / "new")
    return Project(tmp_path / "old"), Project(tmp_path / "new")


def texts(diff: Diff, role: str) -> list[str]:
    return [line(c, load_labels(diff.new.handbook.locale)) for c in for_role(diff, role)]


def test_the_second_version_per_role(pair):
    second_version(pair[1])
    diff = diff_of(*pair)
    assert texts(diff, "salesman") == [
        "业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助收款员及时回收应收款项」",  # its own duty
        "SC-101 · 第2步 · 审批：市场部经理 → 市场部经理、业务员",  # now approves the step
        "新增表单《客户拜访记录表》",  # fills the new form
        "《业务操作规定》 · 第二条 · 施行日期：无 → 2024-09-01",  # cited by 谎报外出访问客户, which applies to it
        "处罚「违反操作规定作业」 · 罚款：10 元 → 20 元"]  # applies to everyone
    assert texts(diff, "sales-manager") == [
        "市场部经理：id 由 market-manager 改为 sales-manager",
        "SC-101 · 第2步 · 审批：市场部经理 → 市场部经理、业务员",
        "处罚「违反操作规定作业」 · 罚款：10 元 → 20 元"]
    assert set(roles_concerned(diff)) == {"salesman", "sales-manager"}


def test_whitespace_concerns_nobody(pair):
    pair[1].replace("handbook/roles/salesman.yml", "deadline: 每周五 15:00 前", "deadline: 每周五15:00前")
    diff = diff_of(*pair)
    assert len(diff.changes) == 1 and texts(diff, "salesman") == []


def test_a_role_that_no_longer_approves_hears_of_it(pair):
    pair[1].replace("handbook/procedures/new-customer.yml", "by: market-manager", "by: salesman")
    diff = diff_of(*pair)
    assert texts(diff, "market-manager") == texts(diff, "salesman") == ["SC-101 · 第2步 · 审批：市场部经理 → 业务员"]


def test_steps_only_of_the_role_but_the_procedure_of_everyone_in_it(pair):
    new = pair[1]
    new.replace("handbook/procedures/new-customer.yml", "action: 审核通知单", "action: 审核通知单并签字")
    new.replace("handbook/procedures/new-customer.yml", "purpose: 规范新(重)进客户的建档与结算方式。",
                "purpose: 规范新进客户的建档与结算方式。")
    diff = diff_of(*pair)
    assert texts(diff, "salesman") == ["SC-101 · 目的：「规范新(重)进客户的建档与结算方式。」→「规范新进客户的建档与结算方式。」"]
    assert texts(diff, "market-manager") == [
        "SC-101 · 目的：「规范新(重)进客户的建档与结算方式。」→「规范新进客户的建档与结算方式。」",
        "SC-101 · 第2步 · 工作内容：「审核通知单」→「审核通知单并签字」"]


def test_a_removed_step_concerns_whoever_acted_in_it(pair):
    new = pair[1]
    text = new.read("handbook/procedures/new-customer.yml")
    new.write("handbook/procedures/new-customer.yml", text.split("  - actor: market-manager\n")[0])
    diff = diff_of(*pair)
    assert texts(diff, "market-manager") == ["SC-101 · 第2步：删除「审核通知单」"]
    assert texts(diff, "salesman") == []


def test_forms_the_role_fills(pair):
    pair[1].replace("forms/new-customer-notice.yml", "{id: amount, label: 预计月运费, type: money}",
                    "{id: amount, label: 预计月运费（元）, type: money}")
    diff = diff_of(*pair)
    assert texts(diff, "salesman") == ["《新(重)进客户操作通知单》 · 字段「预计月运费（元）」 · 字段名称：「预计月运费」→「预计月运费（元）」"]
    assert texts(diff, "market-manager") == []  # it uses the form, it does not fill it


def test_sanctions_that_apply_and_their_articles(pair):
    new = pair[1]
    new.replace("handbook/sanctions.yml", "applies_to: [salesman]", "applies_to: [market-manager]")
    new.replace("handbook/policies/conduct.yml", "不得擅自做主承诺客户免费", "严禁擅自做主承诺客户免费")
    new.replace("handbook/policies/conduct.yml", "为规范业务操作，特制定本规定。", "为规范业务操作，制定本规定。")
    diff = diff_of(*pair)
    article = "《业务操作规定》 · 第二条：「不得擅自做主承诺客户免费、降低运价或改变结算方式。」→「严禁擅自做主承诺客户免费、降低运价或改变结算方式。」"
    applies = "处罚「谎报外出访问客户」 · 适用岗位：业务员 → 市场部经理"
    # the article is cited by a penalty that applied to the salesman and now applies to the manager
    assert texts(diff, "salesman") == [article, applies]
    assert texts(diff, "market-manager") == [article, applies]
    assert "《业务操作规定》 · 第一条" not in " ".join(texts(diff, "salesman"))  # cited by nothing


def test_a_role_with_no_change(pair):
    pair[1].replace("handbook/departments/market.yml", "mission: 负责客户开发、维护与回款，跟进 OSB 全过程。", "mission: 负责客户开发与维护。")
    diff = diff_of(*pair)
    assert len(diff.changes) == 1
    assert roles_concerned(diff) == {"market-manager": [], "salesman": []}
