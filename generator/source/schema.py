"""JSON Schema of the YAML files, for editors (VS Code's YAML extension, ...).

`json_schema(kind)` is the shape of a kind of file: every key with its Chinese help. Given
the ids of a handbook (`known_ids(root)`), every reference field (a model field marked
`Ref(kind)` in model.py: `reports_to`, `actor`, `by`, `owner`, `produces`, `article` ...)
lists them as an `enum`, each id with its title as its description
(`enumDescriptions`, and `markdownEnumDescriptions` for clients that show Markdown:
yaml-language-server shows either in completion and hover). The editor then completes
`reports_to: ` with the real roles and flags an id that names nothing.

`write(root, folder)` writes one `<kind>.json` per kind; `refresh(root)` rewrites the
project's `.schemas/` if it has one (`handbook build` and `serve` call it, through the
MkDocs plugin, so the ids follow the handbook while HR edits it). A file is rewritten only
when its text changes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from pydantic import BaseModel

from ..errors import BuildError
from ..messages import DEFAULT, msg, render
from . import model

KINDS: dict[str, type[BaseModel]] = {
    "company": model.Company,
    "department": model.Department,
    "role": model.Role,
    "procedure": model.Procedure,
    "policy": model.Policy,
    "form": model.Form,
    "sanctions": model.SanctionFile,
    "glossary": model.Glossary,
}

# Which files each schema is for (the editor settings `handbook init` writes, the README).
GLOBS = {
    "company": "handbook/company.yml",
    "department": "handbook/departments/*.yml",
    "role": "handbook/roles/*.yml",
    "procedure": "handbook/procedures/*.yml",
    "policy": "handbook/policies/*.yml",
    "form": "forms/*.yml",
    "sanctions": "handbook/sanctions.yml",
    "glossary": "handbook/glossary.yml",
}

FOLDER = ".schemas"  # the project's folder of schemas: `schema --write`'s default, what build and serve refresh
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# kind of reference -> {id: description}
KnownIds = dict[str, dict[str, str]]


def json_schema(kind: str = "all", ids: KnownIds | None = None) -> dict:
    """The JSON Schema of one kind of file (or of any, "all"); with `ids`, every reference
    field enumerates the known ids of its kind."""
    if kind == "all":
        defs: dict = {}
        branches = []
        for name, cls in KINDS.items():
            schema = cls.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
            defs.update(schema.pop("$defs", {}))
            defs[cls.__name__] = schema
            branches.append({"$ref": f"#/$defs/{cls.__name__}"})
        schema = {
            "$schema": DRAFT,
            "title": "Handbook source file",
            "description": "Any file of handbook/ or forms/; `handbook schema KIND` prints one kind.",
            "oneOf": branches,
            "$defs": defs,
        }
    else:
        schema = KINDS[kind].model_json_schema(mode="validation")
        schema["$schema"] = DRAFT
    return _references(schema, ids or {})


def _references(node, ids: KnownIds):
    """The schema with each reference's marker replaced by its known ids (or just removed)."""
    if isinstance(node, list):
        return [_references(x, ids) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _references(v, ids) for k, v in node.items() if k != model.REF_KEY}
    known = ids.get(node.get(model.REF_KEY), {})
    if known:  # none known (a handbook without forms yet): any id of the right shape
        out.pop("pattern", None)
        out.pop("maxLength", None)
        out["enum"] = list(known)
        out["enumDescriptions"] = list(known.values())
        out["markdownEnumDescriptions"] = [_markdown(text) for text in known.values()]
    return out


def _markdown(text: str) -> str:
    """Plain text shown as Markdown exactly as written (a title with `*` or `<`)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~])", r"\\\1", text)


def known_ids(root: Path) -> KnownIds:
    """The ids a reference may name in the project at `root`, each with its title: every
    entity that loaded, and the ids of files that did not (their own error says what is
    wrong; a reference to them is not one more mistake)."""
    from .load import load

    src = load(Path(root))
    language = src.company.item.locale if src.company else DEFAULT
    ids: KnownIds = {kind: {} for kind in ("department", "role", "procedure", "form", "article")}
    for e in src.entries:
        item = e.item
        if e.kind in ("department", "role", "form"):
            ids[e.kind].setdefault(item.id, item.title)
        elif e.kind == "procedure":
            ids["procedure"].setdefault(item.id, f"{item.code} {item.title}")
        elif e.kind == "policy":
            for chapter in item.chapters:
                for article in chapter.articles:
                    if article.id:
                        text = article.text if len(article.text) <= 60 else article.text[:60] + "…"
                        ids["article"].setdefault(f"{item.id}.{article.id}",
                                                  render(msg("schema.article", policy=item.title, text=text), language))
    for kind, broken in src.broken_ids.items():
        if kind in ids:
            for value in sorted(broken):
                ids[kind].setdefault(value, render(msg("schema.broken_file"), language))
    return ids


def write(root: Path, folder: Path, kinds: list[str] | None = None) -> tuple[list[Path], KnownIds]:
    """Write `<kind>.json` into `folder` for each kind, with the ids of the project at
    `root`; the files whose text changed, and the ids."""
    ids = known_ids(root)
    folder = Path(folder)
    changed = []
    path = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for kind in kinds or list(KINDS):
            path = folder / f"{kind}.json"
            text = json.dumps(json_schema(kind, ids), ensure_ascii=False, indent=2) + "\n"
            if path.is_file() and path.read_bytes() == text.encode("utf-8"):
                continue
            _replace(path, text)
            changed.append(path)
    except OSError as exc:
        raise BuildError(msg("schema.cannot_write", path=path, detail=exc.strerror or exc)) from None
    return changed, ids


def refresh(root: Path) -> list[Path]:
    """Rewrite the project's `.schemas/` when it has one (inside the project: a link to
    elsewhere is left alone); the files that changed. Sources and schemas unchanged since
    the last refresh of this process (a serve rebuild after a template edit) are not read
    again: reading the default handbook's 75 files takes 0.4 s."""
    from .load import source_files

    root = Path(root).resolve()
    folder = root / FOLDER
    if not folder.is_dir() or not folder.resolve().is_relative_to(root):
        return []
    key = _stamp([*source_files(root), *(folder / f"{kind}.json" for kind in KINDS)])
    if _refreshed.get(root) == key:
        return []
    changed = write(root, folder)[0]
    _refreshed[root] = _stamp([*source_files(root), *(folder / f"{kind}.json" for kind in KINDS)])
    return changed


_refreshed: dict[Path, tuple] = {}


def _stamp(paths: list[Path]) -> tuple:
    out = []
    for path in paths:
        try:
            info = path.stat()
            out.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            out.append((str(path), None, None))
    return tuple(out)


def _replace(path: Path, text: str) -> None:
    """Write by rename: an editor reading the schema never sees half of it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
