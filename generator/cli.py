"""The `handbook` command: check, init, new, build, serve, schema, import, forms read/print, diff, revision, reviews.

User errors (a HandbookError's diagnostics, a BuildError) are printed plainly with
exit 1; anything else is a bug and keeps its traceback. Every word it prints, the help
included, is in the handbook's language (messages.py): `--lang` or $HANDBOOK_LANG, else
the project's `locale:`.
"""

from __future__ import annotations

import argparse
import gc
import json
import shlex
import sys
import typing
from contextlib import contextmanager
from pathlib import Path

from . import messages
from .diff.messages import DiffError
from .errors import BuildError, Diagnostic, HandbookError
from .messages import msg


def _say(message) -> None:
    print(message, file=sys.stderr, flush=True)


def _print_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        _say(d.format())


def cmd_check(args) -> int:
    from .handbook import load

    loaded = load(Path(args.root))
    hb, diags = loaded.handbook, loaded.diagnostics
    _print_diagnostics(diags)
    errors = loaded.errors
    if errors:
        _say(msg("cli.check_failed", errors=len(errors), warnings=len(diags) - len(errors)))
        return 1
    ok = msg("cli.check_ok", departments=len(hb.departments), roles=len(hb.roles), procedures=len(hb.procedures),
             forms=len(hb.forms), policies=len(hb.policies), sanctions=len(hb.sanctions), terms=len(hb.terms))
    print(msg("cli.check_ok_warnings", ok=ok, warnings=len(diags)) if diags else ok)
    return 0


def cmd_schema(args) -> int:
    from .source import schema

    if args.kind != "all" and args.kind not in schema.KINDS:
        raise BuildError(msg("cli.unknown_kind", kind=args.kind, kinds=["all", *schema.KINDS]))
    if args.write is None:
        print(json.dumps(schema.json_schema(args.kind), ensure_ascii=False, indent=2))
        return 0
    folder = Path(args.write) if args.write else Path(args.root) / schema.FOLDER
    kinds = list(schema.KINDS) if args.kind == "all" else [args.kind]
    changed, ids = schema.write(Path(args.root), folder, kinds)
    print(msg("schema.wrote", folder=folder, changed=len(changed), total=len(kinds), roles=len(ids["role"]),
              departments=len(ids["department"]), procedures=len(ids["procedure"]), forms=len(ids["form"]),
              articles=len(ids["article"])))
    return 0


def cmd_init(args) -> int:
    from .scaffold.init import init

    folder = Path(args.dir) if args.dir is not None else Path(args.root)
    language = args.lang or messages.current()
    plan = init(folder, language, ci=args.ci, use_example=args.example)
    shown = folder.as_posix()
    print(msg("init.done", folder=shown, files=len(plan.files) + len(plan.later)))
    print(msg("init.next", cd=f"cd {shlex.quote(shown)}\n  " if shown not in ("", ".") else ""))
    return 0


def cmd_new(args) -> int:
    from .scaffold.new import new

    created = new(Path(args.root), args.kind, args.id, department=args.department, title=args.title)
    print(msg("new.wrote", path=created.path))
    if created.department and args.kind != "department":
        print(msg("new.department_chosen" if created.department_chosen else "new.department_first",
                  department=created.department))
    elif created.department:
        print(msg("new.parent_chosen", department=created.department))
    if created.reports_to:
        print(msg("new.reports_to_head", role=created.reports_to))
    if created.actor:
        print(msg("new.actor_first", role=created.actor))
    print(msg("new.next", path=created.path))
    return 0


def cmd_build(args) -> int:
    from .build import build

    build(Path(args.root), Path(args.out) if args.out else None, pdf=not args.no_pdf, jobs=args.jobs,
          cache=not args.no_cache)
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    serve(Path(args.root), args.dev_addr)
    return 0


def cmd_forms_read(args) -> int:
    from .filled import read

    return read(args)


def cmd_forms_print(args) -> int:
    from .filled import print_copies

    return print_copies(args)


def cmd_import(args) -> int:
    from .importer.command import run

    return run(args.files, args.into if args.into is not None else args.root, force=args.force,
               lang=args.lang or messages.current())


def cmd_diff(args) -> int:
    from .diff.commands import run_diff

    return run_diff(args)


def cmd_revision(args) -> int:
    from .diff.commands import run_revision

    return run_revision(args)


def cmd_reviews(args) -> int:
    from .diff.commands import run_reviews

    return run_reviews(args)


def _jobs(value: str) -> int:
    """-j N: a whole number, 0 or more (0: one worker per core)."""
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(str(msg("cli.bad_jobs", value=repr(value))))
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
        raise argparse.ArgumentTypeError(str(msg("cli.bad_address", value=repr(value)))) from None
    return value


def _common(suppress: bool) -> argparse.ArgumentParser:
    """-C and --lang, taken before or after the command (`handbook -C x check` and
    `handbook check -C x`); after it, they only replace what was given before."""
    p = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    p.add_argument("-C", "--root", default=argparse.SUPPRESS if suppress else ".", help=str(msg("cli.help.root")))
    p.add_argument("--lang", default=default, choices=list(messages.LANGUAGES), help=str(msg("cli.help.lang")))
    return p


def parser() -> argparse.ArgumentParser:
    h = lambda key: str(msg(f"cli.help.{key}"))  # noqa: E731 - the help texts, in the current language
    common = _common(suppress=True)
    p = argparse.ArgumentParser(prog="handbook", description=h("description"), parents=[_common(suppress=False)])
    sub = p.add_subparsers(dest="command", required=True, title=h("commands"), metavar="COMMAND")

    def command(name: str, func, **kw) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=h(name), description=h(name), parents=[common], **kw)
        s.set_defaults(func=func)
        return s

    command("check", cmd_check)

    s = command("init", cmd_init)
    s.add_argument("dir", nargs="?", metavar="DIR", help=h("init_dir"))
    s.add_argument("--example", action="store_true", help=h("init_example"))
    s.add_argument("--ci", choices=["gitlab", "github", "none"], default="gitlab", help=h("init_ci"))

    s = command("new", cmd_new)
    s.add_argument("kind", choices=["role", "department", "procedure", "form", "policy"], metavar="KIND",
                   help=h("new_kind"))
    s.add_argument("id", metavar="ID", help=h("new_id"))
    s.add_argument("--department", help=h("new_department"))
    s.add_argument("--title", help=h("new_title"))

    s = command("build", cmd_build)
    s.add_argument("--out", help=h("out"))
    s.add_argument("--no-pdf", action="store_true", help=h("no_pdf"))
    s.add_argument("-j", "--jobs", type=_jobs, default=0, help=h("jobs"))
    s.add_argument("--no-cache", action="store_true", help=h("no_cache"))

    s = command("serve", cmd_serve)
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", type=_address, help=h("dev_addr"))

    s = command("schema", cmd_schema)
    s.add_argument("kind", nargs="?", default="all", help=h("schema_kind"))
    s.add_argument("--write", nargs="?", const="", metavar="DIR", help=h("schema_write"))

    s = command("import", cmd_import)
    s.add_argument("files", nargs="+", help=h("import_files"))
    s.add_argument("--into", help=h("import_into"))
    s.add_argument("--force", action="store_true", help=h("import_force"))

    s = sub.add_parser("forms", help=h("forms"), description=h("forms"), parents=[common])
    fs = s.add_subparsers(dest="forms_command", required=True, title=h("commands"), metavar="COMMAND")
    r = fs.add_parser("read", help=h("forms_read"), description=h("forms_read"), parents=[common])
    r.add_argument("files", nargs="+", help=h("forms_files"))
    r.add_argument("--format", choices=["json", "csv"], help=h("forms_format"))
    r.add_argument("-o", "--output", help=h("forms_output"))
    r.add_argument("--strict", action="store_true", help=h("forms_strict"))
    r.set_defaults(func=cmd_forms_read)
    r = fs.add_parser("print", help=h("forms_print"), description=h("forms_print"), parents=[common])
    r.add_argument("files", nargs="+", help=h("forms_files"))
    r.add_argument("-o", "--output", help=h("forms_print_output"))
    r.add_argument("--combined", metavar="FILE.pdf", help=h("forms_combined"))
    r.set_defaults(func=cmd_forms_print)

    s = command("diff", cmd_diff)
    s.add_argument("old", nargs="?", help=h("diff_old"))
    s.add_argument("new", nargs="?", help=h("diff_new"))
    s.add_argument("--format", choices=["text", "markdown", "json"], default="text", help=h("diff_format"))
    s.add_argument("--role", help=h("diff_role"))

    s = command("revision", cmd_revision)
    s.add_argument("old", nargs="?", help=h("diff_old"))
    s.add_argument("--version", help=h("revision_version"))
    s.add_argument("--date", help=h("revision_date"))
    s.add_argument("--by", help=h("revision_by"))
    s.add_argument("--dry-run", action="store_true", help=h("revision_dry_run"))

    s = command("reviews", cmd_reviews)
    s.add_argument("--all", action="store_true", help=h("reviews_all"))
    return p


def _language(argv: list[str]) -> str:
    """The language, known before the parser is built (its help is in that language)."""
    early = _common(suppress=False)
    known, _ = early.parse_known_args([a for a in argv if a not in ("-h", "--help")])
    return messages.language_for(Path(known.root), known.lang)


# argparse's own words (usage, error, "the following arguments are required" ...) come
# from gettext; they are looked up in our catalogue instead, by their English text.
_ARGPARSE = {
    "usage: ": "argparse.usage", "positional arguments": "argparse.positional", "options": "argparse.options",
    "show this help message and exit": "argparse.help", "%(prog)s: error: %(message)s\n": "argparse.error",
    "the following arguments are required: %s": "argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "unrecognized arguments: %s": "argparse.unrecognized", "argument %(argument_name)s: %(message)s": "argparse.argument",
    "expected one argument": "argparse.one_argument", "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "expected at least one argument": "argparse.at_least_one", "expected at most one argument": "argparse.at_most_one",
}


@contextmanager
def _argparse_words(language: str):
    words = messages.catalog(language)
    saved = argparse._
    argparse._ = lambda text: words[_ARGPARSE[text]] if text in _ARGPARSE else text
    try:
        yield
    finally:
        argparse._ = saved


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    language = _language(argv)
    messages.use(language)
    with _argparse_words(language):
        args = parser().parse_args(argv)
    if args.lang:
        messages.use(args.lang)
    try:
        return args.func(args)
    except HandbookError as exc:
        _print_diagnostics(exc.diagnostics)
        _say(msg("cli.nothing_written", errors=len(exc.diagnostics)))
        return 1
    except (BuildError, DiffError) as exc:
        _say(msg("cli.error", detail=exc))
        return 1
    except KeyboardInterrupt:
        return 130


def run() -> typing.NoReturn:
    """The `handbook` command as a process: `main`, then an exit that skips the interpreter's
    last collections over all that is still loaded (half a second after a large check)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
