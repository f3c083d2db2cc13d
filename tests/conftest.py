"""Shared fixtures: small handbooks copied into tmp_path and edited per test."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"


class Project:
    """A copy of a fixture handbook that a test may edit freely."""

    lang: str | None = "en"  # the CLI's language in `handbook()`; None: the handbook's own

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        (self.root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def handbook(self, *args: str, timeout: float = 600, lang: str | None = "") -> subprocess.CompletedProcess:
        """Run the real CLI in a subprocess, as a user would; in `lang` (default: the class's
        `lang`, English; None: the handbook's own language, as a user gets it)."""
        lang = self.lang if lang == "" else lang
        env = {k: v for k, v in os.environ.items() if k != "HANDBOOK_LANG"}
        if lang:
            env["HANDBOOK_LANG"] = lang
        return subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(self.root), *args],
                              capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)


def present(hb, root: Path | None = None):
    """The presentation renderers take: `hb` with the shipped templates (and the project's
    own at `root`, when given)."""
    from generator.present import Presentation
    from generator.project import Project as Folder

    return Presentation(hb, Folder.at(root) if root else None)


def labels(hb):
    """The interface labels of `hb`'s language."""
    from generator.present.labels import load_labels

    return load_labels(hb.locale)


def diagnostics(project: Project) -> list[str]:
    """Every diagnostic of `check` on the project, formatted as the CLI prints it."""
    from generator.handbook import load

    _, diags = load(project.root)
    return [d.format("en") for d in diags]


def errors(project: Project) -> list[str]:
    return [d for d in diagnostics(project) if ": error: " in d]


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return Project(root)


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    """The default handbook built once, site and PDFs, with the real pipeline."""
    from generator.build import build

    out = tmp_path_factory.mktemp("default") / "site"
    build(REPO, out, progress=lambda _: None)
    return out


@pytest.fixture(scope="session")
def default_handbook():
    from generator.handbook import load_handbook

    return load_handbook(REPO)


def build_copy(src: Path, dest: Path, *args: str) -> subprocess.CompletedProcess:
    """Copy a fixture handbook to `dest` and build it with the CLI."""
    shutil.copytree(src, dest)
    return Project(dest).handbook("build", *args)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages made in the test process are worded in English (the tests of the Chinese
    words ask for them: `d.format("zh-CN")`, `lang=None` for the CLI, the corpus)."""
    from generator import messages

    messages.use("en")
    yield
    messages.use("en")


@dataclass
class Served:
    url: str  # http://127.0.0.1:<port>
    tmp: Path  # the server's temporary folder: its site folder (mkdocs_*) and what it printed

    @property
    def stderr(self) -> str:
        """What the server printed so far."""
        return (self.tmp / "stderr").read_text(encoding="utf-8", errors="replace")

    @property
    def site(self) -> Path:
        """The folder the server builds the site into and serves."""
        return next(self.tmp.glob("mkdocs_*"))


@contextmanager
def serving(root: Path):
    """`handbook serve` of the project at `root` on a free port, in English, with a
    temporary folder of its own; stopped with its whole process group on leaving."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="serve-") as tmp, open(Path(tmp) / "stderr", "wb") as err:
        server = subprocess.Popen([sys.executable, "-m", "generator.cli", "-C", str(root), "serve",
                                   "-a", f"127.0.0.1:{port}"], cwd=REPO,
                                  env=dict(os.environ, HANDBOOK_LANG="en", TMPDIR=tmp),
                                  stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        try:
            yield Served(f"http://127.0.0.1:{port}", Path(tmp))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
