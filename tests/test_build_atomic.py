"""A build replaces its output whole or not at all, and the same source gives the same bytes.

`handbook build` renders into a staging folder beside the output (`.site.building-<pid>`)
and swaps it into place only when everything succeeded (generator/build.py). These tests
break a build at each stage (bad YAML before anything is written, a PDF failing after
the site was rendered, SIGKILL midway) and compare the previous output byte for byte.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import MINI, REPO, Project


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (dot files included), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_tree(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert not different, f"files differ: {different[:10]}"


def built(project: Project, out: Path, *args: str) -> dict[str, bytes]:
    result = project.handbook("build", "--out", str(out), *args)
    assert result.returncode == 0, result.stderr
    return snapshot(out)


def staging_folders(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.building-*"))


# ------------------------------------------------------------------ failed builds leave the output alone


def test_invalid_source_leaves_previous_output(mini, tmp_path):
    out = tmp_path / "out"
    before = built(mini, out, "--no-pdf")
    assert ".handbook-build" in before and "index.html" in before

    mini.replace("handbook/roles/salesman.yml", "headcount: 3", "headcount: [3")
    result = mini.handbook("build", "--out", str(out), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == "1 error(s); nothing was written"
    assert_same_tree(snapshot(out), before)
    assert staging_folders(out) == []


@pytest.mark.slow
def test_failure_after_the_site_was_rendered_leaves_previous_output(mini, tmp_path, monkeypatch):
    """The site renders, then a PDF fails: nothing of it shows. (`check` now stops every
    source mistake it can foresee before the site, so the failure is forced here: the
    workers are forked, and inherit the patched renderer.)"""
    from generator import build
    from generator.errors import BuildError
    from generator.pdf import documents

    out = tmp_path / "out"
    before = built(mini, out, "--no-pdf")
    stages = []

    def fail(hb, role):
        raise BuildError(f"role-{role.id}: the PDF engine failed")

    monkeypatch.setattr(documents, "render_job_description", fail)
    with pytest.raises(BuildError, match="the PDF engine failed"):
        build.build(mini.root, out, progress=stages.append)
    assert any(str(s).startswith("site: ") for s in stages), stages  # it failed after the site was built
    assert_same_tree(snapshot(out), before)
    assert staging_folders(out) == []


@pytest.mark.slow
def test_killed_build_leaves_previous_output_and_next_build_cleans_up(mini, tmp_path):
    out = tmp_path / "out"
    before = built(mini, out, "--no-pdf")
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 业务代表")

    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(mini.root), "build", "--out", str(out)],
                            cwd=REPO, env=dict(os.environ, HANDBOOK_LANG="en"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not any(any(s.iterdir()) for s in staging_folders(out)):  # staging exists and is being written
            assert proc.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "no staging folder appeared"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its PDF workers
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert_same_tree(snapshot(out), before)
    assert [s.name for s in staging_folders(out)] == [f".out.building-{proc.pid}"]  # left behind by the kill

    after = built(mini, out, "--no-pdf")
    assert staging_folders(out) == [] and not (tmp_path / ".out.previous").exists()
    assert "业务代表" in after["roles/salesman.html"].decode("utf-8")


def test_a_second_build_into_the_same_folder_waits_for_the_first(mini, tmp_path):
    """Two builds into one folder (a build started while another runs) take turns: the
    second waits on the lock beside the folder instead of removing the first one's
    staging folder as if a killed build had left it."""
    out = tmp_path / "out"
    before = built(mini, out, "--no-pdf")
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 业务代表")

    with open(tmp_path / ".out.lock", "a") as lock:  # this test plays the first build
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(mini.root), "build", "--out",
                                 str(out), "--no-pdf"], cwd=REPO, env=dict(os.environ, HANDBOOK_LANG="en"),
                                stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stderr.readline()
            while line and "waiting" not in line:
                line = proc.stderr.readline()
            assert line.strip() == f"waiting for another build into {out} to finish"
            assert proc.poll() is None and staging_folders(out) == []
            assert_same_tree(snapshot(out), before)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
        rest = proc.communicate(timeout=120)[1]
    assert proc.returncode == 0, rest
    assert "业务代表" in snapshot(out)["roles/salesman.html"].decode("utf-8")


# ------------------------------------------------------------------ reproducible


@pytest.mark.slow
@pytest.mark.parametrize("epoch", [None, "1700000000"], ids=["no-epoch", "SOURCE_DATE_EPOCH"])
def test_two_builds_are_byte_identical(tmp_path, monkeypatch, epoch):
    """Two copies of the source in different folders, built at different times with different
    worker counts, PDFs included: no timestamp, random id, absolute path or completion order
    may reach the output."""
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    trees = []
    for name, jobs in (("a", "0"), ("b-elsewhere", "1")):  # one worker per core, then a single one
        root = tmp_path / name / "project"
        shutil.copytree(MINI, root)
        trees.append(built(Project(root), tmp_path / name / "out", "-j", jobs))
        time.sleep(1.1)  # a clock-based date would now differ by a second
    first, second = trees
    assert sum(name.endswith(".pdf") for name in first) == 8  # the manual, a form, and per role: job description, checklist, acknowledgement
    assert_same_tree(first, second)
    if epoch:  # the epoch is honoured, not just ignored
        from io import BytesIO

        from pypdf import PdfReader

        for name in (n for n in first if n.endswith(".pdf")):  # PDFs carry no date, or the epoch's
            created = PdfReader(BytesIO(first[name])).metadata.get("/CreationDate")
            assert created is None or created.startswith("D:20231114"), (name, created)  # 1700000000 = 2023-11-14


# ------------------------------------------------------------------ where a build may write


@pytest.mark.parametrize("target, why", [
    (".", "it holds the handbook's sources"),
    ("handbook", "it holds the handbook's sources"),
    ("forms/out", "it holds the handbook's sources"),
    ("..", "it holds the handbook's sources"),
])
def test_out_must_not_be_the_sources(mini, target, why):
    before = snapshot(mini.root)
    out = (mini.root / target).resolve()
    result = mini.handbook("build", "--out", str(mini.root / target), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"error: refusing to build into {out}: {why}"]
    assert_same_tree(snapshot(mini.root), before)


def test_out_must_not_be_a_foreign_folder(mini, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "report.docx").write_bytes(b"not ours")
    result = mini.handbook("build", "--out", str(out), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: refusing to replace {out}: it is not empty and was not made by `handbook build`; "
        "choose another --out, or remove it"]
    assert snapshot(out) == {"report.docx": b"not ours"}


def test_out_may_be_an_empty_folder_or_a_previous_build(mini, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    first = built(mini, out, "--no-pdf")
    second = built(mini, out, "--no-pdf")
    assert_same_tree(first, second)


@pytest.mark.parametrize("target, reason", [
    ("afile/sub", "{tmp}/afile is a file, not a folder"),
    ("afile/a/b", "{tmp}/afile is a file, not a folder"),
    ("/proc/handbook-out", "No such file or directory (/proc/.handbook-out.lock)"),
])
def test_out_that_cannot_be_created_is_one_clean_error(mini, tmp_path, target, reason):
    (tmp_path / "afile").write_text("not a folder")
    out = tmp_path / target
    result = mini.handbook("build", "--out", str(out), "--no-pdf")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"error: cannot create output folder {out}: "
                                          + reason.format(tmp=tmp_path)]
    assert (tmp_path / "afile").read_text() == "not a folder"


def test_out_must_not_be_a_file(mini, tmp_path):
    out = tmp_path / "afile"
    out.write_text("not a folder")
    result = mini.handbook("build", "--out", str(out), "--no-pdf")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: refusing to replace {out}: it is a file, not a folder; "
                                          "choose another --out"]
    assert out.read_text() == "not a folder"
