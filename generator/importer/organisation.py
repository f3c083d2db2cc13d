"""Recognising the organisation: roles, departments, their duties and KPIs.

A role is found where a manual writes about one:
- a heading naming it (`市场经理工作职责`, `2.2.1 市场总监：`, `第五节 业务员职责`), with
  sections beneath (岗位职责 / 任职资格 / 工作权限 / 考核指标 / 直接上级);
- an item `处长：负责…` or `市场拓展专员主要职责：负责…`;
- a list of posts (`主要岗位包括部门主管、拓展专员、市场专员等`);
- sentences that say what a known role does (`第七条 部门主管负责…`, `…有权…`).
A role's own section is moved into the role (also when its items are numbered
第一条, 第二条 … within it, as job descriptions often are); an article elsewhere
that says what a role does stays in its policy, where its number is cited, and
is copied into the role. Departments and KPIs are in departments.py.
"""

from __future__ import annotations

import re

from .departments import (KPI, LEAD_IN, default_department, dept_section, dept_unit, head_of, kpi_items,
                          split_items, take_department, take_kpis)
from .draft import Department, Draft, Role, clean
from .outline import Document, Node, is_heading
from .patterns import (AUTHORITY_VERB, DEPARTMENT, DUTY_VERB, ROLE_TITLE, department_title, rhythm, role_heading,
                       role_names, role_title, section, split_headcount)

_INLINE_ROLE = re.compile(r"^(?P<t>[^：:，,。；;\s]{2,20}?)(?P<tail>的?(?:岗位职责|工作职责|主要职责|岗位职能|职责|职能|工作内容))?"
                          r"\s*[:：]\s*(?P<rest>.+)$")
_ROLE_DUTIES_ARE = re.compile(r"^(?P<t>[^：:，,。；;\s]{2,16}?)的?(?:主要)?(?:岗位职责|工作职责|职责|工作)(?:主要)?"
                              r"(?:包括但不限于|包括|主要有|如下|有|是|为)\s*[:：]?\s*(?P<rest>.*)$")
_REPORTS = [re.compile(r"在(?P<t>[^，,。；;]{2,12}?)(?:的)?(?:直接)?领导下"),
            re.compile(r"(?:向|对)(?P<t>[^，,。；;、]{2,12}?)(?:汇报|报告工作|负责)(?!人)"),
            re.compile(r"(?:直接上级|汇报对象)[:：]\s*(?P<t>[^，,。；;\s]{2,14})"),
            re.compile(r"^(?:协助|配合)(?P<t>[^，,。；;、做]{2,10}?)(?:做好|完成|开展|处理|的)")]
_EDUCATION = re.compile(r"学历|本科|大专|专科|硕士|研究生|中专|高中|毕业")
_EXPERIENCE = re.compile(r"经验|年以上|工作经历|从业")


def _heading_text(node: Node) -> str:
    return node.text.strip()


# ------------------------------------------------------------------ pass 1: sections


def recognise_sections(docs: list[Document], draft: Draft) -> None:
    """Role, department and KPI sections, claimed so that they leave the policy text."""
    for doc in docs:
        home = doc.department or doc.fallback
        for node in doc.nodes:
            _visit(node, doc, draft, home, None)


def _visit(node: Node, doc: Document, draft: Draft, home: str | None, dept: Department | None) -> None:
    if node.claimed:
        return
    role = _role_section(node)
    if role:
        title, count, rest, tail = role
        _take_role(node, draft, title, count, rest, tail, dept or department_for(draft, title, home))
        return
    kpi = KPI.match(node.text)
    if kpi and kpi_items(node, kpi.group("rest")):
        take_kpis(node, draft, kpi.group("who"), kpi.group("rest"), home, dept)
        return
    found = dept_section(node, home)
    if found is not None:
        title, rest = found
        if not any(_role_section(c) or dept_unit(c) for c in node.children):
            d = draft.department(title) if title else _home_dept(draft, home)
            take_department(node, d, rest, draft, home)
            return
        d = draft.department(title) if title else dept
        for c in node.children:
            _visit(c, doc, draft, home, d)
        return
    unit = dept_unit(node)
    if unit:
        d = draft.department(unit[0])
        take_department(node, d, unit[1], draft, home)
        return
    for c in node.children:
        _visit(c, doc, draft, home, dept)


_NAMED = re.compile(r"^(?:岗位名称|职位名称|职务名称|岗位)\s*[:：]\s*(?P<t>[^，,。；;：:]{2,16})$")


def _role_section(node: Node) -> tuple[str, int | None, str, str] | None:
    text = node.text.strip()
    if node.piece.style == "tiao":
        return None  # an article: its sentences are read in pass 2, the article stays
    named = _NAMED.match(text)
    if named:  # 岗位名称：销售经理 (a job description's table): the label says it is a role
        title, count = split_headcount(clean(named.group("t")))
        return title, count, "", ""
    found = role_heading(text)
    if found and (node.children or node.piece.style in ("", "u", "jie", "zhang") or node.piece.heading):
        return found[0], found[1], "", ""
    m = _INLINE_ROLE.match(text)
    if m:
        title, count = split_headcount(m.group("t"))
        title = role_title(title)
        if title and not DUTY_VERB.match(m.group("t")):
            return title, count, m.group("rest"), m.group("tail") or ""
    return None


def _home_dept(draft: Draft, home: str | None) -> Department | None:
    return draft.department(home) if home else None


def department_for(draft: Draft, role_title_: str, home: str | None) -> Department | None:
    """A role's department: the one its title begins with (市场部经理 -> 市场部), else the
    department the document is about."""
    for d in sorted(draft.departments, key=lambda d: len(d.title), reverse=True):
        if role_title_.startswith(d.title) and len(role_title_) > len(d.title):
            return d
    m = DEPARTMENT.match(role_title_)
    if m and department_title(m.group(0)) and len(m.group(0)) < len(role_title_) and \
            role_title(role_title_[len(m.group(0)):]) is None and home is None:
        return draft.department(m.group(0))
    return _home_dept(draft, home)


# ------------------------------------------------------------------ taking a role


def _take_role(node: Node, draft: Draft, title: str, count: int | None, rest: str, tail: str,
               dept: Department | None) -> None:
    role = draft.role(title)
    role.department = role.department or dept
    if count and not role.headcount:
        role.headcount = count
    node.claimed = "role"
    if rest:
        role.take(node.piece)
    else:
        role.take_heading(node.piece)
    if rest:
        sec = section(rest)
        if sec:
            _role_part(role, sec[0], sec[1], [], draft)
        elif tail.lstrip("的") == "主要职责" and any(section(c.text) for c in node.children):
            role.purpose = role.purpose or clean(rest)
        else:
            for item in split_items(rest):
                role.add_duty(item)
    kind = "duties"
    for child in node.children:
        sec = section(child.text)
        if sec and not sec[1] and not child.children:
            kind = sec[0]  # '任职要求：' alone: the items after it are qualifications
            child.claimed = "role"
            child.piece.leave("reason.leadin")
            continue
        if kind != "duties" and not sec:
            child.claimed = "role"
            role.take(child.piece)
            _role_part(role, kind, child.text, child.children, draft)
            continue
        _role_child(role, child, draft)


def _role_child(role: Role, node: Node, draft: Draft) -> None:
    node.claimed = "role"
    sec = section(node.text)
    if sec:
        if sec[1]:
            role.take(node.piece)
        else:
            node.piece.leave("reason.leadin")
        _role_part(role, sec[0], sec[1], node.children, draft)
        return
    kpi = KPI.match(node.text)
    if kpi and not kpi.group("who") and kpi_items(node, kpi.group("rest")):
        role.take(node.piece) if kpi.group("rest") else node.piece.leave("reason.leadin")
        _role_part(role, "kpis", kpi.group("rest"), node.children, draft)
        return
    if LEAD_IN.search(node.text) and len(node.text) <= 30:
        node.piece.leave("reason.leadin")
    elif is_heading(node.piece) and node.children:  # a group heading (一、企划工作): its items follow
        node.piece.leave("reason.heading_moved", to=role.title)
        role.pieces.append(node.piece)
    else:
        role.take(node.piece)
        for item in split_items(node.text):
            role.add_duty(item)
    for c in node.children:
        _role_child(role, c, draft)


def _role_part(role: Role, kind: str, rest: str, children: list[Node], draft: Draft) -> None:
    items = split_items(rest) if rest else []
    for c in children:
        c.claimed = "role"
        for n in c.walk():
            n.claimed = "role"
            if LEAD_IN.search(n.text) and len(n.text) <= 30:
                n.piece.leave("reason.leadin")
                continue
            role.take(n.piece)
            items += split_items(n.text)
    if kind == "duties":
        for i in items:
            role.add_duty(i)
    elif kind == "qualifications":
        for i in items:
            if _EDUCATION.search(i) and not role.education:
                role.education = i
            elif _EXPERIENCE.search(i) and not role.experience:
                role.experience = i
            else:
                role.skills.append(i)
    elif kind == "authority":
        role.authority += [i for i in items if i not in role.authority]
    elif kind == "kpis":
        role.kpis += [i for i in items if i not in role.kpis]
    elif kind == "reports_to":
        role.reports_to_text += items
    elif kind == "relations":
        role.relations += items
    elif kind == "purpose":
        role.purpose = role.purpose or "；".join(items)
    elif kind == "headcount":
        m = re.search(r"\d+", rest)
        if m:
            role.headcount = int(m.group(0))
    elif kind == "department":
        d = department_title(rest.strip())
        if d:
            role.department = draft.department(d)
    elif kind == "code" and items and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-_/.]{0,30}", items[0]):
        role.code = items[0]
    elif kind in ("subordinates", "code", "title"):
        role.relations += [f"{'直接下级' if kind == 'subordinates' else ''}{i}" for i in items if kind == "subordinates"]


# ------------------------------------------------------------------ pass 2: sentences


def recognise_sentences(docs: list[Document], draft: Draft) -> None:
    """Posts listed in a sentence, and sentences saying what a known role does or may do."""
    for doc in docs:
        home = doc.department or doc.fallback
        for node in doc.walk():
            if node.claimed:
                continue
            for title in role_names(node.text):
                role = draft.role(title)
                role.department = role.department or department_for(draft, title, home)
    # titles that begin two or more duty sentences of a document are roles too
    for doc in docs:
        counts: dict[str, int] = {}
        for node in doc.walk():
            if node.claimed:
                continue
            for clause in re.split(r"[。；;]", node.text):
                t = _leading_title(clause)
                if t:
                    counts[t] = counts.get(t, 0) + 1
        for t, n in counts.items():
            if n >= 2 and draft.role(t, create=False) is None:
                role = draft.role(t)
                role.department = department_for(draft, t, doc.department or doc.fallback)
    titles = draft.role_titles()
    for doc in docs:
        for node in doc.walk():
            if node.claimed:
                continue
            _duty_sentences(node, draft, titles)


def _leading_title(clause: str) -> str | None:
    """The role title a clause begins with when a duty verb follows: '业务员负责…' -> 业务员."""
    c = clause.strip()
    for m in ROLE_TITLE.finditer(c[:18]):
        if m.start() != 0:
            break
        for end in range(m.end(), 1, -1):
            t = role_title(c[:end])
            if t and (DUTY_VERB.match(c[end:]) or AUTHORITY_VERB.match(c[end:])):
                return t
    return None


def _duty_sentences(node: Node, draft: Draft, titles: list[str]) -> None:
    text = node.text
    m = _ROLE_DUTIES_ARE.match(text)
    if m and draft.role(m.group("t"), create=False):
        role = draft.role(m.group("t"), create=False)
        items = split_items(m.group("rest")) + [clean(c.text) for c in node.children]
        for i in items:
            role.add_duty(i)
        role.take(node.piece, *[c.piece for c in node.children])
        return
    current: Role | None = None
    for clause in re.split(r"(?<=[。；;，,])", text):
        c = clause.strip().rstrip("，,")
        if not c:
            continue
        title = next((t for t in titles if c.startswith(t)), None)
        if title:
            rest = c[len(title):]
            if AUTHORITY_VERB.match(rest):
                role = draft.role(title, create=False)
                role.authority.append(clean(re.sub(r"^有权利?|^有权力|^有权限", "", rest)))
                role.take(node.piece)
                current = None
                continue
            if DUTY_VERB.match(rest):
                current = draft.role(title, create=False)
                current.take(node.piece)
                current.add_duty(re.sub(r"^(?:应当|应该|应|须|需要|需|必须|要)(?=\S)", "", rest))
                continue
            current = None
        elif current is not None and c and not re.match(r"^[^，,]{0,12}(?:负责|应|须)", c):
            last = current.duties[-1]
            last.text = clean(last.text + "，" + c)
            last.frequency, last.deadline = rhythm(last.text)


def resolve_organisation(draft: Draft) -> None:
    """Supervisors named in the text, departments' heads, and a department for every role."""
    titles = draft.role_titles()
    for role in draft.roles:
        said = next((draft.role(t, create=False) for t in role.reports_to_text
                     if draft.role(t, create=False) not in (None, role)), None)
        if said is not None:  # 直接上级：市场经理
            role.reports_to = said
            continue
        for duty in [d.text for d in role.duties] + ([role.purpose] if role.purpose else []):
            boss = _supervisor(duty, titles, role)
            if boss:
                role.reports_to = draft.role(boss, create=False)
                break
    _break_cycles(draft)
    for role in draft.roles:
        if role.department is None:
            role.department = department_for(draft, role.title, None) or default_department(draft)
    for dept in draft.departments:
        if dept.head is None:
            dept.head = head_of(dept, draft)


def _supervisor(text: str, titles: list[str], role: Role) -> str | None:
    for pattern in _REPORTS:
        m = pattern.search(text)
        if m:
            said = m.group("t").strip()
            for t in titles:
                if (said == t or said.endswith(t) and len(said) - len(t) <= 2) and t != role.title:
                    return t
    return None


def _break_cycles(draft: Draft) -> None:
    for role in draft.roles:
        seen = {id(role)}
        boss = role.reports_to
        while boss is not None:
            if id(boss) in seen:
                role.reports_to = None
                break
            seen.add(id(boss))
            boss = boss.reports_to
