"""A project's own site_config/ (and templates/) replaces shipped files: CSS, labels, theme
overrides, site assets; and its files are user input (links out, other encodings)."""

from __future__ import annotations

import subprocess

import pypdf

from generator.resources import Resources, shipped

from .conftest import REPO


def test_shipped_files_come_from_the_package():
    assert (shipped() / "templates" / "site" / "role.md").is_file()
    assert Resources().path("css/form.css") == shipped() / "css" / "form.css"


def _text(pdf) -> str:
    return "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(str(pdf)).pages)


def test_project_css_and_labels_replace_the_shipped_ones(mini, tmp_path):
    shipped_css = (REPO / "site_config/css/job-description.css").read_text(encoding="utf-8")
    mini.write("site_config/css/job-description.css",
               shipped_css + '\nh1.doc-title::after { content: "（本公司版式）"; }\n')
    mini.write("site_config/locales/zh-CN.yml", "job_description: 职位说明书\nduties: 主要职责\n")
    out = tmp_path / "site"
    result = mini.handbook("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = _text(out / "pdf/roles/salesman.pdf")
    assert "（本公司版式）" in text and "主要职责" in text and "职位说明书" in text
    assert "工作职责" not in text
    assert "主要职责" in (out / "roles/salesman.html").read_text(encoding="utf-8")
    assert "（本公司版式）" not in _text(out / "pdf/forms/new-customer-notice.pdf")  # other CSS untouched


def test_an_unknown_label_in_the_project_locale_is_located(mini, tmp_path):
    mini.write("site_config/locales/zh-CN.yml", "job_description: 职位说明书\njob_descripton: 岗位书\n")
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "site_config/locales/zh-CN.yml:2:1: error: unknown label 'job_descripton' " \
           "(hint: did you mean 'job_description'?)" in result.stderr
    assert not (tmp_path / "site").exists()


def test_project_theme_overrides_and_assets_win(mini, tmp_path):
    mini.write("site_config/overrides/main.html",
               '{% extends "base.html" %}\n{% block announce %}本手册仅供内部使用{% endblock %}\n')
    mini.write("site_config/assets/handbook.css", "/* 本公司样式 */\n")
    out = tmp_path / "site"
    result = mini.handbook("build", "--no-pdf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "本手册仅供内部使用" in (out / "roles/salesman.html").read_text(encoding="utf-8")
    assert (out / "assets/handbook.css").read_text(encoding="utf-8") == "/* 本公司样式 */\n"
    assert (out / "assets/javascripts/checklist.js").is_file()  # the other assets are still shipped


def test_a_project_file_linked_from_outside_is_refused(mini, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("机密\n", encoding="utf-8")
    (mini.root / "templates" / "site").mkdir(parents=True)
    (mini.root / "templates" / "site" / "role.md").symlink_to(outside)
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/site/role.md:1:1: error: file lies outside the project (it is reached through a link)" \
           in result.stderr


def test_a_template_saved_as_gbk_is_located(mini, tmp_path):
    shipped_role = (REPO / "site_config/templates/site/role.md").read_text(encoding="utf-8")
    (mini.root / "templates" / "site").mkdir(parents=True)
    (mini.root / "templates" / "site" / "role.md").write_bytes(("{# 岗位 #}\n" + shipped_role).encode("gbk"))
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "templates/site/role.md:1:4: error: file is not UTF-8; it looks like GBK/GB18030" in result.stderr


def test_mkdocs_build_with_a_three_line_config(mini, tmp_path):
    """The plugin configures itself: theme overrides, search in the handbook's language,
    offline search, the Markdown extensions the pages use."""
    mini.write("mkdocs.yml", "site_name: 示例手册\ntheme: {name: material}\nplugins: [handbook]\n")
    (mini.root / "docs").mkdir()
    mini.write("docs/faq.md", "# 常见问题\n\n问：表单在哪里下载？\n")
    out = tmp_path / "site"
    result = subprocess.run(["mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=mini.root,
                            capture_output=True, text=True, timeout=300,
                            env={"PATH": str(REPO / ".venv/bin") + ":/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    role = (out / "roles/salesman.html").read_text(encoding="utf-8")
    assert "<title>业务员 - 示例手册</title>" in role and 'lang="zh"' in role
    assert 'class="headerlink"' in role  # toc permalinks
    checklist = (out / "checklists/salesman.html").read_text(encoding="utf-8")
    assert 'class="task-list-control"' in checklist  # pymdownx.tasklist, clickable
    assert (out / "search/search_index.js").is_file()  # offline plugin
    assert '"lang":["zh"]' in (out / "search/search_index.json").read_text(encoding="utf-8").replace(" ", "")
    assert "常见问题" in (out / "index.html").read_text(encoding="utf-8")  # the project's own page, in the nav
    assert (out / "faq.html").is_file()
