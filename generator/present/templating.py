"""The Jinja2 environment shared by site pages and PDFs.

Sandboxed and autoescaped: text from YAML is data, never markup or code. Templates are
looked up in the project's `templates/`, then its `site_config/templates/`, then the
shipped ones (resources.py); a project's template is user input: read as UTF-8 (a file
saved as GBK is reported at its place), never through a link to outside the project,
and a mistake in it is a located diagnostic like any YAML mistake.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from jinja2 import BaseLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError, \
    select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..errors import HandbookError, Location, error
from ..messages import msg
from ..resources import Resources
from ..source.yaml_reader import printable
from .labels import plain_number

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_escape(value: object) -> Markup:
    """Plain text safe inside Markdown *and* HTML: no emphasis, links, lists or tags."""
    text = str(escape(str(value)))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A line break inside a value would start a new Markdown block; keep it a break.
    return Markup(text.replace("\n", "<br>"))


class _Loader(BaseLoader):
    """Templates by name from the resource folders, the project's first (see module doc)."""

    def __init__(self, resources: Resources):
        self.resources = resources

    def get_source(self, environment, template: str):
        if any(part in ("", ".", "..") for part in template.split("/")):
            raise TemplateNotFound(template)
        for folder in self.resources.folders("templates"):
            path = folder / template
            if not path.is_file():
                continue
            if self.resources.is_own(path) or not path.resolve().is_relative_to(folder.resolve()):
                text = self.resources.project_text(path)  # HandbookError when not readable as text
            else:
                text = path.read_text(encoding="utf-8")
            mtime = os.path.getmtime(path)
            return text, str(path), lambda: os.path.exists(path) and os.path.getmtime(path) == mtime
        raise TemplateNotFound(template)


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, deciding once whether an attribute may be read: its
    checks look at the object's type (isinstance against fixed types) and the name only,
    and the pages of a whole company ask them a hundred thousand times."""

    def __init__(self, **options):
        super().__init__(**options)
        self._safe: dict[tuple, bool] = {}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        key = (type(obj), obj.__class__, attr)  # isinstance reads both
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe


@cache
def _environment(resources_key: tuple) -> ImmutableSandboxedEnvironment:
    resources = Resources(*resources_key)
    env = _Sandbox(
        loader=_Loader(resources),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["num"] = plain_number
    return env


def environment(resources: Resources) -> ImmutableSandboxedEnvironment:
    return _environment((resources.project,))


def render(resources: Resources, template: str, **context) -> str:
    """`template` rendered; a mistake in one of the project's own templates is a located
    diagnostic (a mistake in ours keeps its traceback: a bug)."""
    try:
        return environment(resources).get_template(template).render(**context)
    except TemplateError as exc:
        where = _project_place(exc, resources)
        if where is None:
            raise
        path, line = where
        raise HandbookError([error(Location(path, line, 1),
                                   msg("template.error", detail=printable(exc.message or type(exc).__name__)),
                                   msg("hint.compare_template"))]) from None


def _project_place(exc: TemplateError, resources: Resources) -> tuple[str, int] | None:
    """(path from the project root, line) of the error inside the project's templates, or None."""
    places = []
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        places.append((exc.filename, exc.lineno))
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps a template's frames to its file and line
        places.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    for filename, line in reversed(places):
        if filename and not filename.startswith("<") and resources.is_own(Path(filename)):
            return resources.project.relative(Path(filename)), line or 1
    return None
