"""The schemas with the handbook's ids: every reference field of the model lists the ids
of its kind with their titles; `schema --write` writes them, and a build refreshes an
existing .schemas/ (and makes none)."""

from __future__ import annotations

import json
import shutil
import typing

import jsonschema
import pytest
from pydantic import BaseModel

from generator.checks.references import ref_kind
from generator.source import model
from generator.source.schema import FOLDER, GLOBS, KINDS, json_schema, known_ids
from generator.source.yaml_reader import read, typed

from ..conftest import REPO


def _reference_fields() -> set[tuple[str, str, str]]:
    """(model, field, kind) of every field marked Ref, reached from the kinds of file."""
    found: set[tuple[str, str, str]] = set()
    seen: set[type] = set()

    def models_in(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for arg in typing.get_args(annotation):
            yield from models_in(arg)

    def walk(cls):
        if cls in seen:
            return
        seen.add(cls)
        for name, info in cls.model_fields.items():
            annotation = info.rebuild_annotation()
            kind = ref_kind(annotation)
            if kind:
                found.add((cls.__name__, name, kind))
            for sub in models_in(annotation):
                walk(sub)

    for cls in KINDS.values():
        walk(cls)
    return found


def _enums(node) -> list[list]:
    out = []
    if isinstance(node, dict):
        if "enum" in node and "enumDescriptions" in node:
            out.append(node["enum"])
        for v in node.values():
            out += _enums(v)
    elif isinstance(node, list):
        for v in node:
            out += _enums(v)
    return out


@pytest.fixture(scope="module")
def ids():
    return known_ids(REPO)


def test_every_reference_field_lists_the_ids_of_its_kind(ids):
    fields = _reference_fields()
    # the references the issue names, and all others the model has
    assert {("Role", "reports_to", "role"), ("Step", "actor", "role"), ("Approval", "by", "role"),
            ("Role", "department", "department"), ("Step", "produces", "form"), ("Procedure", "next", "procedure"),
            ("Sanction", "article", "article")} <= fields
    assert len(fields) >= 19
    verified = set()
    for kind, cls in KINDS.items():
        schema = json_schema(kind, ids)
        jsonschema.Draft202012Validator.check_schema(schema)
        defs = {**schema.get("$defs", {}), cls.__name__: schema}
        for owner, field, ref in fields:
            if owner in defs and field in defs[owner].get("properties", {}):
                enums = _enums(defs[owner]["properties"][field])
                assert enums and all(e == list(ids[ref]) for e in enums), (kind, owner, field)
                verified.add((owner, field, ref))
    assert verified == fields  # each one found in the schema of the file it is written in


def test_each_id_is_described_by_its_title(ids):
    reports_to = json_schema("role", ids)["properties"]["reports_to"]["anyOf"][0]
    titles = dict(zip(reports_to["enum"], reports_to["enumDescriptions"]))
    assert titles["salesman"] == "业务员" and titles["general-manager"] == "总经理"
    assert len(titles) == 22
    assert ids["procedure"]["sc-010"].startswith("SC-010 ")
    article = next(k for k in ids["article"])
    assert "." in article and ids["article"][article].startswith("《")
    assert reports_to["markdownEnumDescriptions"][0] == reports_to["enumDescriptions"][0].replace("(", "\\(") \
        .replace(")", "\\)")


def test_the_printed_schema_is_unchanged_without_ids():
    text = json.dumps(json_schema("all"))
    assert model.REF_KEY not in text and '"enumDescriptions"' not in text
    assert json_schema("role")["properties"]["reports_to"]["anyOf"][0]["pattern"] == model.SLUG.pattern


def test_the_default_handbook_validates_and_a_wrong_id_does_not(ids):
    schemas = {kind: json_schema(kind, ids) for kind in KINDS}
    checked = 0
    for kind, glob in GLOBS.items():
        for path in sorted(REPO.glob(glob)):
            doc, _ = read(path.read_bytes(), path.name)
            jsonschema.validate(typed(doc.data), schemas[kind])
            checked += 1
    assert checked > 60
    doc, _ = read((REPO / "handbook/roles/salesman.yml").read_bytes(), "x")
    with pytest.raises(jsonschema.ValidationError, match="'nobody' is not "):
        jsonschema.validate(dict(typed(doc.data), reports_to="nobody"), schemas["role"])


def test_a_file_with_errors_keeps_its_id_completable(mini):
    mini.write("handbook/roles/clerk.yml", "id: clerk\ntitle: 文员\npurpse: x\n")
    ids = known_ids(mini.root)
    assert ids["role"]["clerk"] == "（所在文件有错误）"  # in the handbook's language and ids["role"]["salesman"] == "业务员"


def test_schema_write_writes_every_kind_and_rewrites_only_what_changed(mini):
    result = mini.handbook("schema", "--write")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"{mini.root / FOLDER}: 8 of 8 files updated; the editor completes 2 roles, "
                             "1 departments, 1 procedures, 1 forms, 1 articles\n")
    folder = mini.root / FOLDER
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.json" for k in KINDS)
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    again = mini.handbook("schema", "--write")
    assert " 0 of 8 files updated" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps
    role = json.loads((folder / "role.json").read_text(encoding="utf-8"))
    assert role["properties"]["department"]["enum"] == ["market"]


def test_schema_write_into_a_folder_of_ones_choice(mini, tmp_path):
    result = mini.handbook("schema", "role", "--write", str(tmp_path / "schemas"))
    assert result.returncode == 0 and [p.name for p in (tmp_path / "schemas").iterdir()] == ["role.json"]


def test_build_refreshes_an_existing_schemas_folder_and_makes_none(mini, tmp_path):
    assert mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "a")).returncode == 0
    assert not (mini.root / FOLDER).exists()
    (mini.root / FOLDER).mkdir()
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 销售代表")
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr
    role = json.loads((mini.root / FOLDER / "role.json").read_text(encoding="utf-8"))
    described = dict(zip(role["properties"]["reports_to"]["anyOf"][0]["enum"],
                         role["properties"]["reports_to"]["anyOf"][0]["enumDescriptions"]))
    assert described == {"market-manager": "市场部经理", "salesman": "销售代表"}


def test_a_schemas_link_out_of_the_project_is_left_alone(mini, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (mini.root / FOLDER).symlink_to(outside)
    assert mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site")).returncode == 0
    assert list(outside.iterdir()) == []


def _get(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def test_serve_refreshes_the_schemas_on_every_rebuild(mini):
    """An id added while `handbook serve` runs completes after the rebuild, without a restart."""
    import time

    from ..conftest import serving

    (mini.root / FOLDER).mkdir()
    role = mini.root / FOLDER / "role.json"

    def titles() -> dict:
        try:
            ref = json.loads(role.read_text(encoding="utf-8"))["properties"]["reports_to"]["anyOf"][0]
        except (OSError, ValueError, KeyError):
            return {}
        return dict(zip(ref["enum"], ref["enumDescriptions"]))

    def wait(condition, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.5)
        return False

    with serving(mini.root) as server:
        assert wait(lambda: titles().get("salesman") == "业务员", 90), "no schemas after the first build"
        assert wait(lambda: _get(f"{server.url}/roles/salesman.html"), 90), "the server did not come up"
        mini.write("handbook/roles/clerk.yml", "id: clerk\ntitle: 文员\ncode: SL-MK-03\ndepartment: market\n"
                                               "purpose: 处理单据。\nresponsibilities: [录入订单]\n")
        assert wait(lambda: titles().get("clerk") == "文员", 60), "the schemas were not refreshed on the rebuild"
