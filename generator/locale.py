"""Interface labels from site_config/locales/<locale>.yml, and numbering.

Every word the generator adds around the user's content (职责, 任职资格, 第一章)
comes from here, so an English handbook needs only `locale: en`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LOCALES = Path(__file__).resolve().parent.parent / "site_config" / "locales"
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (as in 第一百零五条)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if rest == 0:
            return _DIGITS[hundreds] + "百"
        return _DIGITS[hundreds] + "百" + ("零" + _DIGITS[rest] if rest < 10 else
                                           chinese_number(rest) if rest >= 20 else "一" + chinese_number(rest))
    return str(n)


def plain_number(value: float) -> str:
    """A number as HR wrote it: 40.0 -> 40, 123456.78 -> 123456.78, -0.0 -> 0; never 1e+06."""
    return f"{value + 0.0:.6f}".rstrip("0").rstrip(".")


class Labels(dict):
    """Label lookup: labels['duties'] or labels.duties; a missing label is a bug.
    Methods must not share a name with a label key: templates read `L.<key>`."""

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no label '{name}' in locale {self.get('locale')}") from None

    def number(self, n: int) -> str:
        return chinese_number(n) if self["numerals"] == "chinese" else str(n)

    def chapter(self, n: int) -> str:
        return self["chapter_format"].format(n=self.number(n))

    def article(self, n: int) -> str:
        return self["article_format"].format(n=self.number(n))


@cache
def load_labels(locale: str) -> Labels:
    path = LOCALES / f"{locale}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))  # our own file, not user input
    return Labels(data, locale=locale)
