"""Under `handbook serve`, a rebuild takes through Markdown and the theme only the pages
whose generated Markdown changed since the previous build; the others keep the HTML built
then. MkDocs' dirty build asks each file `is_modified()`: a generated file answers by its
content, a file of the project's docs/ by its time (MkDocs' own answer).

What a page shows besides its own content is the frame: the navigation (every page, its
title and place), the site's files and settings, the project's mkdocs.yml and theme
overrides. When the frame changed, or a page of the project's docs/ did (only its Markdown
knows its title), every page is built again into a site folder emptied first, but for the
PDFs and workbooks beside the pages, which the serve outputs bring up to date. So is every
page on each build when the project's mkdocs.yml adds a plugin (tags, a blog: it may
gather what every page says).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.structure.files import File, Files

from ..cache import digest_files
from ..messages import Message, msg

OURS = {"handbook", "search", "offline"}  # the plugins of the site, which build page by page


class GeneratedFile(File):
    """A file made in memory that says whether its content changed since the last build."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified


def frame(config, files: Files, shown: list) -> str:
    """The digest of what every page shows besides its own content; `shown`: what else
    the plugin puts into every page (the pages' titles, the search worker's version)."""
    h = hashlib.sha256()
    settings = [config.nav, sorted(f.src_uri for f in files), config.site_name, dict(config.theme),
                config.theme.dirs, config.extra, config.copyright, [str(s) for s in config.extra_css],
                [str(s) for s in config.extra_javascript], shown]
    h.update(json.dumps(settings, default=repr, sort_keys=True).encode())
    if config.config_file_path and Path(config.config_file_path).is_file():
        h.update(Path(config.config_file_path).read_bytes())
    for folder in config.theme.dirs:  # the theme's templates, the project's overrides first
        digest_files(h, Path(folder), "*.html")
    return h.hexdigest()


@dataclass
class Built:
    """What a successful build made: its frame, the digest of each generated file, and
    each page's title and metadata (the navigation of a page built later shows them)."""

    frame: str = ""
    files: dict[str, str] = field(default_factory=dict)
    pages: dict[str, tuple] = field(default_factory=dict)


class _Compiled(BytecodeCache):
    """The theme's templates, compiled once while the server runs (MkDocs makes a new Jinja
    environment for each build); a template whose source changed is compiled again."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


class Incremental:
    """What one build under `handbook serve` keeps for the next."""

    def __init__(self):
        self.built = Built()  # by the last successful build
        self.next = Built()  # by the build under way
        self.full = True
        self.pages: set[str] = set()  # the pages the build under way makes again
        self.compiled = _Compiled()
        self.documents: dict = {}  # the search index's, by page (search.SiteSearch)

    def plan(self, config, files: Files, shown: list, keep: set[str]) -> None:
        """Mark which generated files changed; on a frame change (and on the first build)
        all did, and the site folder is emptied but for `keep` (the served outputs)."""
        generated = [f for f in files if isinstance(f, GeneratedFile)]
        digests = {f.src_uri: hashlib.sha256(f.content_bytes).hexdigest() for f in generated}
        self.next = Built(frame(config, files, shown), digests)
        own = [f for f in files.documentation_pages() if not isinstance(f, GeneratedFile)]
        self.full = (self.next.frame != self.built.frame or any(f.is_modified() for f in own)
                     or any(name.split("/")[-1] not in OURS for name in config.plugins))
        for f in generated:
            f.modified = self.full or digests[f.src_uri] != self.built.files.get(f.src_uri)
        if self.full:
            _empty(Path(config.site_dir), keep)
            self.built = Built()  # the folder holds it no more: until a build succeeds, each is full
        self.pages = {f.src_uri for f in files.documentation_pages() if f.is_modified()}

    def theme(self, env, config) -> None:
        """The theme's templates from the previous builds; the 404 page and the sitemap
        (all navigation) are as built when the frame is."""
        env.bytecode_cache = self.compiled
        if not self.full:
            config.theme.static_templates = set()

    def keep_pages(self, files: Files) -> None:
        """Give each page not built again its title and metadata of the last build."""
        for f in files.documentation_pages():
            if f.page is not None and f.src_uri not in self.pages and f.src_uri in self.built.pages:
                f.page.title, f.page.meta = self.built.pages[f.src_uri]

    def done(self, files: Files) -> Message:
        """The build succeeded: it is the one the next compares with; says what it built."""
        pages = [f for f in files.documentation_pages() if f.page is not None]
        self.next.pages = {f.src_uri: (f.page.title, f.page.meta) for f in pages}
        self.built = self.next
        if self.full:
            return msg("serve.pages_all", total=len(pages))
        return msg("serve.pages", count=len(self.pages), total=len(pages))


def _empty(site_dir: Path, keep: set[str]) -> None:
    """Remove what a build wrote into `site_dir`, but the files in `keep`."""
    for path in sorted(site_dir.rglob("*"), reverse=True):  # a folder after what it holds
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif path.relative_to(site_dir).as_posix() not in keep:
            path.unlink()
