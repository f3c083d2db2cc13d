"""The two handbooks to compare: a git revision of the project, a folder, or the working
tree, each loaded and checked with the project's own loader.

A revision's `handbook/` and `forms/` are copied out of git (`git ls-tree` and
`git cat-file`, blob by blob, so `.gitattributes` export rules change nothing) into a
temporary folder, which is loaded like any project. The project may sit in a
subfolder of its repository. Whatever goes wrong (no git, an unknown revision, a
handbook that does not load at that revision) is a `DiffError`: one line for the user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .base import Diagnostic, Handbook, check, printable
from .changes import Side
from .messages import DiffError, Messages

FOLDERS = ("handbook", "forms")  # what a handbook consists of, in a project


def load_side(spec: str | None, project: Path, say: Messages, *, working_tree: str) -> Side:
    """`spec`: None for the project's working tree, a folder, or a git revision."""
    if spec is None:
        return Side(working_tree, _load(project, working_tree, say), working_tree=True)
    if Path(spec).is_dir():
        return Side(spec, _load(Path(spec), spec, say))
    return load_revision(spec, project, say)


def default_old(project: Path, say: Messages) -> str:
    """The latest tag reachable from HEAD, or else the commit before HEAD."""
    repo = _repository(project, say)
    tag = _git(repo, "describe", "--tags", "--abbrev=0", "HEAD", say=say, check=False)
    if tag.returncode == 0 and tag.stdout.strip():
        return tag.stdout.strip().decode("utf-8", "replace")
    previous = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}", say=say, check=False)
    if previous.returncode == 0:
        return "HEAD~1"
    raise DiffError(say("no_previous"))


def load_revision(rev: str, project: Path, say: Messages) -> Side:
    if rev.startswith("-"):
        raise DiffError(say("bad_revision", rev=printable(rev)))
    repo = _repository(project, say)
    found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", say=say,
                 check=False)
    if found.returncode != 0:
        raise DiffError(say("unknown_revision", rev=printable(rev)))
    commit = found.stdout.strip().decode("ascii")
    prefix = _git(repo, "rev-parse", "--show-prefix", say=say).stdout.strip().decode("utf-8", "surrogateescape")
    with tempfile.TemporaryDirectory(prefix="handbook-diff-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        if not _extract(repo, commit, prefix, root, say):
            raise DiffError(say("no_handbook_at", rev=printable(rev), path=printable(prefix + "handbook/")))
        hb = _load(root, rev, say)
    return Side(rev, hb, commit)


# ------------------------------------------------------------------ loading


def _load(root: Path, label: str, say: Messages) -> Handbook:
    hb, diags = check(root)
    errors = [d for d in diags if d.is_error]
    if hb is None:
        first = _first(errors) if errors else "handbook/company.yml"
        raise DiffError(say("does_not_load", where=printable(label), count=max(len(errors), 1), first=first)
                        + say("does_not_load_hint"))
    return hb


def _first(errors: list[Diagnostic]) -> str:
    d = errors[0]
    return f"{d.location}: {d.message}"


# ------------------------------------------------------------------ git


def _git(repo: Path, *args: str, say: Messages, check: bool = True,
         input: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):  # the project's repository, not a caller's
        env.pop(var, None)
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, input=input, env=env)
    except FileNotFoundError:
        raise DiffError(say("git_missing")) from None
    if check and result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(say("git_failed", detail=printable(detail[-1] if detail else f"exit {result.returncode}")))
    return result


def _repository(project: Path, say: Messages) -> Path:
    if shutil.which("git") is None:
        raise DiffError(say("git_missing"))
    project = project.resolve()
    inside = _git(project, "rev-parse", "--is-inside-work-tree", say=say, check=False) if project.is_dir() else None
    if inside is None or inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise DiffError(say("not_git", where=printable(str(project))))
    return project


def _extract(repo: Path, commit: str, prefix: str, dest: Path, say: Messages) -> bool:
    """Write the revision's handbook/ and forms/ under `dest`; False if it has no handbook/."""
    paths = [prefix + f for f in FOLDERS]
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths, say=say).stdout
    blobs: list[tuple[str, str, str]] = []  # (mode, sha, path inside the project)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split()
        path = os.fsdecode(name)
        if kind != "blob" or not path.startswith(prefix):  # submodules are not part of a handbook
            continue
        blobs.append((mode, sha, path[len(prefix):]))
    if not any(p.startswith("handbook/") for _, _, p in blobs):
        return False
    contents = _blobs(repo, [sha for _, sha, _ in blobs], say)
    for (mode, sha, rel), data in zip(blobs, contents):
        parts = Path(rel).parts
        if ".." in parts or Path(rel).is_absolute():  # git refuses these; never write outside dest
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":  # a link: kept a link, so that the loader refuses one leading outside
            os.symlink(os.fsdecode(data), target)
        else:
            target.write_bytes(data)
    return True


def _blobs(repo: Path, shas: list[str], say: Messages) -> list[bytes]:
    """The contents of the blobs, read in one `git cat-file --batch`."""
    if not shas:
        return []
    out = _git(repo, "cat-file", "--batch", input="".join(s + "\n" for s in shas).encode("ascii"), say=say).stdout
    contents, pos = [], 0
    for _ in shas:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        size = int(header[2])
        contents.append(out[end + 1: end + 1 + size])
        pos = end + 1 + size + 1
    return contents
