"""Recognising departments, their duties and their KPIs (考核指标).

A department is found in a 部门职责 / 部门职能 / 职责与权限 section (of the
department the document is about, or the one it names), in an item naming a
department with its duties beneath (`1. 销售部门 … 具体职责如下：(1)…`, `1. 营销策划部：
负责…`), and in the title of its document. A 考核指标 list under a department, a
role or a document becomes their KPIs. A department's head is its role titled
after it (市场部经理) or a generic head (部门经理, 部长 …).
"""

from __future__ import annotations

import re

from .draft import Department, Draft, Role, clean
from .outline import Node, is_heading
from .patterns import department_title, role_title

_DEPT_INLINE = re.compile(r"^(?P<d>.{0,14}?)(?:部门职责|部门职能|职责与权限|部门职责与权限)\s*[:：]?\s*(?P<rest>.*)$")
_DEPT_SECTION = re.compile(r"^(?P<d>.{0,14}?)(?:部门职责|部门职能|职责与权限|部门主要职责|部门职责与权限|职能与职责|"
                           r"工作职责|主要职责|职责|职能)\s*[:：]?\s*$")
_DEPT_UNIT = re.compile(r"^(?P<d>[^：:，,。；;\s]{2,14})\s*[:：]\s*(?P<rest>.+)$")
KPI = re.compile(r"^(?P<who>.{0,14}?)的?(?:考核指标|绩效指标|关键绩效指标|KPI指标|KPI|绩效考核指标)\s*[:：]?\s*(?P<rest>.*)$")
LEAD_IN = re.compile(r"(?:如下|以下|下列|包括|包含|主要有|如)\s*[:：]?\s*$|^其?(?:主要)?(?:职责|工作)(?:包括|如下|有)")


def split_items(text: str) -> list[str]:
    """'协助经理做好市场开拓工作;参与制订…;负责草拟…' -> the items."""
    parts = [clean(p) for p in re.split(r"[；;]|(?<=。)(?=[^\s])", text)]
    return [p for p in parts if p and len(p) >= 2]


def dept_section(node: Node, home: str | None) -> tuple[str | None, str] | None:
    text = node.text.strip()
    m = _DEPT_SECTION.match(text)
    if m and is_heading(node.piece) and (node.children or node.piece.style):
        d = m.group("d").strip()
        if not d or d in ("部门", "本部门", "本部", "各部门"):
            return None if not node.children else (home, "")
        if department_title(d):
            return d, ""
        return None
    m = _DEPT_INLINE.match(text)
    if m and m.group("rest"):
        d = m.group("d").strip()
        if d and department_title(d):
            return d, m.group("rest")
        if not d:
            return home, m.group("rest")
    return None


def dept_unit(node: Node) -> tuple[str, str] | None:
    """'1. 销售部门' with its duties beneath, or '1. 营销策划部：负责…'."""
    text = node.text.strip()
    t = department_title(text)
    if t and node.children and any(c.piece.style or re.search("职责|负责", c.text) for c in node.children):
        return t, ""
    m = _DEPT_UNIT.match(text)
    if m and department_title(m.group("d")) and re.match(r"^(?:主要)?负责|^是", m.group("rest")):
        return department_title(m.group("d")), m.group("rest")
    return None


def take_department(node: Node, dept: Department | None, rest: str, draft: Draft, home: str | None) -> None:
    if dept is None:
        dept = draft.department(home) if home else default_department(draft)
    node.claimed = "department"
    if rest.strip():
        dept.take(node.piece)
    else:
        dept.take_heading(node.piece)
    rest = rest.strip()
    if rest:
        m = re.match(r"^(?:主要职责|主要职能|部门职能|职能|使命)\s*[:：]\s*(.+?)(?:[；;]\s*(?:职责|具体职责)\s*[:：]\s*(.*))?$", rest)
        if m:
            dept.mission.append(clean(m.group(1)))
            dept.duties += split_items(m.group(2) or "")
        else:
            dept.duties += split_items(rest)
    for child in node.children:
        for n in child.walk():
            n.claimed = "department"
            t = n.text.strip()
            if LEAD_IN.search(t) and len(t) <= 30:
                n.piece.leave("reason.leadin")
                continue
            if re.match(r"^(?:主要职责|职责|具体职责)\s*[:：]?\s*$", t):
                n.piece.leave("reason.leadin")
                continue
            dept.take(n.piece)
            lab = re.match(r"^(?:主要职责|主要职能|部门职能|职能|使命)\s*[:：]\s*(.+)$", t)
            if n.piece.style:
                dept.duties += split_items(t)
            elif lab:
                dept.mission.append(clean(lab.group(1)))
            else:
                dept.mission.append(clean(t))


def kpi_items(node: Node, rest: str) -> bool:
    return bool(node.children) or len(re.split(r"[、，,；;]", rest)) >= 2


def take_kpis(node: Node, draft: Draft, who: str, rest: str, home: str | None, dept: Department | None) -> None:
    who = who.strip()
    role = draft.role(who, create=False) if who else None
    if role is None and who and role_title(who):
        role = draft.role(who)
    target = None if role else (draft.department(who) if who and department_title(who) else
                                (dept or (draft.department(home) if home else default_department(draft))))
    owner = role or target
    node.claimed = "kpi"
    owner.take(node.piece) if rest else node.piece.leave("reason.heading_moved", to=owner.title)
    owner.pieces.append(node.piece)
    names: list[tuple[str, str]] = []
    if rest:
        names += [(clean(x), "") for x in re.split(r"[、，,；;]", rest) if clean(x)]
    for child in node.children:
        for n in child.walk():
            n.claimed = "kpi"
            owner.take(n.piece)
            m = re.match(r"^([^：:，,。]{2,20})[:：]\s*(.+)$", n.text)
            names.append((clean(m.group(1)), clean(m.group(2))) if m else (clean(n.text), ""))
    for name, desc in names:
        if not name:
            continue
        if role:
            if name not in role.kpis:
                role.kpis.append(name if not desc else f"{name}：{desc}")
        elif all(k[0] != name for k in target.kpis):
            target.kpis.append((name, desc))


def default_department(draft: Draft) -> Department:
    """The department of roles the source places nowhere."""
    for d in draft.departments:
        if d.default:
            return d
    from .messages import text

    d = draft.department(text("yaml.default_department", draft.lang))
    d.default = True
    return d




_HEAD_SUFFIX = ("经理", "主管", "部长", "总监", "主任", "处长", "科长", "负责人", "总经理")
_GENERIC_HEADS = ("部门经理", "部门主管", "部门负责人", "部长", "处长", "主任", "科长")


def head_of(dept: Department, draft: Draft) -> Role | None:
    members = [r for r in draft.roles if r.department is dept and not r.placeholder]
    for r in members:
        if r.title in (dept.title + s for s in _HEAD_SUFFIX):
            return r
    for r in members:
        if r.title in _GENERIC_HEADS:
            return r
    return None
