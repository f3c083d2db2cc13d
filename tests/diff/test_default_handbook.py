"""On the default handbook: one fine and one approver changed in a commit, and `handbook
diff` says those two changes and nothing else."""

from __future__ import annotations

import json
import shutil

import pytest

from ..conftest import REPO, Project
from .conftest import commit, init


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("default") / "handbook-repo"
    for folder in ("handbook", "forms"):
        shutil.copytree(REPO / folder, root / folder)
    init(root)
    commit(root, "the default handbook")
    p = Project(root)
    p.replace("handbook/sanctions.yml", "act: 擅自答应客户降低运价或免费托运（未按审批权限报批即向客户承诺）\n"
              "    applies_to: [salesman, account-manager, bd-specialist, regional-manager]\n"
              "    measures:\n      - {type: fine, amount: 50,",
              "act: 擅自答应客户降低运价或免费托运（未按审批权限报批即向客户承诺）\n"
              "    applies_to: [salesman, account-manager, bd-specialist, regional-manager]\n"
              "    measures:\n      - {type: fine, amount: 100,")
    p.replace("handbook/procedures/sc-004.yml", "    approval:\n      by: product-marketing-manager",
              "    approval:\n      by: key-account-director")
    commit(root, "a fine and an approver")
    return p


def test_two_changes_and_nothing_else(changed):
    result = changed.handbook("diff")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "HEAD~1 → 工作区：2 处变更\n"
        "流程\n"
        "  SC-004 · 第4步 · 审批：产品市场部经理 → 大客户部经理\n"
        "奖惩规定\n"
        "  处罚「擅自答应客户降低运价或免费托运（未按审批权限报批即向客户承诺）」 · 罚款：50 元 → 100 元\n")


def test_the_roles_the_changes_concern(changed):
    def role(rid):
        result = changed.handbook("diff", "--role", rid, "--format", "json")
        assert result.returncode == 0, result.stderr
        return [c["text"] for c in json.loads(result.stdout)["changes"]]

    assert role("salesman") == ["处罚「擅自答应客户降低运价或免费托运（未按审批权限报批即向客户承诺）」 · 罚款：50 元 → 100 元"]
    assert role("key-account-director") == ["SC-004 · 第4步 · 审批：产品市场部经理 → 大客户部经理"]
    assert role("product-marketing-manager") == ["SC-004 · 第4步 · 审批：产品市场部经理 → 大客户部经理"]
    assert role("collector") == []
    assert changed.handbook("diff", "--role", "collector").stdout == \
        "与岗位「收款员」有关的变更\nHEAD~1 → 工作区：没有与本岗位有关的变更\n"


def test_the_default_handbook_against_itself():
    result = Project(REPO).handbook("diff", str(REPO), str(REPO))
    assert (result.returncode, result.stdout) == (0, f"{REPO} → {REPO}：无变更\n")
