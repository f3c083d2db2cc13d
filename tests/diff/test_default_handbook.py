"""On the default handbook: one fine and one approver changed in a commit, and `handbook
diff` says those two changes and nothing else."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

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


@pytest.fixture(scope="module")
def released(changed, tmp_path_factory) -> tuple[Project, object]:
    """The same history with the first commit tagged as the released version, built."""
    from .conftest import git

    root = tmp_path_factory.mktemp("released") / "handbook-repo"
    shutil.copytree(changed.root, root)
    git(root, "tag", "v1", "HEAD~1")
    p = Project(root)
    result = p.handbook("build", "--out", str(root.parent / "site"))
    assert result.returncode == 0, result.stderr
    return p, root.parent / "site"


def test_the_role_pages_the_changes_concern_show_them_the_others_say_nothing_changed(released):
    from .test_site_changes import box, items, plain

    p, site = released
    fine = "处罚「擅自答应客户降低运价或免费托运（未按审批权限报批即向客户承诺）」 · 罚款：50 元 → 100 元"
    approver = "SC-004 · 第4步 · 审批：产品市场部经理 → 大客户部经理"
    diff = json.loads(p.handbook("diff", "v1", "--format", "json").stdout)
    assert [c["text"] for c in diff["changes"]] == [approver, fine]
    concerned = {"salesman": [fine], "account-manager": [fine], "bd-specialist": [fine], "regional-manager": [fine],
                 "key-account-director": [approver], "product-marketing-manager": [approver]}
    roles = sorted(x.stem for x in (site / "roles").glob("*.html") if x.stem != "index")
    assert len(roles) > 15
    for role in roles:
        found = box(site, role)
        if role in concerned:
            assert items(found) == concerned[role], role
        else:
            assert items(found) == [], role
            assert "本版没有与本岗位有关的变更。" in plain(found), role
    page = plain((site / "changes.html").read_text(encoding="utf-8"))
    assert "与 v1（" in page and "共 2 处变更" in page and fine in page and approver in page


def test_the_acknowledgement_pdfs_exist_for_every_role(released):
    _, site = released
    roles = sorted(x.stem for x in (site / "roles").glob("*.html") if x.stem != "index")
    assert sorted(x.stem for x in (site / "pdf" / "acknowledgements").glob("*.pdf")) == roles
    result = subprocess.run([sys.executable, "-m", "generator.cli", "forms", "read", "--format", "csv",
                             str(site / "pdf" / "acknowledgements")], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["form"] for r in rows] == [f"acknowledgement-{r}" for r in roles]
    assert {r["handbook-version"] for r in rows} == {changed_version(site)}


def changed_version(site) -> str:
    import re

    return re.search(r"版本号：([^　<]+)", (site / "roles" / "salesman.html").read_text(encoding="utf-8")).group(1)
