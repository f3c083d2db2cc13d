"""What `diff`, `revision` and `reviews` say to the user: the `diff.*` messages of the
catalogue (site_config/locales/messages/), in the language asked for. Values from the
YAML are made printable before they get here.
"""

from __future__ import annotations

from ..messages import DEFAULT, LANGUAGES, msg


def message(locale: str, key: str, **values) -> str:
    return msg("diff." + key, **values).text(locale if locale in LANGUAGES else DEFAULT)


class Messages:
    """`say(key, **values)` in one language."""

    def __init__(self, locale: str = DEFAULT):
        self.locale = locale if locale in LANGUAGES else DEFAULT

    def __call__(self, key: str, **values) -> str:
        return message(self.locale, key, **values)


class DiffError(Exception):
    """A user's situation the command cannot go on from (unknown revision, a side that does not
    load): one line, printed as `error: …`, exit 1. Not a bug."""
