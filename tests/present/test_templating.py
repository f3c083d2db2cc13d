"""A project's own templates/ folder overrides the shipped templates, and a mistake in
one of them is reported like a YAML mistake: file and line, no traceback."""

from __future__ import annotations

import shutil

import pypdf

from ..conftest import REPO


def _override(mini, rel: str, old: str, new: str) -> None:
    shipped = (REPO / "site_config/templates" / rel).read_text(encoding="utf-8")
    assert old in shipped
    mini.write(f"templates/{rel}", shipped.replace(old, new, 1))


def test_a_project_template_replaces_the_shipped_one_in_the_site_and_the_pdfs(mini, tmp_path):
    _override(mini, "site/role.md", "## {{ L.duties }}", "## {{ L.duties }}（本公司版）")
    _override(mini, "pdf/_jd_body.html", "{{ L.duties }}", "{{ L.duties }}（本公司版）")
    out = tmp_path / "site"
    result = mini.handbook("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "工作职责（本公司版）" in (out / "roles/salesman.html").read_text(encoding="utf-8")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(out / "pdf/roles/salesman.pdf")).pages)
    assert "工作职责（本公司版）" in text
    # the other templates are still the shipped ones
    assert "工作职责（本公司版）" not in (out / "procedures/new-customer.html").read_text(encoding="utf-8")


def test_a_syntax_error_in_a_project_template_is_located(mini, tmp_path):
    _override(mini, "site/role.md", "## {{ L.duties }}", "## {{ L.duties }")
    result = mini.handbook("build", "--out", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    line = next(n for n, text in enumerate(mini.read("templates/site/role.md").splitlines(), 1)
                if "## {{ L.duties }" in text)
    assert result.stderr.splitlines()[-2:] == [  # after the progress lines
        f"templates/site/role.md:{line}:1: error: template error: unexpected '}}' (hint: a file in the "
        "project's templates/ replaces the shipped file of the same name; compare it with that one)",
        "1 error(s); nothing was written"]
    assert not (tmp_path / "site").exists()


def test_an_unknown_name_in_a_project_pdf_template_is_located(mini, tmp_path):
    _override(mini, "pdf/_jd_body.html", "{{ L.duties }}", "{{ L.no_such_label }}")
    result = mini.handbook("build", "--out", str(tmp_path / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-2].startswith("templates/pdf/_jd_body.html:")
    assert "error: template error: " in result.stderr.splitlines()[-2]
    assert "no_such_label" in result.stderr.splitlines()[-2]
    assert result.stderr.splitlines()[-1] == "1 error(s); nothing was written"
    shutil.rmtree(mini.root / "templates")
    assert mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site")).returncode == 0
