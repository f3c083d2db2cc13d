"""The files the generator ships, and a project's own copies that replace them.

Shipped: templates, print CSS, locale labels, theme overrides, site assets and the
default MkDocs config. The repository keeps them in `site_config/` at its top level;
pyproject.toml installs that folder as the package data `generator.site_config`, so a
checkout (editable install) and the wheel read them the same way: importlib.resources.

A project replaces any of them by a file at the same place in its own `site_config/`
(`css/form.css`, `overrides/main.html`, `assets/handbook.css`, `templates/pdf/form.html`),
and templates also by `templates/<name>`. Its `locales/<locale>.yml` holds only the
labels it changes. A project's file is user input: one reached through a link to
outside the project is refused (its text would be published), one that is not UTF-8 is
reported at its place, like a YAML mistake.
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

from .errors import HandbookError, Location, MissingTool, error
from .messages import msg
from .project import Project
from .source.yaml_reader import YamlError, decode

PACKAGE = "generator.site_config"


@functools.cache
def shipped() -> Path:
    """The folder of shipped files (a real folder: wheels are installed unpacked)."""
    try:
        root = importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        raise MissingTool(msg("tool.shipped_missing")) from None
    return Path(str(root))


class Resources:
    """Shipped files as one project sees them: its own copy first."""

    def __init__(self, project: Project | None = None):
        self.project = project

    def _own(self, rel: str) -> list[Path]:
        """The project's candidate folders or files for `rel`, in lookup order."""
        if self.project is None:
            return []
        own = [self.project.site_config_dir / rel]
        if rel.startswith("templates/") or rel == "templates":
            own.insert(0, self.project.root / rel)
        # the default handbook's project folder is the repository: its site_config/ is the shipped one
        return [p for p in own if not _same(p, shipped() / rel)]

    def folders(self, rel: str) -> list[Path]:
        """Every existing folder for `rel` (templates, overrides), the project's first."""
        return [p for p in [*self._own(rel), shipped() / rel] if p.is_dir()]

    def path(self, rel: str) -> Path:
        """The file for `rel`: the project's copy if it has one, else the shipped one."""
        for own in self._own(rel):
            if own.is_file():
                self._inside(own)
                return own
        return shipped() / rel

    def text(self, rel: str) -> str:
        path = self.path(rel)
        if path.is_relative_to(shipped()):
            return path.read_text(encoding="utf-8")
        return self.project_text(path)

    def project_text(self, path: Path) -> str:
        """A file of the project's as text, or a located diagnostic (not UTF-8, a control
        character, a link out of the project)."""
        self._inside(path)
        rel = self.project.relative(path)
        try:
            text, _ = decode(path.read_bytes(), rel)
        except YamlError as exc:
            raise HandbookError([exc.diagnostic]) from None
        except OSError as exc:
            raise HandbookError([error(Location(rel), msg("load.cannot_read", detail=exc.strerror or exc))]) from None
        return text

    def _inside(self, path: Path) -> None:
        if self.project is not None and not self.project.contains(path):
            raise HandbookError([error(Location(self.project.relative(path)), msg("load.outside"),
                                       msg("hint.copy_not_link"))])

    def is_own(self, path: Path) -> bool:
        """Whether `path` is one of the project's files (not a shipped one)."""
        return self.project is not None and not Path(path).resolve().is_relative_to(shipped()) \
            and self.project.contains(path)

    def files(self, rel: str) -> dict[str, Path]:
        """Every file under the folder `rel`, by its path from there; the project's copy wins."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders(rel)):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
                    if folder != shipped() / rel:
                        self._inside(path)
                    found[path.relative_to(folder).as_posix()] = path
        return dict(sorted(found.items()))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.resolve() == b.resolve()
    except OSError:
        return False
