"""The CLI contract: exit codes, PATH:LINE:COL lines, no traceback, schema for editors."""

from __future__ import annotations

import json

import jsonschema
import pytest

from generator.source.schema import GLOBS, KINDS, json_schema
from generator.source.yaml_reader import read, typed

from .conftest import REPO


def test_check_ok(mini):
    result = mini.handbook("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 departments, 2 roles, 1 procedures, 1 forms")


def test_check_errors_exit_1_without_traceback(mini):
    mini.replace("handbook/roles/salesman.yml", "reports_to: market-manager", "reports_to: nobody")
    mini.write("handbook/glossary.yml", "terms:\n  - id: a\n    term: x\n    term: y\n")
    result = mini.handbook("check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "handbook/glossary.yml:4:5: error: duplicate key 'term' (first defined on line 3) "
        "(hint: YAML keeps only one of them; remove or merge the other)",
        "handbook/roles/salesman.yml:5:13: error: unknown role 'nobody' "
        "(hint: no role has this id; known: market-manager, salesman)",
        "2 error(s), 0 warning(s)",
    ]


def test_build_refuses_invalid_source_and_writes_nothing(mini):
    mini.replace("handbook/roles/salesman.yml", "headcount: 3", "headcount: many")
    result = mini.handbook("build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == \
        "handbook/roles/salesman.yml:6:12: error: expected a whole number, found 'many'"
    assert not (mini.root / "site").exists()


def test_no_handbook_folder(tmp_path):
    from .conftest import Project

    result = Project(tmp_path).handbook("check")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("handbook:1:1: error: no handbook/ folder in the project "
                                             "(hint: run the command in the folder that holds handbook/ and forms/)")


def _validate_tree(root, schema_for):
    checked = 0
    for kind, glob in GLOBS.items():
        for path in sorted(root.glob(glob)):
            doc, _ = read(path.read_bytes(), path.name)
            jsonschema.validate(typed(doc.data), schema_for(kind))
            checked += 1
    return checked


def test_schema_validates_the_default_handbook_and_the_fixture(mini):
    schemas = {kind: json_schema(kind) for kind in KINDS}
    assert _validate_tree(mini.root, schemas.__getitem__) == 9
    assert _validate_tree(REPO, schemas.__getitem__) > 40


def test_combined_schema_accepts_every_file_and_rejects_a_typo(mini):
    schema = json_schema("all")
    jsonschema.Draft202012Validator.check_schema(schema)
    doc, _ = read((mini.root / "handbook/roles/salesman.yml").read_bytes(), "x")
    jsonschema.validate(typed(doc.data), schema)
    broken = dict(typed(doc.data), purpse="x")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, json_schema("role"))


def test_schema_command_prints_json(mini):
    result = mini.handbook("schema", "role")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["title"]["description"] == "岗位名称"


@pytest.mark.parametrize("args, message", [
    (["build", "-j", "-1"], "argument -j/--jobs: expected a whole number, 0 or more (0: one per core), found '-1'"),
    (["build", "-j", "two"], "argument -j/--jobs: expected a whole number, 0 or more (0: one per core), "
                             "found 'two'"),
    *[(["serve", "-a", addr], "argument -a/--dev-addr: expected HOST:PORT with an IP address (or localhost) "
                              f"and a port from 1 to 65535, e.g. 127.0.0.1:8000; found '{addr}'")
      for addr in ("127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1", "server:8000", "localhost:http")],
])
def test_bad_option_values_are_usage_errors(mini, args, message):
    result = mini.handbook(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"handbook {args[0]}: error: {message}"
    assert not (mini.root / "site").exists()


def test_serve_on_a_port_in_use_is_one_clean_error(mini):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        addr = f"127.0.0.1:{taken.getsockname()[1]}"
        result = mini.handbook("serve", "-a", addr, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: cannot serve on {addr}: Address already in use"]
