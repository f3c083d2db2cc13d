"""`handbook reviews`: the policies and procedures whose review date is due (or all of
them), grouped by review owner. The dates and the check's warnings are checks/reviews.py.
"""

from __future__ import annotations

import datetime as dt

from .base import Source, load_labels, printable, review_dates
from .messages import Messages

Review = review_dates.Review
today = review_dates.today


def locale_of(src: Source) -> str:
    return src.company.item.locale if src.company else "zh-CN"


def listing(src: Source, say: Messages, when: dt.date | None = None, everything: bool = False) -> str:
    """`handbook reviews`: what is due (or, with `everything`, every review date), by owner."""
    found, when, window = review_dates.reviews(src, when)
    L = load_labels(locale_of(src))
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
            title = L.diff_book.format(text=r.title) if r.kind == "policy" else r.title
            lines.append(f"  {r.review_by.isoformat()}  {state}  {title}  {r.location}")
    return "\n".join(printable(x) for x in lines) + "\n"
