"""`handbook serve` rebuilds when a YAML file changes: the pages the edit changed (every
page when it changed the navigation), the search index, then the PDFs in the background;
after an invalid edit the site stays served as it was."""

from __future__ import annotations

import json
import re
import time
import urllib.request

from ..conftest import serving

ROLE = "handbook/roles/salesman.yml"


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _wait_for(url: str, text: str, seconds: float) -> bool:
    return _until(lambda: text in _get(url), seconds)


def test_serve_builds_again_what_an_edit_changed(mini):
    with serving(mini.root) as server:
        url = f"{server.url}/roles/salesman.html"
        assert _wait_for(url, "业务员", 90), "the server did not come up"
        built = {p: p.stat().st_mtime_ns for p in server.site.rglob("*.html")}

        mini.replace(ROLE, "协助收款员回收应收款项", "协助收款员按时回收应收款项")
        assert _wait_for(url, "按时回收", 60), "the page was not rebuilt after the YAML edit"
        again = [p.relative_to(server.site).as_posix() for p, t in built.items() if p.stat().st_mtime_ns != t]
        assert again == ["roles/salesman.html"], "only the edited page is built again"
        assert f"built 1 of the {len(built) - 1} pages again" in server.stderr  # 404.html is no page
        index = json.loads(_get(f"{server.url}/search/search_index.json"))["config"]["index"]
        assert "按时回收" in _get(f"{server.url}/{index}")

        mini.replace(ROLE, "title: 业务员", "title: 外勤业务员")  # in every page's navigation
        assert _wait_for(url, "外勤业务员", 60)
        assert [p.name for p in built if "外勤业务员" not in p.read_text(encoding="utf-8")] == []
        assert server.stderr.count(f"built all {len(built) - 1} pages") == 2  # the first build, this one

        mini.replace(ROLE, "title: 外勤业务员", "title: [外勤业务员")
        assert _until(lambda: "the site is still served as it was" in server.stderr, 60)
        assert "handbook/roles/salesman.yml:3:5: error: YAML syntax error" in server.stderr
        assert "外勤业务员" in _get(url), "the previous site is served, not held until a build succeeds"


def _get_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return b""


def test_serve_serves_the_pdfs_and_renders_again_what_an_edit_changed(mini):
    def rendered() -> list[int]:  # the outputs rendered (not from the cache) by each build so far
        return [int(n) for n in re.findall(r"^rebuilt (\d+) file", server.stderr, re.M)]

    with serving(mini.root) as server:
        base = server.url
        assert _wait_for(f"{base}/roles/salesman.html", "pdf/roles/salesman.pdf", 180), "no download link"
        assert _until(lambda: len(rendered()) == 1, 180), "the PDFs of the first build were not made"
        before = _get_bytes(f"{base}/pdf/roles/salesman.pdf")
        assert before.startswith(b"%PDF")
        assert _get_bytes(f"{base}/xlsx/departments/market.xlsx").startswith(b"PK")
        mini.replace(ROLE, "协助收款员回收应收款项", "协助收款员按时回收应收款项")
        assert _wait_for(f"{base}/roles/salesman.html", "按时回收", 120)
        assert _until(lambda: len(rendered()) == 2, 120), "the PDFs of the edit were not made"
        after = _get_bytes(f"{base}/pdf/roles/salesman.pdf")
        assert after.startswith(b"%PDF") and after != before
        first, edit = rendered()
        assert 0 < edit < first, (first, edit)  # all the files first, then a few
