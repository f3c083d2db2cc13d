"""Every word the generator says to the user, in the handbook's language.

A message is a key and its values (`msg("ref.unknown", kind=msg("kind.role"), value="x")`);
its text comes from the message catalogue of the language it is shown in,
site_config/locales/messages/<language>.yml, so that a diagnostic made in a worker
process, or kept for later, is worded where it is printed. A value may itself be a
message (worded in the same language) or a list (joined with the language's separator).

The language: `--lang` (or $HANDBOOK_LANG) if given, else the `locale:` of the project's
company.yml (read even when the file has errors), else Simplified Chinese.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

LANGUAGES = ("zh-CN", "en")
DEFAULT = "zh-CN"
ENVIRONMENT = "HANDBOOK_LANG"
_ALIASES = {"zh": "zh-CN", "zh-cn": "zh-CN", "zh_cn": "zh-CN", "zh-hans": "zh-CN", "cn": "zh-CN",
            "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "en_gb": "en"}


@dataclass(frozen=True)
class Message:
    key: str
    args: tuple[tuple[str, object], ...] = ()

    def text(self, language: str | None = None) -> str:
        return render(self, language or current())

    def __str__(self) -> str:
        return self.text()


def msg(key: str, /, **args) -> Message:
    return Message(key, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in args.items()))


@functools.cache
def catalog(language: str) -> dict[str, str]:
    path = importlib.resources.files("generator.site_config") / "locales" / "messages" / f"{language}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # our own file, not user input


def render(message: Message | str, language: str) -> str:
    """The text of `message` in `language` (a str is already text: a path, a value)."""
    if not isinstance(message, Message):
        return str(message)
    words = catalog(language)
    try:
        template = words[message.key]
    except KeyError:
        raise KeyError(f"message {message.key!r} has no text in {language}") from None
    return template.format_map({name: _value(v, language, words) for name, v in message.args})


def _value(value: object, language: str, words: dict[str, str]) -> str:
    if isinstance(value, Message):
        return render(value, language)
    if isinstance(value, (list, tuple)):
        return words["list_sep"].join(_value(v, language, words) for v in value)
    return str(value)


def normalise(language: str | None) -> str | None:
    """`zh`, `zh_CN`, `en-US` ... as one of LANGUAGES, or None."""
    if not language:
        return None
    return _ALIASES.get(language.strip().lower())


_current: list[str] = [DEFAULT]


def current() -> str:
    return _current[0]


def use(language: str) -> None:
    """Word every message from now on in `language` (one of LANGUAGES)."""
    _current[0] = language


_LOCALE = re.compile(r"^locale:[ \t]*['\"]?([A-Za-z_-]+)['\"]?[ \t]*(?:#.*)?$", re.M)


def language_for(root: Path | None, override: str | None = None) -> str:
    """The language to speak to the user of the project at `root` (see the module doc)."""
    for asked in (override, os.environ.get(ENVIRONMENT)):
        if normalise(asked):
            return normalise(asked)
    if root is not None:
        for name in ("company.yml", "company.yaml"):
            path = Path(root) / "handbook" / name
            try:
                if not stat.S_ISREG(path.stat().st_mode):  # a pipe would block
                    continue
                with open(path, "rb") as f:
                    head = f.read(65536).decode("utf-8", "replace")
            except OSError:
                continue
            found = _LOCALE.search(head.replace("\r\n", "\n"))
            if found and normalise(found.group(1)):
                return normalise(found.group(1))
    return DEFAULT
