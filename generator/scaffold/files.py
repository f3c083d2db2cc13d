"""The files a command means to write: rendered from the starter templates, checked
against what exists (nothing is ever overwritten: the first file in the way is named and
nothing is written), then written."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..errors import BuildError, HandbookError, Location, error
from ..messages import msg
from ..resources import Resources

STARTER = "starter"  # site_config/starter/<language>/: handbook/, forms/, project/, new/

# A YAML scalar that may stay plain: no indicator first, no ": " or " #" inside, no quote
# or bracket that a reader could take for syntax, not a word YAML reads as another type.
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\[\]{},'\"]*(?<=\S)$")
_NOT_TEXT = re.compile(r"^(?:~|null|true|false|yes|no|on|off|[-+]?[0-9][0-9_.:eE+-]*)$", re.I)


def yaml_scalar(value: str) -> str:
    """`value` as YAML text that reads back as the same string."""
    value = str(value)
    if _PLAIN.match(value) and not _NOT_TEXT.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def environment() -> SandboxedEnvironment:
    """Jinja for YAML and CI files: nothing escaped (no HTML here), values quoted by `yaml`."""
    env = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["yaml"] = yaml_scalar
    return env


def render(resources: Resources, rel: str, **values) -> str:
    """The starter template at `rel` (under site_config/starter/) filled with `values`,
    its line comments in one column again (an id filled in is longer or shorter than its
    placeholder)."""
    env = environment()
    text = env.from_string(resources.text(f"{STARTER}/{rel}")).render(**values)
    return "".join(_align(line) for line in text.splitlines(keepends=True))


# `key: value   # comment` whose value has no quote (inside quotes, spaces are the value's)
_COMMENTED = re.compile(r"^([^\"'#\n]*?\S)[ ]{2,}(# [^\n]*)(\n?)$")
COMMENT_COLUMN = 27


def _align(line: str) -> str:
    found = _COMMENTED.match(line)
    if not found or line.lstrip().startswith("#"):
        return line
    code, comment, end = found.groups()
    return code.ljust(max(COMMENT_COLUMN - 1, len(code) + 1)) + " " + comment + end


@dataclass
class Plan:
    """Files to write under `root`: path relative to it -> text."""

    root: Path
    files: dict[str, str] = field(default_factory=dict)
    # folders that must not exist yet (a handbook already there); relative to root
    fresh_folders: tuple[str, ...] = ()
    # files written afterwards by another function, which must not exist either
    later: tuple[str, ...] = ()

    def add(self, rel: str, text: str) -> None:
        self.files[rel] = text

    def refuse_existing(self) -> None:
        """A HandbookError naming the first file (or folder) in the way, before anything is written."""
        for rel in self.fresh_folders:
            if (self.root / rel).exists() or (self.root / rel).is_symlink():
                raise HandbookError([error(Location(_shown(self.root, rel)), msg("init.exists"),
                                           msg("hint.init_elsewhere"))])
        for rel in sorted([*self.files, *self.later]):
            path = self.root / rel
            for parent in [*reversed(Path(rel).parents[:-1]), Path(rel)]:
                target = self.root / parent
                if target == path and (target.exists() or target.is_symlink()):
                    raise HandbookError([error(Location(_shown(self.root, rel)), msg("init.exists"),
                                               msg("hint.init_elsewhere"))])
                if target != path and (target.is_symlink() or (target.exists() and not target.is_dir())):
                    raise HandbookError([error(Location(_shown(self.root, parent.as_posix())),
                                               msg("init.not_folder"), msg("hint.init_elsewhere"))])

    def write(self) -> list[Path]:
        self.refuse_existing()
        written = []
        for rel, text in self.files.items():
            path = self.root / rel
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never replaces a file
                    f.write(text)
            except FileExistsError:
                raise HandbookError([error(Location(_shown(self.root, rel)), msg("init.exists"),
                                           msg("hint.init_elsewhere"))]) from None
            except OSError as exc:
                raise BuildError(msg("init.cannot_write", path=path, detail=exc.strerror or exc)) from None
            written.append(path)
        return written


def _shown(root: Path, rel: str) -> str:
    """A path as the user typed its folder: `acme/handbook/company.yml`."""
    return (root / rel).as_posix() if str(root) not in ("", ".") else rel
