"""The build cache: outputs kept by the content that reaches them, so that a rebuild
renders again only what changed (`.cache/handbook/` in the project; `build --no-cache`
turns it off).

As Material's social plugin does for its cards, a manifest (`manifest.json`) names the
key of each output of the last build, and each cached file is named by its key. The key
of an output is a digest of

* what the output shows: for a PDF, the first HTML its renderer hands to WeasyPrint
  (templates applied to the resolved entities it shows: editing a role changes the HTML
  of that role's documents, of the manual and of any page that names the role, and of
  nothing else), with the print CSS and the generated CSS; for a workbook, the entities
  it lists;
* the environment: the generator's code and shipped files (templates, CSS, locales), the
  project's own templates/ and site_config/, the CJK font file, WeasyPrint's version,
  the language and SOURCE_DATE_EPOCH.

What a renderer makes is a function of those alone, so a cached file is the file that
would be rendered (a test compares a cached and an uncached build byte for byte). The
site is kept whole: when no source, docs page, template or code changed since the last
build into the same folder, its pages are copied from that build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .project import Project

VERSION = "1"  # of the cache's layout; a change starts a new cache
PACKAGE = Path(__file__).resolve().parent


def digest_files(h, root: Path, pattern: str = "*") -> None:
    """Feed `h` the names and bytes of the files under `root` matching `pattern`."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())


def environment(project: Project) -> str:
    """The digest of everything besides the handbook's content that reaches an output."""
    import weasyprint

    from .fonts import find_cjk_font
    from .resources import shipped

    h = hashlib.sha256(f"cache {VERSION}\0weasyprint {weasyprint.__version__}\0".encode())
    digest_files(h, PACKAGE, "*.py")
    digest_files(h, Path(str(shipped())))
    digest_files(h, project.templates_dir)
    digest_files(h, project.site_config_dir)
    try:
        font = find_cjk_font()
        st = os.stat(font.path)
        h.update(f"{font.path}\0{st.st_size}\0{st.st_mtime_ns}\0{font.css_family}".encode())
    except Exception:  # noqa: BLE001 - no font: the build fails later with its own message
        h.update(b"no font")
    for var in ("SOURCE_DATE_EPOCH", "HANDBOOK_LANG"):
        h.update(f"\0{var}={os.environ.get(var, '')}".encode())
    return h.hexdigest()


def sources(project: Project) -> str:
    """The digest of the project's own inputs to the site (the YAML, docs/, mkdocs.yml)."""
    h = hashlib.sha256()
    for folder in (*project.sources, project.docs_dir):
        h.update(f"\0{folder.name}\0".encode())
        digest_files(h, folder)
    if project.mkdocs_yml.is_file():
        h.update(project.mkdocs_yml.read_bytes())
    return h.hexdigest()


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class Cache:
    """One build's use of the cache folder: look up and store outputs by key; the
    manifest (output path -> key, and the site's key) is written when the build succeeded."""

    folder: Path
    env: str
    manifest: dict = field(default_factory=dict)
    used: dict = field(default_factory=dict)  # this build's output path -> key
    parts_used: dict = field(default_factory=dict)  # output path -> the keys of its parts (pdf/parts.py)

    @classmethod
    def open(cls, project: Project) -> "Cache":
        folder = project.root / ".cache" / "handbook"
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("version") != VERSION:
                manifest = {}
        except (OSError, ValueError):
            manifest = {}
        return cls(folder, environment(project), manifest)

    def _blob(self, k: str) -> Path:
        return self.folder / "outputs" / k[:2] / k

    def get(self, path: str, k: str) -> bytes | None:
        self.used[path] = k
        try:
            return self._blob(k).read_bytes()
        except OSError:
            return None

    def put(self, path: str, k: str, data: bytes) -> None:
        self.used[path] = k
        _write_blob(self._blob(k), data)

    def parts(self) -> "Parts":
        """The store of the parts of documents laid out in parts, for one render."""
        return Parts(self.folder / "parts", self.env)

    def keep_parts(self, path: str, k: str, used: list[str] | None) -> None:
        """Remember the parts of the output at `path`: those its render used, or, taken
        from the cache, those the last build's manifest lists for the same key."""
        if used is None:
            previous = self.manifest.get("outputs", {}).get(path) == k
            used = self.manifest.get("parts", {}).get(path, []) if previous else []
        if used:
            self.parts_used[path] = list(used)

    def site_key(self, project: Project, downloads: list[str], context: tuple[str, ...] = ()) -> str:
        """`context`: what else the pages show that is not in the files (the version they are
        compared with, the day reviews are counted from)."""
        return key(self.env, sources(project), *downloads, "\0context", *context)

    def save(self) -> None:
        """Write the manifest of this build and drop the cached files it did not use."""
        manifest = {"version": VERSION, "outputs": dict(sorted(self.used.items())),
                    "parts": dict(sorted(self.parts_used.items()))}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".manifest.{os.getpid()}"
            tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            tmp.replace(self.folder / "manifest.json")
            keep = set(self.used.values()) | {k for keys in self.parts_used.values() for k in keys}
            for blob in [*(self.folder / "outputs").glob("*/*"), *(self.folder / "parts").glob("*/*")]:
                if blob.name not in keep:
                    blob.unlink(missing_ok=True)
        except OSError:
            pass


@dataclass
class Parts:
    """The cached parts of a document (pdf/parts.py: `store`), each by its key and the
    environment's; `used` lists what one render looked up, for the manifest."""

    folder: Path
    env: str
    used: list[str] = field(default_factory=list)

    def _blob(self, k: str) -> Path:
        return self.folder / k[:2] / k

    def get(self, part: str) -> bytes | None:
        k = key(self.env, "part", part)
        self.used.append(k)
        try:
            return self._blob(k).read_bytes()
        except OSError:
            return None

    def put(self, part: str, data: bytes) -> None:
        _write_blob(self._blob(key(self.env, "part", part)), data)


def _write_blob(blob: Path, data: bytes) -> None:
    try:
        blob.parent.mkdir(parents=True, exist_ok=True)
        tmp = blob.with_name(f".{blob.name}.{os.getpid()}")
        tmp.write_bytes(data)
        tmp.replace(blob)
    except OSError:  # a cache that cannot be written only makes the next build slower
        pass


def previous_site(out: Path, marker: str, site_key: str) -> tuple[Path, set[str]] | None:
    """The previous output folder and the output files in it, when its site was built from
    the same inputs: its marker file (written last by a build) names the site's key and the
    outputs."""
    try:
        lines = (out / marker).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    if f"site {site_key}" not in lines:
        return None
    return out, {line.removeprefix("output ") for line in lines if line.startswith("output ")}


def copy_site(previous: Path, outputs: set[str], staging: Path, skip: set[str]) -> None:
    """The previous build's site (not its outputs, not `skip`) into `staging`, by hard link
    where the file system allows (the previous folder is removed after the swap)."""
    for dirpath, _dirs, files in os.walk(previous):
        rel_dir = Path(dirpath).relative_to(previous)
        for name in files:
            rel = (rel_dir / name).as_posix()
            if rel in outputs or rel in skip:
                continue
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(Path(dirpath) / name, target)
            except OSError:
                shutil.copy2(Path(dirpath) / name, target)
