"""Time and size of every form PDF of the default handbook, against a Latin-only twin.

    /tmp/venv/bin/python benchmarks/forms.py [--runs N] [--root DIR]

Each form is rendered N times (default 3) with the real pipeline (forms.render_form:
WeasyPrint with pdf_forms, finalize_form, field flags). Its twin has the same shape,
the same YAML with every non-ASCII character of labels, titles, options and notes replaced
by two ASCII letters (a CJK character is about as wide as two Latin ones) and the English
interface labels; it is rendered the same way in the same run, interleaved, so both see the
same machine. Prints per form the median time and size of both, and the ratios; then the
medians over all forms. Target (issue 4): Chinese under 2x the Latin time; every form at
most 100 KB. Not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from twin import latinise as twin_latinise  # noqa: E402  (benchmarks/, the script's own folder)


from generator.source import model  # noqa: E402
from generator.present.labels import load_labels  # noqa: E402
from generator.pdf import forms  # noqa: E402
from generator.handbook import Handbook, load_handbook  # noqa: E402
from generator.present import Presentation  # noqa: E402

LIMIT = 100 * 1024


_KEEP = {"id", "type", "owner", "filled_by"}  # ids and kinds, not text


def latinise(value):
    """A copy with every text made ASCII; ids, kinds and the counterfoil's field ids stay."""
    return twin_latinise(value, lambda m: _KEEP | ({"fields"} if isinstance(m, model.Counterfoil) else set()))


def latin_handbook(hb: Handbook) -> Presentation:
    from dataclasses import replace

    twin = replace(hb, company=latinise(hb.company), forms={k: latinise(f) for k, f in hb.forms.items()})
    return Presentation(twin, labels=load_labels("en"))


def timed(p: Presentation, form) -> tuple[float, int]:
    start = time.perf_counter()
    data = forms.render_form(p, form)
    return time.perf_counter() - start, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="renders per form and language (default 3)")
    parser.add_argument("--root", default=str(REPO), help="project folder (default: the repository)")
    args = parser.parse_args()

    hb = Presentation(load_handbook(Path(args.root)))
    twin = latin_handbook(hb.hb)
    # warm-up: fonts found, stand-in field font cut, templates compiled
    first = next(iter(hb.hb.forms))
    timed(hb, hb.hb.forms[first])
    timed(twin, twin.hb.forms[first])

    print(f"{'form':28s} {'zh s':>6s} {'zh KB':>7s} {'latin s':>8s} {'latin KB':>9s} {'time x':>7s} {'size x':>7s}")
    rows = []
    for fid in hb.hb.forms:
        zh, la = [], []
        for _ in range(args.runs):
            zh.append(timed(hb, hb.hb.forms[fid]))
            la.append(timed(twin, twin.hb.forms[fid]))
        t_zh, t_la = statistics.median(t for t, _ in zh), statistics.median(t for t, _ in la)
        s_zh, s_la = zh[-1][1], la[-1][1]
        rows.append((fid, t_zh, s_zh, t_la, s_la))
        flag = "  OVER 100 KB" if s_zh > LIMIT else ""
        print(f"{fid:28s} {t_zh:6.2f} {s_zh / 1024:7.1f} {t_la:8.2f} {s_la / 1024:9.1f} "
              f"{t_zh / t_la:7.2f} {s_zh / s_la:7.2f}{flag}")

    med = statistics.median
    t_zh, t_la = med(r[1] for r in rows), med(r[3] for r in rows)
    s_zh, s_la = med(r[2] for r in rows), med(r[4] for r in rows)
    print(f"{'median per form':28s} {t_zh:6.2f} {s_zh / 1024:7.1f} {t_la:8.2f} {s_la / 1024:9.1f} "
          f"{t_zh / t_la:7.2f} {s_zh / s_la:7.2f}")
    print(f"largest: {max(r[2] for r in rows) / 1024:.1f} KB (limit 100 KB); "
          f"Chinese/Latin time ratio of the medians: {t_zh / t_la:.2f} (target < 2); "
          f"{len(rows)} forms x {args.runs} runs")


if __name__ == "__main__":
    main()
