"""The project's own configuration and templates, checked as the build will use them,
so that a passing `check` means a building handbook.

* `mkdocs.yml`: read as the YAML sources are (UTF-8, syntax errors located with the same
  hints, a tab in the indentation named), then validated by MkDocs' own config schema
  (theme, docs_dir, custom_dir, extensions ...), each problem at the line of its key.
  The plugins are checked by name against the installed ones without importing them
  (the `handbook` plugin is the site renderer, which `check` does not load).
* the project's templates (`templates/`, `site_config/templates/`) and theme overrides
  (`site_config/overrides/`): read as UTF-8, never through a link out of the project,
  and compiled (overrides: parsed), so that a syntax error or an unknown filter is
  found here.

MkDocs' own words are kept inside a located message (they name the setting); nothing
here prints a traceback.
"""

from __future__ import annotations

import logging
import re
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

import yaml

from ..errors import Diagnostic, HandbookError, Location, error
from ..messages import msg
from ..project import Project
from ..resources import Resources
from ..source.yaml_reader import printable, syntax_diagnostic

#: the filters the template environment adds to Jinja's (present/templating.py)
FILTERS = ("md", "num")
#: plugins MkDocs ships or the build adds itself
_BUILTIN_PLUGINS = {"handbook"}


def check(root: Path) -> list[Diagnostic]:
    project = Project.at(root)
    return _mkdocs_yml(project) + _templates(project)


# ------------------------------------------------------------------ mkdocs.yml


def _mkdocs_yml(project: Project) -> list[Diagnostic]:
    path = project.mkdocs_yml
    if not path.is_file() and not path.is_symlink():
        return []  # the shipped config is used
    rel = "mkdocs.yml"
    try:
        text = Resources(project).project_text(path)
    except HandbookError as exc:
        return list(exc.diagnostics)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: MkDocs' own tags (!ENV) need no constructor
    except yaml.MarkedYAMLError as exc:
        return [syntax_diagnostic(exc, rel, text)]
    except yaml.YAMLError as exc:
        return [error(Location(rel), msg("config.invalid", key="", detail=printable(str(exc))),
                      msg("hint.mkdocs_yml"))]
    if not isinstance(node, yaml.MappingNode):
        return [error(_at(rel, node), msg("config.not_mapping"), msg("hint.mkdocs_yml"))]
    keys = _keys(node)
    out = _plugins(rel, keys)
    out += _validate(project, path, rel, keys)
    return out


def _keys(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _at(rel: str, node: yaml.Node | None) -> Location:
    if node is None:
        return Location(rel, 1, 1)
    return Location(rel, node.start_mark.line + 1, node.start_mark.column + 1)


def _plugin_names(value: yaml.Node) -> list[tuple[str, yaml.Node]]:
    found = []
    items = value.value if isinstance(value, yaml.SequenceNode) else \
        [k for k, _ in value.value] if isinstance(value, yaml.MappingNode) else []
    for item in items:
        if isinstance(item, yaml.MappingNode) and item.value:
            item = item.value[0][0]
        if isinstance(item, yaml.ScalarNode):
            found.append((item.value, item))
    return found


def _plugins(rel: str, keys: dict) -> list[Diagnostic]:
    """Every plugin installed, and `handbook` among them (without it the pages are not made)."""
    names = _plugin_names(keys["plugins"][1]) if "plugins" in keys else []
    if not any(name == "handbook" for name, _ in names):
        where = keys["plugins"][0] if "plugins" in keys else None
        return [error(_at(rel, where), msg("config.no_handbook_plugin"), msg("hint.handbook_plugin"))]
    installed = {e.name for e in entry_points(group="mkdocs.plugins")} | _BUILTIN_PLUGINS
    out = []
    for name, node in names:
        bare = name.split("/")[-1]  # "material/search": a theme's namespaced plugin
        if name not in installed and bare not in installed:
            out.append(error(_at(rel, node), msg("config.unknown_plugin", name=printable(name)),
                             msg("hint.known_plugins", names=sorted(installed))))
    return out


def _validate(project: Project, path: Path, rel: str, keys: dict) -> list[Diagnostic]:
    """MkDocs' schema on the file as the build loads it (its docs_dir and site_dir
    replaced by the build's when the file does not set them)."""
    from mkdocs.config.defaults import MkDocsConfig

    out = []
    with tempfile.TemporaryDirectory(prefix="handbook-check-") as tmp:
        cfg = MkDocsConfig(config_file_path=str(path))
        quiet = logging.getLogger("mkdocs")
        level, quiet.level = quiet.level, logging.CRITICAL
        try:
            with open(path, "rb") as f:
                cfg.load_file(f)
        except Exception as exc:  # MkDocs' loader (its tags, INHERIT): its message, located at the file
            return [error(Location(rel), msg("config.invalid", key="", detail=printable(str(exc))),
                          msg("hint.mkdocs_yml"))]
        finally:
            quiet.level = level
        cfg["plugins"] = []  # checked by name above; loading them would load the renderer (and set up search)
        cfg["site_dir"] = str(Path(tmp) / "site")
        if "docs_dir" not in keys:
            (Path(tmp) / "docs").mkdir()
            cfg["docs_dir"] = str(Path(tmp) / "docs")
        try:
            errors, warnings = cfg.validate()
        except Exception as exc:  # a broken extension raising on import
            errors, warnings = [("", exc)], []
    for key, exc in [*errors, *warnings]:  # the build is strict: a config warning fails it too
        if key == "plugins":
            continue
        detail = printable(str(exc))
        where = keys.get(key, (None, None))[1] if key else None
        if key == "theme" and "custom_dir" in detail:
            theme = keys.get("theme", (None, None))[1]
            sub = _keys(theme).get("custom_dir") if isinstance(theme, yaml.MappingNode) else None
            out.append(error(_at(rel, sub[1] if sub else where), msg("config.no_folder", key="theme.custom_dir",
                                                                     value=_value(sub)),
                             msg("hint.config_folder", root=".")))
        elif key == "docs_dir" and ("does not exist" in detail or "existing directory" in detail):
            out.append(error(_at(rel, where), msg("config.no_folder", key="docs_dir", value=_value(keys.get(key))),
                             msg("hint.config_folder", root=".")))
        elif key == "theme" and "Unrecognised theme name" in detail:
            theme = keys.get("theme", (None, None))[1]
            sub = _keys(theme).get("name") if isinstance(theme, yaml.MappingNode) else None
            names = re.findall(r"'([^']+)'", detail.split("The available installed themes are:")[-1])
            out.append(error(_at(rel, sub[1] if sub else where), msg("config.unknown_theme", name=_value(sub or keys[key])),
                             msg("hint.known_themes", names=names or ["material"])))
        else:
            out.append(error(_at(rel, where), msg("config.invalid", key=key, detail=detail), msg("hint.mkdocs_yml")))
    return out


def _value(pair) -> str:
    node = pair[1] if pair else None
    return printable(str(node.value)) if isinstance(node, yaml.ScalarNode) else ""


# ------------------------------------------------------------------ templates


def _templates(project: Project) -> list[Diagnostic]:
    """Every template of the project's own, read and compiled as the build will."""
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    resources = Resources(project)
    env = ImmutableSandboxedEnvironment()
    env.filters.update({name: str for name in FILTERS})
    out: list[Diagnostic] = []
    # the theme's overrides use the theme's own filters: their syntax only is checked
    folders = [(project.templates_dir, env.compile), (project.site_config_dir / "templates", env.compile),
               (project.site_config_dir / "overrides", env.parse)]
    for folder, compile_ in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not (path.is_file() and path.suffix in (".html", ".md", ".xml", ".txt", ".j2", ".jinja")):
                continue
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            try:
                text = resources.project_text(path)
            except HandbookError as exc:
                out += exc.diagnostics
                continue
            try:
                compile_(text, filename=str(path))
            except TemplateSyntaxError as exc:
                out.append(error(Location(project.relative(path), exc.lineno or 1, 1),
                                 msg("template.error", detail=printable(exc.message or type(exc).__name__)),
                                 msg("hint.compare_template")))
    return out


