"""The outputs table: every file beside the site comes from it, and so does every download link."""

from __future__ import annotations

import re

from generator.handbook import load_handbook
from generator.outputs import OUTPUTS, PDF, XLSX, downloads, link, plan


def test_plan_covers_each_kind_s_entities(mini):
    hb = load_handbook(mini.root)
    paths = [o.path for o in plan(hb)]
    assert paths == [
        "pdf/handbook.pdf",
        "pdf/forms/new-customer-notice.pdf",
        "pdf/roles/market-manager.pdf", "pdf/roles/salesman.pdf",
        "pdf/checklists/market-manager.pdf", "pdf/checklists/salesman.pdf",
        "pdf/acknowledgements/market-manager.pdf", "pdf/acknowledgements/salesman.pdf",
        "xlsx/roles/market-manager.xlsx",  # the salesman has no KPI
        "xlsx/departments/market.xlsx",
    ]
    assert [o.path for o in plan(hb, {XLSX})] == paths[-2:]
    assert all(k.render() for k in OUTPUTS)  # every renderer named in the table exists


def test_downloads_of_an_entity_come_from_the_plan(mini):
    hb = load_handbook(mini.root)
    planned = plan(hb)
    assert [(d.kind, d.path, d.media_type) for d in downloads(planned, "role", "market-manager")] == [
        ("job-description", "pdf/roles/market-manager.pdf", PDF),
        ("checklist", "pdf/checklists/market-manager.pdf", PDF),
        ("acknowledgement", "pdf/acknowledgements/market-manager.pdf", PDF),
        ("kpi-workbook", "xlsx/roles/market-manager.xlsx", XLSX),
    ]
    assert downloads(plan(hb, {XLSX}), "role", "salesman") == []
    assert link("roles/salesman.md", "pdf/roles/salesman.pdf") == "../pdf/roles/salesman.pdf"
    assert link("index.md", "pdf/handbook.pdf") == "pdf/handbook.pdf"


def test_no_template_builds_a_download_path_itself():
    """Download links are made from the table only (site/pages.py); a path such as
    'pdf/roles/' written in a template would go stale when the table changes."""
    from .conftest import REPO

    for path in (REPO / "site_config" / "templates" / "site").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"['\"](pdf|xlsx)/", text), path.name


def test_site_built_without_pdfs_links_no_pdf(mini, tmp_path):
    result = mini.handbook("build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    role = (tmp_path / "site" / "roles" / "market-manager.html").read_text(encoding="utf-8")
    assert ".pdf" not in role
    assert 'href="../xlsx/roles/market-manager.xlsx"' in role
    assert (tmp_path / "site" / "xlsx" / "roles" / "market-manager.xlsx").is_file()
    assert not (tmp_path / "site" / "pdf").exists()
