"""`SC-xxx` codes and 《form titles》 in running text are links on the site and in the manual:
the words `mention_spans` finds, escaped like any YAML text, never in a heading and never
from an entity's own page to itself."""

from __future__ import annotations

import re

import pikepdf

from generator.handbook import load_handbook
from generator.present.links import Linker

from ..conftest import Project


def edited(mini: Project) -> Project:
    mini.replace("handbook/roles/salesman.yml", "  - text: 拜访客户并做好记录",
                 "  - text: 拜访客户，按 SC-101 填写《新(重)进客户操作通知单》*当天*交 <b>市场部</b>")
    mini.replace("handbook/policies/conduct.yml", "      - 为规范业务操作，特制定本规定。",
                 "      - 为规范业务操作，特制定本规定；新客户按 ＳＣ－１０１ 和《新（重）进客户操作通知单》办理，《业务操作规定》另有规定的除外。")
    mini.replace("forms/new-customer-notice.yml", "owner: market\n", "owner: market\npurpose: 《新(重)进客户操作通知单》用于 SC-101。\n")
    mini.replace("handbook/procedures/new-customer.yml", "purpose: 规范新(重)进客户的建档与结算方式。",
                 "purpose: 规范新(重)进客户的建档与结算方式（SC-101），见《SC-101 的表单》与《业务操作规定》。")
    return mini


def test_the_linker_escapes_around_the_links(mini):
    hb = load_handbook(edited(mini).root)
    linker = Linker(hb)
    text = hb.roles["salesman"].responsibilities[0].text
    md = linker.markdown(text, lambda kind, ident: f"../{kind}/{ident}.md")
    assert str(md) == ("拜访客户，按 [SC\\-101](../procedure/new-customer.md) 填写"
                       "[《新\\(重\\)进客户操作通知单》](../form/new-customer-notice.md)\\*当天\\*交 &lt;b&gt;市场部&lt;/b&gt;")
    assert str(linker.html(text, lambda kind, ident: None if kind == "form" else "#proc-x")) == (
        '拜访客户，按 <a class="hb-mention" href="#proc-x">SC-101</a> 填写《新(重)进客户操作通知单》*当天*交 '
        '&lt;b&gt;市场部&lt;/b&gt;')


def test_mentions_are_links_on_the_site(mini, tmp_path):
    p = edited(mini)
    result = p.handbook("build", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    role = (site / "roles" / "salesman.html").read_text(encoding="utf-8")
    assert ('<li>拜访客户，按 <a href="../procedures/new-customer.html">SC-101</a> 填写'
            '<a href="../forms/new-customer-notice.html">《新(重)进客户操作通知单》</a>*当天*交 &lt;b&gt;市场部&lt;/b&gt;') in role
    policy = (site / "policies" / "conduct.html").read_text(encoding="utf-8")
    # full-width code and title marks, a policy's own title not linked on its own page
    assert ('新客户按 <a class="hb-mention" href="../procedures/new-customer.html">ＳＣ－１０１</a> 和'
            '<a class="hb-mention" href="../forms/new-customer-notice.html">《新（重）进客户操作通知单》</a>办理，'
            '《业务操作规定》另有规定的除外。') in policy
    proc = (site / "procedures" / "new-customer.html").read_text(encoding="utf-8")
    # on its own page the procedure's code is text; an unknown 《…》 stays text; the policy is a link
    assert ('规范新(重)进客户的建档与结算方式（SC-101），见《SC-101 的表单》与'
            '<a href="../policies/conduct.html">《业务操作规定》</a>。') in proc
    form = (site / "forms" / "new-customer-notice.html").read_text(encoding="utf-8")
    assert '《新(重)进客户操作通知单》用于 <a href="../procedures/new-customer.html">SC-101</a>。' in form
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", form + proc + role + policy, re.S)
    assert headings and not any("<a href=\"../" in h for h in headings)


def _links(pdf_path) -> list[str]:
    with pikepdf.open(pdf_path) as pdf:
        return [str(a.get("/Dest") or a.A.get("/D")) for page in pdf.pages for a in page.get("/Annots", [])
                if a.get("/Subtype") == "/Link" and ("/Dest" in a or "/A" in a)]


def test_mentions_are_links_in_the_manual(mini, tmp_path):
    before = tmp_path / "before"
    result = mini.handbook("build", "--out", str(before))
    assert result.returncode == 0, result.stderr
    p = edited(mini)
    result = p.handbook("build", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    old, new = _links(before / "pdf" / "handbook.pdf"), _links(tmp_path / "site" / "pdf" / "handbook.pdf")
    added = list(new)
    for x in old:
        added.remove(x)
    # the duty (SC-101, the form), the article (SC-101, the form; its own policy not), the
    # procedure's purpose (the policy; its own code not)
    assert sorted(added) == sorted(["proc-new-customer", "form-new-customer-notice", "proc-new-customer",
                                    "form-new-customer-notice", "policy-conduct"])
    # the job description is a document of its own: its mentions stay text
    assert _links(tmp_path / "site" / "pdf" / "roles" / "salesman.pdf") == _links(before / "pdf" / "roles" / "salesman.pdf")
