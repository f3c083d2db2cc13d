"""Accidents: a build killed at any moment, a build killed between its two renames, a
full disk. The product is never left stuck (no worker outlives the build, no lock
outlives its holder) and readers never lose the previous output.

The build under test is the mini fixture's, PDFs included (the PDF workers are what a
`kill -9` of the CLI used to leave behind). Builds of the same source are byte-identical
(test_build_atomic.py), so "the previous output is intact" is checked byte for byte.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, Project
from .test_build_atomic import assert_same_tree, built, snapshot, staging_folders

KILLS = 12  # at moments spread over the whole build: load, site, each PDF, the swap


def _group(pgid: int) -> list[int]:
    """The processes still in the process group `pgid` (the build and whatever it started)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != b"Z" and int(fields[2]) == pgid:  # state, ppid, pgrp
            found.append(int(entry))
    return found


def _start_build(project: Project, out: Path, log: Path) -> subprocess.Popen:
    """The build in a session of its own (its process group id is its pid), writing its
    messages to `log` (not a pipe, which a surviving worker would hold open)."""
    with open(log, "w") as err:
        return subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(project.root), "build", "--out",
                                 str(out)], cwd=REPO, env=dict(os.environ, HANDBOOK_LANG="en"),
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)


def test_killing_the_build_at_random_moments(mini, tmp_path):
    """`kill -9` of the CLI process alone (not its group), at random moments over the
    whole build (loading, the site, the PDF workers, the swap): every time, no process of
    the build survives it, the next command finds the previous output (restored if the
    kill fell between the renames), and no later build waits on a lock."""
    out = tmp_path / "out"
    t = time.monotonic()
    reference = built(mini, out)  # with PDFs
    duration = time.monotonic() - t
    broken = Project(tmp_path / "broken")  # a project failing its checks, building into the same folder
    broken.root.mkdir()
    (broken.root / "handbook").mkdir()

    rng = random.Random(19)
    moments = sorted(rng.uniform(0.05, duration * 1.1) for _ in range(KILLS))
    survivors, finished = {}, 0
    for i, moment in enumerate(moments):
        proc = _start_build(mini, out, tmp_path / "build.log")
        time.sleep(moment)
        if proc.poll() is not None:
            finished += 1  # too late: it had finished (its output is the reference's bytes)
        else:
            os.kill(proc.pid, signal.SIGKILL)  # the leader only: its workers must go by themselves
        proc.wait(timeout=60)
        deadline = time.monotonic() + 10
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _group(proc.pid):
            survivors[f"{moment:.2f}s"] = _group(proc.pid)
            os.killpg(proc.pid, signal.SIGKILL)
        # the next command to touch the output folder: every other time, one that then fails
        if i % 2:
            failed = broken.handbook("build", "--out", str(out), timeout=60)
            assert failed.returncode == 1 and "waiting" not in failed.stderr, failed.stderr
            assert_same_tree(snapshot(out), reference)
    assert survivors == {}, f"processes outlived the build killed at {list(survivors)}"
    assert finished < KILLS, "every build had finished before it was killed: the moments are too late"

    last = _start_build(mini, out, tmp_path / "last.log")
    last.wait(timeout=120)  # never waits forever on a stale lock
    err = (tmp_path / "last.log").read_text()
    assert last.returncode == 0 and "waiting" not in err, err
    assert_same_tree(snapshot(out), reference)
    assert staging_folders(out) == [] and not (tmp_path / ".out.previous").exists()


def _killed_between_the_renames(out: Path) -> dict[str, bytes]:
    """The state a build killed after its first rename leaves: the previous output moved
    aside as .<name>.previous, and no <name>."""
    before = snapshot(out)
    out.rename(out.parent / f".{out.name}.previous")
    return before


def test_a_build_that_fails_its_checks_restores_the_output_first(mini, tmp_path):
    out = tmp_path / "out"
    before = _killed_between_the_renames(out) if built(mini, out, "--no-pdf") else None
    mini.replace("handbook/roles/salesman.yml", "headcount: 3", "headcount: [3")
    result = mini.handbook("build", "--out", str(out), "--no-pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert_same_tree(snapshot(out), before)
    assert not (tmp_path / ".out.previous").exists()


def test_forms_print_restores_the_output_first(mini):
    out = mini.root / "site"
    before = _killed_between_the_renames(out) if built(mini, out, "--no-pdf") else None
    result = mini.handbook("forms", "print", str(mini.root / "no-such.pdf"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert_same_tree(snapshot(out), before)


def test_serve_restores_the_output_first(mini):
    from generator.errors import ServeError
    from generator.serve import serve

    out = mini.root / "site"
    before = _killed_between_the_renames(out) if built(mini, out, "--no-pdf") else None
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(ServeError):
            serve(mini.root, f"127.0.0.1:{taken.getsockname()[1]}")
    assert_same_tree(snapshot(out), before)


# ------------------------------------------------------------------ a full disk


@pytest.fixture
def tiny_disk(tmp_path):
    """A tmpfs of `size` bytes (needs the right to mount: skipped without it)."""
    mounted = []

    def mount(size: int) -> Path:
        where = tmp_path / "disk"
        where.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", str(where)], check=False)


def test_a_full_disk_is_one_line_and_the_previous_output_is_intact(mini, tmp_path, tiny_disk):
    size = sum(len(b) for b in built(mini, tmp_path / "measure", "--no-pdf").values())
    disk = tiny_disk(size * 3 // 2)  # room for one output, not for a second beside it
    out = disk / "site"
    before = built(mini, out, "--no-pdf")
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: 业务代表")
    result = mini.handbook("build", "--out", str(out), "--no-pdf")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"error: the disk holding {disk} is full (No space left on device): nothing was written, and the previous "
        f"output in {out} is intact; free some space, or build elsewhere with --out")
    assert "Traceback" not in result.stderr
    assert_same_tree(snapshot(out), before)
    assert staging_folders(out) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EFBIG], ids=["ENOSPC", "EDQUOT", "EFBIG"])
@pytest.mark.parametrize("where", ["site", "outputs"])
def test_a_full_disk_anywhere_in_the_build_is_one_error(mini, tmp_path, monkeypatch, code, where):
    """Whether MkDocs (writing a page) or the build (writing a PDF) meets it, the error
    is the build's own one line (the CLI prints it), never a traceback."""
    import mkdocs.utils

    from generator import build
    from generator.errors import OutputFolderError

    out = tmp_path / "out"
    before = built(mini, out, "--no-pdf")

    def full(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(out))

    if where == "site":
        monkeypatch.setattr(mkdocs.utils, "write_file", full)
        monkeypatch.setattr("mkdocs.commands.build.utils.write_file", full)
    else:
        monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OutputFolderError) as raised:
        build.build(mini.root, out, pdf=False, progress=lambda m: None)
    assert str(raised.value) == (f"the disk holding {tmp_path} is full ({os.strerror(code)}): nothing was written, "
                                 f"and the previous output in {out} is intact; free some space, or build elsewhere "
                                 "with --out")
    assert_same_tree(snapshot(out), before)
    assert staging_folders(out) == []
