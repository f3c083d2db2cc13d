"""`handbook serve`: MkDocs' live-reload server, rebuilding on YAML edits."""

from __future__ import annotations

import socket
from pathlib import Path

from .errors import BuildError
from .site.build import config_file


def serve(root: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    import os

    from mkdocs.commands.serve import serve as mkdocs_serve

    _check_address(dev_addr)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = Path(root).resolve()
    # The plugin finds the project from the config file's folder; with the shipped
    # default config (a project without mkdocs.yml) it is told here.
    os.environ["HANDBOOK_ROOT"] = str(root)
    mkdocs_serve(config_file=str(config_file(root)), dev_addr=dev_addr, livereload=True)


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
            raise BuildError(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None
