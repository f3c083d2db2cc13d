"""The product installed from its wheel, outside this repository, works as in the checkout.

The wheel is built from the repository, installed (not editable) into a new virtual
environment with its declared dependencies only, and used in a folder that holds a copy
of the default handbook's handbook/ and forms/: `handbook check`, `handbook build` (PDFs
and workbooks) and `mkdocs build --strict` with a three-line mkdocs.yml. MkDocs itself
refuses a config whose docs folder does not exist before any plugin runs, so the folder
gets an empty docs/ for that last step (`handbook build` needs none).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow


def _run(args: list, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


_TOP_LEVEL_OUTPUTS = {".git", ".venv", "site", "build", "dist", "tests", ".cache", ".tools"}


def _not_sources(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == REPO
    return {n for n in names if (top and n in _TOP_LEVEL_OUTPUTS) or n in ("__pycache__", ".pytest_cache", ".hypothesis")
            or n.endswith(".egg-info") or (top and n.startswith(".site"))}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("src") / "repo"  # a clean copy: no build/ or egg-info of the checkout
    shutil.copytree(REPO, source, ignore=_not_sources)
    result = _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, source], cwd=source)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (found,) = dist.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin/ folder of a new virtual environment holding the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    assert _run([sys.executable, "-m", "venv", venv], cwd=venv.parent).returncode == 0
    result = _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=venv.parent)
    assert result.returncode == 0, result.stderr[-3000:]
    return venv / "bin"


def test_the_wheel_holds_the_shipped_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(REPO / "site_config").as_posix() for p in (REPO / "site_config").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped, "site_config/ is empty"
    missing = sorted(s for s in shipped if f"generator/site_config/{s}" not in names)
    assert missing == []
    assert not any(n.startswith(("handbook/", "forms/", "tests/", "site_config/")) for n in names)
    # the default handbook, for `handbook init --example`: the repository's one copy, mapped as package data
    example = {f"generator/example/{p.relative_to(REPO).as_posix()}" for folder in ("handbook", "forms")
               for p in (REPO / folder).rglob("*.yml")}
    assert len(example) > 60 and sorted(example - names) == []
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("*.py") if "__pycache__" not in p.parts}
    assert sorted(modules - names) == []  # a new subpackage not listed in pyproject.toml


def test_installed_package_checks_builds_and_serves_mkdocs(installed, tmp_path):
    project = tmp_path / "acme"
    project.mkdir()
    for folder in ("handbook", "forms"):
        shutil.copytree(REPO / folder, project / folder)

    check = _run([installed / "handbook", "check"], cwd=project)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("检查通过：6 个部门、22 个岗位")  # the handbook's language: no --lang given

    build = _run([installed / "handbook", "build"], cwd=project)
    assert build.returncode == 0, build.stderr[-3000:]
    site = project / "site"
    assert (site / "roles" / "salesman.html").is_file()
    assert (site / "pdf" / "handbook.pdf").read_bytes().startswith(b"%PDF-")
    assert len(list((site / "pdf" / "forms").glob("*.pdf"))) == len(list((project / "forms").glob("*.yml")))
    assert (site / "xlsx" / "roles" / "salesman.xlsx").is_file()
    role = (site / "roles" / "salesman.html").read_text(encoding="utf-8")
    assert "业务员" in role and 'href="../pdf/roles/salesman.pdf"' in role
    assert (site / "assets" / "handbook.css").is_file()

    (project / "mkdocs.yml").write_text("site_name: 测试手册\ntheme: {name: material}\nplugins: [handbook]\n",
                                        encoding="utf-8")
    (project / "docs").mkdir()
    mkdocs = _run([installed / "mkdocs", "build", "--strict", "--site-dir", tmp_path / "mkdocs-site"], cwd=project)
    assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
    page = (tmp_path / "mkdocs-site" / "roles" / "salesman.html").read_text(encoding="utf-8")
    assert "<title>业务员 - 测试手册</title>" in page
    assert 'lang="zh"' in page and "assets/handbook.css" in page
    assert (tmp_path / "mkdocs-site" / "search" / "search_index.js").is_file()  # offline search, added by the plugin


def test_installed_package_starts_a_handbook_that_checks_and_builds(installed, tmp_path):
    """The first hour of a new company, from the installed package: init, check, build, MkDocs."""
    init = _run([installed / "handbook", "init", "acme"], cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert "cd acme" in init.stdout
    project = tmp_path / "acme"
    check = _run([installed / "handbook", "check"], cwd=project)
    assert check.returncode == 0 and check.stderr == "", check.stderr
    assert check.stdout.startswith("检查通过：1 个部门、2 个岗位、1 个流程、1 张表单")
    build = _run([installed / "handbook", "build"], cwd=project)
    assert build.returncode == 0, build.stderr[-3000:]
    assert "销售代表" in (project / "site" / "roles" / "sales-rep.html").read_text(encoding="utf-8")
    assert (project / "site" / "pdf" / "roles" / "sales-rep.pdf").read_bytes().startswith(b"%PDF-")
    assert (project / "site" / "pdf" / "forms" / "quote-form.pdf").is_file()
    assert (project / "site" / "xlsx" / "roles" / "sales-rep.xlsx").is_file()
    mkdocs = _run([installed / "mkdocs", "build", "--strict", "--site-dir", tmp_path / "mkdocs-site"], cwd=project)
    assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
    assert (tmp_path / "mkdocs-site" / "roles" / "sales-rep.html").is_file()
    role = json.loads((project / ".schemas" / "role.json").read_text(encoding="utf-8"))
    assert role["properties"]["reports_to"]["anyOf"][0]["enum"] == ["sales-manager", "sales-rep"]

    new = _run([installed / "handbook", "new", "role", "sales-assistant", "--title", "销售助理"], cwd=project)
    assert new.returncode == 0 and "handbook/roles/sales-assistant.yml" in new.stdout, new.stderr
    assert _run([installed / "handbook", "check"], cwd=project).returncode == 0

    example = _run([installed / "handbook", "init", "--example", "example"], cwd=tmp_path)
    assert example.returncode == 0, example.stderr
    check = _run([installed / "handbook", "check"], cwd=tmp_path / "example")
    assert check.returncode == 0 and check.stdout.startswith("检查通过：6 个部门、22 个岗位"), check.stderr
    assert {p.name for p in (tmp_path / "example" / "forms").glob("*.yml")} == {p.name for p in (REPO / "forms").glob("*.yml")}


def test_installed_package_reports_a_mistake_at_its_place(installed, tmp_path):
    """The located diagnostics (and no traceback) come from the installed package too."""
    project = tmp_path / "broken"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", project)
    role = project / "handbook" / "roles" / "salesman.yml"
    role.write_text(role.read_text(encoding="utf-8").replace("reports_to: market-manager", "reports_to: nobody"),
                    encoding="utf-8")
    result = _run([installed / "handbook", "check"], cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "handbook/roles/salesman.yml:5:13: " in result.stderr


def test_installed_package_imports_a_manual_and_compares_versions(installed, tmp_path):
    """The commands outside the build (import, diff) ship too: an imported draft checks clean."""
    manual = tmp_path / "manual.txt"
    shutil.copy(REPO / "tests" / "importer" / "factory_manual.txt", manual)
    result = _run([installed / "handbook", "import", manual, "--into", tmp_path / "draft"], cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert (tmp_path / "draft" / "import-report.md").is_file()
    assert _run([installed / "handbook", "check"], cwd=tmp_path / "draft").returncode == 0

    old = tmp_path / "old"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", old)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    role = new / "handbook" / "roles" / "salesman.yml"
    role.write_text(role.read_text(encoding="utf-8").replace("title: 业务员", "title: 销售代表"), encoding="utf-8")
    diff = _run([installed / "handbook", "diff", old, new], cwd=tmp_path)
    assert diff.returncode == 0 and "销售代表" in diff.stdout, diff.stderr[-3000:]
