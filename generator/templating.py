"""The Jinja2 environment shared by site pages and PDFs.

Sandboxed and autoescaped: text from YAML is data, never markup or code.
A project may override any template by putting a file of the same name in
its own `templates/` folder (looked up first).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from .errors import HandbookError, Location, error
from .locale import plain_number

SITE_CONFIG = Path(__file__).resolve().parent.parent / "site_config"
TEMPLATES = SITE_CONFIG / "templates"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_escape(value: object) -> Markup:
    """Plain text safe inside Markdown *and* HTML: no emphasis, links, lists or tags."""
    text = str(escape(str(value)))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A line break inside a value would start a new Markdown block; keep it a break.
    return Markup(text.replace("\n", "<br>"))


@cache
def _environment(paths: tuple[str, ...]) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(list(paths)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["num"] = plain_number
    return env


def environment(project_templates: Path | None = None) -> ImmutableSandboxedEnvironment:
    """The project's templates/ first when it exists (looked up on each call: `serve` runs
    on while the folder is made), then ours."""
    own = [str(project_templates)] if project_templates and project_templates.is_dir() else []
    return _environment(tuple(own + [str(TEMPLATES)]))


def render(template: str, project_templates: Path | None = None, **context) -> str:
    """`template` rendered; a mistake in one of the project's own templates is a located
    diagnostic like any source mistake (a mistake in ours keeps its traceback: a bug)."""
    try:
        return environment(project_templates).get_template(template).render(**context)
    except TemplateError as exc:
        where = _project_place(exc, project_templates)
        if where is None:
            raise
        path, line = where
        raise HandbookError([error(Location(path, line, 1), f"template error: {exc.message or type(exc).__name__}",
                                   "a file in the project's templates/ replaces the one of the same name in "
                                   "site_config/templates/; compare it with that one")]) from None


def _project_place(exc: TemplateError, folder: Path | None) -> tuple[str, int] | None:
    """(path from the project root, line) of the error inside the project's templates, or None."""
    if folder is None or not folder.is_dir():
        return None
    folder = folder.resolve()
    places = []
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        places.append((exc.filename, exc.lineno))
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps a template's frames to its file and line
        places.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    for filename, line in reversed(places):
        path = Path(filename).resolve()
        if path.is_relative_to(folder):
            return path.relative_to(folder.parent).as_posix(), line or 1
    return None
