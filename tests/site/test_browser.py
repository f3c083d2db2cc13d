"""What a person does on the site, in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from .conftest import CHROMIUM, external_requests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh)"),
]
_external_requests = external_requests


def test_page_and_diagram_render_from_file_url(browser, default_site):
    """Opened from disk, with no server: the page, its inline flowchart (Chinese labels),
    and the flowchart's link to the next procedure."""
    page = browser.new_page()
    external = _external_requests(page, "file://")
    page.goto((default_site / "procedures" / "sc-001.html").as_uri())
    assert "市场经理" in page.inner_text("article")
    svg = page.locator(".hb-diagram svg")
    box = svg.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    column = page.locator("article").bounding_box()
    assert box["width"] <= column["width"]  # shrunk to the text column, no sideways scrolling
    lane = page.locator(".hb-diagram a text", has_text="市场经理").first
    assert lane.bounding_box()["width"] > 10  # the label is drawn, in a font that has the glyphs
    page.locator(".hb-diagram a text", has_text="下一流程").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/procedures/sc-002.html")
    assert external == []
    page.close()


def _tick(page, item) -> None:
    """Click the round tick mark Material draws left of a checklist item (a ::before of the
    zero-width indicator, 24 px to its left), where a person clicks."""
    item.scroll_into_view_if_needed()
    box = item.locator(".task-list-indicator").bounding_box()
    page.mouse.click(box["x"] - 14, box["y"] + 12)


def test_onboarding_ticks_are_remembered(browser, server):
    """A new hire ticks items of the onboarding checklist and finds them ticked on the next
    visit; the recurring duties start afresh (a daily duty is done again every day)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/checklists/salesman.html")
    onboarding = page.locator(".hb-checklist .task-list-item")
    duties = page.locator(".task-list-item:not(.hb-checklist .task-list-item)")
    assert onboarding.count() > 10 and duties.count() > 3
    first, task = onboarding.first, onboarding.filter(has_text="跟随客户经理拜访客户")
    _tick(page, first)
    _tick(page, task)
    _tick(page, duties.first)
    assert duties.first.locator("input").is_checked()

    page.reload()
    assert first.locator("input").is_checked() and task.locator("input").is_checked()
    assert not duties.first.locator("input").is_checked()
    assert onboarding.locator("input:checked").count() == 2
    _tick(page, first)  # untick
    page.reload()
    assert not first.locator("input").is_checked() and task.locator("input").is_checked()
    context.close()


def test_role_page_prints_as_a_clean_job_description(browser, server, default_handbook):
    page = browser.new_page()
    page.goto(f"{server}/roles/salesman.html")
    assert not page.locator(".hb-doc-control").is_visible()  # on paper only
    page.emulate_media(media="print")
    assert page.locator(".hb-doc-control").is_visible()
    for chrome in (".md-sidebar--primary", ".md-sidebar--secondary", ".md-header", ".md-footer", ".md-search",
                   ".hb-download", ".hb-related"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert page.locator("h1").inner_text() == "业务员"
    border = page.evaluate("() => getComputedStyle(document.querySelector('article table td')).borderTopStyle")
    assert border == "solid"  # tables are bordered on paper
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1
    # Chromium maps some CJK glyphs to Kangxi radicals (⼯ U+2F2F) in its text layer
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())
    assert "工作职责" in text and "任职资格" in text and "搜索" not in text
    # the document-control line: which version of the handbook, in force since when, approved by whom
    c = default_handbook.company
    for item in (f"文件编号:{c.document_code}", f"版本号:{c.version}", f"生效日期:{c.effective_date}",
                 f"批准:{c.control.approved.by}"):
        assert item in text, item
    page.close()


def test_every_role_prints_on_one_page(browser, default_site):
    import io

    import pypdf

    page = browser.new_page()
    page.emulate_media(media="print")
    long = []
    for html in sorted((default_site / "roles").glob("*.html")):
        if html.name == "index.html":
            continue
        page.goto(html.as_uri())
        pages = len(pypdf.PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
        if pages != 1:
            long.append((html.stem, pages))
    assert long == []
    page.close()
