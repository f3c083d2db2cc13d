"""What a filled form's values must be, checked after the fact.

Viewers that run form scripts (Acrobat, pdf.js) refuse a word in a number field as it is
typed; PDFium as embedded in many apps, Poppler and WPS run none, so `handbook forms read`
and `handbook forms print` check the values again. What a field must hold is read from
the filled file itself (fieldtree.FieldInfo: the Required flag, the kind its keystroke
action checks, the cells a total adds up), so the check needs no project and works on
forms of any version.

Numbers may be typed with full-width digits (１２００, from a Chinese input method) and
thousands separators; dates as 2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日 or
20260315, between 1970 and 2099 like the YAML's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ..messages import Message, msg
from .fieldtree import FieldInfo

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_DATES = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def number(text: str) -> Decimal | None:
    """The number typed, or None if it is not one."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if not _NUMBER.fullmatch(plain):
        return None
    try:
        return Decimal(plain.replace(",", ""))
    except InvalidOperation:
        return None


def date(text: str) -> dt.date | None:
    """The date typed, or None if it is not one (or outside 1970-2099)."""
    plain = unicodedata.normalize("NFKC", text).strip()
    for pattern in _DATES:
        if match := pattern.fullmatch(plain):
            try:
                day = dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
            return day if 1970 <= day.year <= 2099 else None
    return None


def _shown(text: str, limit: int = 30) -> str:
    one_line = "".join(" " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in text)
    return one_line if len(one_line) <= limit else one_line[:limit] + "…"


def _empty(value: object) -> bool:
    return value in (None, False, "", []) or (isinstance(value, str) and not value.strip())


def problems(fields: dict[str, FieldInfo]) -> list[tuple[str, Message]]:
    """(field name, what is wrong) for every required field left empty and every value that
    is not of its field's kind, in the form's order."""
    out: list[tuple[str, Message]] = []
    for name, info in fields.items():
        value = info.value
        if _empty(value):
            if info.required:
                out.append((name, msg("filled.required_empty")))
            continue
        if not isinstance(value, str) or info.kind is None:
            continue
        if info.kind in ("number", "money"):
            amount = number(value)
            if amount is None:
                out.append((name, msg("filled.not_number", value=_shown(value))))
            elif info.kind == "money" and amount.as_tuple().exponent < -2:
                out.append((name, msg("filled.fen", value=_shown(value))))
        elif info.kind == "date" and date(value) is None:
            out.append((name, msg("filled.not_date", value=_shown(value))))
    for name, info in fields.items():
        if not info.sums or _empty(info.value) or not isinstance(info.value, str):
            continue
        total, cells = number(info.value), [fields[c].value for c in info.sums if c in fields]
        amounts = [number(c) for c in cells if isinstance(c, str) and c.strip()]
        if total is not None and all(a is not None for a in amounts) and sum(amounts, Decimal(0)) != total:
            out.append((name, msg("filled.total_mismatch", total=_shown(info.value.strip()),
                                  rows=sum(amounts, Decimal(0)))))
    return out


def computed_total(fields: dict[str, FieldInfo], name: str) -> str | None:
    """The sum of the cells a total adds up, when all typed ones are numbers (for a total a
    viewer without scripts left empty); None when there is nothing to add."""
    info = fields[name]
    cells = [fields[c].value for c in info.sums if c in fields]
    typed = [c for c in cells if isinstance(c, str) and c.strip()]
    amounts = [number(c) for c in typed]
    if not typed or any(a is None for a in amounts):
        return None
    total = sum(amounts, Decimal(0))
    if info.kind == "money":
        return f"{total:,.2f}"
    return format(total.normalize(), "f") if total == total.to_integral() else str(total)


def label(name: str, info: FieldInfo) -> str:
    """How a message names a field: its printed label and its name, `客户名称 (customer)`."""
    text = _shown(info.label, 40) if info.label else ""
    return f"{text} ({name})" if text else name
