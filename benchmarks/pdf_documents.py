"""Time and size of the document PDFs: a job description, a checklist, the manual, and the
CJK job description against a Latin-only twin of the same layout.

    /tmp/venv/bin/python benchmarks/pdf_documents.py [--runs N] [--root DIR] [--role ID]

Measured in one run, with the real renderers (documents.render_*). The twin is the same role
with every non-ASCII character of the company, departments and roles replaced by two ASCII
letters (a CJK character is about as wide as two Latin ones) and the English interface labels,
so it has the same tables, rows and page count. The twin is timed twice: in the CJK font (what
the build does: Noto CJK also draws Latin) and with print CSS's "Handbook CJK" resolved to DejaVu
Sans (a page that loads no CJK font at all, the stricter baseline); CJK and Latin renders are interleaved so that
both see the same machine. Prints medians; target (issue 5): CJK under 3x the Latin time.
Not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from twin import latinise as twin_latinise  # noqa: E402  (benchmarks/, the script's own folder)


from generator.present.labels import load_labels  # noqa: E402
from generator.pdf import documents  # noqa: E402
from generator.handbook import Handbook, load_handbook  # noqa: E402
from generator.present import Presentation  # noqa: E402

# ids and references stay as they are: the twin must resolve like the original
_KEEP = {"id", "department", "reports_to", "next_roles", "parent", "head", "frequency", "period", "locale"}


def latinise(value):
    return twin_latinise(value, lambda m: _KEEP)


def latin_twin(hb: Handbook) -> Presentation:
    twin = replace(hb, company=latinise(hb.company), departments={k: latinise(d) for k, d in hb.departments.items()},
                   roles={k: latinise(r) for k, r in hb.roles.items()})
    return Presentation(twin, labels=load_labels("en"))


@contextmanager
def latin_font(family: str = "DejaVu Sans"):
    """Print CSS's "Handbook CJK" resolved to a Latin family instead of the CJK one."""
    from generator.pdf import render
    from generator.fonts import CjkFont

    saved = render.find_cjk_font
    render.find_cjk_font = lambda: CjkFont(family, Path("/dev/null"))
    try:
        yield
    finally:
        render.find_cjk_font = saved


def in_latin_font(p: Presentation, role) -> bytes:
    with latin_font():
        return documents.render_job_description(p, role)


def timed(render, *args) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = render(*args)
    return time.perf_counter() - start, data


def pages(pdf: bytes) -> int:
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="renders of each small document (default 5)")
    parser.add_argument("--root", type=Path, default=REPO, help="handbook project (default: the repo)")
    parser.add_argument("--role", default="salesman", help="role id (default salesman)")
    args = parser.parse_args()

    loaded = load_handbook(args.root)
    hb = Presentation(loaded)
    role = loaded.roles.get(args.role) or next(iter(loaded.roles.values()))
    twin = latin_twin(loaded)
    documents.render_job_description(hb, role)  # warm up: fonts found, templates compiled
    documents.render_job_description(twin, twin.hb.roles[role.id])
    in_latin_font(twin, twin.hb.roles[role.id])

    cjk, lat, latf, chk = [], [], [], []
    for _ in range(args.runs):
        cjk.append(timed(documents.render_job_description, hb, role))
        lat.append(timed(documents.render_job_description, twin, twin.hb.roles[role.id]))
        latf.append(timed(in_latin_font, twin, twin.hb.roles[role.id]))
        chk.append(timed(documents.render_checklist, hb, role))
    manual = timed(documents.render_manual, hb)

    def row(name: str, results: list[tuple[float, bytes]]) -> float:
        t = statistics.median(r[0] for r in results)
        data = results[-1][1]
        print(f"{name:<34} {t:7.2f} s {len(data) / 1024:8.0f} KB {pages(data):4d} pages")
        return t

    print(f"{args.root} role {role.id}, median of {args.runs} runs (manual: 1 run)")
    t_cjk = row(f"job description (CJK) {role.id}", cjk)
    t_lat_cjk = row("  Latin twin, CJK font", lat)
    t_lat = row("  Latin twin, Latin font (DejaVu)", latf)
    row(f"checklist {role.id}", chk)
    row("manual", [manual])
    print(f"CJK / Latin job description: {t_cjk / t_lat:.2f}x against the Latin font, "
          f"{t_cjk / t_lat_cjk:.2f}x against the twin in the CJK font (target < 3x)")


if __name__ == "__main__":
    main()
