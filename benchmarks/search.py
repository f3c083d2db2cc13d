"""The dev query set typed into a built site, over http and from file://, in Chromium.

    .venv/bin/python benchmarks/search.py [SITE]     # default: builds the default handbook

Prints, for each query of tests/site/searching.py, the rank of the expected page over
http and from file:// (`-` when it is not among the results), and the bytes that the
first page a reader opens downloads (each file, then the total), before and after the
search box is used. Works on any built site, also one from before the site's own
search (Material's search is measured the same way).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.site.searching import QUERIES, open_search, search  # noqa: E402
from tests.site.conftest import ARGS, CHROMIUM, serving  # noqa: E402


def first_page_bytes(browser, base: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(file, bytes) downloaded by opening the home page, then by one search."""
    context = browser.new_context()
    page = context.new_page()
    seen: list[tuple[str, int]] = []

    def done(request):
        response = request.response()
        if response is not None and request.url.startswith(base):
            seen.append((request.url[len(base):] or "/", len(response.body())))

    page.on("requestfinished", done)
    page.goto(base + "index.html", wait_until="networkidle")
    page.wait_for_timeout(1000)
    opened = list(seen)
    open_search(page)
    search(page, "客户经理", base)
    page.wait_for_load_state("networkidle")
    searched = seen[len(opened):]
    context.close()
    return opened, searched


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build the default handbook)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from generator.build import build

            site = Path(tmp) / "site"
            build(REPO, site, progress=lambda _: None)
        with serving(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            opened, searched = first_page_bytes(browser, base)
            ranks: dict[str, list] = {}
            for mode, root in (("http", base), ("file", site.resolve().as_uri() + "/")):
                context = browser.new_context()
                page = context.new_page()
                page.goto(root + "index.html")
                open_search(page)
                cdp = context.new_cdp_session(page)
                for query, expected, _ in QUERIES:
                    outcome = search(page, query, root, cdp)
                    ranks.setdefault(f"{query}\t{expected}", []).append(
                        (outcome.rank(expected), outcome.suggestion, outcome.pages[:3]))
                context.close()
            browser.close()
    print("query\texpected\tneeded\thttp\tfile\tsuggestion\ttop 3 (http)")
    for (query, expected, needed) in QUERIES:
        (h, suggestion, top), (f, _, _) = ranks[f"{query}\t{expected}"]
        print(f"{query}\t{expected}\t{needed}\t{h or '-'}\t{f or '-'}\t{suggestion}\t{', '.join(top)}")
    for title, files in (("first page", opened), ("first search", searched)):
        print(f"\n{title}: {sum(n for _, n in files):,} bytes")
        for name, n in sorted(files, key=lambda x: -x[1]):
            print(f"  {n:>9,}  {name}")


if __name__ == "__main__":
    main()
