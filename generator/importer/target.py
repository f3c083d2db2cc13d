"""The one place the importer meets the rest of the generator.

What the YAML must look like (where each kind lives, what an id may be, the
enums) comes from `generator.source.model`; whether what was written is a valid
handbook is decided by the generator's own check, on a staging copy of the
project, before anything is written into the real one. When the package is
restructured, only this module follows.
"""

from __future__ import annotations

from pathlib import Path

from ..source import model
from ..source.yaml_reader import YamlError, read

SLUG = model.SLUG
RESERVED_IDS = model.RESERVED_IDS
FREQUENCIES = {f.value for f in model.Frequency}
SANCTION_TYPES = {t.value for t in model.SanctionType}

COMPANY = "handbook/company.yml"
SANCTIONS = "handbook/sanctions.yml"
GLOSSARY = "handbook/glossary.yml"
FOLDERS = {kind: folder for folder, (kind, _) in model.FOLDER_KINDS.items()}  # role -> handbook/roles


def folder(kind: str) -> str:
    return FOLDERS[kind]


def parse(text: str, rel: str) -> tuple[object | None, str]:
    """The file's data as the project's reader sees it, or the first problem."""
    try:
        doc, _ = read(text.encode("utf-8"), rel)
    except YamlError as exc:
        return None, exc.diagnostic.format()
    return doc.data, ""


def check(root: Path) -> tuple[list[str], list[str], dict[str, tuple[int, int]]]:
    """(errors, warnings) of `handbook check` on a project, each formatted as the CLI prints it."""
    from ..handbook import load as run_check

    _, diags = run_check(root)
    errors = [d.format() for d in diags if d.is_error]
    warnings = [d.format() for d in diags if not d.is_error]
    return errors, warnings, {}


def locate(text: str, rel: str, path: tuple) -> tuple[int, int]:
    """Line and column of a value in a YAML text (for located warnings)."""
    try:
        doc, _ = read(text.encode("utf-8"), rel)
    except YamlError:
        return 1, 1
    loc = doc.locate(path)
    return loc.line, loc.col


def unprintable(chars: set[str]) -> set[str]:
    """The characters no installed font can print (the check refuses them)."""
    from ..checks.printable import unprintable as no_font

    return no_font(chars)


def project_locale(root: Path) -> str | None:
    """The locale an existing project's company.yml asks for, if it reads."""
    path = root / COMPANY
    if not path.is_file():
        return None
    try:
        doc, _ = read(path.read_bytes()[:2_000_000], COMPANY)
    except (YamlError, OSError):
        return None
    data = doc.data if isinstance(doc.data, dict) else {}
    value = data.get("locale")
    return value if isinstance(value, str) else None


def existing_ids(root: Path) -> dict[str, set[str]]:
    """Ids the project already uses, per kind (file names, and the `id:` they hold)."""
    import re

    out: dict[str, set[str]] = {}
    for kind, rel in FOLDERS.items():
        d = root / rel
        ids = out.setdefault(kind, set())
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.suffix in (".yml", ".yaml"):
                ids.add(p.stem)
                try:
                    m = re.search(r"^id:\s*['\"]?([a-z0-9][a-z0-9-]*)", p.read_text("utf-8", "replace")[:5000], re.M)
                except OSError:
                    m = None
                if m:
                    ids.add(m.group(1))
    return out
