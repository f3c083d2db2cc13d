"""The schemas in a real editor: yaml-language-server (the server behind VS Code's YAML
extension; scripts/setup.sh installs the pinned version into .tools/) driven over stdio,
with the settings `handbook init` writes into .vscode/settings.json.

`reports_to: ` completes with the handbook's roles, each with its title; a wrong id is
flagged where it is, in Chinese for a Chinese editor; and every file of the default
handbook validates clean against the schemas with its ids (no false alarm)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generator.source.schema import FOLDER

from ..conftest import REPO, Project
from .lsp import LanguageServer

SERVER = REPO / ".tools" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


@pytest.fixture(scope="module")
def acme(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("editor") / "acme"
    result = Project(root.parent).handbook("init", str(root), lang=None)
    assert result.returncode == 0, result.stderr
    return Project(root)


def _server(project: Project, locale: str = "zh-cn") -> LanguageServer:
    assert SERVER.is_file(), "yaml-language-server is missing: run scripts/setup.sh"
    node = shutil.which("node")
    assert node, "Node.js is missing: run scripts/setup.sh"
    vscode = json.loads(project.read(".vscode/settings.json"))
    settings = {"yaml": {k.removeprefix("yaml."): v for k, v in vscode.items() if k.startswith("yaml.")}}
    return LanguageServer([node, str(SERVER), "--stdio"], project.root, settings, locale=locale)


@pytest.fixture(scope="module")
def server(acme):
    ls = _server(acme)
    yield ls
    ls.close()


def _edited(path, old: str, new: str):
    """A document of the same folder (the same schema) holding the file's text edited: each
    test's own, so that no diagnostics of an earlier version are taken for its own."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    return path.with_name(f"{path.stem}-{abs(hash((old, new)))}.yml"), text.replace(old, new)


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if line.startswith(start))


def test_the_pinned_server_is_the_one_run():
    version = subprocess.run(["node", "-p", "require(process.argv[1]).version",
                              str(SERVER.parent.parent / "package.json")], capture_output=True, text=True)
    lock = json.loads((REPO / ".tools" / "package-lock.json").read_text(encoding="utf-8"))
    assert version.stdout.strip() == lock["packages"]["node_modules/yaml-language-server"]["version"]


def test_the_starter_files_validate_clean(acme, server):
    for path in sorted([*acme.root.glob("handbook/**/*.yml"), *acme.root.glob("forms/*.yml")]):
        uri = server.open(path)
        assert server.wait_diagnostics(uri) == [], path


def test_reports_to_completes_with_the_roles_and_their_titles(acme, server):
    role = acme.root / "handbook" / "roles" / "sales-rep.yml"
    old = next(line for line in role.read_text(encoding="utf-8").splitlines() if line.startswith("reports_to:"))
    path, text = _edited(role, old, "reports_to: ")  # as HR types it, the value still to come
    uri = server.open(path, text)
    server.wait_diagnostics(uri)
    items = server.completion(uri, _line(text, "reports_to: "), len("reports_to: "))
    offered = {i["label"]: i.get("documentation") for i in items if i["label"] in ("sales-manager", "sales-rep")}
    assert set(offered) == {"sales-manager", "sales-rep"}, [i["label"] for i in items]
    docs = {k: (v["value"] if isinstance(v, dict) else v) for k, v in offered.items()}
    assert docs == {"sales-manager": "销售部经理", "sales-rep": "销售代表"}


def test_a_wrong_id_is_flagged_where_it_is_in_chinese(acme, server):
    path, text = _edited(acme.root / "handbook" / "roles" / "sales-rep.yml",
                         "reports_to: sales-manager", "reports_to: nobody")
    uri = server.open(path, text)
    (diagnostic,) = server.wait_diagnostics(uri)
    line = _line(text, "reports_to: ")
    assert diagnostic["range"]["start"] == {"line": line, "character": len("reports_to: ")}
    assert diagnostic["severity"] == 1  # an error
    assert diagnostic["message"].startswith("值无效。允许的值：") and '"sales-manager"' in diagnostic["message"]


def test_check_flags_it_in_chinese_too(acme, tmp_path):
    shutil.copytree(acme.root, tmp_path / "acme")
    project = Project(tmp_path / "acme")
    project.replace("handbook/roles/sales-rep.yml", "reports_to: sales-manager", "reports_to: nobody")
    result = project.handbook("check", lang=None)
    line = _line(project.read("handbook/roles/sales-rep.yml"), "reports_to: ") + 1
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"handbook/roles/sales-rep.yml:{line}:13: 错误：") and "'nobody'" in first, result.stderr


def test_a_step_actor_and_an_article_complete_too(acme, server):
    procedure = acme.root / "handbook" / "procedures" / "quote-approval.yml"
    old = next(line for line in procedure.read_text(encoding="utf-8").splitlines() if line.startswith("  - actor:"))
    path, text = _edited(procedure, old, "  - actor: ")
    uri = server.open(path, text)
    server.wait_diagnostics(uri)
    line = _line(text, "  - actor:")
    labels = {i["label"] for i in server.completion(uri, line, len("  - actor: "))}
    assert {"sales-manager", "sales-rep"} <= labels

    sanctions = acme.root / "handbook" / "sanctions.yml"
    old = next(line for line in sanctions.read_text(encoding="utf-8").splitlines() if "article:" in line)
    path, text = _edited(sanctions, old, "    article: ")
    path = path.with_name("sanctions.yml")  # the one file of its kind: its own name; opened here only
    uri = server.open(path, text)
    server.wait_diagnostics(uri)
    line = _line(text, "    article: ")
    items = {i["label"]: i.get("documentation") for i in server.completion(uri, line, len("    article: "))}
    assert "sales-rules.quote-approval" in items
    assert items["sales-rules.quote-approval"]["value"].startswith("《销售管理制度》：")


def test_the_default_handbook_validates_clean_against_its_ids(tmp_path):
    """No false alarm on 70 real files: every reference of the default handbook is among the ids."""
    project = Project(tmp_path / "example")
    assert Project(tmp_path).handbook("init", str(project.root), "--example").returncode == 0
    assert (project.root / FOLDER / "role.json").is_file()
    ls = _server(project, locale="en")
    try:
        paths = sorted([*project.root.glob("handbook/**/*.yml"), *project.root.glob("forms/*.yml")])
        assert len(paths) > 60
        found = {}
        for path in paths:
            found[path.relative_to(project.root).as_posix()] = ls.wait_diagnostics(ls.open(path))
        assert {k: v for k, v in found.items() if v} == {}
        role, text = _edited(project.root / "handbook" / "roles" / "salesman.yml",
                             "reports_to: account-manager", "reports_to: acount-manager")
        (diagnostic,) = ls.wait_diagnostics(ls.open(role, text))
        assert diagnostic["message"].startswith("Value is not accepted.")
    finally:
        ls.close()
