"""`handbook forms read` and `handbook forms print`: what the commands do with a stack
of filled forms (the reading and the printing themselves are pdf/readback.py and
pdf/printcopy.py). A file that cannot be read is named on its own line and left out;
the others are still done, and the exit code is 1. Everything printed to the terminal
comes partly from the PDFs (field names, labels, values): control characters are
escaped (`terminal_safe`).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from .errors import BuildError
from .messages import msg


def terminal_safe(text: str) -> str:
    """`text` as a terminal may show it: control characters (ESC, BEL, NUL, C1), direction
    controls and other invisible ones from a filled PDF written as <U+001B>, so that a
    form cannot recolour, retitle or rewrite the user's terminal. Line ends and tabs stay."""
    return "".join(c if c in "\n\t" or unicodedata.category(c) not in _HIDDEN else f"<U+{ord(c):04X}>" for c in text)


_HIDDEN = ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def _say(message) -> None:
    print(terminal_safe(str(message)), file=sys.stderr, flush=True)


def read(args) -> int:
    from .pdf.readback import read_filled, write

    fmt = args.format or ("csv" if args.output and args.output.lower().endswith(".csv") else None)
    filled = read_filled([Path(p) for p in args.files], fmt=fmt)
    for exc in filled.failed:
        _say(msg("cli.error", detail=exc))
    for path, problem in filled.problems:
        _say(msg("cli.error" if args.strict else "cli.warning", detail=f"{path}: {problem}"))
    if filled.output is None:
        _say(msg("cli.none_read", files=filled.files))
        return 1
    if args.output:
        write(filled.output, Path(args.output))
        _say(msg("cli.wrote", path=args.output))
    else:  # values as read into a pipe or file; escaped for a terminal
        sys.stdout.write(terminal_safe(filled.output) if sys.stdout.isatty() else filled.output)
    if filled.failed:
        _say(msg("cli.some_unread", failed=len(filled.failed), files=filled.files))
        return 1
    if filled.problems and args.strict:
        _say(msg("cli.strict_problems", count=len(filled.problems)))
        return 1
    return 0


def print_copies(args) -> int:
    from .handbook import load_handbook
    from .pdf.printcopy import combine, print_copy, targets, write_atomic
    from .pdf.readback import expand
    from .present import Presentation
    from .project import Project

    from .build import recover

    root = Path(args.root)
    recover(Project.at(root).default_out)  # a killed build's previous output, back in place first
    files, _ = expand([Path(p) for p in args.files])
    if not files:
        raise BuildError(msg("print.no_files"))
    presentation = Presentation(load_handbook(root), Project.at(root))
    folder = Path(args.output) if args.output else (None if args.combined else Path("print-copies"))
    if folder is not None and folder.exists() and not folder.is_dir():
        raise BuildError(msg("print.not_a_folder", path=folder))
    combined = Path(args.combined) if args.combined else None
    inputs = {p.resolve() for p in files}
    if combined is not None and combined.resolve() in inputs:
        raise BuildError(msg("print.combined_is_input", path=combined))
    made, failed = [], 0
    for path, target in zip(files, targets(files, folder) if folder else [None] * len(files)):
        if target is not None and target.resolve() in inputs:
            _say(msg("cli.error", detail=msg("print.would_replace", path=path, target=target)))
            failed += 1
            continue
        try:
            copy = print_copy(presentation, path)
        except BuildError as exc:  # UnreadableForm: one line naming the file
            _say(msg("cli.error", detail=exc))
            failed += 1
            continue
        for line in copy.problems + copy.notes:
            _say(msg("cli.warning", detail=f"{path}: {line}"))
        if target is not None:
            write_atomic(target, copy.pdf)
        made.append(copy.pdf)
    if made and folder is not None:
        _say(msg("print.wrote", count=len(made), folder=folder))
    if made and combined is not None:
        write_atomic(combined, combine(made))
        _say(msg("print.wrote_combined", path=combined, count=len(made)))
    if failed:
        _say(msg("print.failed" if made else "print.failed_none", failed=failed, files=len(files)))
        return 1
    return 0
