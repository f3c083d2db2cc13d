"""`handbook build`: load -> check -> present -> render the site and the outputs -> swap into place.

The outputs are the files of the outputs table (PDFs, workbooks), rendered in worker
processes while MkDocs builds the site. Nothing is written into the output folder
until everything succeeded: the site and the outputs are rendered into a staging
folder beside it, which then
replaces the previous output by rename. A failed or killed build leaves the
previous output exactly as it was (a killed one leaves only a staging folder,
removed by the next build). Builds into the same folder take turns: a lock
file beside it (`.<name>.lock`) is held for the whole build, so a second build
waits instead of removing the first one's staging folder. The lock is an flock on
an open descriptor: the kernel frees it when its holder dies, so a killed build
never blocks the next one (and the workers close their copy of it, jobs.py).

A build killed between its two renames leaves the previous output as
`.<name>.previous` and no `<name>`: every command that touches the output folder
(build, serve, forms print) calls `recover` first, which puts it back, before any
check that may fail. A full disk (ENOSPC, EDQUOT, EFBIG) is one line naming the
folder; the staging folder is removed and the previous output is left as it was.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time as dtime, timezone
from pathlib import Path
from typing import IO, Callable, Iterator

from .jobs import collect as collect_outputs
from .jobs import start as start_outputs
from .errors import OutputFolderError
from .messages import Message, msg
from .handbook import Handbook, load_handbook
from .outputs import OUTPUTS, PDF, plan
from .present import Presentation
from .project import Project

MARKER = ".handbook-build"  # marks a folder as ours, so a rebuild may replace it


@dataclass
class BuildReport:
    out: Path
    pages: int = 0
    outputs: list = field(default_factory=list)  # (Output, size, seconds)
    site_seconds: float = 0.0
    outputs_seconds: float = 0.0
    total_seconds: float = 0.0
    rendered: list = field(default_factory=list)  # paths of the outputs rendered, not taken from the cache
    site_cached: bool = False  # the site copied from the previous build (nothing it shows changed)


def _stderr(message: Message | str) -> None:
    print(message, file=sys.stderr, flush=True)


def _site_context(hb, project: Project) -> tuple[str, ...]:
    """What the site shows besides its files: the base of its 本版变更 page (git) and the day
    its review marks count from."""
    from .checks.reviews import today
    from .diff.current import base_of

    return (base_of(hb, project.root), today().isoformat())


def build(root: Path, out: Path | None = None, *, pdf: bool = True, jobs: int = 0, cache: bool = True,
          progress: Callable[[Message | str], None] = _stderr) -> BuildReport:
    """load -> check -> present -> render the site and the outputs -> swap into place.
    With `cache` (generator/cache.py), what has not changed since the last build is taken
    from the project's build cache instead of rendered again."""
    started = time.perf_counter()
    project = Project.at(root)
    out = (Path(out) if out else project.default_out).resolve()
    recover(out)  # before anything can fail: readers get the previous output back
    _check_out(project, out)

    hb = load_handbook(project.root)  # raises HandbookError with every diagnostic
    for w in hb.warnings:
        progress(w.format())
    presentation = Presentation(hb, project)
    media = {k.media_type for k in OUTPUTS if pdf or k.media_type != PDF}
    outputs = plan(hb, media)
    report = BuildReport(out)

    with _reproducible_dates(hb), _disk_full(out), _staging(out, progress) as (staging, lock):
        run = None
        if outputs and any(o.spec.media_type == PDF for o in outputs):
            _check_pdf_tools(progress)
        from .cache import Cache, copy_site, previous_site

        store = Cache.open(project)  # its keys are computed even with --no-cache: the site's goes in MARKER
        if outputs:
            run = start_outputs(presentation, outputs, jobs, close_fds=(lock.fileno(),),  # while the site builds
                                cache=store if cache else None)
            progress(msg("progress.rendering", count=len(outputs), workers=run.workers))

        t = time.perf_counter()
        from .site.build import build_site

        downloads = sorted({o.kind for o in outputs})
        try:
            site_key = store.site_key(project, downloads, _site_context(hb, project))
            previous = previous_site(out, MARKER, site_key) if cache else None
            if previous is not None:
                copy_site(*previous, staging, skip={MARKER})
                report.site_cached = True
            else:
                build_site(project, staging, downloads=downloads)
        except BaseException:
            if run:
                run.cancel()
            raise
        report.site_seconds = time.perf_counter() - t
        report.pages = sum(1 for p in staging.rglob("*.html") if "assets" not in p.parts and p.name != "404.html")
        progress(msg("progress.site", pages=report.pages, seconds=f"{report.site_seconds:.1f}"))

        if run:
            t = time.perf_counter()
            report.outputs = collect_outputs(run, staging, progress, store if cache else None)
            report.rendered = sorted(run.rendered)
            report.outputs_seconds = time.perf_counter() - t + report.site_seconds
            if cache:
                progress(msg("progress.cached", cached=len(outputs) - len(run.rendered), total=len(outputs),
                             count=len(run.rendered)))
        (staging / MARKER).write_text("built by `handbook build`; replaced as a whole on every build\n"
                                      f"site {site_key}\n" + "".join(f"output {o.path}\n" for o, _, _ in report.outputs))
    if cache:
        store.save()

    report.total_seconds = time.perf_counter() - started
    size = sum(s for _, s, _ in report.outputs)
    pdfs = sum(1 for o, _, _ in report.outputs if o.spec.media_type == PDF)
    progress(msg("progress.built", out=out, pages=report.pages, pdfs=pdfs, others=len(report.outputs) - pdfs,
                 size=f"{size / 1024 / 1024:.1f}", seconds=f"{report.total_seconds:.1f}"))
    return report


def _check_pdf_tools(progress: Callable[[Message | str], None]) -> None:
    from .fonts import check_harfbuzz_subset, find_cjk_font

    find_cjk_font()  # fail before any work when no CJK font is installed
    if not check_harfbuzz_subset():
        progress(msg("progress.no_harfbuzz"))


def _check_out(project: Project, out: Path) -> None:
    """Never replace the project itself, its sources, or a folder that is not a previous build."""
    root = project.root
    if out == root or root.is_relative_to(out) or any(out.is_relative_to(s) for s in project.sources):
        raise OutputFolderError(msg("out.sources", out=out))
    try:
        if out.exists() and not out.is_dir():
            raise OutputFolderError(msg("out.is_file", out=out))
        foreign = out.exists() and any(out.iterdir()) and not (out / MARKER).exists()
    except OSError as exc:
        raise OutputFolderError(msg("out.cannot_use", out=out, reason=_reason(exc, out))) from None
    if foreign:
        raise OutputFolderError(msg("out.foreign", out=out))


def _reason(exc: OSError, out: Path) -> Message | str:
    """Why `out` cannot be made, for a user: a file in the way is named as such."""
    for ancestor in out.parents:  # os.path: these never raise
        if os.path.exists(ancestor):
            if not os.path.isdir(ancestor):
                return msg("out.reason_file", path=ancestor)
            break
    where = f" ({exc.filename})" if exc.filename and Path(exc.filename) != out else ""
    return f"{exc.strerror or exc}{where}"


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _full_disk(exc: BaseException | None) -> OSError | None:
    """The disk-full OSError behind `exc` (MkDocs and the workers may wrap it), if any."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _FULL:
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


@contextmanager
def _disk_full(out: Path) -> Iterator[None]:
    """A full disk while the build writes is one line: which folder, and that the previous
    output is intact (the staging folder has been removed by then, `_swap`)."""
    try:
        yield
    except Exception as exc:
        full = _full_disk(exc)
        if full is None:
            raise
        raise OutputFolderError(msg("out.disk_full", folder=out.parent, out=out,
                                    reason=full.strerror or errno.errorcode.get(full.errno, full.errno))) from None


def recover(out: Path) -> bool:
    """Put the previous output back when a build was killed between its two renames
    (`.<name>.previous` exists, `<name>` does not). Touches nothing else; skipped while
    another build holds the lock (that build is mid-swap, and recovers on its own).
    True when something was restored."""
    out = Path(out).absolute()
    parent = out.parent
    old = parent / f".{out.name}.previous"
    try:
        if not old.is_dir() or os.path.lexists(out):
            return False
        lock = open(parent / f".{out.name}.lock", "a")
    except OSError:
        return False  # nothing we may touch; the build says why when it runs
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        try:
            if old.is_dir() and not os.path.lexists(out):
                old.rename(out)
                return True
        except OSError:
            pass
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return False


@contextmanager
def _staging(out: Path, progress: Callable[[Message | str], None] = _stderr) -> Iterator[tuple[Path, IO[str]]]:
    """The staging folder beside `out` (and the held lock), swapped into its place if the
    body succeeds. The folders and files made here (parent, lock, staging folder) are the
    first writes of the build: failing to make them is the user's --out, not a bug."""
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        lock = open(parent / f".{out.name}.lock", "a")
    except OSError as exc:
        raise OutputFolderError(msg("out.cannot_create", out=out, reason=_reason(exc, out))) from None
    with lock, _exclusive(lock, progress, out):
        with _swap(out, parent) as staging:
            yield staging, lock


@contextmanager
def _exclusive(f: IO[str], progress: Callable[[Message | str], None], out: Path) -> Iterator[None]:
    """One build at a time per output folder (`f` is the open lock file). flock is released
    by the kernel when the holder dies, so a killed build never leaves the lock held."""
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        progress(msg("progress.waiting", out=out))
        fcntl.flock(f, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def _swap(out: Path, parent: Path) -> Iterator[Path]:
    for stale in parent.glob(f".{out.name}.building-*"):  # left by a killed build
        shutil.rmtree(stale, ignore_errors=True)
    old = parent / f".{out.name}.previous"
    if old.exists() and not out.exists():  # killed between the two renames below: restore
        old.rename(out)
    shutil.rmtree(old, ignore_errors=True)

    staging = parent / f".{out.name}.building-{os.getpid()}"
    try:
        staging.mkdir()
    except OSError as exc:
        raise OutputFolderError(msg("out.cannot_create", out=out, reason=_reason(exc, out))) from None
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _reproducible_dates(hb: Handbook) -> Iterator[None]:
    """Dates written into the output (sitemap, PDF metadata) come from SOURCE_DATE_EPOCH;
    when it is not set, from the handbook's effective date, so that two builds of the
    same source are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    dates = [hb.company.effective_date] + [r.date for r in hb.company.revisions]
    moment = datetime.combine(max(dates), dtime(0, 0), tzinfo=timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
