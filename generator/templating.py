"""The Jinja2 environment shared by site pages and PDFs.

Sandboxed and autoescaped: text from YAML is data, never markup or code.
A project may override any template by putting a file of the same name in
its own `templates/` folder (looked up first).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

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
def environment(project_templates: Path | None = None) -> ImmutableSandboxedEnvironment:
    paths = [str(project_templates)] if project_templates and project_templates.is_dir() else []
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(paths + [str(TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["num"] = plain_number
    return env


def render(template: str, project_templates: Path | None = None, **context) -> str:
    return environment(project_templates).get_template(template).render(**context)
