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
from ..messages import Message, msg
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
            files += sorted(p for p in d.iterdir() if p.suffix.lower() in (".yml", ".yaml") and p.is_file())
    return files


def load(root: Path) -> Source:
    root = Path(root)
    src = Source(root)
    if not (root / "handbook").is_dir():
        src.diagnostics.append(error(Location("handbook", 1, 1), msg("load.no_handbook"), msg("hint.run_in_project")))
        return src
    src.diagnostics += _unexpected_entries(root)
    real = _RealPaths(root)

    for rel, cls in model.FILE_KINDS.items():
        path = _single_file(root, rel, src)
        if path is None:
            if cls is model.Company:
                src.diagnostics.append(error(Location(rel, 1, 1), msg("load.missing_file"), msg("hint.company_file")))
            continue
        doc, _ = _read(path, path.relative_to(root).as_posix(), src, real)
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
                src.diagnostics.append(warning(Location(rel, 1, 1), msg("load.subfolder"),
                                               msg("hint.no_subfolder", folder=folder)))
                continue
            if path.suffix.lower() not in (".yml", ".yaml"):
                src.diagnostics.append(warning(Location(rel, 1, 1), msg("load.not_yml"),
                                               msg("hint.not_yml", name=path.with_suffix(".yml").name)))
                continue
            if path.suffix not in (".yml", ".yaml"):  # salesman.YML: read, and named so that it gets fixed
                src.diagnostics.append(warning(Location(rel, 1, 1), msg("load.upper_suffix", suffix=path.suffix),
                                               msg("hint.rename", name=path.stem + path.suffix.lower())))
            doc, raw = _read(path, rel, src, real)
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
                                     msg("load.both_files", first=found[0].name, second=found[1].name),
                                     msg("hint.keep_one")))
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
                hint = msg("hint.forms_beside")
            else:
                close = difflib.get_close_matches(name, sorted(expected_dirs), n=1)
                hint = msg("hint.did_you_mean", value=f"{close[0]}/") if close else \
                    msg("hint.handbook_folders", folders=sorted(expected_dirs))
            out.append(warning(Location(rel, 1, 1), msg("load.foreign_folder"), hint))
        else:
            close = difflib.get_close_matches(name, sorted(f"{n}.yml" for n in _TOP_LEVEL)
                                              + sorted(f"{d}/" for d in expected_dirs), n=1)
            hint = msg("hint.did_you_mean", value=close[0]) if close else \
                msg("hint.handbook_files", folders=sorted(expected_dirs))
            out.append(warning(Location(rel, 1, 1), msg("load.foreign_file"), hint))
    return out


class _RealPaths:
    """Which files are inside the project once links are followed, with one `resolve` per
    folder rather than per file (a tenth of a second for 3,000 files)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.folders: dict[Path, Path] = {}

    def inside(self, path: Path) -> bool:
        if path.is_symlink():
            return path.resolve().is_relative_to(self.root)
        if path.parent not in self.folders:  # a file that is no link: its folder's real path, and its name
            self.folders[path.parent] = path.parent.resolve()
        return (self.folders[path.parent] / path.name).is_relative_to(self.root)


def _read(path: Path, rel: str, src: Source, real: _RealPaths) -> tuple[Document | None, bytes | None]:
    """The parsed file (None when it is broken, with the diagnostic added) and its bytes."""
    try:
        info = path.stat()  # follows a link: the file it points to
        outside = not real.inside(path)  # a link, or in a linked folder
    except OSError as exc:
        src.diagnostics.append(error(Location(rel, 1, 1), msg("load.cannot_read", detail=exc.strerror or exc)))
        return None, None
    if outside:  # its text would be published with the site, or quoted in messages
        src.diagnostics.append(error(Location(rel, 1, 1), msg("load.outside"), msg("hint.copy_not_link")))
        return None, None
    if not stat.S_ISREG(info.st_mode):  # a pipe would block and a device never end
        src.diagnostics.append(error(Location(rel, 1, 1), msg("load.not_regular"), msg("hint.replace_by_yaml")))
        return None, None
    try:
        with open(path, "rb") as f:
            raw = _read_at_most(f, MAX_FILE_BYTES + 1, info.st_size)  # enough to tell that it is too big
    except OSError as exc:
        src.diagnostics.append(error(Location(rel, 1, 1), msg("load.cannot_read", detail=exc.strerror or exc)))
        return None, None
    try:
        doc, notes = _parse(raw, rel, info.st_size)
    except YamlError as exc:
        src.diagnostics.append(exc.diagnostic)
        return None, raw
    src.diagnostics += notes
    if doc.data is None:
        src.diagnostics.append(error(Location(rel, 1, 1), msg("load.empty"), msg("hint.empty")))
        return None, raw
    return doc, raw


def _read_at_most(f, limit: int, size: int) -> bytes:
    """`f.read(limit)` without a buffer of `limit` bytes for each small file (a third of the
    reading time): a byte more than its size, and the rest only if it grew meanwhile."""
    raw = f.read(min(size + 1, limit))
    return raw + f.read(limit - len(raw)) if size < len(raw) < limit else raw


# read()'s result for each file as last read, with its bytes: `serve` loads the handbook on
# every save and parses again only the files that changed (read is a function of the bytes;
# nothing changes a Document once read)
_PARSED: dict[str, tuple[bytes, int, tuple[Document, list[Diagnostic]]]] = {}


def _parse(raw: bytes, rel: str, size: int) -> tuple[Document, list[Diagnostic]]:
    kept = _PARSED.get(rel)
    if kept is None or kept[0] != raw or kept[1] != size:
        kept = _PARSED[rel] = (raw, size, read(raw, rel, size=size))
    return kept[2]


def _validate(cls: type[BaseModel], doc: Document, base: tuple, src: Source) -> BaseModel | None:
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        for e in exc.errors(include_url=False):
            src.diagnostics.append(_diagnostic(e, cls, doc, base))
        return None


# ------------------------------------------------------------------ messages

# pydantic's error type -> what was expected, as a message key
_EXPECTED = {
    "string_type": "expected.text",
    "int_type": "expected.whole_number",
    "int_parsing": "expected.whole_number",
    "int_from_float": "expected.whole_number",
    "float_type": "expected.number",
    "float_parsing": "expected.number",
    "bool_type": "expected.bool",
    "bool_parsing": "expected.bool",
    "list_type": "expected.list",
    "dict_type": "expected.mapping",
    "model_type": "expected.mapping",
    "model_attributes_type": "expected.mapping",
    "date_type": "expected.date",
    "date_parsing": "expected.date",
    "date_from_datetime_parsing": "expected.date",
    "date_from_datetime_inexact": "expected.date",
}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+")


def _describe(value: object) -> Message | str:
    """A found value as a message shows it: a mapping, a list, nothing, or 'the text'."""
    if isinstance(value, dict):
        return msg("found.mapping")
    if isinstance(value, list):
        return msg("found.list")
    if value is None:
        return msg("found.nothing")
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
    ctx = e.get("ctx", {})
    path = _data_path(tuple(e["loc"]), doc.data)
    full = base + path
    value = e.get("input")
    if kind == "date_range":
        return error(doc.locate(full), msg("shape.date_range", **ctx), msg("hint.check_year"))
    if kind == "rows":
        return error(doc.locate(full), msg("shape.rows", **ctx), msg("hint.rows"))
    if kind == "money":
        return error(doc.locate(full), msg("shape.money", **ctx), msg("hint.money"))
    if kind == "finite_number":
        return error(doc.locate(full), msg("shape.expected", expected=msg("expected.number"), found=_describe(value)))
    if kind == "missing":
        parent = full[:-1]
        return error(doc.locate(parent), msg("shape.missing_key", key=full[-1]), _missing_hint(full[-1]))
    if kind == "extra_forbidden":
        key = full[-1]
        known = _known_keys(cls, doc.data, path[:-1])
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = msg("hint.did_you_mean", value=close[0]) if close else (
            msg("hint.allowed_keys", keys=known) if known else None)
        return error(doc.locate(full, key=True), msg("shape.unknown_key", key=printable(str(key))), hint)
    loc = doc.locate(full)
    if kind == "slug":
        reason = {k: v for k, v in ctx.items() if k not in ("value", "reason", "meant")}
        return error(loc, msg("id.invalid", value=ctx["value"], reason=msg(ctx["reason"], **reason)),
                     _slug_hint(value, ctx))
    if value is None and path and isinstance(path[-1], int) and kind in _EXPECTED:
        return error(loc, msg("shape.empty_item"), msg("hint.empty_item"))
    if kind in ("literal_error", "enum"):
        return error(loc, msg("shape.one_of", expected=_choices(ctx.get("expected", "")), found=_describe(value)))
    if kind == "union_tag_invalid":
        expected = _quoted(ctx.get("expected_tags", ""))
        tag = value.get("type") if isinstance(value, dict) else ctx.get("tag")
        loc = doc.locate(full + ("type",)) if isinstance(value, dict) and "type" in value else loc
        if tag is None:
            return error(loc, msg("shape.type_empty"), msg("hint.one_of", expected=expected))
        if not isinstance(tag, str):
            return error(loc, msg("shape.type_not_text", found=_describe(tag)), msg("hint.one_of", expected=expected))
        return error(loc, msg("shape.type_unknown", found=_describe(tag)), msg("hint.one_of", expected=expected))
    if kind == "union_tag_not_found":
        return error(loc, msg("shape.missing_key", key="type"), _missing_hint("type"))
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(v for k, v in ctx.items() if k in ("gt", "ge", "lt", "le")), "")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)  # as the YAML would write it: 0, not 0.0
        return error(loc, msg(f"shape.{kind}", found=_describe(value), limit=limit))
    if kind == "string_too_long":  # a paragraph where a name belongs
        return error(loc, msg("shape.name_too_long", count=len(value) if isinstance(value, str) else "?",
                              limit=ctx.get("max_length", model.MAX_NAME)), msg("hint.name_too_long"))
    if kind in ("too_short", "string_too_short"):
        if kind == "string_too_short":
            return error(loc, msg("shape.empty_text"), msg("hint.write_text"))
        if isinstance(value, list) and value and path and path[-1] == "options":  # a radio of one option
            return error(loc, msg("shape.too_few_options", count=len(value), min=ctx.get("min_length", 2)),
                         msg("hint.radio_options"))
        return error(loc, msg("shape.empty_list"), msg("hint.write_entry"))
    if kind == "date_format" or (kind.startswith("date") and isinstance(value, str)):
        return error(loc, msg("shape.expected", expected=msg("expected.date"), found=_describe(value)),
                     msg("hint.date"))
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
        if isinstance(value, str) and expected in ("expected.whole_number", "expected.number"):
            plain = value.translate(_FULLWIDTH_DIGITS)
            if plain != value and re.fullmatch(r"[-+]?\d+(\.\d+)?", plain):  # ３０ typed with the input method
                return error(loc, msg("shape.fullwidth_number", expected=msg(expected), found=_describe(value)),
                             msg("hint.write_value", value=plain))
        hint = msg("hint.quote_text") if expected == "expected.text" else None
        return error(loc, msg("shape.expected", expected=msg(expected), found=_describe(value)), hint)
    return error(loc, msg("shape.invalid", detail=printable(e["msg"])))


def _quoted(text: str) -> list[str] | str:
    """pydantic's "'a', 'b' or 'c'" as the list ["'a'", "'b'", "'c'"] (text when it is not one)."""
    items = re.findall(r"'(?:[^'\\]|\\.)*'", str(text))
    return items or str(text)


def _choices(text: str) -> Message | str:
    """"'a', 'b' or 'c'" in the language of the message (a、b 或 c)."""
    items = _quoted(text)
    if isinstance(items, str) or len(items) < 2:
        return items if isinstance(items, str) else items[0]
    return msg("choices", head=items[:-1], last=items[-1])


def _slug_hint(value: object, ctx: dict) -> Message:
    """'did you mean' for an id typed in full width, in capitals, with invisible characters
    or look-alike letters of another script."""
    if ctx.get("reason") == "id.too_long":
        return msg("hint.shorten_id")
    if ctx.get("reason") == "id.reserved":
        return msg("hint.choose_other_id")
    if isinstance(value, str):
        fixed = ctx.get("meant") or "".join(
            c for c in unicodedata.normalize("NFKC", value).lower() if unicodedata.category(c) not in ("Cf", "Cc", "Zl", "Zp"))
        if fixed != value and model.SLUG.match(fixed) and len(fixed) <= 64 and fixed not in model.RESERVED_IDS:
            return msg("hint.did_you_mean", value=fixed)
    return msg("hint.id_example")


def _missing_hint(key: object) -> Message | None:
    if key == "id":
        return msg("hint.missing_id")
    if key == "type":
        return msg("hint.field_type", types=[model.field_type_name(c) for c in model.FIELD_TYPES])
    return None
