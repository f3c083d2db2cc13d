"""`handbook serve`: MkDocs' live-reload server, rebuilding on YAML edits, with the PDFs
and workbooks beside the pages (download links work in the preview). The build is MkDocs'
dirty build: only the pages an edit changed are built again (site/incremental.py). The
outputs come from the build cache (generator/cache.py), in the background once the pages
are served: after an edit only the files it changed are rendered, and until then a
download link serves the previous file. The project's mkdocs.yml and templates are
checked first (checks/config.py), as `check` does."""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
from pathlib import Path

from .checks import config
from .errors import HandbookError, ServeError
from .messages import msg
from .project import Project
from .site.build import mkdocs_config

NICE = 10  # the outputs' workers yield the processors to the next rebuild of the pages


class ServedOutputs:
    """The outputs beside the served site, each build's rendered (or taken from the cache)
    by worker processes while the server goes on; a new build stops the previous one's."""

    def __init__(self):
        self.run = None
        self.thread: threading.Thread | None = None
        self.paths: set[str] = set()  # of the outputs in the site folder

    def __call__(self, presentation, outputs, site_dir: Path, project: Project) -> None:
        from .build import _reproducible_dates
        from .cache import Cache
        from .jobs import start

        self.stop()
        paths = {o.path for o in outputs}
        for gone in self.paths - paths:  # an entity removed: its files with it
            (site_dir / gone).unlink(missing_ok=True)
        self.paths = paths
        if not outputs:
            return
        # started in the server's thread, which lives as long as it: a worker dies with the
        # thread that forked it (jobs._worker_init); the dates are read here and by the workers
        with _reproducible_dates(presentation.hb):
            cache = Cache.open(project)
            self.run = start(presentation, outputs, cache=cache, nice=NICE)
        self.thread = threading.Thread(target=self._collect, args=(self.run, site_dir, cache), daemon=True)
        self.thread.start()

    def _collect(self, run, site_dir: Path, cache) -> None:
        from .jobs import collect

        try:
            collect(run, site_dir, lambda _: None, cache)
        except Exception as exc:  # noqa: BLE001 - shown; the next edit tries again
            if run is self.run:  # not stopped by a newer build
                print(msg("serve.outputs_failed", detail=exc), file=sys.stderr, flush=True)
            return
        cache.save()
        print(msg("serve.rebuilt", count=len(run.rendered)), file=sys.stderr, flush=True)

    def stop(self) -> None:
        run, self.run = self.run, None
        if run is not None:
            run.stop()
            self.thread.join()


class _DirtyWarning(logging.Filter):
    """MkDocs warns on each dirty build that its navigation may be wrong: not this one's,
    which builds every page again when the navigation changed."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def serve(root: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import recover
    from .site import plugin

    recover(Project.at(root).default_out)  # a killed build's previous output, back in place first
    _check_address(dev_addr)
    problems = [d for d in config.check(Path(root)) if d.is_error]
    if problems:  # MkDocs would stop on its config with a traceback: the located errors instead
        raise HandbookError(problems)
    outputs = plugin.SERVE_OUTPUTS = ServedOutputs()
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        with mkdocs_config(Project.at(root)) as (config_file, overrides):
            mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty",
                         **overrides)
    finally:
        outputs.stop()


def _check_address(dev_addr: str) -> None:
    """MkDocs binds only after the first build and then fails with a traceback: try the
    address first, as its server will (SO_REUSEADDR), so that a port in use or an address
    not on this machine is one line."""
    host, _, port = dev_addr.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, int(port)))
        except OSError as exc:
            raise ServeError(msg("serve.cannot_bind", address=dev_addr, detail=exc.strerror or exc)) from None
