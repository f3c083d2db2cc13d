"""The bad-input corpus: every mistake HR can make gives its exact, located message.

Each folder of tests/bad_inputs/ holds the files that differ from the mini fixture, and
`expected.txt`: the exact stderr of `handbook check` in the handbook's language (the mini
fixture is Chinese), and `expected.en.txt`: the same with `--lang en`. Optional: `delete.txt` (fixture
files to remove) and `make.py` (a `make(root)` that writes what is too big or too odd to
commit: a 20 MB file, 1000 nested brackets). Every case runs through the real CLI, `check`
and `build`, and must exit 1 with exactly those lines, no traceback, and nothing written.

A case that `check` accepts (warnings only, or nothing to say: a title far longer than a
chart label) must build: that is the promise "check passes, so the build passes". It is
built without PDFs, or with them when the case has a `build-pdf.txt`; its warnings come
first in the build's messages too.

To add a case: make the folder, run `handbook check` on the overlaid copy, read the message
as HR would (does it name the file, the place, what was expected and what was found?), then
commit its stderr as expected.txt.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINI, REPO, Project

CASES_DIR = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
CONTROL_FILES = {"expected.txt", "expected.en.txt", "delete.txt", "make.py", "build-pdf.txt"}


def overlay(case: Path, root: Path) -> Project:
    """A copy of the mini fixture with the case's files on top."""
    shutil.copytree(MINI, root)
    for path in case.rglob("*"):
        if path.is_file() and path.name not in CONTROL_FILES and "__pycache__" not in path.parts:
            target = root / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if (case / "delete.txt").exists():
        for rel in (case / "delete.txt").read_text(encoding="utf-8").split():
            (root / rel).unlink()
    if (case / "make.py").exists():
        runpy.run_path(str(case / "make.py"))["make"](root)
    return Project(root)


def _run(root: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "HANDBOOK_LANG"}  # the handbook's own language
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=env)


def test_corpus_is_complete():
    assert len(CASES) >= 40
    for case in CASES:
        assert (case / "expected.txt").is_file(), f"{case.name} has no expected.txt"
        assert (case / "expected.en.txt").is_file(), f"{case.name} has no expected.en.txt"
        files = [p for p in case.rglob("*") if p.is_file() and p.name not in CONTROL_FILES]
        assert files or (case / "delete.txt").exists() or (case / "make.py").exists(), case.name
        for p in case.rglob("*"):
            assert not p.is_file() or p.stat().st_size < 50_000, f"{p} is too big to commit; generate it in make.py"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Path, tmp_path: Path):
    project = overlay(case, tmp_path / "project")
    out = tmp_path / "out"
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    expected_en = (case / "expected.en.txt").read_text(encoding="utf-8").splitlines()
    errors = [line for line in expected if ": 错误：" in line]
    accepted = not errors  # check passes: the build must
    pdf = [] if (case / "build-pdf.txt").exists() or not accepted else ["--no-pdf"]
    # check (in both languages) and build run side by side: each a fresh interpreter, as a user runs them
    check = _run(project.root, "check")
    check_en = _run(project.root, "check", "--lang", "en")
    build = _run(project.root, "build", "--out", str(out), *pdf)
    check_out, check_err = check.communicate(timeout=180)
    en_out, en_err = check_en.communicate(timeout=180)
    build_out, build_err = build.communicate(timeout=300)

    assert "Traceback" not in check_err + en_err + build_err
    assert check_err.splitlines() == expected
    assert en_err.splitlines() == expected_en
    assert len(expected) == len(expected_en)
    diagnostics = len(expected) if accepted else len(expected) - 1  # an error's last line is the count
    assert [line.split(": ", 1)[0] for line in expected[:diagnostics]] == \
        [line.split(": ", 1)[0] for line in expected_en[:diagnostics]]

    if accepted:
        assert check.returncode == 0 and check_en.returncode == 0, check_err
        assert all(": 警告：" in line for line in expected)
        assert build.returncode == 0, build_err
        assert build_err.splitlines()[:len(expected)] == expected
        assert (out / "index.html").is_file() and (out / "roles" / "salesman.html").is_file()
        assert not pdf or not (out / "pdf").exists()
        assert pdf or (out / "pdf" / "handbook.pdf").is_file()
        return
    assert check.returncode == 1 and check_en.returncode == 1, check_out + en_out
    assert build.returncode == 1, build_out
    assert build_err.splitlines() == errors + [f"{len(errors)} 个错误；没有写入任何内容"]
    assert not out.exists()
    assert not list(tmp_path.glob(".out.*")), "no staging folder either"


def test_leading_bom_is_accepted_with_a_warning(mini):
    """Notepad writes a BOM at the start of UTF-8 files: accepted, with a warning (a BOM
    *inside* the text is an error: case 07-bom-inside-value)."""
    path = mini.root / "handbook/roles/salesman.yml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = mini.handbook("check")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "handbook/roles/salesman.yml:1:1: warning: file starts with a UTF-8 byte-order mark (BOM); it is ignored "
        "(hint: save the file as UTF-8 without BOM)"]
    assert result.stdout.startswith("ok: ") and result.stdout.rstrip().endswith("; 1 warning(s)")
