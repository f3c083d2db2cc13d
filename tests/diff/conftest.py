"""A small handbook with a history: the mini fixture committed and tagged, then a second
commit that changes one of each kind of thing the comparison tells apart."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import MINI, Project

GIT_ENV = {"GIT_AUTHOR_NAME": "HR", "GIT_AUTHOR_EMAIL": "hr@example.com", "GIT_COMMITTER_NAME": "HR",
           "GIT_COMMITTER_EMAIL": "hr@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
           "GIT_AUTHOR_DATE": "2024-08-01T10:00:00+08:00", "GIT_COMMITTER_DATE": "2024-08-01T10:00:00+08:00"}


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | GIT_ENV
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def init(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")


NEW_FORM = """\
id: visit-record
code: SL-BD-02
title: 客户拜访记录表
owner: market
filled_by: [salesman]
fields:
  - {id: customer, label: 客户名称, type: text, required: true}
  - {id: visit-date, label: 拜访日期, type: date}
"""


def second_version(p: Project) -> None:
    """The changes of the second commit, one of each kind."""
    # a changed duty
    p.replace("handbook/roles/salesman.yml", "协助收款员回收应收款项", "协助收款员及时回收应收款项")
    # a whitespace-only edit
    p.replace("handbook/roles/salesman.yml", "deadline: 每周五 15:00 前", "deadline: 每周五15:00前")
    # a renamed role: market-manager -> sales-manager, every reference updated
    (p.root / "handbook/roles/market-manager.yml").rename(p.root / "handbook/roles/sales-manager.yml")
    p.replace("handbook/roles/sales-manager.yml", "id: market-manager", "id: sales-manager")
    p.replace("handbook/roles/salesman.yml", "reports_to: market-manager", "reports_to: sales-manager")
    p.replace("handbook/departments/market.yml", "head: market-manager", "head: sales-manager")
    p.replace("handbook/procedures/new-customer.yml", "  - actor: market-manager", "  - actor: sales-manager")
    # a changed approver
    p.replace("handbook/procedures/new-customer.yml", "by: market-manager", "by: [sales-manager, salesman]")
    # a changed fine
    p.replace("handbook/sanctions.yml", "amount: 10,", "amount: 20,")
    # a reordered list
    p.replace("handbook/departments/market.yml",
              "  - 负责公司配送范围内的业务开发\n  - 负责所管辖客户应收款项的回笼\n",
              "  - 负责所管辖客户应收款项的回笼\n  - 负责公司配送范围内的业务开发\n")
    # a new form
    p.write("forms/visit-record.yml", NEW_FORM)
    # an effective date on an article
    p.replace("handbook/policies/conduct.yml", "        text: 不得擅自做主承诺客户免费、降低运价或改变结算方式。",
              "        text: 不得擅自做主承诺客户免费、降低运价或改变结算方式。\n        effective: 2024-09-01")


def make_history(root: Path) -> Project:
    """A git repository at `root`: the mini handbook tagged v1, then the second version committed."""
    shutil.copytree(MINI, root)
    init(root)
    commit(root, "first version")
    git(root, "tag", "v1")
    p = Project(root)
    second_version(p)
    commit(root, "second version")
    return p


@pytest.fixture
def history(tmp_path: Path) -> Project:
    return make_history(tmp_path / "repo")


@pytest.fixture(autouse=True)
def handbook_language(monkeypatch):
    """These tests read the commands' output in the handbook's own language."""
    monkeypatch.setattr(Project, "lang", None)
