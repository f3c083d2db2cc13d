"""Writing the draft into a project: checked on a staging copy first, nothing overwritten.

The files are first written into a temporary copy of the project (its handbook/
and forms/ as they are, plus the new files) and checked there with the
generator's own check; only a draft that passes is written into the project.
In an existing project a file that exists is never replaced (the ids were made
unique against it) unless --force says so; handbook/sanctions.yml and
handbook/glossary.yml, which hold many entries, are left as they are and their
new entries listed in the report. Every path is checked to stay inside the
project, links included.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from . import target
from .messages import Refusal


def is_existing_project(root: Path) -> bool:
    return (root / "handbook").is_dir()


def prepare(root: Path) -> None:
    """The project folder, made if needed; a file in its place is refused."""
    if root.exists() and not root.is_dir():
        raise Refusal("err.into_file", dir=str(root))
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refusal("err.into_unwritable", dir=str(root), reason=exc.strerror or str(exc)) from None
    if not os.access(root, os.W_OK):
        raise Refusal("err.into_unwritable", dir=str(root), reason="permission denied")


def _inside(root: Path, rel: str) -> Path:
    path = root / rel
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise Refusal("err.into_unwritable", dir=str(root), reason=f"{rel} leads outside the project")
    return path


def staged_check(root: Path, files: dict[str, str], existing: bool) -> tuple[list[str], list[str]]:
    """(errors, warnings) of `handbook check` on the project with `files` written into it."""
    with tempfile.TemporaryDirectory(prefix="handbook-import-check-") as tmp:
        stage = Path(tmp) / "project"
        stage.mkdir()
        if existing:
            for name in ("handbook", "forms"):
                src = root / name
                if src.is_dir():
                    shutil.copytree(src, stage / name, symlinks=True)
        for rel, text in files.items():
            path = stage / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        errors, warnings, _ = target.check(stage)
    return errors, warnings


def report_name(root: Path, force: bool) -> str:
    """import-report.md, or import-report-2.md … when one exists (unless --force)."""
    name = "import-report.md"
    n = 1
    while not force and (root / name).exists():
        n += 1
        name = f"import-report-{n}.md"
    return name


def write(root: Path, files: dict[str, str], force: bool) -> list[str]:
    """Write every file (each through a temporary file renamed into place); the paths written."""
    written = []
    for rel, text in files.items():
        path = _inside(root, rel)
        if path.exists() and not force:
            raise Refusal("err.into_unwritable", dir=str(root), reason=f"{rel} appeared while importing")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _inside(root, rel)  # the folder just made is not a link out
            tmp = path.with_name(f".{path.name}.import-tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise Refusal("err.into_unwritable", dir=str(root), reason=exc.strerror or str(exc)) from None
        written.append(rel)
    return written
