"""The `handbook` command: check, build, serve, schema, forms read, forms print.

User errors (a HandbookError's diagnostics, a BuildError) are printed plainly with
exit 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import BuildError, Diagnostic, HandbookError


def _print_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        print(d.format(), file=sys.stderr)


def cmd_check(args) -> int:
    from .handbook import load

    loaded = load(Path(args.root))
    hb, diags = loaded.handbook, loaded.diagnostics
    _print_diagnostics(diags)
    errors = loaded.errors
    if errors:
        print(f"{len(errors)} error(s), {len(diags) - len(errors)} warning(s)", file=sys.stderr)
        return 1
    counts = (f"{len(hb.departments)} departments, {len(hb.roles)} roles, {len(hb.procedures)} procedures, "
              f"{len(hb.forms)} forms, {len(hb.policies)} policies, {len(hb.sanctions)} rewards/penalties, "
              f"{len(hb.terms)} terms")
    print(f"ok: {counts}" + (f"; {len(diags)} warning(s)" if diags else ""))
    return 0


def cmd_schema(args) -> int:
    from .source.schema import json_schema

    print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
    return 0


def cmd_build(args) -> int:
    from .build import build

    build(Path(args.root), Path(args.out) if args.out else None, pdf=not args.no_pdf, jobs=args.jobs)
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    serve(Path(args.root), args.dev_addr)
    return 0


def cmd_forms_read(args) -> int:
    from .pdf.readback import read_filled, write

    fmt = args.format or ("csv" if args.output and args.output.lower().endswith(".csv") else None)
    filled = read_filled([Path(p) for p in args.files], fmt=fmt)
    for exc in filled.failed:
        print(f"error: {exc}", file=sys.stderr)
    severity = "error" if args.strict else "warning"
    for path, problem in filled.problems:
        print(f"{severity}: {path}: {problem}", file=sys.stderr)
    if filled.output is None:
        print(f"none of the {filled.files} files could be read; nothing was written", file=sys.stderr)
        return 1
    if args.output:
        write(filled.output, Path(args.output))
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(filled.output)
    if filled.failed:
        print(f"{len(filled.failed)} of {filled.files} files could not be read and were left out",
              file=sys.stderr)
        return 1
    if filled.problems and args.strict:
        print(f"{len(filled.problems)} problem(s) in the values (--strict)", file=sys.stderr)
        return 1
    return 0


def cmd_forms_print(args) -> int:
    from .handbook import load_handbook
    from .pdf.printcopy import combine, print_copy, targets, write_atomic
    from .pdf.readback import expand
    from .present import Presentation
    from .project import Project

    files, _ = expand([Path(p) for p in args.files])
    if not files:
        raise BuildError("no files to print")
    root = Path(args.root)
    presentation = Presentation(load_handbook(root), Project.at(root))
    folder = Path(args.output) if args.output else (None if args.combined else Path("print-copies"))
    if folder is not None and folder.exists() and not folder.is_dir():
        raise BuildError(f"{folder}: not a folder (-o names the folder the print copies go to)")
    combined = Path(args.combined) if args.combined else None
    inputs = {p.resolve() for p in files}
    if combined is not None and combined.resolve() in inputs:
        raise BuildError(f"{combined}: is one of the filled forms; choose another file for --combined")
    made, failed = [], 0
    for path, target in zip(files, targets(files, folder) if folder else [None] * len(files)):
        if target is not None and target.resolve() in inputs:
            print(f"error: {path}: its print copy would replace a filled form ({target}); choose another -o",
                  file=sys.stderr)
            failed += 1
            continue
        try:
            copy = print_copy(presentation, path)
        except BuildError as exc:  # UnreadableForm: one line naming the file
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        for line in copy.problems + copy.notes:
            print(f"warning: {path}: {line}", file=sys.stderr)
        if target is not None:
            write_atomic(target, copy.pdf)
        made.append(copy.pdf)
    if made and folder is not None:
        print(f"wrote {len(made)} print cop{'y' if len(made) == 1 else 'ies'} to {folder}", file=sys.stderr)
    if made and combined is not None:
        write_atomic(combined, combine(made))
        print(f"wrote {combined} ({len(made)} form{'' if len(made) == 1 else 's'})", file=sys.stderr)
    if failed:
        print(f"{failed} of {len(files)} files could not be printed" +
              ("; nothing was written" if not made else ""), file=sys.stderr)
        return 1
    return 0


def _jobs(value: str) -> int:
    """-j N: a whole number, 0 or more (0: one worker per core)."""
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more (0: one per core), found {value!r}")
    return jobs


def _address(value: str) -> str:
    """-a HOST:PORT: an IP address (or localhost) and a port from 1 to 65535."""
    import ipaddress

    host, _, port = value.rpartition(":")
    try:
        if host != "localhost":
            ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
        if not (port.isascii() and port.isdigit() and 1 <= int(port) <= 65535):
            raise ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT with an IP address (or localhost) and a port "
                                         f"from 1 to 65535, e.g. 127.0.0.1:8000; found {value!r}") from None
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="handbook", description="Handbook-as-code: YAML in, site and PDFs out.")
    p.add_argument("-C", "--root", default=".", help="project folder holding handbook/ and forms/ (default: .)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("check", help="validate the YAML; exit 1 on errors")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("build", help="build the site and the PDFs into site/")
    s.add_argument("--out", help="output folder (default: site/ in the project)")
    s.add_argument("--no-pdf", action="store_true", help="build the site only")
    s.add_argument("-j", "--jobs", type=_jobs, default=0, help="PDF worker processes (default 0: one per core)")
    s.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="serve the site, rebuilding when a YAML file changes")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", type=_address,
                   help="HOST:PORT to serve on (default 127.0.0.1:8000)")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("schema", help="print the JSON Schema of the YAML files")
    s.add_argument("kind", nargs="?", default="all",
                   help="all (default), company, department, role, procedure, policy, form, sanctions, glossary")
    s.set_defaults(func=cmd_schema)

    s = sub.add_parser("forms", help="work with filled forms")
    fs = s.add_subparsers(dest="forms_command", required=True)
    r = fs.add_parser("read", help="print the values of filled form PDFs (JSON; CSV for several)")
    r.add_argument("files", nargs="+", help="filled PDFs, or folders of them")
    r.add_argument("--format", choices=["json", "csv"], help="default: json for one file, csv for several")
    r.add_argument("-o", "--output", help="write to this file instead of printing (a .csv file gets a "
                                          "byte-order mark, so that Excel and WPS read the Chinese)")
    r.add_argument("--strict", action="store_true",
                   help="empty required fields and values not of their field's type are errors (exit 1), "
                        "not warnings")
    r.set_defaults(func=cmd_forms_read)
    r = fs.add_parser("print", help="make a print and archive copy of each filled form: every value printed "
                                    "as text, the same in every viewer and on paper")
    r.add_argument("files", nargs="+", help="filled PDFs, or folders of them")
    r.add_argument("-o", "--output", help="folder for the print copies, one per filled form, under the same "
                                          "names (default: print-copies; with --combined alone: none)")
    r.add_argument("--combined", metavar="FILE.pdf", help="also (or only) write all print copies into this one "
                                                          "PDF, to print at once")
    r.set_defaults(func=cmd_forms_print)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except HandbookError as exc:
        _print_diagnostics(exc.diagnostics)
        print(f"{len(exc.diagnostics)} error(s); nothing was written", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
