"""Recognising procedures (流程): numbered steps under a 流程 heading.

A procedure is a heading that names a 流程 (`流程名称：市场调研策划流程`,
`四、工作流程`, `市场管理人员工作流程`) with two or more numbered steps beneath.
Labels around the steps give its code (流程代号：SC-001), owner (主管部门) and
purpose (目的). Each step's actor is the role its text begins with, among the
roles of the import (a department stands for its head); a role title the import
does not define becomes an empty role, and a step with no actor at all is held
by a placeholder role, each with a warning. Approvers are the roles a step
says approve (审批 / 审核 / 批准 / 签准): `经产品市场部经理审核`, `提交部门经理、
技术总监和公司总经理审批`, or the actor itself.
"""

from __future__ import annotations

import re

from .draft import Draft, Procedure, Role, Step, clean
from .outline import Document, Node, is_heading
from .patterns import APPROVAL, department_title, rhythm, role_title

_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{1,5})\s*[-—–_－]{1,2}\s*(\d{1,4})(?!\d)")
_NAME = re.compile(r"^(?:流程名称|名称)\s*[:：]\s*(.+)$")
_LABEL = re.compile(r"^(流程代号|流程编号|编号|主管部门|归口部门|责任部门|流程说明|说明|目的|适用范围|流程目的|触发条件)\s*[:：]\s*(.*)$")
_PROCEDURE_HEADING = re.compile(r"流程")
_NOT_PROCEDURE = re.compile(r"流程说明$|流程图$|流程图[:：]?$|^业务流程说明|流程细化$|流程中的")
_ACTOR_PREFIX = re.compile(r"^(?:[^：:，,。]{2,12}[:：])?\s*(?:[^，,。；;]{1,14}(?:后|时|前)[，,]\s*)?(?:由|经|请|先由)?\s*")


def recognise_procedures(docs: list[Document], draft: Draft) -> None:
    """Claim the procedures' nodes (steps are resolved once all roles are known)."""
    for doc in docs:
        from .policies import policy_title

        title = policy_title(doc.title_text) if doc.title else ""
        doc_is_procedure = bool(title.endswith("流程") and not re.search(r"职责|职能", title)
                                and not _NOT_PROCEDURE.search(title))
        if doc_is_procedure and _steps_of(doc.nodes) and not any(_is_procedure(n) for n in doc.walk()):
            holder = Node(doc.title)
            holder.children = doc.nodes
            _take(holder, doc, draft, title=doc.title_text)
            continue
        for node in doc.nodes:
            _visit(node, doc, draft)


def _visit(node: Node, doc: Document, draft: Draft, parent: Node | None = None) -> None:
    if node.claimed:
        return
    if _is_procedure(node):
        _take(node, doc, draft)
        return
    if _is_article_procedure(node):
        # 第八条 生产流程如下：（一）…（二）…: the article stays in its policy, its steps are copied
        title = re.sub(r"(?:如下|包括|主要有|分为)?.{0,4}[:：]?$", "", node.text.strip())
        if not title.endswith("流程") and parent is not None and parent.text.strip().endswith("流程"):
            title = parent.text.strip()
        _take(node, doc, draft, title=title, copy=True)
        return
    for c in node.children:
        _visit(c, doc, draft, node)


def _is_article_procedure(node: Node) -> bool:
    text = node.text.strip()
    return node.piece.style == "tiao" and bool(re.search(r"流程(?:如下|包括|主要有|分为|为)?.{0,4}[:：]\s*$", text)) \
        and len(_steps_of(node.children)) >= 2


def _is_procedure(node: Node) -> bool:
    text = node.text.strip()
    name = _NAME.match(text)
    if not name and not (is_heading(node.piece) and re.search(r"流程\s*[:：]?$", text) and
                         not re.search(r"职责|职能|^[（(【]", text)):
        return False
    if _NOT_PROCEDURE.search(text):
        return False
    if node.piece.style == "tiao":
        return False
    return len(_steps_of(node.children)) >= 2


def _steps_of(children: list[Node]) -> list[Node]:
    """The numbered children of the first numbering style among them."""
    style = next((c.piece.style for c in children if c.piece.style and c.piece.style != "u"), None)
    if style in ("tiao", "zhang", "jie", "bufen"):
        return []  # articles: they stay in their policy
    return [c for c in children if style and c.piece.style == style]


def _take(node: Node, doc: Document, draft: Draft, title: str | None = None, copy: bool = False) -> None:
    text = title or node.text.strip()
    name = _NAME.match(text)
    title = name.group(1) if name else text
    code = ""
    m = _CODE.search(title)
    if m:
        code = f"{m.group(1)}-{m.group(2)}"
        title = clean(title[:m.start()] + title[m.end():])
    proc = Procedure(clean(title.rstrip("：:")), doc_department=doc.department or doc.fallback)
    proc.node = node
    proc.code = code
    if not copy:
        for n in node.walk():
            n.claimed = "procedure"
        proc.take_heading(node.piece)
    steps = _steps_of(node.children)
    for child in node.children:
        if child in steps:
            pieces = child.pieces()
            body = child.text + "".join(n.piece.full for n in child.walk() if n is not child)
            proc.steps.append(Step(clean(body), pieces))
            proc.take(*pieces)
            continue
        lab = _LABEL.match(child.text.strip())
        proc.take(*child.pieces())
        if lab:
            key, value = lab.group(1), clean(lab.group(2))
            if key in ("流程代号", "流程编号", "编号"):
                mm = _CODE.search(value)
                if mm and not proc.code:
                    proc.code = f"{mm.group(1)}-{mm.group(2)}"
                elif not value:
                    pass
                continue
            if key in ("主管部门", "归口部门", "责任部门"):
                proc.owner_text = value
                continue
            if key in ("目的", "流程目的"):
                proc.purpose = value
                continue
            if key in ("流程说明", "说明") and not value:
                child.piece.placed.clear()
                child.piece.leave("reason.leadin")
                continue
            if value:
                proc.notes.append(value)
            continue
        for n in child.walk():
            t = clean(n.text)
            if t:
                proc.notes.append(t)
    if not proc.steps:
        return
    same = next((p for p in draft.procedures if proc.code and p.code == proc.code), None)
    if same:
        keep, drop = (proc, same) if len(proc.steps) > len(same.steps) else (same, proc)
        for p in drop.pieces:
            p.placed = [x for x in p.placed if x is not drop]
            if not p.placed:
                p.reason = ("reason.duplicate_procedure", {"code": drop.code, "no": keep.pieces[0].no})
        if keep is proc:
            draft.procedures[draft.procedures.index(same)] = proc
        return
    draft.procedures.append(proc)


# ------------------------------------------------------------------ steps: actors, approvals, forms


def resolve_steps(draft: Draft) -> None:
    titles = draft.role_titles()
    for proc in draft.procedures:
        if proc.owner_text and department_title(proc.owner_text):
            proc.owner = draft.department(department_title(proc.owner_text))
        elif proc.doc_department:
            proc.owner = draft.department(proc.doc_department)
        for step in proc.steps:
            _resolve_step(proc, step, draft, titles)
    titles = draft.role_titles()  # with the roles the steps named: approvals are read once all are known
    for proc in draft.procedures:
        for step in proc.steps:
            if APPROVAL.search(step.text):
                step.approvers = _approvers(step.text, step, draft, titles)
    for proc in list(draft.procedures):
        if all(s.unassigned for s in proc.steps):
            _release(proc, draft)  # no step names anyone: a list of rules, not a procedure
    for proc in draft.procedures:
        _next_procedure(proc, draft)


def _release(proc: Procedure, draft: Draft) -> None:
    """Give a procedure's text back to its document's policy."""
    draft.procedures.remove(proc)
    for n in proc.node.walk():
        n.claimed = ""
        n.piece.placed = [x for x in n.piece.placed if x is not proc]
        if n.piece.reason and n.piece.reason[0] == "reason.leadin":
            n.piece.reason = None


def _resolve_step(proc: Procedure, step: Step, draft: Draft, titles: list[str]) -> None:
    text = step.text
    titles = draft.role_titles()  # with the roles made for earlier steps
    start = 0
    actor, length = _actor_at(text, draft, titles)
    if actor is None:  # after a label or a condition: 市场调研：… / 审批通过后，大客户部经理…
        prefix = _ACTOR_PREFIX.match(text)
        start = prefix.end() if prefix else 0
        actor, length = _actor_at(text[start:], draft, titles)
    body = text[start:]
    if actor is None:
        # a step starting with a form: 《市场调研报告》经产品市场部经理审核通过后…
        m = re.match(r"^《[^》]+》\s*(?:经|由|交)\s*", body)
        if m:
            actor, length = _actor_at(body[m.end():], draft, titles)
            if actor:
                step.actors = [actor]
                step.action = clean(text)
    if actor is not None and not step.actors:
        step.actors = [actor]
        rest = body[length:].lstrip("，, ")
        step.action = clean(text[:start] + rest) if rest and len(rest) >= 2 else clean(text)
    if not step.actors:
        step.unassigned = True
        step.action = clean(text)
    freq, deadline = rhythm(re.sub(r"[（(][^)）]*[)）]", "", text))
    if freq and freq != "as-needed":
        step.frequency, step.deadline = freq, deadline
    if APPROVAL.search(text):  # names the roles the text gives (made here when new)
        _approvers(text, step, draft, titles)


def _actor_at(text: str, draft: Draft, titles: list[str]) -> tuple[Role | None, int]:
    """The role `text` begins with: a role of the import, a department's head, or a new role
    for a title the import does not describe."""
    for t in titles:
        if text.startswith(t):
            return draft.role(t, create=False), len(t)
    for t in sorted((d.title for d in draft.departments), key=len, reverse=True):
        if text.startswith(t):
            d = draft.department(t, create=False)
            if d and d.head is not None and not text[len(t):].startswith(("经理", "主管", "部长", "总监")):
                return d.head, len(t)
    # a department named by the step stands for its head: 产品市场部牵头… -> 产品市场部经理
    m = re.match(r"^([\u4e00-\u9fff]{1,10}?(?:部门|部|中心|处|科|室))(?=牵头|负责|组织|会同|召集|对|根据|按|将|编制|审核|汇总)", text)
    if m and department_title(m.group(1)):
        for suffix in ("经理", "主管", "部长", "总监", "负责人", "主任"):
            head = draft.role(m.group(1) + suffix, create=False)
            if head is not None:
                return head, len(m.group(1))
    m = re.match(r"^[^，,。；;、（(《\s]{2,12}", text)
    if m:
        for end in range(len(m.group(0)), 1, -1):  # the longest role title the step begins with
            t = role_title(text[:end])
            if t and re.match(r"[\u4e00-\u9fff]", text[end:end + 1] or "x"):
                role = draft.role(t, create=False)
                if role is None:
                    role = draft.role(t)
                    role.stub_where = "procedure"
                return role, end
    return None, 0


_HANDED = re.compile(r"经(?!理|营|济|销|过|费)|由|交(?!流|易)|报(?!告|表|价)|提交|呈报|发(?!展|布|现|生|放|货)|请(?!示)|送|"
                     r"牵头|会同|召集")


def _approvers(text: str, step: Step, draft: Draft, titles: list[str]) -> list[Role]:
    """Roles named right before the word that says 审批 / 审核 / 批准 (after 经 / 交 / 提交 …),
    with the actor when they decide 共同; or the actor, when it is the one approving."""
    out: list[Role] = []
    for clause in re.split(r"[，,；;。（(]", text):
        verb = APPROVAL.search(clause)
        if not verb:
            continue
        before = clause[:verb.start()]
        if re.match(r"(?:通过)?后", clause[verb.end():]) and not before.strip():
            continue  # 审批通过后…: the approval of an earlier step
        handed = list(_HANDED.finditer(before))
        segment = before[handed[-1].end():] if handed else before
        found = [r for r in _roles_in(segment, draft, titles)]
        if not found and not handed:
            found = _roles_in(before, draft, titles)
        for r in found:
            if r not in out:
                out.append(r)
        if out and re.search(r"共同|联合|会签", clause):
            out = [a for a in step.actors if a not in out] + out
        if out:
            break
    first = APPROVAL.search(text)
    if not out and step.actors and first and first.start() < 40 and not _HANDED.search(text[:first.start()]) \
            and not re.match(r"(?:通过)?后", text[first.end():]) or (not out and step.actors and first and
                                                                   text[:first.start()].strip() in [a.title for a in step.actors]):
        out = list(step.actors)
    return out


def _roles_in(clause: str, draft: Draft, titles: list[str]) -> list[Role]:
    found: list[tuple[int, Role]] = []
    taken: list[tuple[int, int]] = []
    for t in titles:
        for m in re.finditer(re.escape(t), clause):
            s, e = m.start(), m.end()
            if any(a <= s < b or a < e <= b for a, b in taken):
                continue
            if s > 0 and clause[s - 1] not in "经由交报发给向请和与及、，, 提头同" and not clause[:s].endswith(
                    ("提交", "分别提交", "呈报", "公司", "牵头", "会同", "组织", "召集", "协同")):
                continue
            taken.append((s, e))
            found.append((s, draft.role(t, create=False)))
    # titles the import does not describe: 分别提交部门经理、技术总监和公司总经理审批
    for part in re.split(r"[、和与及]|以及", clause):
        if part:
            p = re.sub(r"^(?:公司|分别|给)", "", part.strip())
            t = role_title(p)
            if t and not any(r.title == t for _, r in found):
                role = draft.role(t, create=False)
                if role is None:
                    role = draft.role(t)
                    role.stub_where = "procedure"
                found.append((clause.find(p), role))
    return [r for _, r in sorted(found, key=lambda x: x[0])]


def _next_procedure(proc: Procedure, draft: Draft) -> None:
    """'转入销售计划制定、审批流程': the procedure the last steps hand over to."""
    for step in reversed(proc.steps[-2:]):
        m = re.search(r"(?:转入|进入|转|进行)([^，,。；;]{2,20}流程)", step.text)
        if not m:
            continue
        want = _norm(m.group(1))
        for other in draft.procedures:
            if other is not proc and _norm(other.title) == want:
                proc.next = other
                return


def _norm(title: str) -> str:
    return re.sub(r"[、，,\s]", "", title).replace("制订", "制定")
