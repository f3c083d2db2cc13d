"""Page content from the model: links both ways, escaping, locale labels."""

from __future__ import annotations

import re

import pytest

from generator.handbook import load_handbook
from generator.outputs import plan
from generator.present.templating import md_escape
from generator.site.pages import Site

from ..conftest import labels, present


def _pages(root):
    """The pages as `handbook build` makes them: linking every planned output."""
    hb = load_handbook(root)
    return {p.path: p for p in Site(present(hb, root), plan(hb)).pages()}


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


# ------------------------------------------------------------------ diagrams


def test_diagrams_are_deterministic_svg(mini):
    from generator.present.diagrams import flowchart_svg, org_chart_svg

    hb = load_handbook(mini.root)
    proc = hb.procedures["new-customer"]
    first = flowchart_svg(hb, proc, labels(hb))
    assert first == flowchart_svg(hb, proc, labels(hb)) and org_chart_svg(hb) == org_chart_svg(hb)
    assert first.startswith("<svg") and "<!--" not in first and "<title>" not in first
    assert "xlink:href" not in first  # no links unless asked for (the PDF manual)
    linked = flowchart_svg(hb, proc, labels(hb), link=lambda kind, ident: f"../{kind}s/{ident}.html")
    assert 'xlink:href="../roles/salesman.html"' in linked


def test_flowchart_marks_approvals_rejections_and_skippable_steps(mini):
    from generator.present.diagrams import flowchart_svg

    mini.replace("handbook/procedures/new-customer.yml", "      reject_to: 1\n", """      reject_to: 1
  - actor: salesman
    action: 电话回访客户
    skippable: true
  - actor: market-manager
    action: 归档
""")
    hb = load_handbook(mini.root)
    svg = flowchart_svg(hb, hb.procedures["new-customer"], labels(hb))
    assert svg.count('class="cluster"') == 2  # one swimlane per actor role
    for text in ("1. 填写", "2. 审核通知单", "3. 电话回访客户", "4. 归档", "审批：市场部经理", ">批准<", ">驳回<", ">可跳过<"):
        assert text in svg, text
    assert 'stroke-dasharray="5,2"' in svg  # the skippable step is dashed
    assert 'stroke-dasharray="1,5"' in svg  # and a dotted edge goes around it
    assert ">返回第 1 步<" in svg  # a rejection points to where the procedure resumes
    assert re.match(r'<svg style="--hb-min-width: \d+px" width="\d+pt"', svg)  # read by handbook.css


def test_diagram_labels_are_escaped(mini):
    from generator.present.diagrams import flowchart_svg, org_chart_svg

    # short enough to stay on one label line
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", 'title: "<i>\\"\\\\N&</i>"')
    hb = load_handbook(mini.root)
    assert hb.roles["salesman"].title == '<i>"\\N&</i>'
    for svg in (org_chart_svg(hb), flowchart_svg(hb, hb.procedures["new-customer"], labels(hb))):
        assert "<i>" not in svg and "&lt;i&gt;&quot;\\N&amp;&lt;/i&gt;" in svg  # a backslash is text, not a Graphviz escape


SVG, XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"


def _linked(svg: str, href: str) -> tuple[str, str | None]:
    """(shown text, tooltip) of the node or cluster linking to `href`, as a browser reads the SVG:
    the label's lines (one <text> each) joined, the tooltip after XML unescaping."""
    import xml.etree.ElementTree as ET

    for a in ET.fromstring(svg).iter(SVG + "a"):
        if a.get(XLINK + "href") == href:
            return "".join("".join(t.itertext()) for t in a.iter(SVG + "text")), a.get(XLINK + "title")
    raise AssertionError(f"no link to {href}")


@pytest.mark.parametrize("title", [
    "R&amp;D &#60;b&#62; 员\\",  # entities and a backslash at the end
    "\"引号\" 'single' \\n\\l\\N\\G\\E\\T &lt;",  # Graphviz escapes, typed as text
    "华东区域重点客户开发与维护高级业务代表",  # wraps onto two lines
    "华东区域重点客户开发&amp;维护高级\\n业务代表",  # wraps, with an entity and an escape
])
def test_diagram_text_and_tooltips_show_the_title_as_typed(mini, title):
    from generator.present.diagrams import flowchart_svg, org_chart_svg

    for rel, old in (("handbook/roles/salesman.yml", "title: 业务员"), ("handbook/departments/market.yml",
                                                                     "title: 市场部")):
        mini.replace(rel, old, "title: '" + title.replace("'", "''") + "'")
    hb = load_handbook(mini.root)
    assert hb.roles["salesman"].title == title == hb.departments["market"].title

    def link(kind, ident):
        return f"{kind}s/{ident}.html"

    org = org_chart_svg(hb, link=link)
    assert _linked(org, "roles/salesman.html") == (title, title)  # a node, wrapped
    assert _linked(org, "departments/market.html") == (title, title)  # a cluster
    flow = flowchart_svg(hb, hb.procedures["new-customer"], labels(hb), link=link)
    assert _linked(flow, "roles/salesman.html") == (title, title)  # a swimlane
    assert "hbtooltip" not in org + flow


def test_site_diagrams_link_to_pages(mini):
    p = _pages(mini.root)
    org = p["organisation.md"].content
    assert 'xlink:href="roles/salesman.html"' in org and 'xlink:href="departments/market.html"' in org
    assert "data-search-exclude" in org
    flow = p["procedures/new-customer.md"].content
    assert 'xlink:href="../roles/market-manager.html"' in flow
    assert "\n\n" not in flow[flow.index("<svg"):flow.index("</svg>")]  # one raw-HTML block


def test_references_go_both_ways(mini):
    p = _pages(mini.root)
    assert "[处罚：谎报外出访问客户](../sanctions.md#false-visit)" in p["policies/conduct.md"].content
    mini.replace("handbook/roles/salesman.yml", "department: market", "department: market\ncareer: {next_roles: [market-manager]}")
    mini.replace("handbook/policies/conduct.yml", "title: ", "owner: market\ntitle: ")
    p = _pages(mini.root)
    assert "[市场部](../departments/market.md)" in p["policies/conduct.md"].content
    assert "(../policies/conduct.md)" in p["departments/market.md"].content
    assert "晋升来源：[业务员](salesman.md)" in p["roles/market-manager.md"].content
    assert "晋升方向：[市场部经理](market-manager.md)" in p["roles/salesman.md"].content


def test_nav_lists_roles_and_checklists_under_their_department(mini):
    site = Site(present(load_handbook(mini.root)))
    sections = {next(iter(item)): item[next(iter(item))] for item in site.nav(site.pages())}
    roles = sections["岗位"]
    assert roles[0] == "roles/index.md"
    # the department's head first, then down the reporting line
    assert roles[1] == {"市场部": [{"市场部经理": "roles/market-manager.md"}, {"业务员": "roles/salesman.md"}]}
    checklists = sections["岗位清单"]
    assert {"岗位清单：业务员": "checklists/salesman.md"} in checklists[-1]["市场部"]


def test_diagram_labels_wrap_by_chinese_rules():
    """No line starts with closing punctuation, ASCII brackets included, none ends with an
    opening one, and a code such as SC-012 or 15:00 stays whole; Latin counts half width."""
    from generator.present.diagrams import _wrap

    lines = _wrap("大客户经理填写《新(重)进客户操作通知单》报部门领导审核运价与结算方式", 14).split("\n")
    assert lines == ["大客户经理填写《新(重)进客户", "操作通知单》报部门领导审核运", "价与结算方式"]
    assert _wrap("每周五15:00前提交SC-012周工作报告", 8).split("\n") == ["每周五15:00前提交", "SC-012周工作报告"]
    for text in ("审核运价[年度合同]并签字(必填)后交回", "（一）合同（二）报价（三）订单"):
        for width in range(3, 12):
            for line in _wrap(text, width).split("\n")[1:]:
                assert line[0] not in "）)]》，。", (text, width, line)
            for line in _wrap(text, width).split("\n")[:-1]:
                assert line[-1] not in "（([《", (text, width, line)
