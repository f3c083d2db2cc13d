"""Project folder -> typed source models, every problem located.

Each file is read on its own (yaml_reader), then validated against its model;
pydantic's errors are turned into `PATH:LINE:COL` diagnostics with plain
messages. Nothing stops at the first problem: all files are read and every
diagnostic collected, so HR fixes everything in one round.
"""

from __future__ import annotations

import difflib
import re
import stat
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import model
from ..errors import Diagnostic, Location, error, warning
from .yaml_reader import MAX_FILE_BYTES, Document, YamlError, printable, read


@dataclass
class Entry:
    """One entity and where it was written."""

    kind: str
    item: BaseModel
    doc: Document
    base: tuple = ()  # path of the entity inside its file

    def locate(self, *path, key: bool = False) -> Location:
        return self.doc.locate(self.base + tuple(path), key=key)


@dataclass
class Source:
    """Everything that loaded; `entries` in a stable order (file path, then position)."""

    root: Path
    company: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # ids of entities whose file had errors: references to them are not reported
    # again as unknown, so one mistake gives one message.
    broken_ids: dict[str, set[str]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def documents(self) -> list[Document]:
        """Every file that loaded, once (sanctions.yml holds many entries)."""
        entries = ([self.company] if self.company else []) + self.entries
        return list({id(e.doc): e.doc for e in entries}.values())


def source_files(root: Path) -> list[Path]:
    """Every YAML file the handbook consists of (what `serve` watches, too)."""
    files = [root / p for p in model.FILE_KINDS if (root / p).exists()]
    for folder in model.FOLDER_KINDS:
        d = root / folder
        if d.is_dir():
            files += sorted(p for p in d.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    return files


def load(root: Path) -> Source:
    root = Path(root)
    src = Source(root)
    if not (root / "handbook").is_dir():
        src.diagnostics.append(error(Location("handbook", 1, 1), "no handbook/ folder in the project",
                                     "run the command in the folder that holds handbook/ and forms/"))
        return src
    src.diagnostics += _unexpected_entries(root)

    for rel, cls in model.FILE_KINDS.items():
        path = _single_file(root, rel, src)
        if path is None:
            if cls is model.Company:
                src.diagnostics.append(error(Location(rel, 1, 1), "missing file",
                                             "the company and document control live in handbook/company.yml"))
            continue
        doc, _ = _read(path, path.relative_to(root).as_posix(), src)
        if doc is None:
            continue
        item = _validate(cls, doc, (), src)
        if item is None:
            continue
        if isinstance(item, model.Company):
            src.company = Entry("company", item, doc)
        elif isinstance(item, model.SanctionFile):
            src.entries += [Entry("sanction", s, doc, ("sanctions", i)) for i, s in enumerate(item.sanctions)]
        elif isinstance(item, model.Glossary):
            src.entries += [Entry("term", t, doc, ("terms", i)) for i, t in enumerate(item.terms)]

    for folder, (kind, cls) in model.FOLDER_KINDS.items():
        d = root / folder
        if not d.is_dir():
            continue
        for path in sorted(d.iterdir()):
            rel = f"{folder}/{path.name}"
            if path.name.startswith("."):
                continue
            if path.is_dir():
                src.diagnostics.append(warning(Location(rel, 1, 1), "folder ignored",
                                               f"put each file directly in {folder}/, not in a subfolder"))
                continue
            if path.suffix not in (".yml", ".yaml"):
                src.diagnostics.append(warning(Location(rel, 1, 1), "not a .yml file; ignored"))
                continue
            doc, raw = _read(path, rel, src)
            item = _validate(cls, doc, (), src) if doc is not None else None
            if item is not None:
                src.entries.append(Entry(kind, item, doc))
                continue
            # The id of a broken file is its own, or by convention its file name.
            broken = src.broken_ids.setdefault(kind, set())
            broken.add(path.stem)
            if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                broken.add(doc.data["id"])
            elif raw and (m := _ID_LINE.search(raw.decode("utf-8", "replace"))):
                broken.add(m.group(1))  # the file did not parse: its `id:` line, read as text
    return src


_ID_LINE = re.compile(r"^id:[ \t]*['\"]?([a-z0-9][a-z0-9-]*)['\"]?[ \t]*(?:#.*)?$", re.M)
_TOP_LEVEL = {Path(rel).stem for rel in model.FILE_KINDS}  # company, sanctions, glossary


def _single_file(root: Path, rel: str, src: Source) -> Path | None:
    """handbook/x.yml, or handbook/x.yaml as the folders accept; not both."""
    found = [p for p in (root / rel, (root / rel).with_suffix(".yaml")) if p.exists() or p.is_symlink()]
    if len(found) > 1:
        src.diagnostics.append(error(Location(found[1].relative_to(root).as_posix(), 1, 1),
                                     f"both {found[0].name} and {found[1].name} exist",
                                     "keep one of them"))
    return found[0] if found else None


def _unexpected_entries(root: Path) -> list[Diagnostic]:
    """Anything in handbook/ that is not part of the handbook: a typo such as glosary.yml
    or role/ would otherwise drop its content without a word."""
    expected_files = {f"{n}{ext}" for n in _TOP_LEVEL for ext in (".yml", ".yaml")}
    expected_dirs = {Path(f).name for f in model.FOLDER_KINDS if f.startswith("handbook/")}
    out = []
    for path in sorted((root / "handbook").iterdir()):
        name = path.name
        if name.startswith(".") or name in expected_files or (name in expected_dirs and path.is_dir()):
            continue
        rel = f"handbook/{name}"
        if path.is_dir():
            if name == "forms":
                hint = "forms live in forms/ beside handbook/, not inside it"
            else:
                close = difflib.get_close_matches(name, sorted(expected_dirs), n=1)
                hint = f"did you mean '{close[0]}/'?" if close else \
                    f"the folders of a handbook are {', '.join(sorted(expected_dirs))}"
            out.append(warning(Location(rel, 1, 1), "folder is not part of the handbook; ignored", hint))
        else:
            close = difflib.get_close_matches(name, sorted(f"{n}.yml" for n in _TOP_LEVEL)
                                              + sorted(f"{d}/" for d in expected_dirs), n=1)
            hint = f"did you mean '{close[0]}'?" if close else \
                "handbook/ holds company.yml, sanctions.yml, glossary.yml and the folders " + \
                ", ".join(sorted(expected_dirs))
            out.append(warning(Location(rel, 1, 1), "file is not part of the handbook; ignored", hint))
    return out


def _read(path: Path, rel: str, src: Source) -> tuple[Document | None, bytes | None]:
    """The parsed file (None when it is broken, with the diagnostic added) and its bytes."""
    try:
        info = path.stat()  # follows a link: the file it points to
        outside = not path.resolve().is_relative_to(src.root.resolve())  # a link, or in a linked folder
    except OSError as exc:
        src.diagnostics.append(error(Location(rel, 1, 1), f"cannot read file: {exc.strerror}"))
        return None, None
    if outside:  # its text would be published with the site, or quoted in messages
        src.diagnostics.append(error(Location(rel, 1, 1), "file lies outside the project (it is reached through a link)",
                                     "copy it into the project instead of linking it"))
        return None, None
    if not stat.S_ISREG(info.st_mode):  # a pipe would block and a device never end
        src.diagnostics.append(error(Location(rel, 1, 1), "not a regular file", "replace it by a YAML file"))
        return None, None
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)  # enough to tell that it is too big, never more
    except OSError as exc:
        src.diagnostics.append(error(Location(rel, 1, 1), f"cannot read file: {exc.strerror}"))
        return None, None
    try:
        doc, notes = read(raw, rel, size=info.st_size)
    except YamlError as exc:
        src.diagnostics.append(exc.diagnostic)
        return None, raw
    src.diagnostics += notes
    if doc.data is None:
        src.diagnostics.append(error(Location(rel, 1, 1), "file is empty",
                                     "write the entity's keys, or delete the file"))
        return None, raw
    return doc, raw


def _validate(cls: type[BaseModel], doc: Document, base: tuple, src: Source) -> BaseModel | None:
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            src.diagnostics.append(_diagnostic(e, cls, doc, base))
        return None


# ------------------------------------------------------------------ messages

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
}


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = printable(str(value))
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _data_path(loc: tuple, data: object) -> tuple:
    """Pydantic's loc with the union/validator tags taken out: a path into the data."""
    path: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and (isinstance(node, dict) and part not in node) and part == loc[-1]:
            path.append(part)  # a missing or unknown key: keep it for the message
            node = None
    return tuple(path)


def _known_keys(cls: type[BaseModel], data: object, path: tuple) -> list[str]:
    """The keys the model accepts at `path` (for 'did you mean'): the annotations are
    walked along with the data, so that a form field's `type` picks its model."""
    ann: object = cls
    node = data
    for part in path:
        current = _resolve(ann, node)
        if isinstance(part, int):
            if not (isinstance(current, tuple) and isinstance(node, list) and 0 <= part < len(node)):
                return []
            ann, node = current[1], node[part]
            continue
        if not (_is_model(current) and part in current.model_fields and isinstance(node, dict)):
            return []
        ann, node = current.model_fields[part].annotation, node.get(part)
    current = _resolve(ann, node)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(x) -> bool:
    return isinstance(x, type) and issubclass(x, BaseModel)


def _resolve(ann, node):
    """An annotation seen from a value: a model class, ("list", item annotation), or None.
    Annotated and Optional are looked through; a union of models is decided by the
    value's `type` key (form fields)."""
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if origin is typing.Annotated:
        return _resolve(args[0], node)
    if origin is list:
        return ("list", args[0] if args else None)
    if origin is typing.Union or origin is types.UnionType:
        candidates = [a for a in args if a is not type(None)]
        resolved = [_resolve(a, node) for a in candidates]
        models = [r for r in resolved if _is_model(r)]
        if len(models) > 1:  # several models: the one whose `type` literal is the value's type
            tag = node.get("type") if isinstance(node, dict) else None
            return next((m for m in models if "type" in m.model_fields
                         and tag in typing.get_args(m.model_fields["type"].annotation)), None)
        kinds = [r for r in resolved if r is not None]
        if isinstance(node, list):
            return next((r for r in kinds if isinstance(r, tuple)), None)
        return next((r for r in kinds if _is_model(r)), kinds[0] if kinds else None)
    return ann if _is_model(ann) else None


def _diagnostic(e: dict, cls: type[BaseModel], doc: Document, base: tuple) -> Diagnostic:
    kind = e["type"]
    path = _data_path(tuple(e["loc"]), doc.data)
    full = base + path
    value = e.get("input")
    if kind == "date_range":
        return error(doc.locate(full), e["msg"], "check the year")
    if kind == "money":
        return error(doc.locate(full), e["msg"], "an amount is in yuan, with at most two decimals (fen)")
    if kind == "finite_number":
        return error(doc.locate(full), f"expected a number, found {_describe(value)}")
    if kind == "missing":
        parent = full[:-1]
        return error(doc.locate(parent), f"missing required key '{full[-1]}'",
                     _missing_hint(full[-1]))
    if kind == "extra_forbidden":
        key = full[-1]
        known = _known_keys(cls, doc.data, path[:-1])
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else (f"allowed keys: {', '.join(known)}" if known else "")
        return error(doc.locate(full, key=True), f"unknown key '{printable(str(key))}'", hint)
    loc = doc.locate(full)
    if kind == "slug":
        return error(loc, e["msg"], _slug_hint(value))
    if value is None and path and isinstance(path[-1], int) and kind in _EXPECTED:
        return error(loc, "empty list item (a '-' with nothing after it)", "write the entry, or delete the line")
    if kind in ("literal_error", "enum"):
        expected = e.get("ctx", {}).get("expected", "")
        return error(loc, f"expected one of {expected}, found {_describe(value)}")
    if kind == "union_tag_invalid":
        expected = e.get("ctx", {}).get("expected_tags", "")
        tag = value.get("type") if isinstance(value, dict) else e.get("ctx", {}).get("tag")
        loc = doc.locate(full + ("type",)) if isinstance(value, dict) and "type" in value else loc
        if tag is None:
            return error(loc, "the field's type is empty", f"one of {expected}")
        if not isinstance(tag, str):
            return error(loc, f"expected a field type, found {_describe(tag)}", f"one of {expected}")
        return error(loc, f"unknown field type {_describe(tag)}", f"one of {expected}")
    if kind == "union_tag_not_found":
        return error(loc, "missing required key 'type'", _missing_hint("type"))
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return error(loc, f"{_describe(value)} is out of range: {e['msg'].lower()}")
    if kind in ("too_short", "string_too_short"):
        what = "text" if kind == "string_too_short" else "list"
        return error(loc, f"empty {what}", "write at least one entry" if what == "list" else "write the text")
    if kind.startswith("date") and isinstance(value, str):
        return error(loc, f"expected a date (YYYY-MM-DD), found {_describe(value)}",
                     "check the month and the day; a date is written like 2024-07-21")
    if kind in _EXPECTED:
        hint = "quote it if it is text: 'value'" if _EXPECTED[kind] == "text" else ""
        return error(loc, f"expected {_EXPECTED[kind]}, found {_describe(value)}", hint)
    return error(loc, printable(e["msg"]))


def _slug_hint(value: object) -> str:
    """'did you mean' for an id typed in full width, in capitals, or with invisible characters."""
    if isinstance(value, str) and len(value) > 64:
        return "shorten it; the title can be as long as needed"
    if value in model.RESERVED_IDS and value not in model.WINDOWS_DEVICES:
        return "choose another id; the title can stay as it is"
    if isinstance(value, str):
        fixed = "".join(c for c in unicodedata.normalize("NFKC", value).lower()
                        if unicodedata.category(c) not in ("Cf", "Cc", "Zl", "Zp"))
        if fixed != value and model.SLUG.match(fixed) and len(fixed) <= 64 and fixed not in model.RESERVED_IDS:
            return f"did you mean '{fixed}'?"
    return "for example: sales-manager, sc-001"


def _missing_hint(key: object) -> str:
    return {"id": "every entity has an id: lowercase letters, digits and '-'",
            "type": "the field's type: " + ", ".join(model.field_type_name(c) for c in model.FIELD_TYPES),
            }.get(str(key), "")
