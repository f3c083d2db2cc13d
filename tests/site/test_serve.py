"""`handbook serve` rebuilds when a YAML file changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from ..conftest import REPO


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(mini.root), "serve",
                               "-a", f"127.0.0.1:{port}"], cwd=REPO, env=dict(os.environ, HANDBOOK_LANG="en"),
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/roles/salesman.html"
        assert _wait_for(url, "业务员", 90), "the server did not come up"
        mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 外勤业务员")
        assert _wait_for(url, "外勤业务员", 60), "the page was not rebuilt after the YAML edit"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _get_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return b""


def test_serve_serves_the_pdfs_and_renders_again_what_an_edit_changed(mini):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(mini.root), "serve",
                               "-a", f"127.0.0.1:{port}"], cwd=REPO, env=dict(os.environ, HANDBOOK_LANG="en"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
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
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            _, err = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            _, err = server.communicate()
    rebuilt = [line for line in err.decode("utf-8", "replace").splitlines() if line.startswith("rebuilt ")]
    assert rebuilt[0] != rebuilt[-1] and len(rebuilt) >= 2, rebuilt  # all the files first, then a few
