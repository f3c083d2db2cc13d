"""Diagnostics: the user's mistakes, told precisely.

A `Diagnostic` is a problem in the user's source, located at PATH:LINE:COL.
The CLI prints them and exits 1; anything that is *not* a Diagnostic is a bug
and keeps its traceback (see mkdocs/exceptions.py for the same split).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


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
    location: Location
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        text = f"{self.location}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def sort_key(self) -> tuple:
        return (self.location, self.severity.value, self.message)


def error(location: Location, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(location, message, hint, Severity.ERROR)


def warning(location: Location, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(location, message, hint, Severity.WARNING)


@dataclass
class Diagnostics:
    """An ordered, de-duplicated collection; checks append, the CLI prints."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def extend(self, diagnostics) -> None:
        for d in diagnostics:
            self.add(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)


class HandbookError(Exception):
    """The source is invalid: carries the diagnostics to print. Not a bug."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self):  # raised in a PDF worker, it crosses back to the build whole
        return (HandbookError, (self.diagnostics,))


class BuildError(Exception):
    """The environment cannot build the output (missing font, tool, ...).

    Not a bug either: the message says what to install or change.
    """


def relpath(path: Path, root: Path) -> str:
    """Path as shown in diagnostics: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
