"""`handbook serve`: MkDocs' live-reload server, rebuilding on YAML edits."""

from __future__ import annotations

from pathlib import Path

from .site.build import config_file


def serve(root: Path, dev_addr: str = "127.0.0.1:8000") -> None:
    import os

    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = Path(root).resolve()
    # The plugin finds the project from the config file's folder; with the shipped
    # default config (a project without mkdocs.yml) it is told here.
    os.environ["HANDBOOK_ROOT"] = str(root)
    mkdocs_serve(config_file=str(config_file(root)), dev_addr=dev_addr, livereload=True)
