"""Finding one's way on the site, in Chromium: the KPI overview, the responsibility matrix
on a laptop and on paper, HR's pages, a role's procedures, the filters, the 404 page from
file:// and under a sub-folder, dark mode."""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
import unicodedata
from pathlib import Path

import pytest

from generator.handbook import load_handbook

from ..conftest import REPO
from .conftest import CHROMIUM, external_requests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (scripts/setup.sh)"),
]

HR_PAGES = {"奖惩规定": "sanctions.html", "考核指标一览": "kpis.html", "职责矩阵": "matrix.html",
            "术语表": "glossary.html", "修订记录": "revisions.html"}


@pytest.fixture(scope="module")
def hb():
    return load_handbook(REPO)


def _pdf_text(pdf: bytes) -> tuple[list, str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    # Chromium's text layer maps some CJK glyphs to radicals or variants the font shares
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans({"戶": "户", "⻓": "长", "⻔": "门"}))
    return reader.pages, text


def test_kpi_overview_is_rendered_and_in_the_table_of_contents(browser, server, hb):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/kpis.html")
    article = page.inner_text("article")
    for raw in ("## ", "**", "| ---", "|---", "[", "]("):
        assert raw not in article, raw
    with_kpis = [d.title for d in hb.departments.values() if d.kpis or any(r.kpis for r in hb.dept_roles(d.id))]
    assert [h.rstrip("¶") for h in page.locator("article h2").all_inner_texts()] == with_kpis
    toc = page.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
    assert [t.strip() for t in toc if t.strip() in with_kpis] == with_kpis
    assert page.locator("article table").count() >= 2 * len(with_kpis) - 1  # department and role tables
    page.close()


def test_matrix_shows_every_column_on_a_laptop(browser, server, hb):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/matrix.html")
    box = page.locator(".hb-matrix")
    frame = box.bounding_box()
    headers = page.locator(".hb-matrix thead th")
    assert headers.count() == len(hb.procedures) + 1
    for i, proc in enumerate(hb.procedures.values(), start=1):
        th = headers.nth(i)
        rect = th.bounding_box()
        assert rect["x"] >= frame["x"] and rect["x"] + rect["width"] <= frame["x"] + frame["width"] + 1, proc.code
        assert rect["x"] + rect["width"] <= 1366, proc.code
        assert th.get_attribute("title") == f"{proc.code} {proc.title}"  # in full on hover
        assert th.inner_text().replace("\n", "").startswith(proc.code)
        assert proc.title in th.inner_text().replace("\n", "")  # and on screen, written vertically
    assert page.evaluate("() => { const b = document.querySelector('.hb-matrix');"
                         " return b.scrollWidth <= b.clientWidth + 1; }")  # nothing hidden to the right
    mark = page.locator(".hb-matrix td[title]").first
    assert re.fullmatch(r".+ · SC-\d{3} .+：.+", mark.get_attribute("title"))
    # the header row stays in view while the table scrolls
    top = headers.first.bounding_box()["y"]
    page.evaluate("() => { document.querySelector('.hb-matrix').scrollTop = 400; }")
    assert abs(headers.first.bounding_box()["y"] - top) < 1
    assert page.locator(".hb-matrix tbody tr").last.bounding_box()["y"] < frame["y"] + frame["height"]
    page.close()


def test_matrix_keeps_the_role_column_in_view_on_a_phone(browser, server):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/matrix.html")
    role = page.locator(".hb-matrix tbody th[scope=row]").first
    left = role.bounding_box()["x"]
    width = page.evaluate("() => { const b = document.querySelector('.hb-matrix'); b.scrollLeft = 300;"
                          " return b.scrollWidth - b.clientWidth; }")
    assert width > 0
    assert abs(role.bounding_box()["x"] - left) < 1
    page.close()


def test_matrix_prints_every_column_on_a4_landscape(browser, server, hb):
    page = browser.new_page()
    page.goto(f"{server}/matrix.html")
    page.emulate_media(media="print")
    pages, text = _pdf_text(page.pdf(prefer_css_page_size=True))
    box = pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert abs(float(box.width) - 842) < 2 and abs(float(box.height) - 595) < 2  # A4
    for proc in hb.procedures.values():
        assert proc.code in text, proc.code
    flat = text.replace("\n", "")
    for role in hb.roles.values():
        assert role.title in flat, role.title
    page.close()


def test_hr_pages_have_a_place_in_the_navigation_and_on_the_home_page(browser, server):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{server}/index.html")
    tab = page.locator(".md-tabs__link", has_text="人事管理")
    assert tab.is_visible() and tab.bounding_box()["y"] < 768
    for title, path in HR_PAGES.items():
        link = page.locator(f'article a[href="{path}"]', has_text=title)
        assert link.count() >= 1, title
    tab.click()
    page.wait_for_load_state()
    assert page.url.endswith("/sanctions.html")
    for title, path in HR_PAGES.items():
        link = page.locator(".md-sidebar--primary a.md-nav__link", has_text=title).first
        assert link.is_visible() and link.bounding_box()["y"] + link.bounding_box()["height"] < 768, title
    shown = page.locator(".md-sidebar--primary .md-nav__link").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).length")
    assert shown < 12  # the section alone, not the whole handbook
    page.close()


def test_a_role_lists_each_procedure_once_with_its_steps(browser, server, hb):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/roles/salesman.html")
    table = page.locator("h2#参与的流程 + .md-typeset__scrollwrap table, h2#参与的流程 ~ * table").first
    headers = table.locator("thead th").all_inner_texts()
    assert headers and all(h.strip() for h in headers)
    rows = table.locator("tbody tr")
    procs = hb.role_procedures("salesman")
    assert rows.count() == len(procs)
    steps = hb.role_steps("salesman")
    for i, proc in enumerate(procs):
        cells = rows.nth(i).locator("td")
        assert cells.nth(0).inner_text() == f"{proc.code} {proc.title}"
        listed = cells.nth(1).inner_text()
        mine = [s for s in steps if s.procedure.id == proc.id]
        assert listed.count("步骤") == len(mine), proc.code
        for s in mine:
            assert f"步骤 {s.number}" in listed
    empty = page.evaluate("() => [...document.querySelectorAll('article table')]"
                          ".filter(t => !t.closest('.hb-kv'))"
                          ".flatMap(t => [...t.querySelectorAll('thead th')]).filter(th => !th.textContent.trim()).length")
    assert empty == 0  # no column without a header, on the whole page
    page.close()


@pytest.mark.parametrize("index", ["roles/index.html", "checklists/index.html"])
def test_filter_finds_a_role_by_name(browser, server, index):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/{index}")
    box = page.locator(".hb-filter input")
    assert box.is_visible()
    items = "article .hb-filterable tbody tr" if index.startswith("roles") else "article .hb-filterable li"

    def shown():
        return [t.split("\n")[0].split("\t")[0].strip()
                for t in page.locator(items).evaluate_all(
                    "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText)")]

    every = shown()
    assert len(every) == 22
    box.fill("收款")
    assert [s.split(" ")[0] for s in shown()] == ["收款员"]
    headings = page.locator("article .hb-filterable h2").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.textContent.replace('¶', '').trim())")
    assert headings == ["销售管理部"]
    box.fill("业务代表")  # an alias
    assert [s.split(" ")[0] for s in shown()] == ["业务员"]
    box.fill("ｈｘｄ－ｙｘ－ｋａ－０５" if index.startswith("roles") else "经理")  # full-width code; a word
    assert shown() and all(("业务员" in s) or ("经理" in s) for s in shown())
    box.fill("无此岗位")
    assert shown() == [] and page.locator(".hb-filter__none").is_visible()
    box.fill("")
    assert len(shown()) == 22 and not page.locator(".hb-filter__none").is_visible()
    page.close()


def _styled(page) -> bool:
    """Material's stylesheet applied: the header has its colour."""
    return page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor"
                         " !== 'rgba(0, 0, 0, 0)'")


def test_404_page_works_from_file_url(browser, default_site):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(r.url))
    external = external_requests(page, "file://")
    page.goto((default_site / "404.html").as_uri())
    assert _styled(page)
    assert page.locator("h1").inner_text() == "找不到这个页面"
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    local = [h for h in hrefs if h.startswith("file://")]
    assert local and all(Path(h.split("#")[0].split("?")[0][len("file://"):]).exists() for h in local)
    page.locator("article a.md-button").click()
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and _styled(page)
    assert errors == [] and external == []
    page.close()


def test_404_page_works_under_a_sub_folder(browser, default_site, tmp_path):
    """A web server that answers any missing address with the site's 404.html, the site
    published under /handbook/: from a missing page at the top and inside a folder."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "handbook").symlink_to(default_site)
    not_found = (default_site / "404.html").read_bytes()

    class Server(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            self.wfile.write(not_found)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Server, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/handbook/"
    page = browser.new_page()
    try:
        for missing in ("gone.html", "roles/gone.html"):
            page.goto(base + missing)
            assert _styled(page), missing
            assert page.locator("h1").inner_text() == "找不到这个页面"
            home = page.locator("article a.md-button").evaluate("e => e.href")
            assert home == base + "index.html", missing
            tab = page.locator(".md-tabs__link", has_text="岗位").first.evaluate("e => e.href")
            assert tab == base + "roles/index.html", missing
        page.locator("article a.md-button").click()
        page.wait_for_load_state()
        assert page.url == base + "index.html" and _styled(page)
    finally:
        page.close()
        httpd.shutdown()
        httpd.server_close()


_CONTRAST = """() => {
  const rgb = s => { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, under) => top.slice(0, 3).map((c, i) => c * top[3] + under[i] * (1 - top[3]));
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; });
                     return .2126 * r + .7152 * g + .0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + .05) / (y + .05); };
  const page = over(rgb(getComputedStyle(document.body).backgroundColor), [255, 255, 255]);
  const fill = el => { const f = getComputedStyle(el).fill; return f && f.startsWith('rgb') ? rgb(f) : null; };
  const svg = document.querySelector('.hb-diagram svg');
  const paper = fill(svg.querySelector('.graph > polygon'));
  const ground = paper ? over(paper, page) : page;
  let worst = 99;
  for (const text of svg.querySelectorAll('text')) {
    let back = ground;
    const group = text.closest('.cluster');
    const shape = group && group.querySelector('polygon, path');
    const f = shape && fill(shape);
    if (f && f[3] > 0) back = over(f, ground);
    worst = Math.min(worst, ratio(over(fill(text), back), back));
  }
  return worst;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_system_colour_scheme_is_followed_and_diagrams_stay_readable(browser, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    for path in ("procedures/sc-001.html", "organisation.html"):
        page.goto(f"{server}/{path}")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == expected
        assert page.evaluate(_CONTRAST) >= 4.5, path
    # the toggle: system -> light -> dark
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert page.evaluate(_CONTRAST) >= 4.5
    context.close()


def test_only_what_a_reader_uses_is_shipped(default_site):
    files = [p.relative_to(default_site).as_posix() for p in default_site.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith(".map")]
    assert not [f for f in files if "/lunr/" in f or "/workers/" in f]
    indexes = [f for f in files if f.startswith("search/")]
    big = [f for f in indexes if (default_site / f).stat().st_size > 10_000]
    assert len(big) == 1 and big[0].startswith("search/index.")  # the index, once
