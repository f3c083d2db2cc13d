"""Recognising forms: every 《…》 (〈…〉, <…>) that names a form becomes a form stub.

A name ends the way forms do (表, 单, 书, 报告, 清单, 卡, 记录, 台账 …) and not the
way policies do (制度, 办法, 规定 …). The stub has a title, the department of the
first place that names it, the roles that fill it in, and placeholder fields
for HR to replace; procedure steps that name it produce or use it.
"""

from __future__ import annotations

import re

from .draft import Draft, Form
from .messages import text as say
from .patterns import form_names

_FILLS = re.compile(r"(?:编制|填写|填报|拟定|制定|制订|编写|制作|打印|开具|起草|出具|建立|准备|提交|整理|汇总)\s*(?:好|完)?\s*$")


def recognise_forms(draft: Draft, lang: str) -> None:
    for proc in draft.procedures:
        for n, step in enumerate(proc.steps, 1):
            for name, at in form_names(step.text):
                form = _form(draft, name, proc.owner, say("yaml.where_step", lang, procedure=proc.title), step.pieces)
                before = step.text[max(0, at - 8):at]
                target = step.produces if _FILLS.search(before) and form not in step.uses else step.uses
                if form not in step.produces and form not in step.uses:
                    target.append(form)
                if target is step.produces:
                    for r in step.actors:
                        if r not in form.filled_by:
                            form.filled_by.append(r)
            for note in proc.notes:
                for name, _ in form_names(note):
                    _form(draft, name, proc.owner, say("yaml.where_step", lang, procedure=proc.title), [])
    for role in draft.roles:
        for duty in role.duties:
            for name, at in form_names(duty.text):
                form = _form(draft, name, role.department, say("yaml.where_role", lang, role=role.title), [])
                if _FILLS.search(duty.text[max(0, at - 8):at]) and role not in form.filled_by:
                    form.filled_by.append(role)
    for dept in draft.departments:
        for t in dept.duties + dept.mission:
            for name, _ in form_names(t):
                _form(draft, name, dept, dept.title, [])
    for policy in draft.policies:
        for chapter in policy.chapters:
            for article in chapter.articles:
                for name, _ in form_names(article.text):
                    _form(draft, name, policy.owner, say("yaml.where_policy", lang, policy=policy.title), [])


def _form(draft: Draft, name: str, owner, where: str, pieces) -> Form:
    name = re.sub(r"\s+", "", name)
    form = draft.form(name)
    if form.owner is None and owner is not None:
        form.owner = owner
    if where not in form.mentions:
        form.mentions.append(where)
    return form
