"""Browser fixtures for the site's tests: Debian's Chromium driven by Playwright, and a
plain http server for a built site."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@contextmanager
def serving(site: Path):
    """`site` over http on a free local port; yields its root URL (ending in /)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server(default_site):
    """The default site over http, its root URL without the trailing slash."""
    with serving(default_site) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def external_requests(page, base: str) -> list[str]:
    """The requests `page` makes to anything but `base` (and data:, blob:, file:)."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((base, "data:", "blob:", "file:"))
            else None)
    return seen
