"""Review dates: the check's warnings at the review_by value, `handbook reviews` by owner,
with "today" fixed by HANDBOOK_TODAY."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ..conftest import REPO, Project


def run(project: Project, today: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HANDBOOK_TODAY=today)
    return subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(project.root), *args],
                          capture_output=True, text=True, cwd=REPO, env=env)


@pytest.fixture
def dated(mini) -> Project:
    mini.replace("handbook/policies/conduct.yml", "title: 业务操作规定\n",
                 "title: 业务操作规定\nreview_owner: market-manager\nreview_by: 2024-07-01\n")
    mini.replace("handbook/procedures/new-customer.yml", "owner: market\n",
                 "owner: market\nreview_owner: salesman\nreview_by: 2024-08-15\n")
    return mini


def test_check_warns_of_a_passed_and_a_near_review_date(dated):
    result = run(dated, "2024-08-01", "check")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "handbook/policies/conduct.yml:4:12: 警告：复核日期 2024-07-01 已过 31 天；复核负责人：市场部经理"
        "（提示：复核后把 review_by 改为下一次复核日期）",
        "handbook/procedures/new-customer.yml:6:12: 警告：复核日期 2024-08-15 将在 14 天后到期；复核负责人：业务员"
        "（提示：复核后把 review_by 改为下一次复核日期）"]
    assert result.stdout.endswith("；2 个警告\n")


def test_outside_the_window_nothing(dated):
    result = run(dated, "2024-05-31", "check")
    assert (result.returncode, result.stderr) == (0, "")
    assert run(dated, "2024-06-01", "check").stderr.splitlines() == [
        "handbook/policies/conduct.yml:4:12: 警告：复核日期 2024-07-01 将在 30 天后到期；复核负责人：市场部经理"
        "（提示：复核后把 review_by 改为下一次复核日期）"]
    assert "复核日期 2024-07-01 就是今天" in run(dated, "2024-07-01", "check").stderr


def test_the_window_is_set_in_company_yml(dated):
    dated.replace("handbook/company.yml", "version: A/1\n", "version: A/1\nreview_window_days: 7\n")
    assert run(dated, "2024-08-01", "check").stderr.count("警告：") == 1
    assert run(dated, "2024-08-08", "check").stderr.count("警告：") == 2


def test_review_owner_is_a_role_and_review_by_a_date(dated):
    dated.replace("handbook/policies/conduct.yml", "review_owner: market-manager", "review_owner: market")
    dated.replace("handbook/procedures/new-customer.yml", "review_by: 2024-08-15", "review_by: 2024-13-01")
    result = run(dated, "2024-08-01", "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "handbook/policies/conduct.yml:3:15: 错误：未知的岗位 'market'（提示：是否应为 'market-manager'？）",
        "handbook/policies/conduct.yml:4:12: 警告：复核日期 2024-07-01 已过 31 天（提示：复核后把 review_by 改为下一次复核日期）",
        "handbook/procedures/new-customer.yml:6:12: 错误：应为日期（YYYY-MM-DD），实际为 '2024-13-01'"
        "（提示：请检查月份和日期；日期写成 2024-07-21 这样）",
        "2 个错误，1 个警告"]


def test_reviews_lists_what_is_due_by_owner(dated):
    result = run(dated, "2024-08-01", "reviews")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "复核计划（今天 2024-08-01，提前 30 天提醒）：2 项到期\n"
        "市场部经理\n"
        "  2024-07-01  已过期 31 天  《业务操作规定》  handbook/policies/conduct.yml:4:12\n"
        "业务员\n"
        "  2024-08-15  14 天后到期  SC-101 新进客户操作流程  handbook/procedures/new-customer.yml:6:12\n")
    assert run(dated, "2024-05-01", "reviews").stdout == "没有到期的复核（今天 2024-05-01，提前 30 天提醒）\n"
    assert run(dated, "2024-06-10", "reviews", "--all").stdout == (
        "复核计划（今天 2024-06-10，提前 30 天提醒）：共 2 项，1 项到期\n"
        "市场部经理\n"
        "  2024-07-01  21 天后到期  《业务操作规定》  handbook/policies/conduct.yml:4:12\n"
        "业务员\n"
        "  2024-08-15  66 天后  SC-101 新进客户操作流程  handbook/procedures/new-customer.yml:6:12\n")


def test_reviews_without_an_owner_and_in_english(dated):
    dated.replace("handbook/policies/conduct.yml", "review_owner: market-manager\n", "")
    assert run(dated, "2024-08-01", "reviews", "--lang", "en").stdout == (
        "Reviews (today 2024-08-01, 30 days' notice): 2 due\n"
        "业务员\n"
        "  2024-08-15  due in 14 day(s)  SC-101 新进客户操作流程  handbook/procedures/new-customer.yml:6:12\n"
        "No review owner\n"
        "  2024-07-01  31 day(s) overdue  《业务操作规定》  handbook/policies/conduct.yml:3:12\n")


def test_english_handbook_warnings(tmp_path):
    import shutil

    from ..conftest import FIXTURES

    shutil.copytree(FIXTURES / "mini-en", tmp_path / "en")
    p = Project(tmp_path / "en")
    p.replace("handbook/procedures/new-customer.yml", "owner: market\n", "owner: market\nreview_by: 2024-07-31\n")
    assert run(p, "2024-08-01", "check").stderr.splitlines() == [
        "handbook/procedures/new-customer.yml:5:12: warning: review date 2024-07-31 has passed (1 day(s) ago) "
        "(hint: review it, then set review_by to the next review date)"]


def test_a_bad_today_is_one_line(dated):
    result = run(dated, "1.8.2024", "check")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "错误：环境变量 HANDBOOK_TODAY 应为日期（YYYY-MM-DD），实际为 '1.8.2024'\n"
