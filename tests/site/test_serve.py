"""`handbook serve` rebuilds when a YAML file changes."""

from __future__ import annotations

import time
import urllib.request

from ..conftest import serving


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_on_yaml_edit(mini):
    with serving(mini.root) as server:
        url = f"{server.url}/roles/salesman.html"
        assert _wait_for(url, "业务员", 90), "the server did not come up"
        mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 外勤业务员")
        assert _wait_for(url, "外勤业务员", 60), "the page was not rebuilt after the YAML edit"


def _get_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return b""


def test_serve_serves_the_pdfs_and_renders_again_what_an_edit_changed(mini):
    with serving(mini.root, capture=True) as server:
        base = server.url
        assert _wait_for(f"{base}/roles/salesman.html", "pdf/roles/salesman.pdf", 180), "no download link"
        before = _get_bytes(f"{base}/pdf/roles/salesman.pdf")
        assert before.startswith(b"%PDF")
        assert _get_bytes(f"{base}/xlsx/departments/market.xlsx").startswith(b"PK")
        mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 外勤业务员")
        assert _wait_for(f"{base}/roles/salesman.html", "外勤业务员", 120)
        deadline = time.monotonic() + 60
        after = before
        while after in (before, b"") and time.monotonic() < deadline:
            time.sleep(0.5)
            after = _get_bytes(f"{base}/pdf/roles/salesman.pdf")
        assert after.startswith(b"%PDF") and after != before
    rebuilt = [line for line in server.stderr.splitlines() if line.startswith("rebuilt ")]
    assert rebuilt[0] != rebuilt[-1] and len(rebuilt) >= 2, rebuilt  # all the files first, then a few
