"""One table of PDF kinds, and the parallel run over them.

Each kind says which entities it covers, where its file goes under pdf/, and
which renderer makes it (see weasyprint/pdf/pdfa.py for the same idea: a table,
not a code path per kind). Rendering runs in worker processes, one per core;
the workers inherit the loaded handbook through fork, so nothing is loaded
twice and nothing big is pickled.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import BuildError
from ..resolve import Handbook


@dataclass(frozen=True)
class PdfJob:
    kind: str
    id: str
    path: str  # relative to the pdf/ folder


@dataclass(frozen=True)
class Kind:
    items: Callable[[Handbook], list]
    path: str
    render: Callable[[Handbook, object], bytes]


def _kinds() -> dict[str, Kind]:
    from . import documents, forms

    return {
        # the manual first: it is the longest, so the workers finish together
        "handbook": Kind(lambda hb: [None], "handbook.pdf", lambda hb, _: documents.render_manual(hb)),
        "form": Kind(lambda hb: list(hb.forms.values()), "forms/{id}.pdf", forms.render_form),
        "role": Kind(lambda hb: list(hb.roles.values()), "roles/{id}.pdf", documents.render_job_description),
        "checklist": Kind(lambda hb: list(hb.roles.values()), "checklists/{id}.pdf", documents.render_checklist),
    }


def plan(hb: Handbook) -> list[PdfJob]:
    jobs = []
    for kind, spec in _kinds().items():
        for item in spec.items(hb):
            item_id = item.id if item is not None else "handbook"
            jobs.append(PdfJob(kind, item_id, spec.path.format(id=item_id)))
    return jobs


def safe_path(base: Path, relative: str) -> Path:
    """`base/relative`, refusing anything that would land outside `base`."""
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()):
        raise BuildError(f"refusing to write outside the output folder: {relative}")
    return target


def render_one(hb: Handbook, job: PdfJob) -> bytes:
    spec = _kinds()[job.kind]
    item = None
    if job.kind == "form":
        item = hb.forms[job.id]
    elif job.kind in ("role", "checklist"):
        item = hb.roles[job.id]
    return spec.render(hb, item)


_WORKER_HANDBOOK: Handbook | None = None


def _work(job: PdfJob) -> tuple[PdfJob, bytes, float]:
    start = time.perf_counter()
    data = render_one(_WORKER_HANDBOOK, job)
    return job, data, time.perf_counter() - start


def start(hb: Handbook, jobs: list[PdfJob], workers: int = 0):
    """Submit every job to a pool; returns (executor, futures). The caller may do
    other work (the site) meanwhile, then collect with `collect`."""
    global _WORKER_HANDBOOK
    _WORKER_HANDBOOK = hb
    import weasyprint  # noqa: F401  imported once here, inherited by every worker (0.6 s each otherwise)
    workers = workers or os.cpu_count() or 1
    executor = ProcessPoolExecutor(max_workers=min(workers, max(len(jobs), 1)),
                                   mp_context=multiprocessing.get_context("fork"))
    futures = [executor.submit(_work, job) for job in jobs]
    return executor, futures


def collect(executor, futures, out_dir: Path, progress: Callable[[str], None]) -> list[tuple[PdfJob, int, float]]:
    """Write each PDF as it arrives; a failure cancels the rest and is raised."""
    done: list[tuple[PdfJob, int, float]] = []
    total = len(futures)
    try:
        for future in as_completed(futures):
            job, data, seconds = future.result()
            target = safe_path(out_dir, job.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            done.append((job, len(data), seconds))
            progress(f"[{len(done)}/{total}] pdf/{job.path} ({seconds:.1f} s, {len(data) / 1024:.0f} KB)")
    except BaseException:
        for f in futures:
            f.cancel()
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()
    return sorted(done, key=lambda d: d[0].path)
