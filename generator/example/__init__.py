"""The default handbook (the repository's handbook/ and forms/), shipped in the package for
`handbook init --example`.

pyproject.toml maps the packages `generator.example.handbook` and `generator.example.forms`
to those two folders, so the wheel holds them here (generator/example/handbook/ ...) while
the repository keeps one copy. An editable install maps no data files: from a checkout the
folders are the repository's own.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MissingTool
from ..messages import msg

FOLDERS = ("handbook", "forms")


def folder(name: str) -> Path:
    """The shipped `handbook/` or `forms/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / name, here.parent.parent / name):  # the wheel's, else the checkout's
        if candidate.is_dir():
            return candidate
    raise MissingTool(msg("tool.example_missing", folder=name))  # pragma: no cover - a broken installation


def files() -> dict[str, Path]:
    """Every file of the example by its path in a project (`handbook/roles/salesman.yml`)."""
    out = {}
    for name in FOLDERS:
        root = folder(name)
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and path.suffix in (".yml", ".yaml") and not any(p.startswith(".") for p in rel.parts):
                out[f"{name}/{rel.as_posix()}"] = path
    return out
