"""The `handbook` MkDocs plugin: the whole site is virtual pages made from the YAML.

on_config loads and checks the handbook (errors stop the build with the located
diagnostics, no traceback), renders the pages (diagrams included, as inline SVG
whose nodes link to the pages) and sets the nav; on_files adds the pages as
generated files (nothing is written into a docs folder); on_serve watches
handbook/, forms/ and templates/ so that `mkdocs serve` rebuilds on edits.
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..errors import BuildError, HandbookError
from ..resolve import Handbook, load_handbook
from . import pages as site_pages


class HandbookConfig(Config):
    root = c.Optional(c.Type(str))  # the project folder; default: the folder of mkdocs.yml


class HandbookPlugin(BasePlugin[HandbookConfig]):
    # Set by `handbook build` to reuse the handbook it already loaded and checked.
    preloaded: Handbook | None = None
    root_override: Path | None = None

    def _root(self, config) -> Path:
        if self.root_override:
            return self.root_override
        if os.environ.get("HANDBOOK_ROOT"):  # set by `handbook serve`
            return Path(os.environ["HANDBOOK_ROOT"])
        base = Path(config.config_file_path).parent
        return (base / self.config.root).resolve() if self.config.root else base

    @event_priority(100)  # before search: the handbook's locale decides the site's language
    def on_config(self, config):
        root = self._root(config)
        try:
            self.hb = self.preloaded or load_handbook(root)
        except HandbookError as exc:
            raise PluginError("\n" + "\n".join(d.format() for d in exc.diagnostics)) from None
        self.root = root
        self.error = None
        try:
            self.pages = site_pages.pages(self.hb)
        except BuildError as exc:  # Graphviz missing or failing
            raise PluginError(str(exc)) from None
        except HandbookError as exc:  # a mistake in the project's own templates
            self.error = exc  # `handbook build` re-raises it, to print it like any diagnostic
            raise PluginError("\n" + "\n".join(d.format() for d in exc.diagnostics)) from None
        # Raw-HTML links (PDF buttons, diagram nodes) point at roles/x.html: the offline
        # plugin needs this too, and file:// has no directory index.
        config.use_directory_urls = False
        if not config.nav:
            config.nav = site_pages.nav(self.hb, self.pages)
        if self.hb.company.handbook_title and config.site_name in ("", "Handbook"):
            config.site_name = str(escape(self.hb.company.handbook_title))  # printed unescaped by the theme
        language = self.hb.labels.language
        config.theme["language"] = language
        search = config.plugins.get("material/search")
        if search is not None and search.config.lang and search.config.lang != [language]:
            search.config.lang, search.config.separator = [language], None
        return config

    def on_files(self, files: Files, *, config) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.path, content=page.content))
        return files

    def on_serve(self, server, *, config, builder):
        for folder in ("handbook", "forms", "templates"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server
