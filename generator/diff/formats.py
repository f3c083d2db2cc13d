"""A diff for the terminal, as Markdown, and as JSON.

Text from the YAML stays text: control and invisible characters are written as <U+…> and
line breaks as \\n (in a terminal a value cannot move the cursor or recolour the screen, a
direction mark cannot turn a line round); in Markdown every line is also escaped, so `**`
or `<b>` in a value shows as typed.

The JSON (`FORMAT`) is one object:

    {"format": "handbook-diff/1", "locale": "zh-CN",
     "old": SIDE, "new": SIDE, "role": null | {"id", "title"},
     "count": N, "changes": [CHANGE, …]}

    SIDE   = {"source": "v1" | "HEAD~1" | a folder | "working tree",
              "commit": full hash | null, "version": "A/1", "effective_date": "YYYY-MM-DD"}
    CHANGE = {"change": "added" | "removed" | "changed" | "renamed" | "moved" | "whitespace",
              "entity": {"kind": "company" | "department" | "role" | "procedure" | "form" |
                                 "policy" | "sanction" | "term",
                         "id": id in the new handbook (the old one when removed), "title": …},
              "path": keys and 0-based indexes inside the entity ([] for the whole entity),
                      in the new entity (in the old one when removed),
              "old_path": the same in the old entity, or null when there was none,
              "where": the path in the handbook's words, e.g. ["工作职责 第3条", "频次"],
              "old", "new": the values as shown to a reader (ids as titles), or null,
              "old_value", "new_value": the values as written in the YAML (for a moved item,
                                        its 1-based positions), or null,
              "item": the moved item in a few words, or null,
              "effective": the article's effective date (YYYY-MM-DD) for a change in an
                           article that has one, else null,
              "text": the whole change in one line, as the terminal shows it}

Keys are always present; new keys may be added, existing ones keep their meaning.
"""

from __future__ import annotations

import json

from . import changes as C
from .base import Labels, md_escape, printable
from .describe import line

FORMAT = "handbook-diff/1"

HEADINGS = {"company": "document_control", "department": "departments", "role": "roles",
            "procedure": "procedures", "form": "forms", "policy": "policies", "sanction": "sanctions",
            "term": "glossary"}


def header(diff: C.Diff, labels: Labels, count: int, role: bool = False) -> str:
    """v1 → 工作区（A/1 → A/2）：8 处变更; for one role, no change says so in the role's words."""
    L = labels
    v_old, v_new = diff.old.handbook.company.version, diff.new.handbook.company.version
    versions = L.diff_versions.format(old=v_old, new=v_new) if v_old != v_new else ""
    key = "diff_header" if count else ("diff_for_role_none" if role else "diff_header_none")
    return L[key].format(old=diff.old.label, new=diff.new.label, versions=versions, count=count)


def _groups(changes: list[C.Change]) -> list[tuple[str, list[C.Change]]]:
    out: dict[str, list[C.Change]] = {}
    for c in changes:
        out.setdefault(c.entity.kind, []).append(c)
    return [(k, out[k]) for k in C.ENTITY_KINDS if k in out]


def text(diff: C.Diff, labels: Labels, changes: list[C.Change] | None = None, role=None) -> str:
    """`changes` (default: all of them); `role`: they are those that concern this role."""
    changes = diff.changes if changes is None else changes
    lines = [printable(labels.diff_for_role.format(role=role.title))] if role is not None else []
    lines.append(printable(header(diff, labels, len(changes), role=role is not None)))
    for kind, group in _groups(changes):
        lines.append(printable(labels[HEADINGS[kind]]))
        lines += ["  " + printable(line(c, labels)) for c in group]
    return "\n".join(lines) + "\n"


def markdown(diff: C.Diff, labels: Labels, changes: list[C.Change] | None = None, role=None) -> str:
    changes = diff.changes if changes is None else changes
    out = []
    if role is not None:
        out += [f"# {_md(labels.diff_for_role.format(role=role.title))}", ""]
    level = "##" if role is not None else "#"
    out += [f"{level} {_md(header(diff, labels, len(changes), role=role is not None))}", ""]
    for kind, group in _groups(changes):
        out += [f"{level}# {_md(labels[HEADINGS[kind]])}", ""]
        out += [f"- {_md(line(c, labels))}" for c in group]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    return str(md_escape(printable(text)))


def _side(side: C.Side) -> dict:
    company = side.handbook.company
    return {"source": "working tree" if side.working_tree else side.label, "commit": side.commit,
            "version": company.version, "effective_date": company.effective_date.isoformat()}


def change_data(c: C.Change, labels: Labels) -> dict:
    return {
        "change": c.change,
        "entity": {"kind": c.entity.kind, "id": c.entity.id, "title": c.entity.title},
        "path": list(c.path),
        "old_path": None if c.old_path is None else list(c.old_path),
        "where": list(c.where),
        "old": c.old,
        "new": c.new,
        "old_value": c.old_value,
        "new_value": c.new_value,
        "item": c.item,
        "effective": c.effective.isoformat() if c.effective else None,
        "text": line(c, labels),
    }


def as_json(diff: C.Diff, labels: Labels, changes: list[C.Change] | None = None, role=None) -> str:
    changes = diff.changes if changes is None else changes
    data = {
        "format": FORMAT,
        "locale": labels["locale"],
        "old": _side(diff.old),
        "new": _side(diff.new),
        "role": {"id": role.id, "title": role.title} if role is not None else None,
        "count": len(changes),
        "changes": [change_data(c, labels) for c in changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
