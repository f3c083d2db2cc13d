"""`handbook init`: a new project that checks, builds and builds with MkDocs as it is, in
Chinese by default; its editor settings, ignore file and CI file; `--example`; never
overwriting anything."""

from __future__ import annotations

import fnmatch
import json
import re
import subprocess
import sys

import pytest
import yaml

from generator.scaffold.init import SYSTEM_PACKAGES
from generator.source.schema import FOLDER, GLOBS, KINDS

from ..conftest import REPO, Project

STARTER_SOURCES = [
    "forms/quote-form.yml", "handbook/company.yml", "handbook/departments/sales.yml", "handbook/glossary.yml",
    "handbook/policies/sales-rules.yml", "handbook/procedures/quote-approval.yml",
    "handbook/roles/sales-manager.yml", "handbook/roles/sales-rep.yml", "handbook/sanctions.yml",
]
PROJECT_FILES = [".gitignore", ".vscode/extensions.json", ".vscode/settings.json", "docs/.gitkeep", "mkdocs.yml",
                 *(f"{FOLDER}/{k}.json" for k in KINDS)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def init(tmp_path, *args, lang=None) -> tuple[Project, subprocess.CompletedProcess]:
    """`handbook init acme ARGS` in tmp_path, in `lang` (None: no language asked for)."""
    runner = Project(tmp_path)
    result = runner.handbook("init", str(tmp_path / "acme"), *args, lang=lang)
    return Project(tmp_path / "acme"), result


def files(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def acme(tmp_path_factory):
    """The project `handbook init` writes, in Chinese (no --lang, no $HANDBOOK_LANG)."""
    project, result = init(tmp_path_factory.mktemp("init"))
    assert result.returncode == 0, result.stderr
    return project, result


def test_init_writes_the_starter_handbook_and_the_project_files(acme):
    project, result = acme
    assert files(project.root) == sorted([*STARTER_SOURCES, *PROJECT_FILES, ".gitlab-ci.yml"])
    assert "已在" in result.stdout and "handbook check" in result.stdout and "cd " in result.stdout
    company = yaml.safe_load(project.read("handbook/company.yml"))
    assert company["locale"] == "zh-CN" and CJK.search(company["name"])


def test_every_starter_file_is_commented_in_chinese(acme):
    project, _ = acme
    for rel in STARTER_SOURCES:
        lines = project.read(rel).splitlines()
        assert lines[0].startswith("# ") and CJK.search(lines[0]), rel
        commented = [line for line in lines if re.search(r"(^|\s)# ", line)]
        assert len(commented) >= 3 and all(CJK.search(c) for c in commented[:3]), rel


def test_the_starter_handbook_has_what_the_next_file_is_copied_from(acme):
    from generator.handbook import load_handbook

    hb = load_handbook(acme[0].root)
    assert len(hb.departments) == 1 and len(hb.roles) == 2 and len(hb.forms) == 1 and len(hb.terms) == 1
    assert hb.roles["sales-rep"].reports_to == "sales-manager"
    (procedure,) = hb.procedures.values()
    assert any(s.approval for s in procedure.steps)
    (policy,) = hb.policies
    assert sum(len(c.articles) for c in policy.chapters) == 2
    (sanction,) = hb.sanctions
    assert sanction.article in hb.articles


def test_check_passes_without_a_warning_in_chinese(acme):
    result = acme[0].handbook("check", lang=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("检查通过：1 个部门、2 个岗位、1 个流程、1 张表单、1 项制度、1 条奖惩、1 个术语\n")
    assert result.stderr == ""


@pytest.mark.slow
def test_build_and_mkdocs_strict_pass_on_what_init_wrote(acme, tmp_path):
    project, _ = acme
    build = project.handbook("build", "--out", str(tmp_path / "site"))
    assert build.returncode == 0, build.stderr[-3000:]
    role = (tmp_path / "site" / "roles" / "sales-rep.html").read_text(encoding="utf-8")
    assert "销售代表" in role and 'href="../pdf/roles/sales-rep.pdf"' in role
    assert "<title>销售代表 - 示例有限公司管理手册</title>" in role  # the site name from company.yml
    assert (tmp_path / "site" / "pdf" / "forms" / "quote-form.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "site" / "pdf" / "handbook.pdf").is_file()

    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "mk")],
                            cwd=project.root, capture_output=True, text=True, timeout=600)
    assert mkdocs.returncode == 0, mkdocs.stderr[-3000:]
    assert "销售代表" in (tmp_path / "mk" / "roles" / "sales-rep.html").read_text(encoding="utf-8")


def test_vscode_maps_every_kind_of_file_to_its_schema(acme):
    project, _ = acme
    settings = json.loads(project.read(".vscode/settings.json"))
    mapping = settings["yaml.schemas"]
    assert sorted(mapping) == sorted(f"./{FOLDER}/{k}.json" for k in KINDS)
    sources = [p.relative_to(project.root).as_posix() for p in project.root.rglob("*.yml")
               if p.parts[len(project.root.parts)] in ("handbook", "forms")]
    for rel in sources:  # each source file has exactly one schema
        matching = [s for s, globs in mapping.items() if any(fnmatch.fnmatch(rel, g) for g in globs)]
        assert len(matching) == 1, (rel, matching)
    for schema_file, globs in mapping.items():
        kind = schema_file.removeprefix(f"./{FOLDER}/").removesuffix(".json")
        assert GLOBS[kind] in globs and (project.root / schema_file).is_file()
        assert json.loads((project.root / schema_file).read_text(encoding="utf-8"))["$schema"]
    assert json.loads(project.read(".vscode/extensions.json")) == {"recommendations": ["redhat.vscode-yaml"]}


def test_gitignore_ignores_the_outputs_and_caches_but_not_the_sources_or_schemas(acme, tmp_path):
    project, _ = acme
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text(project.read(".gitignore"), encoding="utf-8")
    paths = ["site/index.html", "public/index.html", ".cache/pip/x", "handbook/__pycache__/x.pyc", ".site.lock",
             "handbook/company.yml", "forms/quote-form.yml", f"{FOLDER}/role.json", ".vscode/settings.json",
             "mkdocs.yml", ".gitlab-ci.yml"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *paths], cwd=repo, capture_output=True, text=True)
    assert result.stdout.split() == paths[:5]


def test_gitlab_ci_checks_every_change_and_publishes_the_default_branch(acme):
    project, _ = acme
    ci = yaml.safe_load(project.read(".gitlab-ci.yml"))
    assert ci["check"]["script"][-1] == "handbook check" and "rules" not in ci["check"]
    pages = ci["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "handbook build --out public" in pages["script"] and pages["artifacts"]["paths"] == ["public"]
    install = next(line for line in pages["script"] if "apt-get install" in line)
    assert all(p in install.split() for p in SYSTEM_PACKAGES)
    assert ci["variables"]["HANDBOOK_PACKAGE"].startswith("handbook-as-code==")
    assert all(any('pip install -q "$HANDBOOK_PACKAGE"' in line for line in job["script"]) for job in (ci["check"], pages))


def test_the_ci_installs_what_the_set_up_installs_for_a_build():
    setup = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    packages = re.search(r"^PACKAGES=\(([^)]*)\)", setup, re.M).group(1).split()
    assert set(SYSTEM_PACKAGES) <= set(packages)
    assert set(packages) - set(SYSTEM_PACKAGES) == {"chromium", "poppler-utils"}  # the tests' own


def test_ci_github_writes_a_workflow_gitea_reads_too(tmp_path):
    project, result = init(tmp_path, "--ci", "github", lang="en")
    assert result.returncode == 0, result.stderr
    assert not (project.root / ".gitlab-ci.yml").exists()
    flow = yaml.safe_load(project.read(".github/workflows/handbook.yml"))
    jobs = flow["jobs"]
    assert [s["run"] for s in jobs["check"]["steps"] if "run" in s][-1] == "handbook check"
    assert "default_branch" in jobs["build"]["if"] and jobs["build"]["needs"] == "check"
    runs = " ".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "handbook build --out public" in runs and all(p in runs.split() for p in SYSTEM_PACKAGES)
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in jobs["deploy"]["steps"])
    assert jobs["deploy"]["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def test_ci_none_writes_no_ci_file(tmp_path):
    project, result = init(tmp_path, "--ci", "none")
    assert result.returncode == 0, result.stderr
    assert not (project.root / ".gitlab-ci.yml").exists() and not (project.root / ".github").exists()


def test_in_english_the_starter_is_english_and_checks(tmp_path):
    project, result = init(tmp_path, lang="en")
    assert result.returncode == 0 and result.stdout.startswith("new handbook in ")
    assert yaml.safe_load(project.read("handbook/company.yml"))["locale"] == "en"
    for rel in STARTER_SOURCES:
        assert not CJK.search(project.read(rel)), rel
    check = project.handbook("check", lang=None)
    assert check.returncode == 0 and check.stderr == "", check.stderr
    assert check.stdout.startswith("ok: 1 departments, 2 roles, 1 procedures, 1 forms")


def test_example_copies_the_default_handbook(tmp_path):
    project, result = init(tmp_path, "--example")
    assert result.returncode == 0, result.stderr
    for folder in ("handbook", "forms"):
        shipped = {p.relative_to(REPO).as_posix(): p.read_bytes() for p in (REPO / folder).rglob("*.yml")}
        written = {p.relative_to(project.root).as_posix(): p.read_bytes() for p in (project.root / folder).rglob("*.yml")}
        assert written == shipped
    check = project.handbook("check")
    assert check.returncode == 0 and check.stdout.startswith("ok: 6 departments, 22 roles"), check.stderr
    role = json.loads(project.read(f"{FOLDER}/role.json"))
    assert "salesman" in role["properties"]["reports_to"]["anyOf"][0]["enum"]


@pytest.mark.parametrize("existing", ["handbook/company.yml", ".gitignore", ".vscode/settings.json", f"{FOLDER}/role.json",
                                      "handbook/roles/someone.yml"])
def test_init_overwrites_nothing_and_names_what_is_in_the_way(tmp_path, existing):
    target = tmp_path / "acme" / existing
    target.parent.mkdir(parents=True)
    target.write_text("mine\n", encoding="utf-8")
    before = files(tmp_path / "acme")
    _, result = init(tmp_path, lang=None)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    shown = f"{(tmp_path / 'acme').as_posix()}/{existing if not existing.startswith('handbook/') else 'handbook'}"
    assert result.stderr.startswith(f"{shown}:1:1: 错误：已存在；handbook init 不覆盖已有的文件（提示："), result.stderr
    assert "没有写入任何内容" in result.stderr
    assert files(tmp_path / "acme") == before and target.read_text(encoding="utf-8") == "mine\n"


def test_init_in_an_existing_repository_adds_beside_its_files(tmp_path):
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "README.md").write_text("# 我们的手册\n", encoding="utf-8")
    project, result = init(tmp_path)
    assert result.returncode == 0, result.stderr
    assert project.read("README.md") == "# 我们的手册\n" and (project.root / "handbook" / "company.yml").is_file()


def test_a_file_where_a_folder_goes_is_named(tmp_path):
    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / ".vscode").write_text("", encoding="utf-8")
    _, result = init(tmp_path, lang="en")
    assert result.returncode == 1
    assert f"{(tmp_path / 'acme').as_posix()}/.vscode:1:1: error: is not a folder" in result.stderr
    assert files(tmp_path / "acme") == [".vscode"]
