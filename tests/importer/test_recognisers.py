"""Small input/output cases for the pieces of the importer: text normalisation, cutting and
outlining, the patterns of roles and rhythms, ids, and each recogniser on a short manual."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importer import cutting, normalize, outline, patterns
from generator.importer.command import import_files
from generator.importer.ids import Ids, slug
from generator.importer.sources import Paragraph, read_source

# ------------------------------------------------------------------ normalisation


def test_pinyin_garbling_repaired_where_the_reading_fits():
    stats = normalize.PinyinRepair()
    assert normalize.repair_pinyin("市場發(fā)展和職責(zé)", stats) == "市場發展和職責"
    assert stats.repaired == 2
    # a component standing for a character: the reading and the next character make a word
    assert normalize.repair_pinyin("修建钅(tiě)路", normalize.PinyinRepair()) == "修建铁路"
    # brackets that are not a reading stay
    assert normalize.repair_pinyin("总经理(CEO)与(一)", normalize.PinyinRepair()) == "总经理(CEO)与(一)"


def test_traditional_detected_and_converted():
    text = "市場部的管理制度：業務員負責客戶的開發工作"
    assert normalize.is_traditional(text)
    assert normalize.to_simplified(text)[0] == "市场部的管理制度：业务员负责客户的开发工作"
    assert not normalize.is_traditional("市场部的管理制度：业务员负责客户的开发工作")


def test_invisible_and_unprintable_characters_removed():
    text, dropped = normalize.clean_line("\u3000业务员\u200b负责\u00a0客户\x07开发\ue000😀")
    assert text == "业务员负责 客户开发" and dropped == 4


def test_encodings():
    assert normalize.decode("市场部".encode("gbk"), "x") == ("市场部", "GBK")
    assert normalize.decode("市场部".encode("utf-8"), "x") == ("市场部", "UTF-8")
    assert normalize.decode("𠀀市场".encode("gb18030"), "x")[1] == "GB18030"


def test_chinese_punctuation_after_chinese_only():
    assert normalize.chinese_punctuation("职责:负责开发,维护(新)客户;9:00 前") == "职责：负责开发，维护（新）客户；9:00 前"


# ------------------------------------------------------------------ cutting and outline


def pieces(*lines: str):
    return cutting.pieces_of([Paragraph(i + 1, t) for i, t in enumerate(lines)], 0)


def test_run_on_chapters_and_articles_are_cut():
    ps = pieces("拓展部门管理制度范本第一章总则第一条为了加强部门管理,特制定本制度。", "第二条本制度适用于全体员工。")
    assert [(p.style, p.number, p.text) for p in ps] == [
        ("", 0, "拓展部门管理制度范本"), ("zhang", 1, "总则"), ("tiao", 1, "为了加强部门管理,特制定本制度。"),
        ("tiao", 2, "本制度适用于全体员工。")]


def test_inline_lists_cut_only_where_numbers_continue():
    ps = pieces("职责:1、完成销售指标;2、项目合同履约;3、客户款项回收;")
    assert [p.text for p in ps] == ["职责:", "完成销售指标;", "项目合同履约;", "客户款项回收;"]
    assert [p.text for p in pieces("坚持统一、规范、高效的原则，增长2.5倍，按第五条规定执行。")] == \
        ["坚持统一、规范、高效的原则，增长2.5倍，按第五条规定执行。"]


def test_article_without_di_continues_the_sequence():
    ps = pieces("第十二条 甲。", "十三条市场专员应每月提交报告。")
    assert (ps[1].style, ps[1].number) == ("tiao", 13)


def test_outline_levels_follow_the_numbering():
    ps = pieces("市场部管理制度", "一、开发客户", "1、搜集客户资料。", "2、热情接待。", "二、维护客户", "1、定期回访。")
    docs = outline.outline(ps, 0)
    assert docs[0].title_text == "市场部管理制度"
    tree = [(n.text, [c.text for c in n.children]) for n in docs[0].nodes]
    assert tree == [("开发客户", ["搜集客户资料。", "热情接待。"]), ("维护客户", ["定期回访。"])]


# ------------------------------------------------------------------ patterns


@pytest.mark.parametrize("text, title", [
    ("业务员", "业务员"), ("市场部经理", "市场部经理"), ("客户服务专员", "客户服务专员"), ("技术总监", "技术总监"),
    ("销售人员", None), ("工作人员", None), ("增长", None), ("营销策划", None), ("负责人", None)])
def test_role_titles(text, title):
    assert patterns.role_title(text) == title


def test_role_headings_and_lists():
    assert patterns.role_heading("市场经理工作职责") == ("市场经理", None)
    assert patterns.role_heading("市场拓展助理2名:") == ("市场拓展助理", 2)
    assert patterns.role_names("主要岗位包括部门主管、拓展专员、市场专员等。") == ["部门主管", "拓展专员", "市场专员"]
    assert patterns.role_names("本制度适用于业务员、收款员。") == []


@pytest.mark.parametrize("text, expected", [
    ("每周五下午三点前将信息填写在《客户资料库》中", ("weekly", "每周五 15:00 前")),
    ("每月26日前提交《销售计划表》", ("monthly", "每月26日前")),
    ("每日应按时打卡", ("daily", None)),
    ("每季度末汇总分析", ("quarterly", "每季度末")),
    ("必要时上门拜访", ("as-needed", None)),
    ("制定年度计划、月度计划", (None, None)),
])
def test_rhythms(text, expected):
    assert patterns.rhythm(text) == expected


def test_form_names():
    names = [n for n, _ in patterns.form_names("填写《提货通知单》〈客户满意程度调查表〉<客户资料库>，遵守《考勤管理制度》")]
    assert names == ["提货通知单", "客户满意程度调查表", "客户资料库"]


# ------------------------------------------------------------------ ids


def test_ids_are_valid_unique_and_safe():
    assert slug("市场部经理", "role") == "shichangbu-jingli"
    assert slug("../../etc/passwd", "role") == "etc-passwd"
    assert slug("😀😀", "role") == "role"
    assert slug("CON", "role") == "con-1"
    assert slug("index", "policy") == "index-1"
    assert len(slug("市场" * 80, "x")) <= 64
    ids = Ids({"role": {"yewuyuan"}})
    assert ids.give("role", "业务员") == "yewuyuan-2"
    assert ids.give("role", "业务员") == "yewuyuan-3"


# ------------------------------------------------------------------ recognisers on short manuals


def draft_of(tmp_path: Path, text: str):
    src = tmp_path / "manual.txt"
    src.write_text(text, encoding="utf-8")
    return import_files([src], tmp_path / "project", force=False, lang="zh-CN").draft


def test_role_sections(tmp_path):
    d = draft_of(tmp_path, "岗位说明书\n市场调研员\n直接上级：市场经理\n岗位职责：\n1、负责市场调研；\n2、每周五 17:00 前提交周报\n"
                           "任职要求：\n1、本科及以上学历\n2、两年以上市场调研经验\n3、熟练使用办公软件\n"
                           "工作权限：\n1、调阅销售数据\n市场经理\n岗位职责：\n1、在总经理领导下，负责市场部全面工作\n")
    r = next(r for r in d.roles if r.title == "市场调研员")
    assert [x.text for x in r.duties] == ["负责市场调研", "每周五 17:00 前提交周报"]
    assert (r.duties[1].frequency, r.duties[1].deadline) == ("weekly", "每周五 17:00 前")
    assert r.education == "本科及以上学历" and r.experience == "两年以上市场调研经验"
    assert r.skills == ["熟练使用办公软件"] and r.authority == ["调阅销售数据"]
    assert r.reports_to is not None and r.reports_to.title == "市场经理"


def test_procedure_with_actors_forms_and_approvals(tmp_path):
    d = draft_of(tmp_path, "业务员职责\n1、负责客户开发\n部门经理职责\n1、负责部门管理\n财务专员职责\n1、负责收款\n"
                           "报销流程\n1、业务员填写《费用报销单》。\n2、部门经理审核《费用报销单》。\n"
                           "3、经财务专员核对后报总经理审批。\n4、出纳员付款。\n")
    p = d.procedures[0]
    assert p.title == "报销流程"
    assert [s.actors[0].title for s in p.steps] == ["业务员", "部门经理", "财务专员", "出纳员"]
    assert [f.title for f in p.steps[0].produces] == ["费用报销单"]
    assert [f.title for f in p.steps[1].uses] == ["费用报销单"]
    assert [r.title for r in p.steps[1].approvers] == ["部门经理"]
    assert [r.title for r in p.steps[2].approvers] == ["总经理"]
    assert next(r for r in d.roles if r.title == "出纳员").stub_where  # named only in the procedure


def test_rewards_and_penalties(tmp_path):
    d = draft_of(tmp_path, "奖惩办法\n第一条 迟到一次罚款20元。\n第二条 全年无差错者奖励500元，并通报表扬。\n"
                           "第三条 损坏公司财物的，照价赔偿。\n第四条 泄露商业秘密者，通报批评，情节严重者解除劳动合同。\n"
                           "第五条 对表现好的员工给予适当奖励。\n")
    kinds = [(s.kind, [(m.type, m.amount) for m in s.measures]) for s in d.sanctions]
    assert kinds == [("penalty", [("fine", 20.0)]), ("reward", [("bonus", 500.0), ("commendation", None)]),
                     ("penalty", [("compensation", None)]), ("penalty", [("warning", None), ("dismissal", None)])]
    assert all(s.article is not None for s in d.sanctions)


def test_glossary_and_kpis(tmp_path):
    d = draft_of(tmp_path, "销售部管理制度\n一、定义\n1、大客户：指年采购额在100万元以上的客户。\n"
                           "2、KA(Key Account)：重点客户。\n二、销售部考核指标\n1、销售收入\n2、回款率\n3、客户满意度\n")
    assert [(t.title, t.full) for t in d.terms] == [("大客户", ""), ("KA", "Key Account")]
    dept = next(x for x in d.departments if x.title == "销售部")
    assert [k[0] for k in dept.kpis] == ["销售收入", "回款率", "客户满意度"]


def test_docx_headings_and_automatic_numbers(tmp_path):
    """Word's heading styles and its automatic numbers (not part of the text) are read."""
    import docx

    document = docx.Document()
    document.add_heading("客户服务部管理制度", level=1)
    document.add_heading("岗位职责", level=2)
    document.add_paragraph("客服专员负责受理客户投诉。", style="List Number")
    document.add_paragraph("客服专员负责每月回访重点客户。", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "岗位名称", "客服专员"
    table.cell(1, 0).text, table.cell(1, 1).text = "直接上级", "客服主管"
    path = tmp_path / "m.docx"
    document.save(str(path))
    src = read_source(path)
    assert [(p.heading, p.numbered, p.text) for p in src.paragraphs[:4]] == [
        (1, "", "客户服务部管理制度"), (2, "", "岗位职责"), (0, "1.", "客服专员负责受理客户投诉。"),
        (0, "2.", "客服专员负责每月回访重点客户。")]
    assert [p.text for p in src.paragraphs[4:]] == ["岗位名称：客服专员", "直接上级：客服主管"]


def test_a_manual_of_another_industry(tmp_path):
    """A factory's 生产部管理制度 (tests/importer/factory_manual.txt), written the usual way: the
    roles of 第三条 with their duties, the procedure inside 第八条, the fines and the reward."""
    src = Path(__file__).parent / "factory_manual.txt"
    r = import_files([src], tmp_path / "project", force=False, lang="zh-CN")
    d = r.draft
    roles = {x.title: x for x in d.roles}
    assert {"车间主任", "班组长", "质检员", "操作工"} <= set(roles)
    director = roles["车间主任"].duties[0]
    assert (director.frequency, director.deadline) == ("monthly", "每月5日前")
    assert "填写《产品检验记录表》" in roles["质检员"].duties[0].text
    proc = d.procedures[0]
    assert proc.title == "生产流程"
    assert [s.actors[0].title for s in proc.steps] == ["生产计划员", "班组长", "操作工", "质检员"]
    assert [a.title for a in proc.steps[0].approvers] == ["车间主任"]
    policy = d.policies[0]
    assert [c.title for c in policy.chapters] == ["总则", "岗位设置与职责", "生产流程", "奖惩", "附则"]
    assert sum(len(c.articles) for c in policy.chapters) == 12  # 第八条 stays, its steps copied
    measures = [[(m.type, m.amount) for m in s.measures] for s in d.sanctions]
    assert measures == [[("fine", 100.0), ("compensation", None), ("dismissal", None)], [("bonus", 500.0)],
                        [("absence", None), ("warning", None)]]
    assert not [p for ps in r.pieces for p in ps if not p.placed]
    assert {f.title for f in d.forms} == {"产品检验记录表", "生产计划单", "领料单", "入库单"}


def test_job_description_table_in_word(tmp_path):
    """岗位说明书 are often tables: label cells beside value cells."""
    import docx

    document = docx.Document()
    document.add_heading("销售部岗位说明书", level=1)
    rows = [("岗位名称", "销售经理"), ("岗位编号", "XS-01"), ("所属部门", "销售部"), ("直接上级", "销售总监"),
            ("岗位职责", "1、负责制定销售计划\n2、每月5日前提交上月销售报表\n3、负责客户关系维护"),
            ("任职资格", "1、大专及以上学历\n2、三年以上销售工作经验")]
    table = document.add_table(rows=len(rows), cols=2)
    for i, (label, value) in enumerate(rows):
        table.cell(i, 0).text, table.cell(i, 1).text = label, value
    document.add_paragraph("岗位名称：销售总监")
    document.add_paragraph("岗位职责：负责销售部全面工作")
    path = tmp_path / "jd.docx"
    document.save(str(path))
    d = import_files([path], tmp_path / "project", force=False, lang="zh-CN").draft
    manager = next(r for r in d.roles if r.title == "销售经理")
    assert manager.code == "XS-01" and manager.department.title == "销售部"
    assert [x.text for x in manager.duties] == ["负责制定销售计划", "每月5日前提交上月销售报表", "负责客户关系维护"]
    assert manager.duties[1].frequency == "monthly" and manager.duties[1].deadline == "每月5日前"
    assert manager.education == "大专及以上学历" and manager.experience == "三年以上销售工作经验"
    assert manager.reports_to is not None and manager.reports_to.title == "销售总监"


def test_markdown_headings_lists_and_tables(tmp_path):
    src = tmp_path / "m.md"
    src.write_text("# 客服部管理制度\n\n## 第一章 总则\n\n**第一条** 为规范客服部工作，制定本制度。\n\n## 第二章 岗位职责\n\n"
                   "### 客服专员\n\n- 负责受理客户咨询与投诉；\n- 每日 18:00 前汇总当日投诉，填写《投诉登记表》。\n\n"
                   "### 客服主管\n\n1. 负责客服部全面工作\n2. 每周一召开周例会\n\n## 第三章 奖惩\n\n"
                   "| 行为 | 处理 |\n| --- | --- |\n| 辱骂客户 | 罚款200元 |\n", encoding="utf-8")
    d = import_files([src], tmp_path / "project", force=False, lang="zh-CN").draft
    roles = {r.title: r for r in d.roles}
    assert [x.text for x in roles["客服专员"].duties] == ["负责受理客户咨询与投诉", "每日 18:00 前汇总当日投诉，填写《投诉登记表》。"]
    assert roles["客服专员"].duties[1].deadline == "每日 18:00 前"
    assert (roles["客服主管"].duties[1].frequency, roles["客服主管"].duties[1].deadline) == ("weekly", "每周一")
    assert [c.title for c in d.policies[0].chapters] == ["总则", "奖惩"]
    assert [(s.title, s.measures[0].amount) for s in d.sanctions] == [("辱骂客户", 200.0)]
