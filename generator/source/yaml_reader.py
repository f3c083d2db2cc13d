"""Read one YAML file into plain data, remembering where every value came from.

PyYAML's own constructors are not used: they follow YAML 1.1 (`no` and `on`
become booleans, `2024-01` a date), keep the last of duplicate keys, expand
aliases lazily (a "billion laughs" file loads fast and explodes when walked)
and construct Python objects from tags. Here we walk the parser's *event*
stream ourselves (no recursion, so deep nesting cannot crash us). Scalars stay
text (`null`/`~`/empty become None); the typed model converts a scalar to a
number, boolean or date only where the field expects one, so `no`, `on` and
`2024-01` written where text is expected stay text. Merge keys (`<<: *base`) are
refused with their own message: a merged key would have no line of its own to report
a mistake at, and an alias stands for a whole value only.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from ..errors import Diagnostic, Location, error, warning
from ..messages import Message, msg

try:  # libyaml's parser is ~10x faster; the event stream is the same
    from yaml import CBaseLoader as _EventLoader
except ImportError:  # pragma: no cover - libyaml is in the PyPI wheels
    from yaml import BaseLoader as _EventLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000  # after alias expansion

Path_ = tuple  # a path into the data: keys and list indexes


@dataclass
class Document:
    """The data of one file and where each of its values and keys was written.

    `positions` mirrors the data: a scalar's (or an alias's) position is an int, a
    collection's is a list: its own position, then for each item of a list its entry, for
    each item of a mapping its key's position and its value's entry (in the mapping's
    order). An alias has no entries below it: what is inside it is located at the alias.
    A position is `line << _COLUMN_BITS | column`: one int, and no path, for each of the
    million values and keys of a large handbook."""

    path: str
    data: object
    positions: int | list | None = None  # None: an empty file

    def locate(self, path: Path_, *, key: bool = False) -> Location:
        """The location of the value at `path` (of its key, with `key`), or of the nearest
        parent that has one."""
        if self.positions is None:
            return Location(self.path, 1, 1)
        node, entry, key_position = self.data, self.positions, None
        for part in path:
            if not isinstance(entry, list):  # a scalar, or an alias
                break
            if isinstance(node, dict) and part in node:
                i = 1 + 2 * _index(node, part)
                key_position, entry, node = entry[i], entry[i + 1], node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                key_position, entry, node = None, entry[1 + part], node[part]
            else:
                break
        return _location(self.path, key_position if key and key_position is not None else _own(entry))


_COLUMN_BITS = 24  # a 2 MB file has fewer than 2**24 lines and columns


def _location(path: str, position: int) -> Location:
    return Location(path, position >> _COLUMN_BITS, position & ((1 << _COLUMN_BITS) - 1))


def _index(mapping: dict, key: object) -> int:
    return next(i for i, k in enumerate(mapping) if k == key)


def _own(entry: int | list) -> int:
    """The position of a value itself, from its entry."""
    return entry[0] if isinstance(entry, list) else entry


class YamlError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class Plain(str):
    """An unquoted scalar. Kept as its source text: the model converts it to a
    number, boolean or date only where the field expects one, so `no` in a
    title stays 'no' and `1.10` in a version stays '1.10'."""

    __slots__ = ()


def typed(data: object) -> object:
    """The data as a YAML 1.2 (core schema) tool sees it, e.g. an editor
    checking the JSON Schema: plain numbers and true/false typed."""
    if isinstance(data, dict):
        return {k: typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    if isinstance(data, Plain):
        if data in _BOOL:
            return _BOOL[data]
        if _INT.match(data):
            return int(data, 0) if not re.match(r"^[-+]?0[0-9]", data) else int(data, 10)
        if _FLOAT.match(data):
            return float(data)
        return str(data)
    return data


_UTF16_32 = [(b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
             (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")]
_INVISIBLE = {"\ufeff": "char.bom", "\u2028": "char.line_separator", "\u2029": "char.paragraph_separator",
              "\x85": "char.next_line"}  # message keys naming the character
# what YAML refuses (C0/C1 controls but tab and line ends, U+FFFE/FFFF) and the invisible line breaks
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufffe\uffff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Text from the YAML as shown inside a one-line message: line breaks written as \\n,
    other invisible characters (zero-width, BOM, controls) as <U+200B>."""
    return "".join(_ESCAPES.get(c) or (f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
                                       else c) for c in text)


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def decode(raw: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """Bytes to text: UTF-8 only, with a precise message for anything else."""
    notes: list[Diagnostic] = []
    for bom, name in _UTF16_32:
        if raw.startswith(bom):  # Notepad's "Unicode" is UTF-16
            raise YamlError(error(Location(path, 1, 1), msg("file.utf16", encoding=name), msg("hint.save_utf8")))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notes.append(warning(Location(path, 1, 1), msg("file.bom"), msg("hint.save_without_bom")))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        try:
            raw.decode("gb18030")
            message = msg("file.gbk")
        except UnicodeDecodeError:
            message = msg("file.not_utf8", byte=f"0x{raw[exc.start]:02x}")
        raise YamlError(error(Location(path, line, col), message, msg("hint.save_utf8"))) from None
    # Old Mac (CR) and Windows (CRLF) line ends: YAML reads them as line breaks, our own
    # line counting reads '\n'; one kind of line end keeps every location right.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _BAD_CHARS.search(text)
    if bad:
        # A BOM or line separator pasted into a value is invisible; YAML counts U+2028 as a line
        # break (shifting every line number after it) and refuses control characters.
        char = bad.group()
        before = text[: bad.start()]
        loc = Location(path, before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1)
        name = _INVISIBLE.get(char)
        message = (msg("file.invisible_char", code=f"U+{ord(char):04X}", name=msg(name)) if name
                   else msg("file.control_char", code=f"U+{ord(char):04X}"))
        raise YamlError(error(loc, message, msg("hint.delete_pasted")))
    return text, notes


def read(raw: bytes, path: str, size: int | None = None) -> tuple[Document, list[Diagnostic]]:
    """Parse one file (`size`: its size on disk, when only its start was read).
    Raises YamlError with a located diagnostic on failure."""
    size = max(size or 0, len(raw))
    if size > MAX_FILE_BYTES:
        raise YamlError(error(Location(path, 1, 1),
                              msg("file.too_big", size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_BYTES // 1024 // 1024),
                              msg("hint.split_file")))
    text, notes = decode(raw, path)
    builder = _Builder(path)
    try:
        parser = _EventLoader(text)
        try:  # its events one by one: yaml.parse's generator around them adds a fifth
            data, positions = builder.build(parser.get_event)
        finally:
            parser.dispose()
    except yaml.MarkedYAMLError as exc:
        raise YamlError(syntax_diagnostic(exc, path, text)) from None
    except yaml.reader.ReaderError as exc:  # pragma: no cover - decode() refuses these characters first
        before = text[: exc.position]
        loc = Location(path, before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlError(error(loc, msg("file.control_char", code=f"U+{code:04X}"), msg("hint.delete_it"))) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise YamlError(error(Location(path, 1, 1), msg("yaml.syntax", problem=_problem(first)))) from None
    return Document(path, data, positions), notes + builder.notes


def syntax_diagnostic(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    if "end of stream" in problem and exc.context_mark and "quoted scalar" in (exc.context or ""):
        # an unclosed quote: the end of the file is no help, the opening quote is
        line, col = _pos(exc.context_mark)
        return error(Location(path, line, col), msg("yaml.syntax", problem=msg("yaml.unclosed_quote")),
                     msg("hint.close_quote"))
    line, col = _pos(mark) if mark else (1, 1)
    lines = text.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent or ("'\\t'" in problem and "\t" not in source_line.lstrip(" \t")):
        tab_col = source_line.find("\t") + 1 if "\t" in source_line else col
        return error(Location(path, line, tab_col), msg("yaml.tab"), msg("hint.tab"))
    odd = _odd_space_after_colon(lines, line - 1)
    if odd:  # `title:<U+3000>业务员`: YAML sees no ':' followed by a space, and complains a line later
        (line, col), char = odd
        return error(Location(path, line, col),
                     msg("yaml.odd_space_after_colon", name=msg(_ODD_SPACES[char]), code=f"U+{ord(char):04X}"),
                     msg("hint.retype_space"))
    if "maximum nesting depth" in problem:  # libyaml's own limit, hit while scanning ahead
        return error(Location(path, line, col), msg("yaml.too_deep", depth=MAX_DEPTH), msg("hint.too_deep"))
    context = exc.context or ""
    hint: Message | None = None
    what: Message = _problem(problem, context)
    char = source_line[col - 1] if 0 < col <= len(source_line) else ""
    if "mapping values are not allowed" in problem:
        hint = msg("hint.quote_colon")
    elif exc.context_mark and _fullwidth_colon(lines, exc.context_mark.line):
        line, col = _pos(exc.context_mark)  # the line with '：', not the next one where the parser noticed
        hint = msg("hint.fullwidth_colon")
    elif "could not find expected ':'" in problem and exc.context_mark and context.startswith("while scanning a simple"):
        start = exc.context_mark
        rest = lines[start.line][start.column:] if start.line < len(lines) else ""
        if len(rest) > 1024 and ":" in rest[1024:]:  # YAML reads a key of at most 1,024 characters
            return error(Location(path, *_pos(start)), msg("yaml.long_key", limit=1024), msg("hint.long_key"))
        hint = msg("hint.indentation")
    elif "could not find expected ':'" in problem or "expected <block end>" in problem \
            or "did not find expected key" in problem:
        hint = msg("hint.indentation")
    elif "flow sequence" in context or "flow mapping" in context:
        hint = msg("hint.brackets")
    elif "alias" in problem or "alias" in context:
        what, hint = msg("yaml.star"), msg("hint.quote_value")
    elif "cannot start any token" in problem and char:
        what, hint = msg("yaml.cannot_start", char=char), msg("hint.quote_value")
    return error(Location(path, line, col), msg("yaml.syntax", problem=what), hint)


# libyaml's words for what it met, and the catalogue's key for each; anything else is
# shown as libyaml says it, inside the translated frame.
_PROBLEMS = (
    ("mapping values are not allowed", "yaml.problem.mapping_values"),
    ("could not find expected ':'", "yaml.problem.expected_colon"),
    ("did not find expected key", "yaml.problem.expected_key"),
    ("did not find expected ',' or ']'", "yaml.problem.expected_bracket"),
    ("did not find expected ',' or '}'", "yaml.problem.expected_brace"),
    ("expected <block end>", "yaml.problem.block_end"),
    ("did not find expected node content", "yaml.problem.node_content"),
    ("block sequence entries are not allowed", "yaml.problem.sequence_here"),
    ("found unexpected end of stream", "yaml.problem.end_of_stream"),
    ("did not find expected '-' indicator", "yaml.problem.expected_dash"),
    ("found unknown escape character", "yaml.problem.escape"),
    ("found undefined tag handle", "yaml.problem.tag_handle"),
)
_CONTEXTS = (
    ("while parsing a block mapping", "yaml.context.block_mapping"),
    ("while parsing a block collection", "yaml.context.block_collection"),
    ("while scanning a simple key", "yaml.context.simple_key"),
    ("while parsing a flow sequence", "yaml.context.flow_sequence"),
    ("while parsing a flow mapping", "yaml.context.flow_mapping"),
    ("while parsing a flow node", "yaml.context.flow_node"),
    ("while parsing a block node", "yaml.context.block_node"),
    ("while scanning a double-quoted scalar", "yaml.context.double_quoted"),
    ("while scanning a quoted scalar", "yaml.context.quoted"),
    ("while scanning a block scalar", "yaml.context.block_scalar"),
    ("while scanning an anchor", "yaml.context.anchor"),
)


def _problem(problem: str, context: str = "") -> Message:
    what: Message | str = next((msg(key) for words, key in _PROBLEMS if words in problem),
                               problem or msg("yaml.problem.unknown"))
    where = next((msg(key) for words, key in _CONTEXTS if context.startswith(words)), context)
    return msg("yaml.problem.in_context", context=where, problem=what) if where else msg("yaml.problem.alone",
                                                                                            problem=what)


def _odd_space_after_colon(lines: list[str], index: int):
    """((line, col), char) of a ':' followed by an odd space on this line or the one before."""
    for i in (index, index - 1):
        line = lines[i] if 0 <= i < len(lines) else ""
        for n, (a, b) in enumerate(zip(line, line[1:])):
            if a == ":" and b in _ODD_SPACES:
                return (i + 1, n + 2), b
    return None


def _fullwidth_colon(lines: list[str], index: int) -> bool:
    line = lines[index] if 0 <= index < len(lines) else ""
    return "：" in line and ":" not in line


_ODD_SPACES = {"\u00a0": "char.nbsp", "\u3000": "char.fullwidth_space", "\u2003": "char.em_space",
               "\u2002": "char.en_space", "\u200b": "char.zero_width_space"}  # message keys naming the space
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # a plain scalar never ends in a line break


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover
        return "<no key>"


_NO_KEY = _NoKey()
_ROOT = object()  # the key, in a mapping of our own, of the document's value
_Scalar, _Alias = yaml.ScalarEvent, yaml.AliasEvent
_MappingStart, _SequenceStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEnd, _SequenceEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
_DocumentStart, _StreamEnd = yaml.DocumentStartEvent, yaml.StreamEndEvent


class _Builder:
    """Turns parser events into dicts, lists and scalars, iteratively, and their positions
    (Document.positions) as they come. `build` is one loop over the events (half a million
    for a large handbook): the common events are handled inline, the rare ones (aliases,
    keys that are not plain ASCII, every mistake) in methods."""

    def __init__(self, path: str):
        self.path = path
        self.anchors: dict[str, tuple[object, int]] = {}  # value and its expanded node count
        self.notes: list[Diagnostic] = []  # warnings found while building

    def build(self, next_event) -> tuple[object, int | list | None]:
        """The document's data and positions, from `next_event()` until the end of the stream."""
        anchors = self.anchors
        # The open collection: `container`, its `entry` in the positions, and in a mapping the
        # `key` whose value comes next (_NO_KEY: a key comes next). `stack` keeps the outer
        # ones, with each collection's anchor, start mark, node count at its start and whether
        # it is a flow list. The document's value is the value of a mapping of our own.
        container, entry, key = {}, [], _ROOT
        root, top = container, entry
        stack: list[tuple] = []
        nodes = documents = 0
        while True:
            event = next_event()
            cls = event.__class__
            if cls is _Scalar:
                mark = event.start_mark
                tag = event.tag
                if tag and tag not in _STANDARD_TAGS and tag != "!":
                    self._fail(mark, msg("yaml.tag", tag=printable(tag)), msg("hint.no_tags"))
                nodes += 1
                if nodes > MAX_NODES:
                    self._too_many(mark)
                value = event.value
                if not event.style and event.implicit[0]:  # plain (libyaml: "", PyYAML: None)
                    value = None if value in _NULLS else Plain(value)
                elif tag == "tag:yaml.org,2002:null":
                    value = None
                elif _BAD_CHARS.search(value):
                    self._escaped_char(mark, value)
                anchor, size, position = event.anchor, 1, (mark.line + 1) << _COLUMN_BITS | (mark.column + 1)
            elif cls is _MappingEnd or cls is _SequenceEnd:
                value, own = container, entry
                container, entry, key, anchor, mark, start, flow_list = stack.pop()
                if flow_list and len(value) == 1 and value[0].__class__ is Plain and "，" in value[0]:
                    self._fullwidth_comma(value, own)
                size, position = nodes - start + 1, None  # its position is in already
            elif cls is _MappingStart or cls is _SequenceStart:
                mark = event.start_mark
                tag = event.tag
                if tag and tag not in _STANDARD_TAGS:
                    self._fail(mark, msg("yaml.tag", tag=printable(tag)), msg("hint.no_tags"))
                if len(stack) >= MAX_DEPTH:
                    self._fail(mark, msg("yaml.too_deep", depth=MAX_DEPTH), msg("hint.too_deep"))
                nodes += 1
                if nodes > MAX_NODES:
                    self._too_many(mark)
                stack.append((container, entry, key, event.anchor, mark, nodes,
                              cls is _SequenceStart and bool(event.flow_style)))
                own = [(mark.line + 1) << _COLUMN_BITS | (mark.column + 1)]  # its entry, items to come
                if key is not _NO_KEY or container.__class__ is list:  # (a collection as a key is refused)
                    entry.append(own)
                container, entry, key = {} if cls is _MappingStart else [], own, _NO_KEY
                continue
            elif cls is _Alias:
                mark = event.start_mark
                value, size = self._alias(event)
                nodes += size
                if nodes > MAX_NODES:
                    self._too_many(mark)
                anchor, position = None, (mark.line + 1) << _COLUMN_BITS | (mark.column + 1)
            elif cls is _DocumentStart:
                documents += 1
                if documents > 1:
                    self._fail(event.start_mark, msg("yaml.two_documents"), msg("hint.one_entity_per_file"))
                continue
            elif cls is _StreamEnd:
                return root.get(_ROOT), (top[0] if top else None)
            else:  # the stream's start, a document's end
                continue
            # deliver `value` to the open collection, and its position
            if anchor:
                anchors[anchor] = (value, size)
            if container.__class__ is list:
                if position is not None:
                    entry.append(position)
                container.append(value)
            elif key is _NO_KEY:  # the value is a key
                if (value.__class__ is Plain or value.__class__ is str) and value.isascii() and value != "<<" \
                        and value not in container:
                    key = value
                else:
                    key = self._key(value, mark, container, entry)
                entry.append(position)
            else:
                if position is not None:
                    entry.append(position)
                container[key] = value
                key = _NO_KEY

    def _fail(self, mark, message: Message, hint: Message | None = None) -> typing.NoReturn:
        line, col = _pos(mark)
        raise YamlError(error(Location(self.path, line, col), message, hint))

    def _too_many(self, mark) -> typing.NoReturn:
        self._fail(mark, msg("yaml.too_many_values", limit=MAX_NODES), msg("hint.remove_aliases"))

    def _escaped_char(self, mark, value: str) -> typing.NoReturn:
        """"\\x00", "\\a", "\\L" in double quotes: an escape made a character the file may not hold."""
        char = _BAD_CHARS.search(value).group()
        name = _INVISIBLE.get(char) or "char.control"
        self._fail(mark, msg("yaml.escaped_char", code=f"U+{ord(char):04X}", name=msg(name)),
                   msg("hint.remove_escape"))

    def _alias(self, event) -> tuple[object, int]:
        """The value an alias stands for, and how many values it expands to."""
        if event.anchor not in self.anchors:
            self._fail(event.start_mark, msg("yaml.unknown_alias", alias=printable(event.anchor)),
                       msg("hint.star_value"))
        return self.anchors[event.anchor]

    def _fullwidth_comma(self, items: list, entry: list) -> None:
        """`[沟通能力，谈判能力]`: one item where two were meant."""
        self.notes.append(warning(_location(self.path, entry[1]),  # the item's: a scalar, or an alias
                                  msg("yaml.fullwidth_comma", text=printable(items[0][:40])),
                                  msg("hint.fullwidth_comma")))

    def _key(self, value: object, mark, mapping: dict, entry: list) -> str:
        """`value` as a key of `mapping`, or the mistake it is."""
        if not isinstance(value, (str, int, float, bool)) and value is not None:
            self._fail(mark, msg("yaml.key_not_plain"), msg("hint.key_names"))
        if value is None:
            self._fail(mark, msg("yaml.key_empty"), msg("hint.write_key"))
        if isinstance(value, Plain) and value == "<<":  # `<<: *base`: a merge key, refused everywhere
            self._fail(mark, msg("yaml.merge_key"), msg("hint.merge_key"))
        key = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
        if key[:1] in _ODD_SPACES:
            self._fail(mark, msg("yaml.odd_indentation", name=msg(_ODD_SPACES[key[0]]), code=f"U+{ord(key[0]):04X}"),
                       msg("hint.retype_indentation"))
        odd = next((c for c in key if c in _ODD_SPACES), None)
        if odd:  # `title<U+3000>: x` reads as the key 'title　', which looks like 'title'
            self._fail(mark, msg("yaml.odd_space_in_key", key=printable(key.strip("".join(_ODD_SPACES))),
                                 name=msg(_ODD_SPACES[odd]), code=f"U+{ord(odd):04X}"), msg("hint.retype_key"))
        if key in mapping:
            first_line = _location(self.path, entry[1 + 2 * _index(mapping, key)]).line
            self._fail(mark, msg("yaml.duplicate_key", key=printable(key), line=first_line),
                       msg("hint.duplicate_key"))
        return key


def string_values(data: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) of every string value of a file's plain data, in file order (keys are
    printed nowhere, and an unknown one is reported anyway), for the checks that look at
    every text. Iterative: one open iterator per level, strings yielded without a push."""
    if isinstance(data, str):
        yield path, data
        return
    stack = [(path, _items(data))]
    while stack:
        p, items = stack[-1]
        for key, value in items:
            if isinstance(value, str):
                yield p + (key,), value
            elif isinstance(value, (dict, list)):
                stack.append((p + (key,), _items(value)))
                break
        else:
            stack.pop()


def _items(node: object) -> Iterator[tuple[object, object]]:
    if isinstance(node, dict):
        return iter(node.items())
    return enumerate(node) if isinstance(node, list) else iter(())
