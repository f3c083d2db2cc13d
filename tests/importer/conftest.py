"""Shared helpers for the importer tests: the seed manuals, Word files made from them,
and the real CLI run in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parent / "seeds"
SEED = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}


def handbook(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The `handbook` command as a user runs it."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=env)


def make_docx(lines: list[str], out: Path, headings: dict[int, int] | None = None) -> Path:
    """A Word file with one paragraph per line (line index -> heading level for some)."""
    import docx

    document = docx.Document()
    for i, line in enumerate(lines):
        level = (headings or {}).get(i)
        if level:
            document.add_heading(line, level=level)
        else:
            document.add_paragraph(line)
    document.save(str(out))
    return out


def seed_docx(seed: str, out: Path) -> Path:
    """The seed as a .docx: each non-empty line a paragraph."""
    lines = [line for line in SEED[seed].read_text(encoding="utf-8").splitlines() if line.strip()]
    return make_docx(lines, out)


def imported(tmp_path_factory, seed: str, kind: str = "txt") -> tuple[Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp(f"import-{seed}-{kind}") / "project"
    src = SEED[seed] if kind == "txt" else seed_docx(seed, root.parent / f"{seed}.docx")
    return root, handbook("import", str(src), "--into", str(root))


@pytest.fixture(scope="session")
def seed_projects(tmp_path_factory):
    """Each seed imported once as text and once as Word: {(seed, kind): (root, result)}."""
    out = {}
    for seed in SEED:
        for kind in ("txt", "docx"):
            out[(seed, kind)] = imported(tmp_path_factory, seed, kind)
    return out


def load_yaml(root: Path, rel: str):
    """A written file as the project's own reader reads it."""
    from generator.source.yaml_reader import read

    doc, _ = read((root / rel).read_bytes(), rel)
    return doc.data
