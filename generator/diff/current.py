"""The changes of this version, as the site and the acknowledgements show them: the
handbook being built against its base.

The base is `changes_since` in company.yml (a git revision) when it is set; otherwise the
previous tagged version: the newest tag reachable from HEAD that is not on HEAD itself
(a tag on HEAD, made for this very release, is not an earlier version). With no git, no repository, no such tag, or a base that cannot be read,
there is nothing to compare with: `VersionChanges.diff` is None and `reason` says why
(the pages say so; it is not an error, so that a project copied out of its repository,
or installed from the wheel, still builds).

The old side is loaded once per commit and process (a build asks for it from the site and
from every acknowledgement it renders).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import relevance
from .base import Handbook, Labels, printable
from .changes import Change, Diff, Side
from .compare import compare
from .messages import DiffError, Messages
from .sources import _git, _repository, load_revision

NO_GIT = "no_git"  # git is not installed, or the project is not in a repository
NO_TAG = "no_tag"  # no tag before this version
FAILED = "failed"  # the base (changes_since, or the tag) could not be read or loaded


@dataclass
class VersionChanges:
    """This version against its base. `diff` None: nothing to compare with (`reason`)."""

    diff: Diff | None
    base: str | None = None  # the base as named: a tag, or changes_since
    reason: str | None = None  # NO_GIT | NO_TAG | FAILED, when diff is None
    detail: str = ""  # for FAILED: what went wrong, one line
    _by_role: dict[str, list[Change]] = field(default_factory=dict, repr=False)

    @property
    def changes(self) -> list[Change]:
        return [c for c in self.diff.changes if c.substantive] if self.diff else []

    @property
    def base_version(self) -> str | None:
        return self.diff.old.handbook.company.version if self.diff else None

    @property
    def base_date(self):
        return self.diff.old.handbook.company.effective_date if self.diff else None

    def for_role(self, role_id: str) -> list[Change]:
        """The changes that concern a role (diff/relevance.py); [] without a base."""
        if self.diff is None:
            return []
        if role_id not in self._by_role:
            self._by_role[role_id] = relevance.for_role(self.diff, role_id)
        return self._by_role[role_id]


def this_version(hb: Handbook, root: Path | None, labels: Labels, lang: str | None = None) -> VersionChanges:
    """`hb` (the handbook as built from `root`) against its base."""
    say = Messages(lang or hb.locale)
    if root is None:
        return VersionChanges(None, reason=NO_GIT)
    spec = hb.company.changes_since
    try:
        repo = _repository(Path(root), say)
    except DiffError as exc:
        return VersionChanges(None, base=spec, reason=FAILED if spec else NO_GIT, detail=str(exc) if spec else "")
    try:
        if spec is None:
            spec = previous_tag(repo, say)
            if spec is None:
                return VersionChanges(None, reason=NO_TAG)
        old = _old_side(str(repo), _commit(repo, spec, say), spec, say.locale)
    except DiffError as exc:
        return VersionChanges(None, base=spec, reason=FAILED, detail=str(exc))
    new = Side(labels.diff_working_tree, hb, working_tree=True)
    changes, renames = compare(old.handbook, hb, labels)
    return VersionChanges(Diff(Side(spec, old.handbook, old.commit), new, changes, renames), base=spec)


def base_of(hb: Handbook, root: Path | None) -> str:
    """What this version is compared with, as one line for the build cache's key: the base
    and its commit, or why there is none (never a path: two copies of a project build the
    same). Git only, nothing loaded: a new tag or commit gives a new 本版变更 page, the same
    history the same page."""
    if root is None:
        return NO_GIT
    say = Messages(hb.locale)
    spec = hb.company.changes_since
    try:
        repo = _repository(Path(root), say)
    except DiffError:
        return f"{FAILED}\0{spec}" if spec else NO_GIT
    try:
        if spec is None:
            spec = previous_tag(repo, say)
            if spec is None:
                return NO_TAG
        return f"{spec}\0{_commit(repo, spec, say)}"
    except DiffError:
        return f"{FAILED}\0{spec}"


def previous_tag(repo: Path, say: Messages) -> str | None:
    """The newest tag reachable from HEAD, leaving out those on HEAD itself (they tag this
    very version)."""
    head = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", say=say, check=False)
    if head.returncode != 0:  # a repository without a commit
        return None
    found = _git(repo, "describe", "--tags", "--abbrev=0", "HEAD", say=say, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        return None
    tag = found.stdout.strip().decode("utf-8", "replace")
    if _commit(repo, f"refs/tags/{tag}", say) != head.stdout.strip().decode("ascii"):
        return tag
    parent = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^1^{commit}", say=say, check=False)
    if parent.returncode != 0:
        return None
    found = _git(repo, "describe", "--tags", "--abbrev=0", "HEAD^1", say=say, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        return None
    return found.stdout.strip().decode("utf-8", "replace")


def _commit(repo: Path, spec: str, say: Messages) -> str:
    if spec.startswith("-"):
        raise DiffError(say("bad_revision", rev=printable(spec)))
    found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}", say=say,
                 check=False)
    if found.returncode != 0:
        raise DiffError(say("unknown_revision", rev=printable(spec)))
    return found.stdout.strip().decode("ascii")


@lru_cache(maxsize=4)
def _old_side(repo: str, commit: str, spec: str, locale: str) -> Side:
    return load_revision(commit, Path(repo), Messages(locale))


# ------------------------------------------------------------------ as the pages say it


def headline(vc: VersionChanges, hb: Handbook, labels: Labels) -> str:
    """One sentence: this version against its base, how many changes; or why there is no base."""
    L = labels
    if vc.diff is None:
        why = {NO_GIT: L.changes_no_git, NO_TAG: L.changes_no_tag}.get(vc.reason or "")
        if why is None:
            why = L.changes_failed.format(base=printable(vc.base or ""), detail=vc.detail)
        return f"{L.changes_no_base}{why}"
    key = "changes_against" if vc.changes else "changes_against_none"
    return L[key].format(new=hb.company.version, base=vc.base, old=vc.base_version, count=len(vc.changes))


def grouped(changes: list[Change], labels: Labels) -> list[tuple[str, list[str]]]:
    """(heading, lines) per kind of entity, in the handbook's order: 岗位, 流程, 表单 …"""
    from .describe import line
    from .formats import HEADINGS, _groups

    return [(labels[HEADINGS[kind]], [line(c, labels) for c in group]) for kind, group in _groups(changes)]
