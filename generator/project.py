"""A project folder: where its sources, its own overrides, its cache and its output are.

A company's project holds `handbook/` and `forms/` (the YAML), optionally `mkdocs.yml`,
`docs/` (pages of its own), `templates/` and `site_config/` (its own copies of shipped
files, see resources.py). Nothing else in the generator builds these paths by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path | str) -> "Project":
        return cls(Path(root).resolve())

    @property
    def handbook_dir(self) -> Path:
        return self.root / "handbook"

    @property
    def forms_dir(self) -> Path:
        return self.root / "forms"

    @property
    def sources(self) -> tuple[Path, Path]:
        """The folders holding the YAML: never an output, never replaced."""
        return self.handbook_dir, self.forms_dir

    @property
    def templates_dir(self) -> Path:
        """The project's own templates (`templates/site/role.md` replaces the shipped one)."""
        return self.root / "templates"

    @property
    def site_config_dir(self) -> Path:
        """The project's own copies of shipped files, at the same places (css/, locales/ ...)."""
        return self.root / "site_config"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def default_out(self) -> Path:
        return self.root / "site"

    def relative(self, path: Path) -> str:
        """`path` as diagnostics show it: relative to the project, with forward slashes."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def contains(self, path: Path) -> bool:
        """Whether `path`, links followed, lies inside the project (a linked file outside
        it would be published with the site)."""
        try:
            return Path(path).resolve().is_relative_to(self.root)
        except OSError:
            return False
