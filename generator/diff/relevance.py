"""Which changes concern one role: what a role page's "本版与本岗位有关的变更" box and the
role's acknowledgement list.

A change concerns a role when it is in
- the role itself;
- a procedure step the role performs, approves or is consulted in (on either side: a role
  that no longer approves a step hears of it), and the procedure's own keys (purpose,
  notes …) when the role takes part in any of its steps;
- a form the role fills (`filled_by`, or a step of the role that produces it);
- a reward or penalty that applies to the role, those for everyone included;
- a policy article that one of those rewards or penalties cites.
Whitespace-only edits concern nobody.
"""

from __future__ import annotations

from . import changes as C
from .base import Handbook, model


def for_role(diff: C.Diff, role_id: str, hb: Handbook | None = None) -> list[C.Change]:
    """The changes of `diff` that concern the role `role_id` of `hb` (the new handbook)."""
    new = hb or diff.new.handbook
    old = diff.old.handbook
    old_role = diff.old_id("role", role_id)
    concern = _Concern(diff, new, old, role_id, old_role)
    return [c for c in diff.changes if c.substantive and concern(c)]


def roles_concerned(diff: C.Diff, hb: Handbook | None = None) -> dict[str, list[C.Change]]:
    """role id -> the changes that concern it, for every role of the new handbook."""
    new = hb or diff.new.handbook
    return {rid: for_role(diff, rid, new) for rid in new.roles}


class _Concern:
    def __init__(self, diff: C.Diff, new: Handbook, old: Handbook, role: str, old_role: str):
        self.diff, self.new, self.old = diff, new, old
        self.role, self.old_role = role, old_role
        self.new_forms = {f.id for f, how in new.role_forms(role) if how == "fills"} if role in new.roles else set()
        self.old_forms = ({f.id for f, how in old.role_forms(old_role) if how == "fills"}
                          if old_role in old.roles else set())
        self.new_articles = {s.article for s in new.sanctions if s.article and _applies(s, role)}
        self.old_articles = {s.article for s in old.sanctions if s.article and _applies(s, old_role)}

    def __call__(self, c: C.Change) -> bool:
        kind, ident = c.entity.kind, c.entity.id
        old_ident = self.diff.old_id(kind, ident)
        if kind == "role":
            return ident == self.role
        if kind == "procedure":
            new, old = _sides(c, self.new.procedures.values(), self.old.procedures.values(), ident, old_ident)
            return self._procedure(c, new, old)
        if kind == "form":
            return ident in self.new_forms or old_ident in self.old_forms
        if kind == "sanction":
            new, old = _sides(c, self.new.sanctions, self.old.sanctions, ident, old_ident)
            return bool((new and _applies(new, self.role)) or (old and _applies(old, self.old_role)))
        if kind == "policy":
            return self._article(c, ident, old_ident)
        return False

    def _procedure(self, c: C.Change, new: model.Procedure | None, old: model.Procedure | None) -> bool:
        new_steps = new.steps if new is not None else []
        old_steps = old.steps if old is not None else []
        if c.path[:1] == ("steps",) and len(c.path) > 1:
            step_new = new_steps[c.path[1]] if c.change != C.REMOVED and c.path[1] < len(new_steps) else None
            at = c.old_path[1] if c.old_path and len(c.old_path) > 1 else None
            step_old = old_steps[at] if at is not None and at < len(old_steps) else None
            return _in_step(step_new, self.role) or _in_step(step_old, self.old_role)
        return any(_in_step(s, self.role) for s in new_steps) or any(_in_step(s, self.old_role) for s in old_steps)

    def _article(self, c: C.Change, ident: str, old_ident: str) -> bool:
        if len(c.path) < 4 or c.path[0] != "chapters" or c.path[2] != "articles":
            return False
        new, old = _sides(c, self.new.policies, self.old.policies, ident, old_ident)
        refs = set()
        if new is not None and c.change != C.REMOVED:
            art = _article_at(new, c.path)
            if art is not None and art.id:
                refs.add(("new", f"{new.id}.{art.id}"))
        if old is not None and c.old_path:
            art = _article_at(old, c.old_path)
            if art is not None and art.id:
                refs.add(("old", f"{old.id}.{art.id}"))
        return any(ref in (self.new_articles if side == "new" else self.old_articles) for side, ref in refs)


def _sides(c: C.Change, new_items, old_items, ident: str, old_ident: str):
    """The changed entity in the new and the old handbook (None where it is not: a whole
    entity added exists only in the new one, a removed one only in the old one)."""
    whole = not c.path
    new = None if whole and c.change == C.REMOVED else next((x for x in new_items if x.id == ident), None)
    old = None if whole and c.change == C.ADDED else next((x for x in old_items if x.id == old_ident), None)
    return new, old


def _applies(s: model.Sanction, role: str) -> bool:
    return not s.applies_to or role in s.applies_to


def _in_step(step: model.Step | None, role: str) -> bool:
    if step is None:
        return False
    return role in step.actor or role in step.consulted or bool(step.approval and role in step.approval.by)


def _article_at(policy: model.Policy, path: tuple) -> model.Article | None:
    c, a = path[1], path[3]
    if c < len(policy.chapters) and a < len(policy.chapters[c].articles):
        return policy.chapters[c].articles[a]
    return None
