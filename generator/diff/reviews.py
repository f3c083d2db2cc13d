"""Review dates: policies and procedures with a `review_by` date (and a `review_owner`
role); `check` warns when one has passed or is near, `handbook reviews` lists them by
owner.

"Today" is `HANDBOOK_TODAY` (YYYY-MM-DD) when that is set, so that tests and a CI job
see a fixed date; otherwise the machine's date. The notice window is
`review_window_days` in company.yml (30 by default).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .base import BuildError, Diagnostic, Location, Source, load_labels, model, printable, warning
from .messages import Messages

TODAY_VARIABLE = "HANDBOOK_TODAY"
DEFAULT_WINDOW = model.Company.model_fields["review_window_days"].default


def today(say: Messages | None = None) -> dt.date:
    """The date reviews are measured against: $HANDBOOK_TODAY, else the machine's date."""
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return dt.date.today()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise BuildError((say or Messages())("bad_today", value=printable(text)))


@dataclass(frozen=True)
class Review:
    kind: str  # policy | procedure
    id: str
    title: str  # 《业务操作规定》 / SC-004 销售计划制订、审批流程
    owner: str | None  # role id
    owner_title: str | None
    review_by: dt.date
    location: Location  # of the review_by value
    days: int  # days from today to review_by (negative: passed)
    due: bool  # passed, or within the window


def reviews(src: Source, when: dt.date | None = None) -> tuple[list[Review], dt.date, int]:
    """Every policy and procedure with a review date (soonest first), today, the window."""
    when = when or today(Messages(locale_of(src)))
    window = src.company.item.review_window_days if src.company else DEFAULT_WINDOW
    roles = {e.item.id: e.item.title for e in src.of_kind("role")}
    L = load_labels(locale_of(src))
    out = []
    for kind in ("policy", "procedure"):
        for e in src.of_kind(kind):
            item = e.item
            if item.review_by is None:
                continue
            days = (item.review_by - when).days
            title = L.diff_book.format(text=item.title) if kind == "policy" else f"{item.code} {item.title}"
            out.append(Review(kind, item.id, title, item.review_owner, roles.get(item.review_owner or ""),
                              item.review_by, e.locate("review_by"), days, days <= window))
    out.sort(key=lambda r: (r.review_by, r.kind, r.id))
    return out, when, window


def locale_of(src: Source) -> str:
    return src.company.item.locale if src.company else "zh-CN"


def review_warnings(src: Source, when: dt.date | None = None) -> list[Diagnostic]:
    """The check's warnings: a review date that has passed or falls within the window,
    located at the `review_by` value."""
    say = Messages(locale_of(src))
    found, _, _ = reviews(src, when)
    out = []
    for r in found:
        if not r.due:
            continue
        if r.days < 0:
            text = say("review_passed", date=r.review_by.isoformat(), days=-r.days)
        elif r.days == 0:
            text = say("review_today", date=r.review_by.isoformat())
        else:
            text = say("review_soon", date=r.review_by.isoformat(), days=r.days)
        if r.owner_title:
            text += say("review_owner_sep") + say("review_owner", owner=r.owner_title)
        out.append(warning(r.location, text, say("review_hint")))
    return out


def listing(src: Source, say: Messages, when: dt.date | None = None, everything: bool = False) -> str:
    """`handbook reviews`: what is due (or, with `everything`, every review date), by owner."""
    found, when, window = reviews(src, when)
    shown = found if everything else [r for r in found if r.due]
    due = sum(r.due for r in found)
    if not shown:
        return say("reviews_none", today=when.isoformat(), window=window) + "\n"
    head = (say("reviews_header_all", today=when.isoformat(), window=window, count=len(found), due=due)
            if everything else say("reviews_header", today=when.isoformat(), window=window, count=due))
    lines = [head]
    owners: dict[str | None, list[Review]] = {}
    for r in shown:
        owners.setdefault(r.owner, []).append(r)
    order = sorted(owners, key=lambda o: (o is None, owners[o][0].review_by))
    for owner in order:
        group = owners[owner]
        lines.append(group[0].owner_title or owner or say("reviews_no_owner"))
        for r in group:
            if r.days < 0:
                state = say("reviews_overdue", days=-r.days)
            elif r.days == 0:
                state = say("reviews_due_today")
            elif r.due:
                state = say("reviews_due_in", days=r.days)
            else:
                state = say("reviews_later", days=r.days)
            lines.append(f"  {r.review_by.isoformat()}  {state}  {r.title}  {r.location}")
    return "\n".join(printable(x) for x in lines) + "\n"
