"""`handbook forms read` and `handbook forms print`: what the commands do with a stack
of filled forms (the reading and the printing themselves are pdf/readback.py and
pdf/printcopy.py). A file that cannot be read is named on its own line and left out;
the others are still done, and the exit code is 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import BuildError
from .messages import msg


def _say(message) -> None:
    print(message, file=sys.stderr, flush=True)


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
    else:
        sys.stdout.write(filled.output)
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
