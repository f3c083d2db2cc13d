"""Full build of the default handbook, split into site and PDFs, measured in one run.

    .venv/bin/python benchmarks/build.py [--jobs N] [--repeat N]

Prints the wall time of the site stage, the PDF stage (which overlaps the site:
PDFs render in worker processes while MkDocs builds), the whole build, and the
slowest PDFs. Target (issue 5): the whole build under 30 s on a 2-core machine.
On a shared machine one build varies by +-20 %: --repeat builds N times and
prints each total and the median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=0, help="PDF workers (default: one per core)")
    parser.add_argument("--repeat", type=int, default=1, help="builds to run; the median one is detailed")
    args = parser.parse_args()
    reports = []
    for _ in range(max(args.repeat, 1)):
        with tempfile.TemporaryDirectory() as tmp:
            reports.append(build(REPO, Path(tmp) / "site", jobs=args.jobs, progress=lambda _: None))
    if len(reports) > 1:
        print("totals:", ", ".join(f"{r.total_seconds:.1f} s" for r in reports))
    report = sorted(reports, key=lambda r: r.total_seconds)[len(reports) // 2]
    by_kind: dict[str, list[float]] = {}
    for output, _size, seconds in report.outputs:
        by_kind.setdefault(output.kind, []).append(seconds)
    print(f"cores: {os.cpu_count()}, PDF workers: {args.jobs or os.cpu_count()}")
    print(f"site  : {report.pages:4d} pages   {report.site_seconds:6.1f} s")
    print(f"files : {len(report.outputs):4d} files   {report.outputs_seconds:6.1f} s (PDFs and workbooks, "
          "from start of site stage)")
    for kind, times in sorted(by_kind.items()):
        print(f"  {kind:24s} {len(times):3d} x  median {statistics.median(times):5.2f} s  max {max(times):5.2f} s")
    median = " (median of %d)" % len(reports) if len(reports) > 1 else ""
    print(f"total : {report.total_seconds:6.1f} s{median} (target < 30 s)")
    slowest = sorted(report.outputs, key=lambda d: -d[2])[:3]
    print("slowest:", ", ".join(f"{j.path} {s:.1f} s" for j, _, s in slowest))


if __name__ == "__main__":
    main()
