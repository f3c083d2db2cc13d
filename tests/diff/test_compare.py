"""The comparison on small edits of the mini handbook: what each kind of edit reads as."""

from __future__ import annotations

import shutil

import pytest
import yaml

from generator.source import model
from generator.diff import changes as C
from generator.diff.compare import compare
from generator.diff.describe import FIELD_LABELS, field_label, line
from generator.diff.fields import shape
from generator.present.labels import load_labels
from generator.resources import shipped

LOCALES = shipped() / "locales"
from generator.handbook import load_handbook

from ..conftest import FIXTURES, MINI, Project


@pytest.fixture
def pair(tmp_path):
    shutil.copytree(MINI, tmp_path / "old")
    shutil.copytree(MINI, tmp_path / "new")
    return Project(tmp_path / "old"), Project(tmp_path / "new")


def lines(pair) -> list[str]:
    old, new = (load_handbook(p.root) for p in pair)
    found, _ = compare(old, new)
    return [line(c, load_labels(new.locale)) for c in found]


def found(pair) -> list[C.Change]:
    old, new = (load_handbook(p.root) for p in pair)
    return compare(old, new)[0]


def test_nothing_changed(pair):
    assert lines(pair) == []


def test_reformatted_yaml_is_no_change(pair):
    _, new = pair
    new.replace("handbook/roles/salesman.yml", "  skills: [沟通能力, 谈判能力]", "  skills:\n    - 沟通能力\n    - '谈判能力'")
    new.replace("handbook/glossary.yml", "    definition: 订货—发运—结算流程。", "    definition: >-\n      订货—发运—结算流程。")
    assert lines(pair) == []


def test_reordered_steps(pair):
    _, new = pair
    text = new.read("handbook/procedures/new-customer.yml")
    head, steps = text.split("steps:\n")
    first, second = steps.split("  - actor: market-manager\n")
    new.write("handbook/procedures/new-customer.yml", head + "steps:\n  - actor: market-manager\n" + second + first)
    assert lines(pair) == ["SC-101：「审核通知单」由第2步移至第1步"]


def test_reordered_actors(pair):
    _, new = pair
    new.replace("handbook/procedures/new-customer.yml", "  - actor: salesman", "  - actor: [salesman, market-manager]")
    assert lines(pair) == ["SC-101 · 第1步 · 执行岗位：业务员 → 业务员、市场部经理"]
    old, _ = pair
    old.replace("handbook/procedures/new-customer.yml", "  - actor: salesman", "  - actor: [market-manager, salesman]")
    assert lines(pair) == ["SC-101 · 第1步 · 执行岗位：顺序调整：市场部经理、业务员 → 业务员、市场部经理"]


def test_whitespace_in_a_list_item(pair):
    _, new = pair
    new.replace("handbook/departments/market.yml", "负责公司配送范围内的业务开发", "负责公司配送范围内的　业务开发")
    assert lines(pair) == ["市场部 · 部门职责 第1条：仅空白字符改动"]
    assert not found(pair)[0].substantive


def test_rewritten_duty_at_the_same_place_is_an_edit(pair):
    _, new = pair
    new.replace("handbook/roles/salesman.yml", "协助收款员回收应收款项", "每月对账")
    assert lines(pair) == ["业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「每月对账」"]


def test_added_and_removed_items(pair):
    _, new = pair
    new.replace("handbook/roles/salesman.yml", "  - 协助收款员回收应收款项\n", "")
    new.replace("handbook/roles/salesman.yml", "onboarding:\n", "onboarding:\n  - 熟悉价格政策\n")
    assert lines(pair) == ["业务员 · 工作职责 第3条：删除「协助收款员回收应收款项」",
                           "业务员 · 入职任务 第1条：新增「熟悉价格政策」"]


def test_added_and_removed_entities_are_not_taken_for_a_rename(pair):
    _, new = pair
    new.write("handbook/glossary.yml", """\
        terms:
          - id: slt
            term: SLT
            full: Sales Leadership Team
            definition: 销售领导小组。
        """)
    assert lines(pair) == ["新增术语「SLT」", "删除术语「OSB」"]


def test_rename_with_an_edit(pair):
    _, new = pair
    for rel in ("handbook/procedures/new-customer.yml", "forms/new-customer-notice.yml", "handbook/sanctions.yml",
                "handbook/roles/salesman.yml"):
        new.write(rel, new.read(rel).replace("salesman", "sales-rep"))
    (new.root / "handbook/roles/salesman.yml").rename(new.root / "handbook/roles/sales-rep.yml")
    new.replace("handbook/roles/sales-rep.yml", "purpose: 开发并维护所管辖客户，完成回款。", "purpose: 开发并维护客户，完成回款。")
    changes = found(pair)
    assert [line(c, load_labels("zh-CN")) for c in changes] == [
        "业务员：id 由 salesman 改为 sales-rep",
        "业务员 · 岗位目的：「开发并维护所管辖客户，完成回款。」→「开发并维护客户，完成回款。」"]
    assert {c.entity.id for c in changes} == {"sales-rep"}


def test_renamed_article_id_and_references(pair):
    _, new = pair
    new.replace("handbook/policies/conduct.yml", "id: no-free-promise", "id: no-discount")
    new.replace("handbook/sanctions.yml", "article: conduct.no-free-promise", "article: conduct.no-discount")
    assert lines(pair) == ["《业务操作规定》 · 第二条：id 由 no-free-promise 改为 no-discount"]


def test_sanctions(pair):
    _, new = pair
    new.replace("handbook/sanctions.yml", "    act: 违反操作规定作业\n", "    act: 违反操作规定作业\n    applies_to: [salesman]\n")
    new.replace("handbook/sanctions.yml", "      - {type: absence}\n",
                "      - {type: absence}\n      - {type: fine, amount: 50, per: 每人/次}\n")
    new.replace("handbook/sanctions.yml", "note: 产生经济损失的，个人承担一定比例的赔偿", "note: 产生经济损失的，由本人赔偿")
    assert lines(pair) == [
        "处罚「违反操作规定作业」 · 适用岗位：全体人员 → 业务员",
        "处罚「违反操作规定作业」 · 赔偿 · 说明：「产生经济损失的，个人承担一定比例的赔偿」→「产生经济损失的，由本人赔偿」",
        "处罚「谎报外出访问客户」：新增罚款 50 元（每人/次）"]


def test_policy_articles_and_chapters(pair):
    _, new = pair
    new.replace("handbook/policies/conduct.yml", "      - 为规范业务操作，特制定本规定。\n", "")
    new.replace("handbook/policies/conduct.yml", "      - 本规定自发布之日起施行。\n",
                "      - 本规定自发布之日起施行。\n      - 为规范业务操作，特制定本规定。\n"
                "  - title: 罚则\n    articles:\n      - {text: 违者按《奖惩规定》处理。, effective: 2024-10-01}\n")
    changes = found(pair)
    assert [line(c, load_labels("zh-CN")) for c in changes] == [
        "《业务操作规定》 · 第三章：新增「罚则」",
        "《业务操作规定》：「为规范业务操作，特制定本规定。」由第一条移至第三条",
        "《业务操作规定》 · 第四条：新增「违者按《奖惩规定》处理。」"]
    assert changes[-1].effective.isoformat() == "2024-10-01"
    assert changes[-1].path == ("chapters", 2, "articles", 0)


def test_forms(pair):
    _, new = pair
    f = "forms/new-customer-notice.yml"
    new.replace(f, "{id: customer, label: 客户名称, type: text, required: true}", "{id: customer, label: 客户全称, type: text}")
    new.replace(f, "options: [现结, 月结]", "options: [现结, 月结, 季结]")
    new.replace(f, "{id: vip, label: 重点客户, type: checkbox}", "{id: vip, label: 重点客户, type: radio, options: [是, 否]}")
    new.replace(f, "  - {id: handler, label: 经办人, type: signature, required: true}\n",
                "  - {id: handler, label: 经办人, type: signature, required: true}\n  - {id: remark, label: 备注, type: text}\n")
    new.replace(f, "      - {id: name, label: 姓名}\n      - {id: phone, label: 电话}\n",
                "      - {id: phone, label: 电话}\n      - {id: name, label: 姓名}\n")
    assert lines(pair) == [
        "《新(重)进客户操作通知单》 · 字段「客户全称」 · 字段名称：「客户名称」→「客户全称」",
        "《新(重)进客户操作通知单》 · 字段「客户全称」 · 必填：是 → 否",
        "《新(重)进客户操作通知单》 · 字段「结算方式」 · 选项：现结、月结 → 现结、月结、季结",
        "《新(重)进客户操作通知单》 · 字段「重点客户」 · 类型：勾选 → 单选",
        "《新(重)进客户操作通知单》 · 字段「重点客户」 · 选项：无 → 是、否",
        "《新(重)进客户操作通知单》 · 字段「联系人」 · 列：「电话」由第2项移至第1项",
        "《新(重)进客户操作通知单》 · 字段：新增「备注」"]


def test_company_and_document_control(pair):
    _, new = pair
    new.replace("handbook/company.yml", "version: A/1", "version: A/2")
    new.replace("handbook/company.yml", "approved: {by: 总经理, date: 2024-07-15}", "approved: {by: 董事长, date: 2024-08-15}")
    assert lines(pair) == [
        "《市场部管理手册》 · 版本号：A/1 → A/2",
        "《市场部管理手册》 · 文件控制 · 批准：总经理 → 董事长",
        "《市场部管理手册》 · 文件控制 · 批准 · 日期：2024-07-15 → 2024-08-15"]


def test_emptied_and_filled_text(pair):
    _, new = pair
    new.replace("handbook/procedures/new-customer.yml", "purpose: 规范新(重)进客户的建档与结算方式。\n", "trigger: 有新客户时\n")
    assert lines(pair) == ["SC-101 · 目的：「规范新(重)进客户的建档与结算方式。」 → 无",
                           "SC-101 · 触发条件：无 → 「有新客户时」"]


def test_english_labels(tmp_path):
    shutil.copytree(FIXTURES / "mini-en", tmp_path / "old")
    shutil.copytree(FIXTURES / "mini-en", tmp_path / "new")
    new = Project(tmp_path / "new")
    new.write("forms/visit.yml", "id: visit\ncode: X-2\ntitle: Visit record\nowner: market\n"
                                 "fields:\n  - {id: customer, label: Customer, type: text}\n")
    new.replace("handbook/roles/salesman.yml", "deadline: 每周五 15:00 前", "deadline: 每周五15:00前")
    new.replace("handbook/roles/salesman.yml", "skills: [沟通能力, 谈判能力]", "skills: [谈判能力, 沟通能力]")
    assert lines((Project(tmp_path / "old"), new)) == [
        "Sales Representative · Responsibilities, item 2 · Deadline: whitespace only",
        "Sales Representative · Qualifications · Knowledge and skills: “谈判能力” moved from item 2 to item 1",
        "New form “Visit record”"]


# ------------------------------------------------------------------ every key has its words


def _models():
    seen, todo = set(), [model.Company, model.Department, model.Role, model.Procedure, model.Form,
                         model.Policy, model.SanctionFile, model.Glossary]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for name, info in cls.model_fields.items():
            for t in _classes(info.annotation):
                todo.append(t)
    return seen


def _classes(ann):
    import typing

    from pydantic import BaseModel

    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [ann]
    return [c for a in typing.get_args(ann) for c in _classes(a)]


def test_every_key_of_the_schema_has_a_label_in_both_languages():
    zh, en = load_labels("zh-CN"), load_labels("en")
    for cls in _models():
        if cls in (model.SanctionFile, model.Glossary):
            continue
        for name in cls.model_fields:
            key = field_label(cls, name)  # raises for a key without a label
            shape(cls, name)
            if key is not None:
                assert key in zh and key in en, (cls.__name__, name, key)
    for table in FIELD_LABELS.values():
        for key in table.values():
            assert key is None or (key in zh and key in en), key


def test_locale_files_have_the_same_keys_in_both_languages():
    zh = yaml.safe_load((LOCALES / "zh-CN.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8"))
    assert set(zh) == set(en)


def test_a_new_penalty_like_a_removed_one_is_not_a_rename(pair):
    _, new = pair
    new.replace("handbook/sanctions.yml", "  - id: operation-violation\n    kind: penalty\n    act: 违反操作规定作业\n",
                "  - id: late-report\n    kind: penalty\n    act: 迟交报表\n")
    assert lines(pair) == ["新增处罚「迟交报表」", "删除处罚「违反操作规定作业」"]


def test_a_renamed_form_with_a_new_title(pair):
    _, new = pair
    for rel in ("handbook/procedures/new-customer.yml", "forms/new-customer-notice.yml"):
        new.write(rel, new.read(rel).replace("new-customer-notice", "customer-notice"))
    (new.root / "forms/new-customer-notice.yml").rename(new.root / "forms/customer-notice.yml")
    new.replace("forms/customer-notice.yml", "title: 新(重)进客户操作通知单", "title: 客户操作通知单")
    assert lines(pair) == ["《客户操作通知单》：id 由 new-customer-notice 改为 customer-notice",
                           "《客户操作通知单》 · 表单名称：「新(重)进客户操作通知单」→「客户操作通知单」"]
