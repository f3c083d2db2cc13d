"""How the build grows with the handbook: the default handbook copied K times (see
benchmarks/copies.py), measured for several K in one run, with the ratios to K=1.

    .venv/bin/python benchmarks/scale.py [--ks 1,4,16] [--large] [--no-full] [--jobs N]

For each K, in a temporary folder: `handbook check`; the site alone (`build --no-pdf`);
the manual alone (its time per page); the whole build (its PDFs, time per PDF, peak
memory); a second whole build with no change (the cache's) and one after editing one
role's duties. Every step runs as a child process (the CLI, or this script's own
`--child` mode for the manual) so that its peak memory is its own: the largest resident
set of the process and its workers (getrusage, RUSAGE_SELF and RUSAGE_CHILDREN).
The check is compared with the time libyaml's C parser takes to read the same files'
events, measured in the same run. --large adds K=48 (check only: a whole build at that
size takes hours). Timings on a shared machine are noisy: the ratios of one run count.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.copies import make_copies  # noqa: E402

HANDBOOK = [sys.executable, "-m", "generator"]


def _child_run(argv: list[str]) -> None:
    """Run `argv` as a grandchild and print its wall time and peak memory as JSON."""
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "HANDBOOK_LANG": "en"})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(json.dumps({"rc": proc.returncode, "seconds": seconds, "peak_mb": peak / 1024,
                      "stdout": proc.stdout[-4000:], "stderr": proc.stderr[-4000:]}))


def _child_manual(root: str) -> None:
    """Render the manual alone, in this process; print its time and page count."""
    from generator.handbook import load_handbook
    from generator.pdf.documents import render_manual
    from generator.present import Presentation
    from generator.project import Project
    import pikepdf
    import io

    project = Project.at(root)
    p = Presentation(load_handbook(project.root), project)
    start = time.perf_counter()
    data = render_manual(p)
    seconds = time.perf_counter() - start
    pages = len(pikepdf.open(io.BytesIO(data)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "pages": pages, "peak_mb": peak / 1024}))


def run(argv: list[str], cwd: Path | None = None) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child-run", "--", *argv], capture_output=True, text=True,
                         cwd=cwd or REPO, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{result['stdout']}\n{result['stderr']}")
    return result


def libyaml_events(root: Path) -> float:
    """Seconds libyaml's C parser takes to read every source file's events."""
    import yaml

    files = sorted((root / "handbook").rglob("*.yml")) + sorted((root / "forms").rglob("*.yml"))
    start = time.perf_counter()
    for f in files:
        for _ in yaml.parse(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            pass
    return time.perf_counter() - start


_BUILT = re.compile(r"(\d+) pages, (\d+) PDFs")


def _counts(result: dict) -> tuple[int, int]:
    m = _BUILT.search(result["stderr"] + result["stdout"])
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def _rerendered(result: dict) -> int:
    m = re.search(r"(\d+) re-rendered", result["stderr"])
    return int(m.group(1)) if m else -1


def measure(k: int, tmp: Path, full: bool, jobs: int, check_only: bool = False, manual_too: bool = True) -> dict:
    root = make_copies(REPO, tmp / f"k{k}", k)
    row: dict = {"k": k, "roles": len(list((root / "handbook/roles").glob("*.yml")))}
    row["check"] = run([*HANDBOOK, "-C", str(root), "check"])["seconds"]
    row["libyaml"] = libyaml_events(root)
    if check_only:
        return row
    site = run([*HANDBOOK, "-C", str(root), "build", "--no-pdf", "--no-cache", "--out", str(tmp / f"site{k}")])
    row["site"], row["site_peak"] = site["seconds"], site["peak_mb"]
    row["pages"], _ = _counts(site)
    if manual_too:
        manual = json.loads(subprocess.run([sys.executable, __file__, "--child-manual", str(root)],
                                           capture_output=True, text=True, check=True, cwd=REPO).stdout)
        row["manual"], row["manual_pages"] = manual["seconds"], manual["pages"]
    if full:
        args = [*HANDBOOK, "-C", str(root), "build", "--out", str(tmp / f"full{k}")]
        if jobs:
            args += ["--jobs", str(jobs)]
        first = run(args)
        row["full"], row["full_peak"] = first["seconds"], first["peak_mb"]
        _, row["pdfs"] = _counts(first)
        again = run(args)
        row["again"], row["again_rerendered"] = again["seconds"], _rerendered(again)
        role = root / "handbook/roles/salesman.yml"
        role.write_text(role.read_text(encoding="utf-8").replace(
            "热情对待客户，文明礼貌", "热情对待客户，文明礼貌，耐心解答", 1), encoding="utf-8")
        edited = run(args)
        row["edited"], row["edited_rerendered"] = edited["seconds"], _rerendered(edited)
    return row


def _ratio(rows: list[dict], key: str, k: int, per: str | None = None) -> str:
    base = next((r for r in rows if r["k"] == 1 and key in r), None)
    row = next(r for r in rows if r["k"] == k)
    if base is None or key not in row:
        return ""
    value = row[key] / row[per] if per else row[key]
    ref = base[key] / base[per] if per else base[key]
    return f"{value / ref:.2f}x" if ref else ""


def report(rows: list[dict]) -> str:
    lines = ["| K | what | time | ratio to K=1 |", "| --- | --- | --- | --- |"]
    for r in rows:
        k = r["k"]
        lines.append(f"| {k} | `handbook check`, {r['roles']} roles | {r['check']:.1f} s "
                     f"(libyaml events {r['libyaml']:.1f} s: {r['check'] / r['libyaml']:.1f}x) | "
                     f"{_ratio(rows, 'check', k)} |")
        if "site" in r:
            lines.append(f"| {k} | site only ({r['pages']} pages) | {r['site']:.1f} s, "
                         f"{r['site'] / max(r['pages'], 1) * 1000:.0f} ms a page, {r['site_peak']:.0f} MB peak | "
                         f"{_ratio(rows, 'site', k, 'pages')} a page |")
        if "manual" in r:
            lines.append(f"| {k} | manual, {r['manual_pages']} pages | {r['manual']:.1f} s, "
                         f"{r['manual'] / r['manual_pages']:.3f} s a page | {_ratio(rows, 'manual', k, 'manual_pages')} "
                         "a page |")
        if "full" in r:
            lines.append(f"| {k} | whole build, {r['pdfs']} PDFs | {r['full']:.1f} s, "
                         f"{r['full'] / max(r['pdfs'], 1):.2f} s a PDF, {r['full_peak']:.0f} MB peak | "
                         f"{_ratio(rows, 'full', k)} (memory {_ratio(rows, 'full_peak', k)}) |")
            lines.append(f"| {k} | rebuild, no change | {r['again']:.1f} s ({r['again'] / r['full']:.0%} of the first;"
                         f" {r['again_rerendered']} outputs re-rendered) | |")
            lines.append(f"| {k} | rebuild after editing one role's duties | {r['edited']:.1f} s "
                         f"({r['edited'] / r['full']:.0%}; {r['edited_rerendered']} re-rendered) | |")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-run":
        return _child_run(sys.argv[3:])
    if len(sys.argv) > 1 and sys.argv[1] == "--child-manual":
        return _child_manual(sys.argv[2])
    parser = argparse.ArgumentParser()
    parser.add_argument("--ks", default="1,4,16", help="the K to measure, comma-separated (default 1,4,16)")
    parser.add_argument("--large", action="store_true", help="also K=48, check only")
    parser.add_argument("--no-full", action="store_true", help="skip the whole builds (site, manual, check only)")
    parser.add_argument("--full-ks", default="1,4,16", help="the K that get whole builds (default 1,4,16)")
    parser.add_argument("--manual-ks", default="1,4,16", help="the K whose manual is rendered alone (default 1,4,16)")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    ks = [int(k) for k in args.ks.split(",") if k]
    full_ks = {int(k) for k in args.full_ks.split(",") if k}
    manual_ks = {int(k) for k in args.manual_ks.split(",") if k}
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-scale-") as tmp:
        for k in ks:
            rows.append(measure(k, Path(tmp), not args.no_full and k in full_ks, args.jobs,
                                manual_too=k in manual_ks))
            print(report(rows).splitlines()[-1], file=sys.stderr, flush=True)
        if args.large:
            rows.append(measure(48, Path(tmp), False, args.jobs, check_only=True))
    print(f"cores: {os.cpu_count()} (shared: timings are noisy; the ratios of one run count)")
    print(report(rows))


if __name__ == "__main__":
    main()
