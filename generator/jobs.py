"""Render planned outputs in worker processes, one per core, while the site builds.

The workers inherit the presentation (handbook, labels, templates) through fork, so
nothing is loaded twice and nothing big is pickled; each returns the bytes of one
output, written by the parent as they arrive. A worker never outlives the build: it
asks the kernel to kill it when its parent dies (a `kill -9` of the build), and it
closes its copy of the output folder's lock, which only the parent may hold.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, key as cache_key
from .outputs import PDF, Output, entity_of, safe_path
from .messages import Message, msg
from .pdf import parts
from .present import Presentation

_PRESENTATION: Presentation | None = None
_CACHE: Cache | None = None
_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int, close_fds: tuple[int, ...], nice: int) -> None:
    if nice:
        os.nice(nice)
    try:  # Linux: die with the parent, whatever kills it
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    for fd in close_fds:
        try:
            os.close(fd)
        except OSError:
            pass


def render_one(presentation: Presentation, output: Output) -> bytes:
    return output.spec.render()(presentation, entity_of(presentation.hb, output))


def output_key(presentation: Presentation, output: Output, env: str) -> str:
    """The cache key of `output` (generator/cache.py): for a PDF, the digest of the first
    document its renderer lays out (found by running the renderer up to WeasyPrint); for a
    workbook, the entities it lists."""
    from .pdf.render import Probed, probing

    hb = presentation.hb
    if output.spec.media_type == PDF:
        try:
            with probing():
                render_one(presentation, output)
        except Probed as probed:
            return cache_key(env, output.kind, output.path, probed.digest)
        raise AssertionError(output.path)  # pragma: no cover - every PDF renderer lays out
    # a workbook lists KPIs: the titles, codes and KPIs of its role or of its department and roles
    shown = {"title", "code", "kpis"}
    entity = entity_of(hb, output)
    parts = [hb.company.model_dump_json(), entity.model_dump_json(include=shown) if entity is not None else ""]
    if output.spec.entity == "department":
        parts += [r.model_dump_json(include=shown) for r in hb.dept_roles(entity.id)]
    return cache_key(env, output.kind, output.path, *parts)


def _work(output: Output) -> tuple[Output, bytes | None, float, str, bool, list[str]]:
    """(output, its bytes or None when the cache holds them, seconds, key, from the cache,
    the keys of the cached parts it was made of: pdf/parts.py)."""
    start = time.perf_counter()
    k = ""
    if _CACHE is not None:
        k = output_key(_PRESENTATION, output, _CACHE.env)
        if _CACHE._blob(k).is_file():
            return output, None, time.perf_counter() - start, k, True, []
    parts.store = _CACHE.parts() if _CACHE is not None else None
    try:
        data = render_one(_PRESENTATION, output)
        used = parts.store.used if parts.store is not None else []
    finally:
        parts.store = None
    return output, data, time.perf_counter() - start, k, False, used


@dataclass
class Run:
    """Outputs being rendered: the pool, one future per output, how many workers."""

    executor: ProcessPoolExecutor
    futures: list[Future]
    workers: int
    rendered: list = field(default_factory=list)  # paths rendered (not taken from the cache), after `collect`

    def cancel(self) -> None:
        for f in self.futures:
            f.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)

    def stop(self) -> None:
        """Cancel, and end the workers now: what they are rendering is dropped."""
        workers = list((self.executor._processes or {}).values())  # no public way before Python 3.14
        self.cancel()
        for worker in workers:
            worker.kill()


def start(presentation: Presentation, outputs: list[Output], workers: int = 0,
          close_fds: tuple[int, ...] = (), cache: Cache | None = None, nice: int = 0) -> Run:
    """Submit every output to a pool; the caller may do other work (the site) meanwhile,
    then `collect`. `close_fds`: descriptors the workers must not keep (the build lock).
    With a `cache`, an output whose key it holds is taken from it, not rendered. `nice`:
    the workers' lower priority (serve's, rendering behind the pages)."""
    global _PRESENTATION, _CACHE
    _PRESENTATION, _CACHE = presentation, cache
    import weasyprint  # noqa: F401  imported once here, inherited by every worker (0.6 s each otherwise)

    workers = min(workers or os.cpu_count() or 1, max(len(outputs), 1))
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init, initargs=(os.getpid(), tuple(close_fds), nice))
    # a department's manual last: the parts it shares with the whole manual (pdf/parts.py)
    # are laid out by then and taken from the cache
    ordered = sorted(outputs, key=lambda o: o.kind == "department-manual")
    return Run(executor, [executor.submit(_work, o) for o in ordered], workers)


def collect(run: Run, out_dir: Path, progress: Callable[[Message], None],
            cache: Cache | None = None) -> list[tuple[Output, int, float]]:
    """Write each output as it arrives (from the cache or rendered, and then stored in the
    cache); a failure cancels the rest and is raised."""
    from .progress import Progress

    done: list[tuple[Output, int, float]] = []
    run.rendered = []
    total = len(run.futures)
    bar = Progress(total, progress)
    try:
        for future in as_completed(run.futures):
            output, data, seconds, k, hit, used = future.result()
            if hit:
                data = cache.get(output.path, k)
                if data is None:  # removed meanwhile: render it here
                    hit, data = False, render_one(_PRESENTATION, output)
            elif cache is not None:
                cache.put(output.path, k, data)
            if cache is not None:
                cache.keep_parts(output.path, k, None if hit else used)
            target = safe_path(out_dir, output.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(f".{target.name}.part")
            part.write_bytes(data)
            part.replace(target)  # whole or not at all: `serve` serves the folder meanwhile
            done.append((output, len(data), seconds))
            if not hit:
                run.rendered.append(output.path)
            bar.step(msg("progress.output", done=len(done), total=total, path=output.path, seconds=f"{seconds:.1f}",
                         size=f"{len(data) / 1024:.0f}"))
    except BaseException:
        run.cancel()
        raise
    finally:
        bar.close()
    run.executor.shutdown()
    return sorted(done, key=lambda d: d[0].path)
