"""What can go wrong that is not a bug: the user's mistakes, told precisely.

Two families, as in mkdocs/exceptions.py:

* `HandbookError` carries `Diagnostic`s: mistakes in the project's own files (its YAML,
  its templates, its mkdocs.yml), each located at PATH:LINE:COL.
* `BuildError` and its subclasses: the machine or the request cannot be served (a
  missing system package, an output folder that cannot be used, a filled PDF that
  cannot be read). The message says what to install or change.

The CLI prints both plainly and exits 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .messages import Message, catalog, current, render


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file. Lines and columns count from 1."""

    path: str  # relative to the project root, with forward slashes
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """A located problem; its words come from the message catalogue when it is shown
    (`format(language)`), so the same diagnostic prints in Chinese or English."""

    location: Location
    message: Message
    hint: Message | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, language: str | None = None) -> str:
        """`PATH:LINE:COL: error: MESSAGE (hint: HINT)`, or `PATH:LINE:COL: 错误：MESSAGE（提示：HINT）`."""
        language = language or current()
        words = catalog(language)
        text = words["diagnostic"].format(location=self.location, severity=words[f"severity.{self.severity.value}"],
                                          message=render(self.message, language))
        if self.hint:
            text += words["diagnostic.hint"].format(hint=render(self.hint, language))
        return text

    def sort_key(self) -> tuple:
        return (self.location, self.severity.value, self.message.key, repr(self.message.args))


def error(location: Location, message: Message, hint: Message | None = None) -> Diagnostic:
    return Diagnostic(location, message, hint, Severity.ERROR)


def warning(location: Location, message: Message, hint: Message | None = None) -> Diagnostic:
    return Diagnostic(location, message, hint, Severity.WARNING)


def dedupe(diagnostics) -> list[Diagnostic]:
    """Each diagnostic once, in file order (the order an editor lists them in)."""
    return sorted(dict.fromkeys(diagnostics), key=Diagnostic.sort_key)


class HandbookError(Exception):
    """The project's files are invalid: carries the diagnostics to print. Not a bug."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = dedupe(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self):  # raised in a worker process, it crosses back to the build whole
        return (type(self), (self.diagnostics,))


class BuildError(Exception):
    """The machine or the request cannot be served; the message says what to change."""


class MissingTool(BuildError):
    """A system package the build needs is not installed (Graphviz, a CJK font, fc-list)."""


class RenderError(BuildError):
    """A renderer failed on input that passed the checks (Graphviz refused a chart,
    a glyph no font has reached a PDF)."""


class OutputFolderError(BuildError):
    """The output folder cannot be used: it holds the sources, is not ours, cannot be made."""


class UnreadableForm(BuildError):
    """A file given to `handbook forms read` is not a readable filled form."""


class ServeError(BuildError):
    """`handbook serve` cannot listen on the address asked for."""
