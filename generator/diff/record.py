"""`handbook revision`: a draft entry of the revision history (修订记录), made from a diff,
appended to handbook/company.yml for HR to edit.

The file is never dumped again: the entry is text inserted after the last entry of
`revisions` (or in place of an empty `revisions: []`, or at the end of the file when
there is no `revisions` yet), in the indentation and line ends the file uses. Every
other byte stays as it was, comments included. The result is read back and checked
before it is written; it is written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import changes as C
from .base import Labels, YamlError, model, read
from .describe import line
from .messages import DiffError, Messages

COMPANY = "handbook/company.yml"
LINE_LIMIT = 40  # a value longer than this is shortened in the record (HR edits the lines anyway)
# changes of the document control itself are what a revision entry records in its own keys
_OWN_KEYS = {"version", "effective_date", "control", "revisions", "review_window_days"}


@dataclass
class Entry:
    version: str
    date: dt.date
    changes: list[str]
    by: str


def draft(diff: C.Diff, labels: Labels, *, version: str | None = None, date: dt.date, by: str | None = None,
          say: Messages) -> Entry:
    """The entry for `diff`: one line per change a reader needs to hear of."""
    company = diff.new.handbook.company
    version = version or company.version
    if any(r.version == version for r in company.revisions):
        raise DiffError(say("version_exists", version=version))
    lines = [line(c, labels, limit=LINE_LIMIT) for c in recorded(diff.changes)]
    if not lines:
        raise DiffError(say("nothing_to_record", old=diff.old.label, new=diff.new.label))
    if by is None:
        by = company.revisions[-1].by if company.revisions else company.control.prepared.by
    return Entry(version, date, list(dict.fromkeys(lines)), by)


def recorded(changes: list[C.Change]) -> list[C.Change]:
    """The changes a revision entry lists: not whitespace, not the document control."""
    return [c for c in changes if c.substantive
            and not (c.entity.kind == "company" and c.path and c.path[0] in _OWN_KEYS)]


# ------------------------------------------------------------------ text


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one); line breaks become spaces."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def entry_text(entry: Entry, indent: int, nl: str) -> str:
    pad = " " * indent
    out = [f"{pad}- version: {_q(entry.version)}", f"{pad}  date: {entry.date.isoformat()}", f"{pad}  changes:"]
    out += [f"{pad}    - {_q(c)}" for c in entry.changes]
    out.append(f"{pad}  by: {_q(entry.by)}")
    return nl.join(out) + nl


def _flow_entry(entry: Entry) -> str:
    changes = ", ".join(_q(c) for c in entry.changes)
    return (f"{{version: {_q(entry.version)}, date: {entry.date.isoformat()}, changes: [{changes}], "
            f"by: {_q(entry.by)}}}")


def _offsets(text: str) -> list[int]:
    """Offset of the start of each line, as YAML counts lines (\\r\\n, \\r and \\n end one)."""
    starts, i, n = [0], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\r":
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            starts.append(i)
        elif ch == "\n":
            i += 1
            starts.append(i)
        else:
            i += 1
    return starts


def _last_node(node: yaml.Node) -> yaml.Node:
    """The node that ends `node`'s text: for a block collection, the end of its last value."""
    while isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def insert(text: str, entry: Entry, say: Messages) -> str:
    """`text` of company.yml with `entry` appended to its revisions."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    nl = "\r\n" if "\r\n" in body else ("\r" if "\r" in body and "\n" not in body else "\n")
    root = yaml.compose(body, Loader=yaml.SafeLoader)
    starts = _offsets(body)

    def offset(mark) -> int:
        return starts[mark.line] + mark.column

    revisions = None
    if isinstance(root, yaml.MappingNode):
        revisions = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "revisions"), None)
    if revisions is None:  # no history yet: a new key at the end of the file
        tail = body if body.endswith(("\n", "\r")) or not body else body + nl
        return bom + tail + "revisions:" + nl + entry_text(entry, 2, nl)
    if not isinstance(revisions, yaml.SequenceNode):
        raise DiffError(say("revisions_not_list"))
    if revisions.flow_style:
        end = offset(revisions.end_mark) - 1  # the closing ']'
        if not revisions.value:  # `revisions: []`: a block list in its place
            start = offset(revisions.start_mark)
            return bom + body[:start].rstrip(" ") + nl + entry_text(entry, 2, nl).rstrip("\r\n") + body[end + 1:]
        return bom + body[:end].rstrip(" ") + ", " + _flow_entry(entry) + body[end:]
    indent = revisions.start_mark.column  # the column of its '-'
    last = _last_node(revisions)
    at = offset(last.end_mark)
    if last.end_mark.column != 0:  # after the rest of that line (a closing bracket, a comment)
        following = [s for s in starts if s > at]
        at = following[0] if following else len(body)
    if at == len(body) and body and not body.endswith(("\n", "\r")):
        return bom + body + nl + entry_text(entry, indent, nl).rstrip("\r\n")
    return bom + body[:at] + entry_text(entry, indent, nl) + body[at:]


def append(root: Path, entry: Entry, say: Messages, *, write: bool = True) -> str:
    """Insert `entry` into the project's company.yml; the new text (written unless `write`
    is false). The text is read back and validated first: nothing is written otherwise."""
    path = root / COMPANY
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    new = insert(text, entry, say)
    try:
        doc, _ = read(new.encode("utf-8"), COMPANY)
        company = model.Company.model_validate(doc.data)
    except YamlError as exc:
        raise DiffError(say("draft_invalid", first=exc.diagnostic.format())) from None
    except ValidationError as exc:
        e = exc.errors(include_url=False)[0]
        raise DiffError(say("draft_invalid", first=f"{'.'.join(map(str, e['loc']))}: {e['msg']}")) from None
    if not company.revisions or company.revisions[-1].version != entry.version:
        raise DiffError(say("draft_invalid", first="revisions"))
    if write:
        _write(path, new)
    return new


def _write(path: Path, text: str) -> None:
    """Replace the file whole: a temporary file beside it, renamed over it."""
    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
