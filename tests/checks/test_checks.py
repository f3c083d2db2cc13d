"""Cross-file checks, and the relations the resolved handbook offers renderers."""

from __future__ import annotations

import gc

import pytest

from generator.checks import printable
from generator.errors import BuildError
from generator.fonts import covered
from generator.source import model
from generator.source.yaml_reader import read, string_values
from generator.handbook import load, load_handbook

from ..conftest import errors


def test_duplicate_id_across_files(mini):
    mini.write("handbook/roles/salesman-copy.yml", mini.read("handbook/roles/salesman.yml"))
    assert errors(mini) == [
        "handbook/roles/salesman.yml:1:5: error: duplicate role id 'salesman' "
        "(hint: first defined at handbook/roles/salesman-copy.yml:1:5; ids must be unique)"]


def test_unknown_reports_to_did_you_mean(mini):
    mini.replace("handbook/roles/salesman.yml", "reports_to: market-manager", "reports_to: market-manger")
    assert errors(mini) == ["handbook/roles/salesman.yml:5:13: error: unknown role 'market-manger' "
                            "(hint: did you mean 'market-manager'?)"]


def test_unknown_actor(mini):
    mini.replace("handbook/procedures/new-customer.yml", "  - actor: salesman", "  - actor: salesmen")
    assert errors(mini) == ["handbook/procedures/new-customer.yml:7:12: error: unknown role 'salesmen' "
                            "(hint: did you mean 'salesman'?)"]


def test_unknown_approver_in_list(mini):
    mini.replace("handbook/procedures/new-customer.yml", "by: market-manager", "by: [market-manager, boss]")
    assert errors(mini) == ["handbook/procedures/new-customer.yml:15:28: error: unknown role 'boss' "
                            "(hint: no role has this id; known: market-manager, salesman)"]


def test_unknown_form(mini):
    mini.replace("handbook/procedures/new-customer.yml", "produces: [new-customer-notice]",
                 "produces: [new-customer-notise]")
    assert errors(mini) == ["handbook/procedures/new-customer.yml:9:16: error: unknown form 'new-customer-notise' "
                            "(hint: did you mean 'new-customer-notice'?)"]


def test_unknown_department(mini):
    mini.replace("handbook/roles/salesman.yml", "department: market", "department: marketing")
    assert errors(mini) == ["handbook/roles/salesman.yml:4:13: error: unknown department 'marketing' "
                            "(hint: did you mean 'market'?)"]


def test_unknown_article(mini):
    mini.replace("handbook/sanctions.yml", "article: conduct.no-free-promise", "article: conduct.no-free")
    assert errors(mini) == ["handbook/sanctions.yml:14:14: error: unknown article 'conduct.no-free' "
                            "(hint: did you mean 'conduct.no-free-promise'?)"]


def test_unknown_next_procedure(mini):
    mini.replace("handbook/procedures/new-customer.yml", "owner: market", "owner: market\nnext: sc-999")
    assert errors(mini) == ["handbook/procedures/new-customer.yml:5:7: error: unknown procedure 'sc-999' "
                            "(hint: no procedure has this id; known: new-customer)"]


def test_reporting_cycle(mini):
    mini.replace("handbook/roles/market-manager.yml", "department: market", "department: market\nreports_to: salesman")
    assert errors(mini) == ["handbook/roles/market-manager.yml:5:13: error: reporting line forms a cycle: "
                            "market-manager -> salesman -> market-manager "
                            "(hint: one of them must have no reports_to or point outside the cycle)"]


def test_department_cycle(mini):
    mini.replace("handbook/departments/market.yml", "title: 市场部", "title: 市场部\nparent: sales")
    mini.write("handbook/departments/sales.yml", "id: sales\ntitle: 销售部\nparent: market\n")
    assert errors(mini) == ["handbook/departments/market.yml:3:9: error: department tree forms a cycle: "
                            "market -> sales -> market "
                            "(hint: one of them must have no parent or point outside the cycle)"]


def test_kpi_weights_must_add_up(mini):
    mini.replace("handbook/roles/market-manager.yml", "weight: 60", "weight: 50")
    assert errors(mini) == ["handbook/roles/market-manager.yml:12:3: error: KPI weights add up to 90, not 100 "
                            "(hint: adjust the weights so that they add up to 100)"]


def test_kpi_weight_missing_on_one(mini):
    mini.replace("handbook/roles/market-manager.yml", "weight: 40, ", "")
    assert errors(mini) == ["handbook/roles/market-manager.yml:13:5: error: KPI without a weight, while others of "
                            "this role have one (hint: give every KPI a weight, or none)"]


def test_reject_to_missing_step(mini):
    mini.replace("handbook/procedures/new-customer.yml", "reject_to: 1", "reject_to: 7")
    assert errors(mini) == ["handbook/procedures/new-customer.yml:18:18: error: step 7 does not exist "
                            "(the procedure has 2 steps)"]


def test_counterfoil_field_must_exist(mini):
    mini.replace("forms/new-customer-notice.yml", "fields: [customer, settlement, handler]",
                 "fields: [customer, setlement, handler]")
    assert errors(mini) == ["forms/new-customer-notice.yml:23:22: error: unknown field 'setlement' in counterfoil "
                            "(hint: did you mean 'settlement'?)"]


def test_duplicate_field_id(mini):
    mini.replace("forms/new-customer-notice.yml", "{id: amount,", "{id: customer,")
    assert errors(mini) == ["forms/new-customer-notice.yml:9:10: error: duplicate field id 'customer' in form "
                            "'new-customer-notice' (hint: field ids name the PDF fields and must be unique in a form)"]


def test_warnings_do_not_fail(mini):
    mini.write("forms/unused.yml", "id: unused\ncode: X-1\ntitle: 备用表\nowner: market\n"
                                   "fields:\n  - {id: a, label: 甲, type: text}\n")
    mini.write("handbook/roles/idle.yml", "id: idle\ntitle: 闲职\ncode: X-2\ndepartment: market\npurpose: 无\n")
    hb, diags = load(mini.root)
    assert hb is not None
    assert [d.format("en") for d in diags] == [
        "forms/unused.yml:1:5: warning: form 'unused' is used by no procedure "
        "(hint: name it in a step's produces or uses)",
        "handbook/roles/idle.yml:1:5: warning: role 'idle' has no responsibility "
        "(hint: a job description needs its 工作职责)",
    ]


def test_relations_both_ways(mini):
    hb = load_handbook(mini.root)
    assert [(s.procedure.id, s.number, s.part) for s in hb.role_steps("market-manager")] == \
        [("new-customer", 2, "actor"), ("new-customer", 2, "approver")]
    assert [p.id for p in hb.form_procedures("new-customer-notice")] == ["new-customer"]
    assert [(f.id, how) for f, how in hb.role_forms("salesman")] == [("new-customer-notice", "fills")]
    assert [s.id for s in hb.role_sanctions("salesman")] == ["operation-violation", "false-visit"]
    assert [s.id for s in hb.role_sanctions("market-manager")] == ["operation-violation"]
    assert hb.article("conduct.no-free-promise").article == 2
    assert [r.id for r in hb.handoffs("salesman")] == ["market-manager"]
    duties = hb.recurring_duties("salesman")
    assert list(duties) == [model.Frequency.daily, model.Frequency.weekly]
    assert duties[model.Frequency.weekly][1] == ("填写《新(重)进客户操作通知单》", "每周五 15:00 前",
                                                 "SC-101 新进客户操作流程")


def test_check_compiles_templates_with_the_filters_the_build_adds():
    """checks/config.py compiles a project's templates without loading the presentation;
    the filters it knows are the ones present/templating.py adds to Jinja's."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from generator.checks.config import FILTERS
    from generator.present.templating import environment
    from generator.resources import Resources

    added = set(environment(Resources()).filters) - set(ImmutableSandboxedEnvironment().filters)
    assert added == set(FILTERS)


def test_a_template_using_an_unknown_filter_fails_check(mini):
    mini.write("templates/site/role.md", "# {{ r.title | shout }}\n")
    assert errors(mini) == ["templates/site/role.md:1:1: error: template error: No filter named 'shout'. "
                            "(hint: a file in the project's templates/ replaces the shipped file of the same name; "
                            "compare it with that one)"]


def test_a_project_mkdocs_yml_with_its_own_tags_and_settings_passes(mini):
    """MkDocs' own YAML tags (!ENV) and a docs folder that exists are fine."""
    mini.write("docs/extra.md", "# 附录\n")
    mini.write("mkdocs.yml", "site_name: !ENV [HANDBOOK_SITE_NAME, 市场部]\ndocs_dir: docs\ntheme:\n  name: material\n"
                             "plugins:\n  - handbook\n  - search\n")
    assert errors(mini) == []


def test_serve_reports_a_broken_mkdocs_yml_as_check_does(mini):
    """`handbook serve` checks mkdocs.yml first: the located error, not MkDocs' traceback."""
    import pytest

    from generator.errors import HandbookError
    from generator.serve import serve

    mini.write("mkdocs.yml", "site_name: 市场部\ntheme:\n\tname: material\nplugins:\n  - handbook\n")
    with pytest.raises(HandbookError) as raised:
        serve(mini.root, "127.0.0.1:0")
    assert [d.format("en") for d in raised.value.diagnostics] == [
        "mkdocs.yml:3:1: error: tab character in indentation (hint: YAML indents with spaces only; replace the tab "
        "with spaces)"]


def test_every_installed_font_is_asked_only_for_what_the_cjk_font_lacks(monkeypatch):
    """fc-list's coverage of all fonts (a tenth of a second) only for a character such as
    an emoji; a text of the CJK font's characters and spaces is one set test."""
    try:
        cjk = covered()
    except BuildError:
        pytest.skip("no CJK font installed")
    emoji = next(c for c in "😀🙂🚀" if ord(c) not in cjk)
    asked: list[frozenset] = []
    monkeypatch.setattr(printable, "installed_coverage", lambda: asked.append(coverage) or coverage)
    doc, _ = read(f"a: 业务员\nb: 拜访 客户\nc: {emoji}\n".encode(), "f.yml")
    texts = [(doc, path, text) for path, text in string_values(doc.data)]
    coverage = frozenset()
    assert printable.check(texts[:2]) == [] and asked == []
    assert [d.format("en").split(": error: ")[0] for d in printable.check(texts)] == ["f.yml:3:4"]
    coverage = frozenset({ord(emoji)})  # another installed font draws it
    assert printable.check(texts) == [] and asked


def test_load_leaves_the_cycle_collector_as_it_found_it(mini):
    """Paused while loading (nothing there is a cycle; walking it all took 1.5 s at K=48)."""
    assert gc.isenabled()
    assert load(mini.root).handbook is not None and gc.isenabled()
    gc.disable()
    try:
        mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 业务代表")  # not the cached load
        assert load(mini.root).handbook is not None and not gc.isenabled()
    finally:
        gc.enable()
