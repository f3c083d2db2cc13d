"""The `handbook` MkDocs plugin: the whole site is virtual pages made from the YAML.

It configures itself, so that a company's mkdocs.yml needs no more than `site_name`,
`theme: {name: material}` and `plugins: [handbook]` (or is absent: `handbook build`
then uses the shipped one):

* on_config loads and checks the handbook (a mistake stops the build with the located
  diagnostics, carried by `HandbookPluginError`), renders the pages (diagrams included)
  and sets what the pages rely on: Material's theme overrides and language, the
  Markdown extensions, Chinese search, the offline plugin, the stylesheet and scripts;
* on_files adds the pages and the shipped assets as generated files (nothing is written
  into a docs folder; a file of the project's own docs/ wins over a shipped asset), and
  the project's own pages to the navigation;
* on_serve watches the sources, the project's templates and site_config;
* under `handbook serve` (MkDocs' dirty build), only the pages whose Markdown changed are
  built again (incremental.py), and an invalid edit leaves the previous site served.

Its inputs are its config options: `root` (the project folder; default: the folder of
mkdocs.yml) and `downloads` (the output kinds built beside the site, which the pages
link to: `handbook build` sets it; a bare `mkdocs build` makes none, so links none).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from ..errors import BuildError, Diagnostic, HandbookError
from ..messages import msg
from ..handbook import load
from ..outputs import KINDS, plan
from ..present import Presentation
from ..project import Project
from ..outputs import is_large
from ..source.schema import refresh as refresh_schemas
from .incremental import GeneratedFile, Incremental
from .pages import OWN_PAGES, Site
from .search import WORKER, PageInfo, SiteSearch, synonym_groups

# navigation.tabs: the sections as tabs over the page on a laptop, so that each is one click
# away (HR's pages were 1,900 px down one long menu); navigation.indexes: a section's title
# opens its list page (岗位, 流程 …) instead of repeating it as its first entry.
FEATURES = ["navigation.tabs", "navigation.sections", "navigation.indexes", "navigation.top",
            "search.suggest", "search.highlight", "search.share", "content.tooltips"]
STYLESHEETS = ["assets/handbook.css"]
SCRIPTS = ["assets/javascripts/checklist.js",  # remembers onboarding ticks
           "assets/javascripts/filter.js"]  # the filter by title of the roles and checklists indexes
SEARCH_SHIM = "assets/javascripts/iframe-worker/shim.js"  # the offline plugin's file:// search, not from a CDN
SEARCH_GLUE = "assets/javascripts/search.js"  # in the head, after the shim: paste, input methods, "did you mean"
# Material's files that the site's own search makes unused (lunr and its worker), and the
# source maps, which no reader downloads
UNUSED = re.compile(r"^assets/javascripts/(lunr|workers)/|\.map$")
SOURCE_MAP = re.compile(rb"\n?/[/*]# sourceMappingURL=[^\n]*\s*$")
SHARE_PLACEHOLDER = 'href="javascript:void(0)"'
# A large handbook (pages.is_large) adds navigation.prune: a page's HTML holds only the
# navigation a reader can see from it (every role and form was rendered into every page: a
# site quadratic in its pages). A small one keeps the whole navigation in each page, where
# it links every page to every section.
LARGE_FEATURES = ["navigation.prune"]
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


class HandbookConfig(Config):
    root = c.Optional(c.Dir(exists=True))  # the project folder; default: the folder of mkdocs.yml
    downloads = c.ListOfItems(c.Choice(list(KINDS)), default=[])  # output kinds built beside the site


class HandbookPluginError(PluginError):
    """The project's files are invalid; `diagnostics` says where (printed one per line)."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n" + "\n".join(d.format() for d in diagnostics))


# Set by `handbook serve` (generator/serve.py): called after each build of the site with
# (presentation, outputs, site folder, project), to put the PDFs and workbooks beside the
# pages in the background (from the build cache: only what an edit changed is rendered).
SERVE_OUTPUTS = None


class HandbookPlugin(BasePlugin[HandbookConfig]):
    command = ""
    incremental: Incremental | None = None  # under `handbook serve`: what a build keeps for the next

    def _project(self, config) -> Project:
        return Project.at(self.config.root or Path(config.config_file_path).parent)

    def on_startup(self, *, command, dirty):
        self.command = command  # this object lives as long as the server, and its `incremental`
        self.incremental = Incremental() if command == "serve" and dirty else None

    @event_priority(-100)  # last: after the search index and the offline plugin
    def on_post_build(self, *, config):
        if self.incremental is not None:
            print(self.incremental.done(self.files), file=sys.stderr, flush=True)
        if self.command == "serve" and SERVE_OUTPUTS is not None:
            SERVE_OUTPUTS(self.site.p, self._edited_first(self.site.outputs), Path(config.site_dir), self.project)

    def _edited_first(self, outputs: list) -> list:
        """The outputs of the entities whose page was built again first (the edited role's
        job description before the manuals)."""
        if self.incremental is None or self.incremental.full:
            return outputs
        edited = {(OWN_PAGES.get(folder), name.removesuffix(".md"))
                  for folder, _, name in (page.rpartition("/") for page in self.incremental.pages)}
        return sorted(outputs, key=lambda o: (o.spec.entity, o.id) not in edited)

    @event_priority(100)  # first: the handbook's locale decides the site's language and search
    def on_config(self, config):
        self.project = self._project(config)
        try:
            refresh_schemas(self.project.root)  # the editor's .schemas/, if the project has one
            loaded = load(self.project.root)
            if loaded.handbook is None:
                raise HandbookError(loaded.errors)
            presentation = Presentation(loaded.handbook, self.project)
            if self.command == "serve" and SERVE_OUTPUTS is not None and not self.config.downloads:
                self.config.downloads = list(KINDS)  # served beside the pages, so linked
            outputs = [o for o in plan(loaded.handbook) if o.kind in self.config.downloads]
            self.site = Site(presentation, outputs)
            self.pages = self.site.pages()
        except HandbookError as exc:
            raise HandbookPluginError(exc.diagnostics) from None
        except BuildError as exc:  # Graphviz missing or failing
            raise PluginError(str(exc)) from None
        self.assets = presentation.resources.files("assets")
        search = _configure(config, presentation)
        search.pages = {p.path: PageInfo(p.title, p.kind, p.keys) for p in self.pages}
        search.documents = self.incremental.documents if self.incremental is not None else {}
        search.synonyms = synonym_groups(loaded.handbook)
        self.labels = L = presentation.labels
        search.labels = {"did_you_mean": L.search_did_you_mean,
                         **{f"kind_{k}": L[f"search_kind_{k}"] for k in ("role", "department", "procedure", "form",
                                                                         "policy", "checklist", "page")}}
        worker = self.assets.get(WORKER.removeprefix("assets/"))
        self.worker_version = hashlib.sha256(worker.read_bytes()).hexdigest()[:10] if worker else ""
        return config

    def on_files(self, files: Files, *, config) -> Files:
        own_pages = [f.src_uri for f in files.documentation_pages()]
        for page in self.pages:
            if files.get_file_from_path(page.path) is not None:
                files.remove(files.get_file_from_path(page.path))  # the handbook's page wins
        for page in self.pages:
            files.append(GeneratedFile.generated(config, page.path, content=page.content))
        for rel, path in self.assets.items():
            if files.get_file_from_path(f"assets/{rel}") is None:  # the project's docs/ wins
                files.append(File.generated(config, f"assets/{rel}", abs_src_path=str(path)))
        _ship_only_what_is_used(files, config)
        if not config.nav:
            generated = {p.path for p in self.pages}
            config.nav = self.site.nav(self.pages, [p for p in own_pages if p not in generated])
        if self.incremental is not None:
            shown = [[(p.path, p.title) for p in self.pages], self.worker_version]
            self.incremental.plan(config, files, shown, keep={o.path for o in self.site.outputs})
        self.files = files
        return files

    def on_nav(self, nav, *, config, files):
        if self.incremental is not None:
            self.incremental.keep_pages(files)
        return nav

    def on_env(self, env, *, config, files):
        if self.incremental is not None:
            self.incremental.theme(env, config)
        return env

    def on_template_context(self, context, *, template_name, config):
        """404.html links relative to the site's root, not from "/" (MkDocs' default for
        error pages), which breaks from file:// and under a sub-folder (overrides/404.html)."""
        if template_name != "404.html":
            return context
        from mkdocs.utils import normalize_url

        context["base_url"] = "."
        context["extra_css"] = [normalize_url(str(p), None, ".") for p in config.extra_css]
        context["extra_javascript"] = [normalize_url(str(p), None, ".") for p in config.extra_javascript]
        L = self.labels
        folders = sorted({p.path.split("/")[0] for p in self.pages if "/" in p.path} | {"assets", "search"})
        context["hb_404"] = {"title": L.not_found_title, "text": L.not_found_text, "home": L.home,
                             "folders": folders}
        return context

    def on_post_page(self, output, *, page, config):
        return self._finish(output)

    def on_post_template(self, output_content, *, template_name, config):
        return self._finish(output_content)

    def _finish(self, html: str) -> str:
        """Material's page script starts the search worker named in its __config: the
        site's own (search.py), with its version so that a browser never keeps an old one.
        The share button's placeholder link becomes "#" (Material's script replaces it with
        the search's address, and keeps it from being followed): no javascript: URL on the site."""
        version = f"?v={self.worker_version}" if self.worker_version else ""
        return MATERIAL_WORKER.sub(WORKER + version, html).replace(SHARE_PLACEHOLDER, 'href="#"')

    def on_serve(self, server, *, config, builder):
        for folder in (*self.project.sources, self.project.templates_dir, self.project.site_config_dir):
            if folder.is_dir():
                server.watch(str(folder))
        server.builder = _keep_serving(server.builder)
        return server


def _keep_serving(builder):
    """After an invalid edit MkDocs has printed the located errors; its server would then
    hold every request until a build succeeds: the previous site is served instead."""

    said = []  # the errors of the last failed build: MkDocs does not print them twice either

    def build(config=None):
        try:
            builder(config)
            said.clear()
        except Abort as exc:
            if not isinstance(exc.__context__, HandbookPluginError):
                raise
            if said != exc.__context__.diagnostics:
                said[:] = exc.__context__.diagnostics
                print(msg("serve.kept"), file=sys.stderr, flush=True)

    return build


def _configure(config, p: Presentation) -> SiteSearch:
    """What the pages rely on, set unless the project's mkdocs.yml already says it."""
    theme = config.theme
    if theme.name != "material":
        raise PluginError(str(msg("site.not_material", theme=theme.name)))
    # theme overrides: the project's own (custom_dir, site_config/overrides), then ours, then Material's
    custom = [d for d in theme.dirs[:1] if config.theme.custom_dir and Path(d) == Path(config.theme.custom_dir)]
    ours = [str(d) for d in p.resources.folders("overrides")]
    theme.dirs = custom + [d for d in ours if d not in custom] + [d for d in theme.dirs if d not in custom + ours]
    theme["language"] = p.labels.language
    wanted = FEATURES + (LARGE_FEATURES if is_large(p.hb) else [])
    theme["features"] = list(theme.get("features") or []) + [f for f in wanted if f not in (theme.get("features") or [])]
    if not theme.get("palette"):
        theme["palette"] = _palette(p.labels)
    if theme.get("font") == {"text": "Roboto", "code": "Roboto Mono"}:
        theme["font"] = False  # no Google Fonts: slow or blocked on many Chinese networks
    # Raw-HTML links (downloads, diagram nodes) point at roles/x.html: the offline plugin
    # needs this too, and file:// has no directory index.
    config.use_directory_urls = False
    config.extra_css = [*config.extra_css, *(s for s in STYLESHEETS if s not in config.extra_css)]
    scripts = [str(s) for s in config.extra_javascript]
    config.extra_javascript = [*config.extra_javascript, *(s for s in SCRIPTS if s not in scripts)]
    config.extra.setdefault("generator", False)  # no "Made with Material" link
    polyfills = config.extra.setdefault("polyfills", [])
    if not any("iframe-worker" in str(u) for u in polyfills):
        polyfills.append(SEARCH_SHIM)
    if SEARCH_GLUE not in polyfills:
        polyfills.append(SEARCH_GLUE)
    _markdown(config)
    search = _plugins(config, p.labels.language)
    if config.site_name in ("", "Handbook"):
        config.site_name = p.hb.company.handbook_title
    config.site_name = str(escape(config.site_name))  # the theme prints it unescaped
    return search


def _palette(L) -> list[dict]:
    """Light or dark as the reader's system says, with Material's toggle beside the search
    (system -> light -> dark -> system); each toggle is named by what it switches to."""
    colours = {"primary": "indigo", "accent": "indigo"}
    return [
        {"media": "(prefers-color-scheme)", **colours,
         "toggle": {"icon": "material/brightness-auto", "name": L.palette_to_light}},
        {"media": "(prefers-color-scheme: light)", "scheme": "default", **colours,
         "toggle": {"icon": "material/brightness-7", "name": L.palette_to_dark}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", **colours,
         "toggle": {"icon": "material/brightness-4", "name": L.palette_auto}},
    ]


def _markdown(config) -> None:
    from pymdownx.slugs import slugify

    wanted = {
        "tables": {}, "attr_list": {}, "md_in_html": {}, "admonition": {},
        "pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True},  # checklists ticked on screen
        # stable anchors for Chinese headings
        "toc": {"permalink": True, "slugify": slugify(case="lower")},
    }
    for name, options in wanted.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        mine = config.mdx_configs.setdefault(name, {})
        for key, value in options.items():
            mine.setdefault(key, value)


def _plugins(config, language: str) -> SiteSearch:
    """The site's search (in Material's search plugin's place: a search plugin the project's
    mkdocs.yml lists gives it its settings, except the language, which is the handbook's)
    and offline browsing, added when the project's mkdocs.yml does not list it."""
    from material.plugins.offline.plugin import OfflinePlugin

    listed = [k for k in config.plugins if k.split("/")[-1] == "search"]
    settings = None
    for key in listed:
        old = config.plugins.pop(key)
        settings = settings or old.config
        for handlers in config.plugins.events.values():
            handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not old]
    search = SiteSearch()
    _add(config, "material/search", search, {})
    if settings is not None:
        search.config = settings
    if search.config.lang != [language]:
        search.config.lang, search.config.separator = [language], None
    if not any(k.split("/")[-1] == "offline" for k in config.plugins):
        _add(config, "material/offline", OfflinePlugin(), {})
    return search


def _ship_only_what_is_used(files: Files, config) -> None:
    """Leave out Material's lunr search and its worker (the site has its own) and the source
    maps; the theme's script and stylesheets lose their source-map comment with them."""
    for f in list(files):
        if UNUSED.search(f.src_uri):
            files.remove(f)
        elif f.src_uri.startswith("assets/") and f.src_uri.endswith((".min.js", ".min.css")) and f.abs_src_path:
            data = Path(f.abs_src_path).read_bytes()
            stripped = SOURCE_MAP.sub(b"\n", data)
            if stripped != data:
                files.remove(f)
                files.append(GeneratedFile.generated(config, f.src_uri, content=stripped))


def _add(config, name: str, plugin, options: dict):
    """Register `plugin` while on_config runs: its own on_config comes later in this round
    (ours runs first, at priority 100)."""
    errors, _ = plugin.load_config(options, config.config_file_path)
    if errors:  # pragma: no cover - our own options
        raise PluginError(f"{name}: {errors}")
    config.plugins[name] = plugin
    return plugin
