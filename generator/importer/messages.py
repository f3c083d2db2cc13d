"""What `handbook import` says to a person: the `import.*` messages of the catalogue
(site_config/locales/messages/), in the language asked for (Chinese unless the project
or `--lang` says otherwise).
"""

from __future__ import annotations

from ..messages import msg

DEFAULT_LANG = "zh-CN"

def text(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """The message `key` in `lang`: the `import.*` messages of the catalogue."""
    return msg("import." + key, **fields).text(normalise_lang(lang))


def normalise_lang(value: str | None) -> str:
    """zh, zh-CN, zh_cn -> zh-CN; en, en-US -> en; anything else: the default."""
    if not value:
        return DEFAULT_LANG
    v = value.replace("_", "-").lower()
    if v.startswith("en"):
        return "en"
    return DEFAULT_LANG


class Refusal(Exception):
    """Input that cannot be imported: one line for the user, never a traceback."""

    def __init__(self, key: str, **fields):
        self.key = key
        self.fields = fields
        super().__init__(text(key, "en", **fields))

    def message(self, lang: str) -> str:
        return text(self.key, lang, **self.fields)
