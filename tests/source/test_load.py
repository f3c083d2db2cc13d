"""Per-file validation: each kind of mistake gives one exact, located message."""

from __future__ import annotations

from generator.handbook import load

from ..conftest import diagnostics, errors


def test_mini_fixture_is_valid(mini):
    hb, diags = load(mini.root)
    assert hb is not None and [d for d in diags if d.is_error] == []
    assert [r.id for r in hb.subordinates("market-manager")] == ["salesman"]


def test_wrong_type(mini):
    mini.replace("handbook/roles/salesman.yml", "headcount: 3", "headcount: three")
    assert errors(mini) == ["handbook/roles/salesman.yml:6:12: error: expected a whole number, found 'three'"]


def test_list_where_text_expected(mini):
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: [业务员]")
    assert errors(mini) == [
        "handbook/roles/salesman.yml:2:8: error: expected text, found a list (hint: quote it if it is text: 'value')"]


def test_missing_key(mini):
    mini.replace("handbook/roles/salesman.yml", "purpose: 开发并维护所管辖客户，完成回款。\n", "")
    assert errors(mini) == ["handbook/roles/salesman.yml:1:1: error: missing required key 'purpose'"]


def test_missing_nested_key_is_located_at_its_mapping(mini):
    mini.replace("handbook/company.yml", "reviewed: {by: 人力资源部, date: 2024-07-10}", "reviewed: {date: 2024-07-10}")
    assert errors(mini) == ["handbook/company.yml:8:13: error: missing required key 'by'"]


def test_unknown_key_did_you_mean(mini):
    mini.replace("handbook/roles/salesman.yml", "purpose:", "purpse:")
    assert errors(mini) == [
        "handbook/roles/salesman.yml:1:1: error: missing required key 'purpose'",
        "handbook/roles/salesman.yml:7:1: error: unknown key 'purpse' (hint: did you mean 'purpose'?)",
    ]


def test_yaml_11_words_stay_text_where_text_is_expected(mini):
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: no")
    mini.replace("handbook/roles/salesman.yml", "code: SL-MK-02", "code: 2024-01")
    hb, diags = load(mini.root)
    assert hb.roles["salesman"].title == "no" and hb.roles["salesman"].code == "2024-01"


def test_boolean_field_accepts_yes(mini):
    mini.replace("forms/new-customer-notice.yml", "type: text, required: true", "type: text, required: yes")
    hb, _ = load(mini.root)
    assert hb.forms["new-customer-notice"].fields[0].required is True


def test_impossible_date(mini):
    mini.replace("handbook/company.yml", "effective_date: 2024-07-21", "effective_date: 2024-02-30")
    assert errors(mini) == [
        "handbook/company.yml:5:17: error: expected a date (YYYY-MM-DD), found '2024-02-30' "
        "(hint: check the month and the day; a date is written like 2024-07-21)"]


def test_invalid_id(mini):
    mini.replace("handbook/roles/salesman.yml", "id: salesman", "id: Sales Man")
    assert errors(mini)[0] == (
        "handbook/roles/salesman.yml:1:5: error: invalid id 'Sales Man': ids are lowercase ASCII letters, digits "
        "and '-', starting with a letter or digit (hint: for example: sales-manager, sc-001)")


def test_reserved_device_name_id(mini):
    mini.replace("handbook/glossary.yml", "id: osb", "id: con")
    assert errors(mini) == ["handbook/glossary.yml:2:9: error: invalid id 'con': it is a reserved device name "
                            "on Windows (hint: for example: sales-manager, sc-001)"]


def test_unknown_field_type(mini):
    mini.replace("forms/new-customer-notice.yml", "type: money", "type: currency")
    assert errors(mini) == [
        "forms/new-customer-notice.yml:9:38: error: unknown field type 'currency' (hint: one of 'text', 'multiline', "
        "'number', 'money', 'date', 'checkbox', 'radio', 'select', 'table', 'signature')"]


def test_negative_fine(mini):
    mini.replace("handbook/sanctions.yml", "amount: 10", "amount: -10")
    assert errors(mini) == [
        "handbook/sanctions.yml:6:30: error: '-10' is out of range: input should be greater than 0"]


def test_non_numeric_fine(mini):
    mini.replace("handbook/sanctions.yml", "amount: 10", "amount: 十元")
    assert errors(mini) == ["handbook/sanctions.yml:6:30: error: expected a number, found '十元'"]


def test_empty_file(mini):
    mini.write("handbook/roles/salesman.yml", "")
    assert errors(mini)[0] == ("handbook/roles/salesman.yml:1:1: error: file is empty "
                               "(hint: write the entity's keys, or delete the file)")


def test_list_where_mapping_expected(mini):
    mini.write("handbook/departments/market.yml", "- id: market\n- title: 市场部\n")
    assert errors(mini)[0] == "handbook/departments/market.yml:1:1: error: expected a mapping (key: value), found a list"


def test_missing_company_file(mini):
    mini.remove("handbook/company.yml")
    assert errors(mini) == ["handbook/company.yml:1:1: error: missing file "
                            "(hint: the company and document control live in handbook/company.yml)"]


def test_all_files_reported_in_one_round(mini):
    mini.replace("handbook/roles/salesman.yml", "headcount: 3", "headcount: x")
    mini.replace("handbook/company.yml", "version: A/1", "version: [A]")
    assert len(errors(mini)) == 2


# ------------------------------------------------------------------ files that are not where they belong


def test_a_misspelt_file_or_folder_is_named_not_ignored(mini):
    """`glosary.yml` or `role/` would drop their content silently: a warning with the right name."""
    (mini.root / "handbook/glossary.yml").rename(mini.root / "handbook/glosary.yml")
    (mini.root / "handbook/role").mkdir()
    (mini.root / "handbook/forms").mkdir()
    (mini.root / "handbook/roles/sales").mkdir()
    assert diagnostics(mini) == [
        "handbook/forms:1:1: warning: folder is not part of the handbook; ignored "
        "(hint: forms live in forms/ beside handbook/, not inside it)",
        "handbook/glosary.yml:1:1: warning: file is not part of the handbook; ignored "
        "(hint: did you mean 'glossary.yml'?)",
        "handbook/role:1:1: warning: folder is not part of the handbook; ignored (hint: did you mean 'roles/'?)",
        "handbook/roles/sales:1:1: warning: folder ignored (hint: put each file directly in handbook/roles/, "
        "not in a subfolder)"]


def test_top_level_files_may_end_in_yaml_like_the_folders(mini):
    (mini.root / "handbook/sanctions.yml").rename(mini.root / "handbook/sanctions.yaml")
    hb, diags = load(mini.root)
    assert diags == [] and [s.id for s in hb.sanctions] == ["operation-violation", "false-visit"]


def test_a_link_inside_the_project_is_read(mini):
    target = mini.root / "shared-roles/salesman.yml"
    target.parent.mkdir()
    (mini.root / "handbook/roles/salesman.yml").rename(target)
    (mini.root / "handbook/roles/salesman.yml").symlink_to(target)
    hb, diags = load(mini.root)
    assert diags == [] and "salesman" in hb.roles


def test_one_item_with_a_full_width_comma_in_brackets_is_a_warning(mini):
    mini.replace("handbook/roles/salesman.yml", "skills: [沟通能力, 谈判能力]", "skills: [沟通能力，谈判能力]")
    assert diagnostics(mini) == [
        "handbook/roles/salesman.yml:18:12: warning: '沟通能力，谈判能力' is one item: inside [...] YAML separates "
        "items with ',' not '，' (hint: write ', ' between the items, or quote the text if it is one item)"]
    # several items, one of them with a '，' in its text: as meant
    mini.replace("handbook/roles/salesman.yml", "skills: [沟通能力，谈判能力]", "skills: [沟通，协调能力, 谈判能力]")
    assert diagnostics(mini) == []


def test_nested_key_typos_get_the_keys_of_their_own_model(mini):
    mini.replace("forms/new-customer-notice.yml", "options: [华东, 华南]", "optons: [华东, 华南]")
    mini.replace("handbook/roles/salesman.yml", "    frequency: daily", "    frequncy: daily")
    assert [e for e in errors(mini) if "unknown key" in e] == [
        "forms/new-customer-notice.yml:13:43: error: unknown key 'optons' (hint: did you mean 'options'?)",
        "handbook/roles/salesman.yml:10:5: error: unknown key 'frequncy' (hint: did you mean 'frequency'?)"]


def test_money_and_weights_print_as_written(mini, tmp_path):
    """No '1e+06 元', no '123457 元' for 123456.78, no '-0%'."""
    from generator.present.labels import plain_number

    assert [plain_number(v) for v in (10.0, 123456.78, 999999.99, -0.0, 33.5)] == \
        ["10", "123456.78", "999999.99", "0", "33.5"]
    mini.replace("handbook/sanctions.yml", "amount: 10,", "amount: 123456.78,")
    mini.replace("handbook/roles/market-manager.yml", "weight: 60", "weight: 100")
    mini.replace("handbook/roles/market-manager.yml", "weight: 40", "weight: -0")
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    sanctions = (tmp_path / "site/sanctions.html").read_text(encoding="utf-8")
    assert "罚款 123456.78 元" in sanctions
    role = (tmp_path / "site/roles/market-manager.html").read_text(encoding="utf-8")
    assert "<td>0%</td>" in role and "-0%" not in role


def test_invisible_format_characters_need_no_font(mini):
    """A zero-width joiner or a word joiner pasted with the text prints as nothing: not
    an unprintable character (an emoji is: case 81 of the corpus). Direction controls
    print as nothing too, but are refused for what they do (checks/direction.py)."""
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", 'title: "业务\\u2060员\\u200d"')
    assert errors(mini) == []
