"""Review dates: a policy or procedure whose `review_by` has passed, or falls within the
notice window (`review_window_days` in company.yml, 30 by default), gets a warning at
that value.

"Today" is $HANDBOOK_TODAY (YYYY-MM-DD) when that is set, so that tests and a CI job see
a fixed date; otherwise the machine's date. `handbook reviews` lists the same by owner.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from ..errors import BuildError, Diagnostic, Location, warning
from ..messages import msg
from ..source import model
from ..source.load import Source
from ..source.yaml_reader import printable

TODAY_VARIABLE = "HANDBOOK_TODAY"
DEFAULT_WINDOW = model.Company.model_fields["review_window_days"].default


def today() -> dt.date:
    """The date reviews are measured against: $HANDBOOK_TODAY, else the machine's date."""
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return dt.date.today()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise BuildError(msg("diff.bad_today", value=printable(text)))


@dataclass(frozen=True)
class Review:
    kind: str  # policy | procedure
    id: str
    title: str  # the policy's title, or the procedure's code and title
    owner: str | None  # role id
    owner_title: str | None
    review_by: dt.date
    location: Location  # of the review_by value
    days: int  # days from today to review_by (negative: passed)
    due: bool  # passed, or within the window


def reviews(src: Source, when: dt.date | None = None) -> tuple[list[Review], dt.date, int]:
    """Every policy and procedure with a review date (soonest first), today, the window."""
    when = when or today()
    window = src.company.item.review_window_days if src.company else DEFAULT_WINDOW
    roles = {e.item.id: e.item.title for e in src.of_kind("role")}
    out = []
    for kind in ("policy", "procedure"):
        for e in src.of_kind(kind):
            item = e.item
            if item.review_by is None:
                continue
            days = (item.review_by - when).days
            title = item.title if kind == "policy" else f"{item.code} {item.title}"
            out.append(Review(kind, item.id, title, item.review_owner, roles.get(item.review_owner or ""),
                              item.review_by, e.locate("review_by"), days, days <= window))
    out.sort(key=lambda r: (r.review_by, r.kind, r.id))
    return out, when, window


def check(src: Source, when: dt.date | None = None) -> list[Diagnostic]:
    out = []
    for r in reviews(src, when)[0]:
        if not r.due:
            continue
        date = r.review_by.isoformat()
        if r.days < 0:
            text = msg("diff.review_passed", date=date, days=-r.days)
        elif r.days == 0:
            text = msg("diff.review_today", date=date)
        else:
            text = msg("diff.review_soon", date=date, days=r.days)
        if r.owner_title:
            text = msg("diff.review_with_owner", review=text, owner=r.owner_title)
        out.append(warning(r.location, text, msg("diff.review_hint")))
    return out
