"""Build the site with MkDocs' own API, into a given folder.

A project without mkdocs.yml uses the shipped one (site_config/mkdocs.yml: the site
name comes from company.yml); MkDocs refuses a docs_dir that does not exist before any
plugin runs, so a project without docs/ is given an empty one for the build.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError, HandbookError
from ..messages import msg
from ..project import Project
from ..resources import shipped


@contextmanager
def mkdocs_config(project: Project) -> Iterator[tuple[Path, dict]]:
    """(config file, overrides) for MkDocs: the project's mkdocs.yml or a generated one
    naming this project as the plugin's root, with an empty docs folder when there is none."""
    with tempfile.TemporaryDirectory(prefix="handbook-") as tmp:
        overrides: dict = {}
        docs = project.docs_dir if project.docs_dir.is_dir() else Path(tmp) / "docs"
        docs.mkdir(exist_ok=True)
        if project.mkdocs_yml.is_file():
            if not _declares(project.mkdocs_yml, "docs_dir"):
                overrides["docs_dir"] = str(docs)
            yield project.mkdocs_yml, overrides
            return
        generated = Path(tmp) / "mkdocs.yml"
        generated.write_text(
            (shipped() / "mkdocs.yml").read_text(encoding="utf-8")
            + f"docs_dir: {_quoted(docs)}\n"
            + f"plugins:\n  - handbook:\n      root: {_quoted(project.root)}\n", encoding="utf-8")
        yield generated, overrides


def _quoted(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _declares(config_file: Path, key: str) -> bool:
    try:
        text = config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # let MkDocs say what is wrong with it
    return re.search(rf"^{re.escape(key)}\s*:", text, re.M) is not None


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def build_site(project: Project | Path, site_dir: Path, downloads: list[str] = ()) -> None:
    """A strict MkDocs build: any warning (a broken link, ...) fails it. `downloads`: the
    output kinds built beside the site, which its pages link to."""
    project = project if isinstance(project, Project) else Project.at(project)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    from .plugin import HandbookPluginError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8 prints an end-of-life banner otherwise
    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    try:
        with mkdocs_config(project) as (config_file, overrides):
            cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True, **overrides)
            plugin = cfg.plugins.get("handbook")
            if plugin is None:
                raise BuildError(msg("site.no_plugin", config=config_file))
            plugin.config.downloads = list(downloads)
            # as `mkdocs build` does: a plugin kept from an earlier build in this process (MkDocs
            # keeps those that have on_startup, as ours) starts afresh
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
    except (HandbookPluginError, Abort) as exc:
        # MkDocs turns a plugin's error into Abort, raised while handling it
        cause = exc if isinstance(exc, HandbookPluginError) else exc.__context__
        if isinstance(cause, HandbookPluginError):
            raise HandbookError(cause.diagnostics) from None
        detail = " ".join(collect.messages[:5])
        raise BuildError(msg("site.failed", detail=f"{exc} {detail}".strip())) from None
    except PluginError as exc:
        raise BuildError(msg("site.failed", detail=exc)) from None
    finally:
        log.removeHandler(collect)
