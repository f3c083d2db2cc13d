"""Interface labels from the locale files (site_config/locales/<locale>.yml), and numbering.

Every word the generator adds around the user's content (职责, 任职资格, 第一章)
comes from here, so an English handbook needs only `locale: en`. A project changes a
label with its own `site_config/locales/<locale>.yml` holding only the keys it changes
(岗位说明书 -> 职位说明书, say); a key the shipped file does not have is a mistake,
reported at its place with "did you mean".
"""

from __future__ import annotations

import difflib
from functools import cache

import yaml

from ..errors import HandbookError, error
from ..messages import msg
from ..resources import Resources, shipped
from ..source.yaml_reader import YamlError, printable, read

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
def _shipped_labels(locale: str) -> dict:
    path = shipped() / "locales" / f"{locale}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # our own file, not user input


def load_labels(locale: str, resources: Resources | None = None) -> Labels:
    """The labels of `locale`, with the project's own changes (see the module doc)."""
    data = dict(_shipped_labels(locale))
    rel = f"locales/{locale}.yml"
    path = resources.path(rel) if resources else None
    if path is not None and resources.is_own(path):
        data.update(_own_labels(resources, path, data))
    return Labels(data, locale=locale)


def _own_labels(resources: Resources, path, shipped_data: dict) -> dict:
    rel = resources.project.relative(path)
    text = resources.project_text(path)
    try:
        doc, _ = read(text.encode("utf-8"), rel)
    except YamlError as exc:
        raise HandbookError([exc.diagnostic]) from None
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise HandbookError([error(doc.locate(()), msg("labels.not_mapping"),
                                   msg("hint.copy_labels", name=rel.split("/")[-1]))])
    problems, own = [], {}
    for key, value in doc.data.items():
        if key not in shipped_data:
            close = difflib.get_close_matches(str(key), list(shipped_data), n=1)
            problems.append(error(doc.locate((key,), key=True), msg("labels.unknown", key=printable(str(key))),
                                  msg("hint.did_you_mean", value=close[0]) if close else msg("hint.no_new_labels")))
        elif not isinstance(value, str) or not value:
            problems.append(error(doc.locate((key,)), msg("labels.not_text", key=printable(str(key)))))
        else:
            own[key] = str(value)
    if problems:
        raise HandbookError(problems)
    return own
