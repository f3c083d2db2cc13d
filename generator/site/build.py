"""Build the site with MkDocs' own API, into a given folder."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from ..errors import BuildError
from ..resolve import Handbook
from ..templating import SITE_CONFIG

DEFAULT_CONFIG = SITE_CONFIG / "mkdocs.default.yml"


def config_file(root: Path) -> Path:
    """The project's mkdocs.yml, or the shipped default (fixture handbooks have none)."""
    own = root / "mkdocs.yml"
    return own if own.exists() else DEFAULT_CONFIG


def load(root: Path, site_dir: Path | None = None, handbook: Handbook | None = None, **overrides):
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material 9.8 prints an end-of-life banner otherwise
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir)
    cfg = load_config(config_file=str(config_file(root)), **overrides)
    plugin = cfg.plugins.get("handbook")
    if plugin is None:
        raise BuildError(f"{config_file(root)} does not enable the 'handbook' plugin")
    plugin.root_override = Path(root).resolve()
    plugin.preloaded = handbook
    return cfg


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def build_site(root: Path, site_dir: Path, handbook: Handbook | None = None) -> None:
    """A strict MkDocs build: any warning (a broken link, ...) fails it."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, PluginError

    cfg = load(root, site_dir, handbook, strict=True)
    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    try:
        build(cfg)
    except (PluginError, Abort) as exc:
        source_error = getattr(cfg.plugins.get("handbook"), "error", None)
        if source_error:  # a mistake in the project's templates: printed like a YAML mistake
            raise source_error from None
        if isinstance(exc, PluginError):
            raise BuildError(f"site: {exc}") from None
        detail = "; ".join(collect.messages[:5])
        raise BuildError(f"site: {exc} {detail}".strip()) from None
    finally:
        log.removeHandler(collect)
