"""`handbook serve`: MkDocs' live-reload server, rebuilding on YAML edits, with the PDFs
and workbooks beside the pages (download links work in the preview). They come from the
build cache (generator/cache.py): after an edit only the files it changed are rendered.
The project's mkdocs.yml and templates are checked first (checks/config.py), as `check`
does."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from .checks import config
from .errors import HandbookError, ServeError
from .messages import msg
from .project import Project
from .site.build import mkdocs_config


def _outputs(presentation, outputs, site_dir: Path, project: Project) -> None:
    """Render (or take from the cache) the outputs into the served folder."""
    import sys

    from .build import _reproducible_dates
    from .cache import Cache
    from .jobs import collect, start

    if not outputs:
        return
    with _reproducible_dates(presentation.hb):
        cache = Cache.open(project)
        run = start(presentation, outputs, cache=cache)
        collect(run, site_dir, lambda _: None, cache)
        cache.save()
    print(msg("serve.rebuilt", count=len(run.rendered)), file=sys.stderr, flush=True)


def serve(root: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import recover
    from .site import plugin

    recover(Project.at(root).default_out)  # a killed build's previous output, back in place first
    _check_address(dev_addr)
    problems = [d for d in config.check(Path(root)) if d.is_error]
    if problems:  # MkDocs would stop on its config with a traceback: the located errors instead
        raise HandbookError(problems)
    plugin.SERVE_OUTPUTS = _outputs
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with mkdocs_config(Project.at(root)) as (config_file, overrides):
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, **overrides)


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
