"""From saving a role file to the edit in the browser, under `handbook serve`, for the
K-times handbook (benchmarks/copies.py), for several K in one run.

    .venv/bin/python benchmarks/serve.py [--ks 1,4] [--edits 3] [--no-browser]

For each K: the handbook is made in a folder kept between runs (its build cache with it,
so that a second run does not render every PDF again), `handbook serve` is started on a
free port and the role page of copy 1's salesman opened in Chromium (Playwright), which
reloads it through MkDocs' live reload. Once the first build and its PDFs are done, the
role's duties are edited `--edits` times, each time measuring from the save to the edit
being in the browser's page and in an HTTP GET of the page, then to the role's job
description PDF being the new one (the next edit comes while the rest of the PDFs, the
manuals above all, are still being rendered behind, as when HR edits one file after
another); then the role's title is edited twice (a change of the navigation: every page
built again). Besides the times, the processor time the server's own process used from
the save to the page in the browser: what other processes on the machine do not change.
A timing on a shared machine is noisy: the median of the edits is printed with the range.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.copies import make_copies  # noqa: E402

ROLE = "handbook/roles/salesman.yml"
PAGE = "roles/salesman.html"
PDF = "pdf/roles/salesman.pdf"
DUTY = "热情对待客户，文明礼貌"
TITLE = "title: 业务员"


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except OSError:
        return b""


def _until(condition, seconds: float, step: float = 0.02) -> float | None:
    """Seconds until `condition()` holds (None: not within `seconds`)."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if condition():
            return time.perf_counter() - start
        time.sleep(step)
    return None


class Server:
    """`handbook serve` of `root` on a free port; what it prints is read from a file."""

    def __init__(self, root: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.log = root.parent / f"{root.name}.serve.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "-C", str(root), "serve", "-a", f"127.0.0.1:{port}"],
            cwd=REPO, env={**os.environ, "HANDBOOK_LANG": "en"}, stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"), start_new_session=True)

    def cpu(self) -> float:
        """Processor seconds the server's process has used (Linux: /proc), its workers not."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def said(self, pattern: str) -> list[str]:
        return re.findall(pattern, self.log.read_text(encoding="utf-8", errors="replace"))

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Browser:
    """The role page in Chromium, reloaded by the live-reload script as a reader sees it."""

    def __init__(self, url: str):
        from playwright.sync_api import sync_playwright

        from tests.site.conftest import ARGS, CHROMIUM

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        self.page = self.browser.new_page()
        self.page.goto(url)

    def shows(self, text: str, seconds: float) -> bool:
        """Whether the page shows `text` within `seconds` (through the reloads meanwhile)."""
        from playwright.sync_api import Error, TimeoutError

        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            try:
                self.page.wait_for_function("t => document.body && document.body.innerText.includes(t)",
                                            arg=text, polling=20, timeout=left * 1000)
                return True
            except TimeoutError:
                return False
            except Error:  # reloading: the document asked is gone
                time.sleep(0.01)
        return False

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


def _edit(root: Path, old: str, new: str) -> float:
    path = root / ROLE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return time.perf_counter()


def _seen(server: Server, browser: Browser | None, text: str, saved: float, seconds: float) -> dict:
    """Seconds from `saved` until the page shows `text`, in an HTTP GET and in the browser."""
    got: dict = {}

    def by_http():
        if _until(lambda: text.encode() in _get(f"{server.url}/{PAGE}"), seconds) is not None:
            got["http"] = time.perf_counter() - saved

    poller = threading.Thread(target=by_http)
    poller.start()
    if browser is not None and browser.shows(text, seconds):
        got["browser"] = time.perf_counter() - saved
    poller.join()
    return got


def _outputs_done(server: Server, seconds: float) -> float | None:
    """Seconds until the server said it has put the outputs of its first build in place."""
    return _until(lambda: server.said(r"rebuilt \d+ file"), seconds, 0.2)


def measure(k: int, work: Path, edits: int, browser_too: bool, wait: float) -> dict:
    root = work / f"k{k}"
    kept = work / f"k{k}.cache"  # the build cache, kept between runs
    if (root / ".cache").is_dir():
        shutil.rmtree(kept, ignore_errors=True)
        (root / ".cache").rename(kept)
    make_copies(REPO, root, k)
    if kept.is_dir():
        kept.rename(root / ".cache")
    row: dict = {"k": k, "roles": len(list((root / "handbook/roles").glob("*.yml"))), "edits": []}
    start = time.perf_counter()
    server = Server(root)
    browser = None
    try:
        row["first_pages"] = _until(lambda: b"</html>" in _get(f"{server.url}/{PAGE}"), wait, 0.2)
        if row["first_pages"] is None:
            raise SystemExit(f"K={k}: no page after {wait:.0f} s:\n{server.log.read_text()}")
        row["pages"] = int(server.said(r"built all (\d+) pages")[0])
        row["first_outputs"] = (_outputs_done(server, wait) or 0) + row["first_pages"]
        row["first_rendered"] = int(server.said(r"rebuilt (\d+) file")[0])
        browser = Browser(f"{server.url}/{PAGE}") if browser_too else None
        for n in range(1, edits + 1):
            before = _get(f"{server.url}/{PDF}")
            text = f"{DUTY}（第{n}次修改）"
            cpu = server.cpu()
            saved = _edit(root, DUTY if n == 1 else f"{DUTY}（第{n - 1}次修改）", text)
            seen = _seen(server, browser, text, saved, wait)
            seen["cpu"] = server.cpu() - cpu
            if _until(lambda: _get(f"{server.url}/{PDF}") not in (before, b""), wait, 0.1) is not None:
                seen["pdf"] = time.perf_counter() - saved
            seen["built"] = server.said(r"built (\d+) of the \d+ pages again")[-1:]
            row["edits"].append(seen)
        row["titles"] = []
        for old, new in ((TITLE, f"{TITLE}甲"), (f"{TITLE}甲", f"{TITLE}乙")):
            cpu = server.cpu()
            saved = _edit(root, old, new)
            row["titles"].append(_seen(server, browser, new.removeprefix("title: "), saved, wait))
            row["titles"][-1]["cpu"] = server.cpu() - cpu
        row["elapsed"] = time.perf_counter() - start
    finally:
        if browser is not None:
            browser.close()
        server.stop()
    return row


def _figure(values: list[float]) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


def report(rows: list[dict]) -> str:
    lines = ["| K | pages | first build: pages, PDFs | edit a role's duties: browser | HTTP GET | server CPU "
             "| its PDF | edit its title (every page): browser | HTTP GET | server CPU |", "| --- " * 10 + "|"]
    for r in rows:
        edits, titles = r["edits"], r["titles"]
        lines.append(
            f"| {r['k']} | {r['pages']} | {r['first_pages']:.1f} s, {r['first_outputs']:.0f} s "
            f"({r['first_rendered']} rendered) | {_figure([e.get('browser') for e in edits])} "
            f"| {_figure([e.get('http') for e in edits])} | {_figure([e['cpu'] for e in edits])} "
            f"| {_figure([e.get('pdf') for e in edits])} | {_figure([t.get('browser') for t in titles])} "
            f"| {_figure([t.get('http') for t in titles])} | {_figure([t['cpu'] for t in titles])} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ks", default="1,4", help="the K to measure, comma-separated (default 1,4)")
    parser.add_argument("--edits", type=int, default=3, help="edits of the duties at each K (default 3)")
    parser.add_argument("--no-browser", action="store_true", help="HTTP only, no Chromium")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "handbook-bench-serve",
                        help="the folder of the handbooks and their build caches (kept between runs)")
    parser.add_argument("--wait", type=float, default=1800, help="seconds to wait for any one step")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for k in [int(k) for k in args.ks.split(",") if k]:
        rows.append(measure(k, args.work, args.edits, not args.no_browser, args.wait))
        print(rows[-1], file=sys.stderr, flush=True)
    print(f"cores: {os.cpu_count()}, load average over the last 15 minutes: {os.getloadavg()[2]:.1f} "
          "(other processes take the same cores: timings are noisy)")
    print(report(rows))


if __name__ == "__main__":
    main()
