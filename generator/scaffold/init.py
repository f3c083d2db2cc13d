"""`handbook init [DIR]`: a new project that checks and builds as it is.

It holds a small handbook (company.yml, one department, two roles of which one reports to
the other, one procedure with an approval, one form, one policy of two articles, one
penalty, one term), each file commented so that HR copies it to make the next one; with
`--example`, the default handbook instead (shipped in the package: generator/example).
Beside it: a three-line mkdocs.yml and an empty docs/ (MkDocs refuses to start without
one), .gitignore, VS Code's settings (each kind of file mapped to its schema in .schemas/,
written here with the handbook's ids) and recommended extension, and a CI file (GitLab CI,
GitHub/Gitea Actions, or none). The words follow the language (`--lang`, $HANDBOOK_LANG;
Chinese by default). Nothing existing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata
from pathlib import Path

from .. import example
from ..resources import Resources
from ..source import schema
from .files import Plan, render

CI_FILES = {"gitlab": ".gitlab-ci.yml", "github": ".github/workflows/handbook.yml", "none": None}
CI_TEMPLATES = {"gitlab": "gitlab-ci.yml", "github": "github-workflow.yml"}
# What a build needs from the system (scripts/setup.sh installs these and the test tools):
# the CJK font of every PDF and diagram, Graphviz, HarfBuzz's subsetter.
SYSTEM_PACKAGES = ("fonts-noto-cjk", "graphviz", "libharfbuzz-subset0")
PACKAGE = "handbook-as-code"
EXTENSION = "redhat.vscode-yaml"  # VS Code's YAML extension: yaml-language-server


def init(root: Path, language: str, ci: str = "gitlab", use_example: bool = False,
         today: dt.date | None = None) -> Plan:
    """Write the new project at `root`; the plan that was written."""
    resources = Resources()
    values = {"today": (today or dt.date.today()).isoformat(), "version": _version(),
              "apt_packages": " ".join(SYSTEM_PACKAGES)}
    plan = Plan(Path(root), fresh_folders=("handbook", "forms"))
    if use_example:
        for rel, path in example.files().items():
            plan.add(rel, path.read_text(encoding="utf-8"))
    else:
        for rel in resources.files(f"starter/{language}"):
            if rel.startswith(("handbook/", "forms/")):
                plan.add(rel, render(resources, f"{language}/{rel}", **values))
    project = f"{language}/project"
    plan.add("mkdocs.yml", render(resources, f"{project}/mkdocs.yml", **values))
    plan.add("docs/.gitkeep", "")
    plan.add(".gitignore", render(resources, f"{project}/gitignore", **values))
    plan.add(".vscode/settings.json", _json(vscode_settings()))
    plan.add(".vscode/extensions.json", _json({"recommendations": [EXTENSION]}))
    if CI_FILES[ci]:
        plan.add(CI_FILES[ci], render(resources, f"{project}/{CI_TEMPLATES[ci]}", **values))
    plan.later = tuple(f"{schema.FOLDER}/{kind}.json" for kind in schema.KINDS)  # with the new handbook's ids
    plan.write()
    schema.write(plan.root, plan.root / schema.FOLDER)
    return plan


def vscode_settings() -> dict:
    """VS Code's settings: every kind of file (by folder, .yml and .yaml) to its schema."""
    return {
        "yaml.schemas": {f"./{schema.FOLDER}/{kind}.json": [glob, glob.removesuffix(".yml") + ".yaml"]
                         for kind, glob in schema.GLOBS.items()},
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "files.encoding": "utf8",
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.quickSuggestions": {
            "other": True, "comments": False, "strings": True}},
    }


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
        return "0"
