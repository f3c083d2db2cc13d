"""Text that several outputs print the same way: measures of a penalty, article labels,
the responsibility matrix's marks, relations read the other way round."""

from __future__ import annotations

from ..handbook import Handbook
from ..source import model
from .labels import Labels, plain_number


def measure_text(labels: Labels, m: model.Measure) -> str:
    """罚款 50 元（每人/次）：说明"""
    text = labels["sanction_" + m.type.value]
    if m.amount is not None:
        text += f" {plain_number(m.amount)} {labels.yuan}"
    if m.per:
        text += f"（{m.per}）"
    if m.note:
        text += f"：{m.note}"
    return text


def article_label(hb: Handbook, labels: Labels, ref: str) -> str:
    """《违纪处理办法》第五条"""
    a = hb.article(ref)
    return f"《{a.policy.title}》{labels.article(a.article)}"


MATRIX_PARTS = ("actor", "approver", "consulted")


def matrix_parts(hb: Handbook) -> dict[tuple[str, str], list[str]]:
    """(role id, procedure id) -> the parts the role has in the procedure, in the
    responsibility matrix's order (actor, approver, consulted)."""
    parts: dict[tuple[str, str], set[str]] = {}
    for role in hb.roles.values():
        for s in hb.role_steps(role.id):
            parts.setdefault((role.id, s.procedure.id), set()).add(s.part)
    return {k: [p for p in MATRIX_PARTS if p in v] for k, v in parts.items()}


def matrix_cells(hb: Handbook, labels: Labels) -> dict[tuple[str, str], str]:
    """(role id, procedure id) -> the marks of the responsibility matrix (执 / 批 / 协)."""
    return {k: "".join(labels["matrix_" + p] for p in v) for k, v in matrix_parts(hb).items()}


def article_sanctions(hb: Handbook) -> dict[str, list[model.Sanction]]:
    """"<policy-id>.<article-id>" -> the rewards and penalties based on it (the other way
    round of Sanction.article)."""
    out: dict[str, list[model.Sanction]] = {}
    for s in hb.sanctions:
        if s.article:
            out.setdefault(s.article, []).append(s)
    return out


def promoted_from(hb: Handbook, role_id: str) -> list[model.Role]:
    """Roles whose career leads to this one (the other way round of career.next_roles)."""
    return [r for r in hb.roles.values() if role_id in r.career.next_roles]


def department_tree(hb: Handbook) -> list[tuple[int, model.Department]]:
    """(depth, department) in org-chart order."""
    out = []

    def walk(parent, depth):
        for d in hb.children(parent):
            out.append((depth, d))
            walk(d.id, depth + 1)

    walk(None, 0)
    return out


def long_date(labels: Labels, day) -> str:
    """A date as running text says it: 2024年9月1日 (zh), 2024-09-01 (en)."""
    return labels.date_long.format(y=day.year, m=day.month, d=day.day, iso=day.isoformat())


def in_force_from(labels: Labels, article: model.Article) -> str:
    """自 2024年9月1日 起施行, for an article with an effective date ("" without one)."""
    return labels.in_force_from.format(date=long_date(labels, article.effective)) if article.effective else ""


def review_note(hb: Handbook, labels: Labels, item) -> str:
    """What a policy's or procedure's page says when its review is due or overdue (the window
    of `handbook check`'s warning, company.yml's review_window_days), else "". Today is the
    check's today ($HANDBOOK_TODAY when set)."""
    from ..checks.reviews import today

    if getattr(item, "review_by", None) is None:
        return ""
    days = (item.review_by - today()).days
    if days > hb.company.review_window_days:
        return ""
    date = long_date(labels, item.review_by)
    if days < 0:
        text = labels.review_overdue.format(date=date, days=-days)
    elif days == 0:
        text = labels.review_due_today.format(date=date)
    else:
        text = labels.review_due_soon.format(date=date, days=days)
    owner = hb.roles.get(item.review_owner) if item.review_owner else None
    return text + (labels.review_owner.format(owner=owner.title) if owner else "")
