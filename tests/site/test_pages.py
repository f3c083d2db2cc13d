"""Page content from the model: links both ways, escaping, locale labels."""

from __future__ import annotations

from generator.resolve import load_handbook
from generator.site.pages import pages
from generator.templating import md_escape


def _pages(root):
    return {p.path: p for p in pages(load_handbook(root))}


def test_md_escape_neutralises_markup():
    assert str(md_escape("<script>alert(1)</script>")) == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert str(md_escape("**bold** [x](javascript:alert(1))")) == \
        "\\*\\*bold\\*\\* \\[x\\]\\(javascript:alert\\(1\\)\\)"
    assert str(md_escape("a|b\nc")) == "a\\|b<br>c"


def test_every_entity_has_a_page(mini):
    paths = set(_pages(mini.root))
    assert {"index.md", "organisation.md", "departments/market.md", "roles/salesman.md", "roles/market-manager.md",
            "procedures/new-customer.md", "forms/new-customer-notice.md", "policies/conduct.md", "sanctions.md",
            "kpis.md", "matrix.md", "glossary.md", "revisions.md", "checklists/salesman.md"} <= paths


def test_role_page_links_both_ways(mini):
    p = _pages(mini.root)
    role = p["roles/salesman.md"].content
    assert "[市场部经理](market-manager.md)" in role  # reports to
    assert "[SC\\-101 新进客户操作流程](../procedures/new-customer.md)" in role
    assert "[《新\\(重\\)进客户操作通知单》](../forms/new-customer-notice.md)" in role
    assert "(../sanctions.md#false-visit)" in role
    assert 'href="../pdf/roles/salesman.pdf"' in role
    manager = p["roles/market-manager.md"].content
    assert "[业务员](salesman.md)" in manager  # direct reports
    form = p["forms/new-customer-notice.md"].content
    assert "[业务员](../roles/salesman.md)" in form and "../procedures/new-customer.md" in form


def test_policy_numbering(mini):
    policy = _pages(mini.root)["policies/conduct.md"].content
    assert "## 第一章 总则" in policy and "## 第二章 附则" in policy
    assert "<strong>第二条</strong> 不得擅自做主承诺客户免费" in policy and "<strong>第三条</strong>" in policy


def test_checklist_groups_recurring_duties(mini):
    checklist = _pages(mini.root)["checklists/salesman.md"].content
    assert "### 每日" in checklist and "### 每周" in checklist
    assert checklist.index("### 每日") < checklist.index("### 每周")
    assert "- [ ] 随部门经理拜访三家重点客户（完成时间：入职第二周）" in checklist


def test_untrusted_text_stays_text(mini):
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: \"<script>alert(1)</script>\"")
    mini.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项",
                 "  - \"**bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>\"")
    mini.replace("handbook/policies/conduct.yml", "本规定自发布之日起施行。", "\"<b>本规定</b>自发布之日起施行。\"")
    p = _pages(mini.root)
    role = p["roles/salesman.md"].content
    assert "<script>" not in role and "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in role
    assert "<img" not in role and "&lt;img src=x onerror=alert\\(1\\)&gt;" in role
    assert "](javascript:" not in role
    assert "<b>本规定</b>" not in p["policies/conduct.md"].content
    assert "&lt;b&gt;本规定&lt;/b&gt;" in p["policies/conduct.md"].content


def test_english_labels(tmp_path):
    from ..conftest import FIXTURES

    p = _pages(FIXTURES / "mini-en")
    role = p["roles/salesman.md"].content
    assert "## Responsibilities" in role and "工作职责" not in role
    assert "## Chapter 1" in p["policies/conduct.md"].content
