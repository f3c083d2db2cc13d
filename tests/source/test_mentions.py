"""Mentions in running text: 《form》 titles and procedure codes (links and checks), glossary
terms nothing uses, and the pinyin order of the glossary."""

from __future__ import annotations

import unicodedata
from types import SimpleNamespace

from generator.source import mentions
from generator.source.load import load
from generator.source.mentions import (MentionIndex, Span, fold, glossary_sort_key, mention_spans, running_text,
                                term_variants, unknown_codes, unknown_titles, unused_terms)

from ..conftest import REPO

INDEX = MentionIndex(procedures={"SC-001": "sc-001", "SC-010": "sc-010"},
                     forms={"新(重)进客户操作通知单": "new-customer-notice", "销售计划表": "sales-plan",
                            "客户资料库": "customer-database"},
                     policies={"业务操作规定": "conduct"})


# ------------------------------------------------------------------ spans


def test_spans_of_forms_policies_and_codes():
    text = "按报价审批流程（SC-010）办理，填写《销售计划表》，见《业务操作规定》。"
    spans = mention_spans(text, INDEX)
    assert spans == [Span(8, 14, "procedure", "sc-010"), Span(20, 27, "form", "sales-plan"),
                     Span(29, 37, "policy", "conduct")]
    assert [text[s.start:s.end] for s in spans] == ["SC-010", "《销售计划表》", "《业务操作规定》"]


def test_spans_tolerate_full_width_and_spaces():
    text = "填写《新（重）进客户操作通知单》与《 销售计划表 》，流程ＳＣ－００１和SC—010"
    kinds = [(text[s.start:s.end], s.id) for s in mention_spans(text, INDEX)]
    assert kinds == [("《新（重）进客户操作通知单》", "new-customer-notice"), ("《 销售计划表 》", "sales-plan"),
                     ("ＳＣ－００１", "sc-001"), ("SC—010", "sc-010")]


def test_spans_leave_unknown_mentions_and_longer_codes_alone():
    text = "《公路运输发票》、SC-099、HXD-SC-01、SC-0101、〈客户资料库〉"
    spans = mention_spans(text, INDEX)
    assert [(text[s.start:s.end], s.kind) for s in spans] == [("〈客户资料库〉", "form")]


def test_spans_accept_a_plain_mapping():
    assert mention_spans("《销售计划表》", {"forms": {"销售计划表": "sales-plan"}}) == [Span(0, 7, "form", "sales-plan")]


def test_index_from_the_resolved_handbook(default_handbook):
    index = MentionIndex.from_handbook(default_handbook)
    assert index.procedure("SC-004") == "sc-004"
    assert index.title("销售计划表") == ("form", "sales-plan")


# ------------------------------------------------------------------ checks on a project


def test_unknown_title_found_with_location_and_did_you_mean(mini):
    mini.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项",
                 "  - 协助收款员回收应收款项，填写《新(重)进客户通知单》和《公路运输发票》")
    found = unknown_titles(load(mini.root))
    assert [(str(u.location), u.mention, u.suggestion) for u in found] == [
        ("handbook/roles/salesman.yml:14:5", "《新(重)进客户通知单》", "新(重)进客户操作通知单"),
        ("handbook/roles/salesman.yml:14:5", "《公路运输发票》", None)]
    u = found[0]
    assert u.where.path == ("responsibilities", 2)  # a duty written as plain text: its list item
    assert u.where.text[u.start:u.end] == "《新(重)进客户通知单》"


def test_unknown_title_in_a_nested_key(mini):
    mini.replace("handbook/procedures/new-customer.yml", "on_reject: 退回业务员修改", "on_reject: 退回业务员修改《销售计画表》")
    mini.write("forms/sales-plan.yml", """
        id: sales-plan
        code: SL-BD-02
        title: 销售计划表
        owner: market
        fields:
          - {id: total, label: 合计, type: money}
        """)
    [u] = unknown_titles(load(mini.root))
    assert u.where.path == ("steps", 1, "approval", "on_reject") and u.suggestion == "销售计划表"
    assert str(u.location) == "handbook/procedures/new-customer.yml:17:18"


def test_no_false_positive_on_a_form_or_policy_title(mini):
    mini.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项",
                 "  - 按《业务操作规定》填写《新（重）进客户操作通知单》、〈新(重)进客户操作通知单〉")
    assert unknown_titles(load(mini.root)) == []


def test_ids_and_references_are_not_running_text(mini):
    src = load(mini.root)
    texts = {t.text for t in running_text(src)}
    assert "拜访客户并做好记录" in texts and "新(重)进客户操作通知单" in texts and "每周五 15:00 前" in texts
    assert not texts & {"salesman", "market-manager", "new-customer-notice", "weekly", "radio", "full"}


def test_unknown_procedure_code(mini):
    mini.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项", "  - 协助收款员回收应收款项（SC-110）")
    [u] = unknown_codes(load(mini.root))
    assert (u.mention, u.suggestion, str(u.location)) == ("SC-110", "SC-101", "handbook/roles/salesman.yml:14:5")


def test_unused_glossary_term(mini):
    mini.replace("handbook/departments/market.yml", "，跟进 OSB 全过程", "")
    src = load(mini.root)
    assert [u.term for u in unused_terms(src)] == ["OSB"]
    assert str(unused_terms(src)[0].location) == "handbook/glossary.yml:3:11"
    mini.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项", "  - 协助收款员回收应收款项，跟进订货—发运—结算（osb）")
    assert unused_terms(load(mini.root)) == []


def test_a_term_is_used_by_any_variant_or_its_full_name_but_not_inside_a_word(mini):
    mini.write("handbook/glossary.yml", """
        terms:
          - {id: sign, term: 签准 / 签否, definition: 审核意见。}
          - {id: slt, term: SLT, full: Sales Leadership Team, definition: 销售领导小组。}
          - {id: kpi, term: KPI, definition: 考核指标。}
        """)
    mini.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项",
                 "  - 协助收款员回收应收款项，签否的重新提交，参加 sales leadership team 例会，KPIX")
    assert [u.term for u in unused_terms(load(mini.root))] == ["KPI"]
    assert term_variants("签准 / 签否") == ["签准", "签否"]


def test_glossary_definitions_do_not_count_as_use(mini):
    mini.write("handbook/glossary.yml", """
        terms:
          - {id: osb, term: OSB, definition: 订货—发运—结算流程，见 IES。}
          - {id: ies, term: IES, definition: 信息交流体系，用于 OSB。}
        """)
    mini.replace("handbook/departments/market.yml", "，跟进 OSB 全过程", "")
    assert [u.term for u in unused_terms(load(mini.root))] == ["OSB", "IES"]


def _unused(terms: list[str], texts: list[str]) -> list[str]:
    """unused_terms of a glossary and the handbook's texts, without a project."""
    entries = [SimpleNamespace(kind="term", item=SimpleNamespace(term=t, full="", aliases=[])) for t in terms]
    source = SimpleNamespace(of_kind=lambda kind: entries if kind == "term" else [])
    return [u.term for u in unused_terms(source, [SimpleNamespace(text=t, entry=SimpleNamespace(kind="role"))
                                                  for t in texts])]


def test_a_term_is_found_as_written_and_once_folded():
    # as written: found without folding; folded (full width, spaces, case): found all the same
    assert _unused(["存根联", "KPI", "回款", "大客户"], ["留存存根联", "ＫＰＩ 考核", "回 款", "大客戶"]) == ["大客户"]
    # written, but not once folded: a jamo after 가 makes 각; KPIX is no KPI
    assert _unused(["가", "KPI"], ["가\u11a8", "KPIX"]) == ["가", "KPI"]
    assert _unused(["가"], ["가\u11a8", "가 "]) == []
    assert _unused(["KPI"], [f"第{i}条" for i in range(2500)] + ["kpi"]) == []  # in the last texts folded
    assert _unused(["KPI"], []) == ["KPI"]


def test_fold_is_nfkc_of_each_character_where_that_is_one_character():
    text = "".join(map(chr, [*range(0x20, 0x250), *range(0x2000, 0x2100), *range(0x3000, 0x3100),
                             *range(0xF900, 0xFB00), *range(0xFE30, 0xFFF0), 0x1D400, 0x2F800]))
    assert fold(text) == "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)
    assert fold("ＳＣ－００１，（重）") == "SC-001,(重)" and fold("e\u0301ﬁ") == "e\u0301ﬁ"


def test_dash_like_is_every_character_that_folds_to_a_dash():
    """A text without one of these holds no procedure code and is not folded to be searched."""
    dashes = set(mentions._DASHES)  # a character that NFKC changes has a decomposition
    folded = dashes | {c for c in map(chr, range(0x110000))
                       if unicodedata.decomposition(c) and unicodedata.normalize("NFKC", c) in dashes}
    assert [c for c in map(chr, range(0x110000)) if mentions._DASH_LIKE.fullmatch(c)] == sorted(folded)


# ------------------------------------------------------------------ pinyin order


def test_glossary_sort_key_is_pinyin_order():
    terms = ["逐级报告制度", "回款", "KPI", "存根联", "大客户", "代理商", "SLT", "月结", "签准 / 签否", "新(重)进客户"]
    assert sorted(terms, key=glossary_sort_key) == [
        "存根联", "大客户", "代理商", "回款", "KPI", "签准 / 签否", "SLT", "新(重)进客户", "月结", "逐级报告制度"]
    assert sorted(terms) != sorted(terms, key=glossary_sort_key)  # code-point order differs
    assert sorted(["妈", "马", "麻", "骂"], key=glossary_sort_key) == ["妈", "麻", "马", "骂"]  # tones 1-4


# ------------------------------------------------------------------ the default handbook


def test_the_default_handbook_mentions_only_what_exists():
    src = load(REPO)
    assert not src.diagnostics
    assert [f"{u.location} {u.mention}" for u in unknown_titles(src)] == []
    assert [f"{u.location} {u.mention}" for u in unknown_codes(src)] == []
    assert [f"{u.location} {u.term}" for u in unused_terms(src)] == []
    terms = [e.item.term for e in src.of_kind("term")]
    assert terms == sorted(terms, key=glossary_sort_key), "glossary.yml is kept in pinyin order"
