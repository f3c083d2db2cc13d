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
from dataclasses import dataclass
from pathlib import Path

from .outputs import Output, entity_of, safe_path
from .messages import Message, msg
from .present import Presentation

_PRESENTATION: Presentation | None = None
_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int, close_fds: tuple[int, ...]) -> None:
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


def _work(output: Output) -> tuple[Output, bytes, float]:
    start = time.perf_counter()
    data = render_one(_PRESENTATION, output)
    return output, data, time.perf_counter() - start


@dataclass
class Run:
    """Outputs being rendered: the pool, one future per output, how many workers."""

    executor: ProcessPoolExecutor
    futures: list[Future]
    workers: int

    def cancel(self) -> None:
        for f in self.futures:
            f.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)


def start(presentation: Presentation, outputs: list[Output], workers: int = 0,
          close_fds: tuple[int, ...] = ()) -> Run:
    """Submit every output to a pool; the caller may do other work (the site) meanwhile,
    then `collect`. `close_fds`: descriptors the workers must not keep (the build lock)."""
    global _PRESENTATION
    _PRESENTATION = presentation
    import weasyprint  # noqa: F401  imported once here, inherited by every worker (0.6 s each otherwise)

    workers = min(workers or os.cpu_count() or 1, max(len(outputs), 1))
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init, initargs=(os.getpid(), tuple(close_fds)))
    return Run(executor, [executor.submit(_work, o) for o in outputs], workers)


def collect(run: Run, out_dir: Path, progress: Callable[[Message], None]) -> list[tuple[Output, int, float]]:
    """Write each output as it arrives; a failure cancels the rest and is raised."""
    done: list[tuple[Output, int, float]] = []
    total = len(run.futures)
    try:
        for future in as_completed(run.futures):
            output, data, seconds = future.result()
            target = safe_path(out_dir, output.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            done.append((output, len(data), seconds))
            progress(msg("progress.output", done=len(done), total=total, path=output.path, seconds=f"{seconds:.1f}",
                         size=f"{len(data) / 1024:.0f}"))
    except BaseException:
        run.cancel()
        raise
    run.executor.shutdown()
    return sorted(done, key=lambda d: d[0].path)
