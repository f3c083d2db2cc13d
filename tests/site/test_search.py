"""Searching the site as a person does, in Chromium: the dev query set over http and from
file://, what a result shows, corrections, pasting, sharing, the keyboard, and what the
search downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.build import build_site

from .conftest import CHROMIUM, external_requests, serving
from .searching import QUERIES, open_search, read_results, search, type_query

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh)"),
]


def _misses(browser, root: str) -> list[str]:
    """Each query of the dev set whose expected page is not within its rank, typed key by
    key into one search box (as a reader refines a search)."""
    context = browser.new_context()
    page = context.new_page()
    external = external_requests(page, root)
    page.goto(root + "index.html")
    open_search(page)
    cdp = context.new_cdp_session(page)
    misses = []
    for query, expected, needed in QUERIES:
        outcome = search(page, query, root, cdp)
        rank = outcome.rank(expected)
        if rank is None or rank > needed:
            misses.append(f"{query}: {expected} ranks {rank or '-'} (needed {needed}); first: {outcome.pages[:3]}")
    context.close()
    assert external == []
    return misses


def test_query_set_over_http(browser, server):
    assert _misses(browser, server + "/") == []


def test_query_set_from_file_url(browser, default_site):
    assert _misses(browser, default_site.resolve().as_uri() + "/") == []


def test_a_result_says_what_it_is_and_marks_the_words(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/index.html")
    open_search(page)
    search(page, "客户经理", server + "/")
    first = page.locator(".md-search-result__item").first
    assert first.locator(".hb-kind").inner_text() == "岗位"
    assert first.locator("h1").inner_text().replace("\n", " ") == "岗位 客户经理"
    assert first.locator("h1 mark").inner_text() == "客户经理"
    kinds = set(page.locator(".md-search-result__item h1 .hb-kind").all_inner_texts())
    assert {"岗位", "清单"} <= kinds
    assert page.locator(".md-search-result__terms").count() == 0  # no struck-through "缺少: 客户*"
    search(page, "SC-008", server + "/")
    assert first.locator(".hb-kind").inner_text() == "流程"
    assert "SC-008 收款操作流程" in first.locator("h1").inner_text()
    for query, kind in (("《报价审批表》", "表单"), ("违纪处理办法", "制度"), ("大客户部", "部门")):
        search(page, query, server + "/")
        assert first.locator(".hb-kind").inner_text() == kind, query
    page.close()


def test_a_typo_offers_the_word_meant(browser, server):
    """汇款 for 回款 (same pinyin): the results are those of 回款, and 您是不是要找 offers it;
    the offer searches for it when clicked. A query that matches offers nothing."""
    page = browser.new_page()
    page.goto(f"{server}/index.html")
    open_search(page)
    outcome = search(page, "汇款", server + "/")
    assert outcome.suggestion == "回款"
    offer = page.locator(".hb-search-suggestion")
    assert offer.is_visible() and offer.inner_text().replace("\n", "") == "您是不是要找：回款"
    offer.locator("button").click()
    read_results(page, "回款", server + "/")
    assert page.input_value(".md-search__input") == "回款"
    assert not offer.is_visible()
    outcome = search(page, "客户经埋", server + "/")
    assert outcome.suggestion == "客户经理" and outcome.pages[0] == "roles/account-manager.html"
    page.close()


def test_pasting_starts_a_search(browser, server):
    """Text pasted with the mouse arrives as one `input` event and no key event."""
    page = browser.new_page()
    page.goto(f"{server}/index.html")
    open_search(page)
    cdp = page.context.new_cdp_session(page)
    page.evaluate("() => { const box = document.querySelector('.md-search__input');"
                  " box.dispatchEvent(new ClipboardEvent('paste', {bubbles: true})); }")
    cdp.send("Input.insertText", {"text": "收款员"})
    outcome = read_results(page, "收款员", server + "/")
    assert outcome.pages[0] == "roles/collector.html"
    page.close()


@pytest.mark.parametrize("mode", ["http", "file"])
def test_a_search_can_be_shared_as_a_link(browser, server, default_site, mode):
    root = server + "/" if mode == "http" else default_site.resolve().as_uri() + "/"
    page = browser.new_page()
    page.goto(root + "roles/index.html")
    open_search(page)
    search(page, "客户 经理", root)
    link = page.locator("[data-md-component=search-share]").get_attribute("href")
    assert "q=" in link
    shared = browser.new_page()
    shared.goto(link)
    assert shared.input_value(".md-search__input") == "客户 经理"
    outcome = read_results(shared, "客户 经理", root)
    assert outcome.pages[0] == "roles/account-manager.html"
    shared.close()
    page.close()


def test_keyboard_opens_searches_and_follows(browser, server):
    """Material's keys still work: / opens the search, Enter opens the best result, whose
    words are then highlighted on the page."""
    page = browser.new_page()
    page.goto(f"{server}/procedures/sc-001.html")
    page.keyboard.press("/")
    page.wait_for_selector(".md-search__input:focus")
    type_query(page, "收款员")
    read_results(page, "收款员", server + "/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/roles/collector.html*")
    assert page.locator("article mark[data-md-highlight]").count() > 0
    page.close()


def test_search_downloads_its_index_once_and_only_when_used(browser, server):
    """The home page loads no index and no source map; the first query loads the one
    index file, later queries nothing more."""
    context = browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url[len(server) + 1:]))
    page.goto(f"{server}/index.html", wait_until="networkidle")
    assert not [u for u in urls if u.startswith("search/index.") or u.endswith(".map") or "lunr" in u]
    open_search(page)
    for query in ("客户经理", "回款", "汇款"):
        search(page, query, server + "/")
    loaded = [u for u in urls if u.startswith("search/index.")]
    assert len(loaded) == 1 and loaded[0].endswith(".js")
    context.close()


def test_first_page_is_light(browser, server):
    """What a reader's first page downloads (it was 1.2 MB, most of it the search index
    and lunr): the page, Material's script and stylesheet, the site's own small files."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def done(request):
        response = request.response()
        if response is not None:
            sizes[request.url] = len(response.body())

    page.on("requestfinished", done)
    page.goto(f"{server}/index.html", wait_until="networkidle")
    total = sum(sizes.values())
    assert total < 450_000, sorted(sizes.items(), key=lambda x: -x[1])
    context.close()


def test_a_hostile_title_stays_text_in_the_results(browser, mini, tmp_path):
    mini.replace("handbook/roles/salesman.yml", "title: 业务员",
                 "title: \"<img src=x onerror=alert(1)>业务员\"")
    site = tmp_path / "site"
    build_site(mini.root, site)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serving(site) as root:
        page.goto(root + "index.html")
        open_search(page)
        outcome = search(page, "业务员", root)
        assert outcome.pages[0] == "roles/salesman.html"
        first = page.locator(".md-search-result__item").first
        assert "<img src=x onerror=alert(1)>业务员" in first.locator("h1").inner_text()
        assert page.locator(".md-search-result img").count() == 0
        outcome = search(page, "onerror", root)
        assert "roles/salesman.html" in outcome.pages
        assert page.locator(".md-search-result img").count() == 0
    assert dialogs == []
    page.close()
