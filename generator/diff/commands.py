"""The bodies of `handbook diff`, `handbook revision` and `handbook reviews`.

Each returns the exit code; a `DiffError` (or the project's own BuildError) is the
user's situation, printed by the CLI as one `error: …` line with exit 1.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .. import messages
from . import formats, record, relevance, reviews
from .base import YamlError, load, load_labels, printable, read
from .changes import Diff
from .compare import compare
from .messages import DiffError, Messages
from .sources import default_old, load_side


def project_locale(root: Path) -> str:
    """The locale the project's company.yml names (zh-CN when it cannot be read), so that even
    an error before anything loaded speaks the handbook's language."""
    path = root / record.COMPANY
    try:
        doc, _ = read(path.read_bytes()[: 2 * 1024 * 1024], record.COMPANY)
    except (OSError, YamlError):
        return "zh-CN"
    value = doc.data.get("locale") if isinstance(doc.data, dict) else None
    return value if value in ("zh-CN", "en") else "zh-CN"


def make_diff(root: Path, old: str | None, new: str | None, say: Messages, labels_locale: str | None = None) -> Diff:
    """Both sides loaded and compared. `old` None: the latest tag, or the previous commit;
    `new` None: the project's working tree."""
    working = load_labels(say.locale).diff_working_tree
    old_spec = old if old is not None else default_old(root, say)
    old_side = load_side(old_spec, root, say, working_tree=working)
    new_side = load_side(new, root, say, working_tree=working)
    labels = load_labels(labels_locale) if labels_locale else load_labels(new_side.handbook.locale)
    for side in (old_side, new_side):  # the working tree named in the report's language
        if side.working_tree:
            side.label = labels.diff_working_tree
    changes, renames = compare(old_side.handbook, new_side.handbook, labels)
    return Diff(old_side, new_side, changes, renames)


def run_diff(args) -> int:
    root = Path(args.root)
    say = Messages(args.lang or messages.current())
    diff = make_diff(root, args.old, args.new, say, say.locale)
    labels = load_labels(say.locale)
    changes, role = diff.changes, None
    if args.role:
        role = diff.new.handbook.roles.get(args.role)
        if role is None:
            raise DiffError(say("unknown_role", role=printable(args.role)))
        changes = relevance.for_role(diff, args.role)
    render = {"json": formats.as_json, "markdown": formats.markdown}.get(args.format, formats.text)
    out = render(diff, labels, changes, role)
    sys.stdout.write(out)
    return 0


def parse_date(value: str, say: Messages) -> dt.date:
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise DiffError(say("bad_date", value=printable(value)))


def run_revision(args) -> int:
    root = Path(args.root)
    say = Messages(args.lang or messages.current())
    diff = make_diff(root, args.old, None, say)
    labels = load_labels(diff.new.handbook.locale)  # the record is written in the handbook's language
    date = parse_date(args.date, say) if args.date else reviews.today()
    entry = record.draft(diff, labels, version=args.version, date=date, by=args.by, say=say)
    record.append(root, entry, say, write=not args.dry_run)
    sys.stdout.write(record.entry_text(entry, 2, "\n"))
    note = say("dry_run", path=record.COMPANY) if args.dry_run else \
        say("recorded", path=record.COMPANY, version=printable(entry.version), count=len(entry.changes))
    print(note, file=sys.stderr)
    return 0


def run_reviews(args) -> int:
    root = Path(args.root)
    src = load(root)
    say = Messages(args.lang or messages.current())
    sys.stdout.write(reviews.listing(src, say, everything=args.all))
    return 0
