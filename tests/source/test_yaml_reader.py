"""The YAML reader: text stays text, and every way a file can be broken is located."""

from __future__ import annotations

import pytest
import yaml

from generator.source.load import source_files
from generator.source.yaml_reader import MAX_DEPTH, Plain, YamlError, read, string_values, typed

from ..conftest import REPO


def data(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    doc, notes = read(raw, "f.yml")
    return doc.data


def fails(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(YamlError) as info:
        read(raw, "f.yml")
    return info.value.diagnostic.format("en")


def test_yaml_11_surprises_stay_text():
    d = data("a: no\nb: on\nc: 2024-01\nd: 1.10\ne: 007\nf: yes\n")
    assert d == {"a": "no", "b": "on", "c": "2024-01", "d": "1.10", "e": "007", "f": "yes"}
    assert all(isinstance(v, str) for v in d.values())


def test_null_and_plain_marker():
    d = data("a: ~\nb:\nc: null\nd: 'null'\ne: x\n")
    assert d == {"a": None, "b": None, "c": None, "d": "null", "e": "x"}
    assert isinstance(d["e"], Plain) and not isinstance(d["d"], Plain)


def test_typed_view_follows_yaml_12_core():
    assert typed(data("a: 12\nb: 1.5\nc: true\nd: no\ne: '12'\n")) == \
        {"a": 12, "b": 1.5, "c": True, "d": "no", "e": "12"}


def test_locations_of_values_and_keys():
    doc, _ = read("a:\n  - x\n  - {b: 1}\n".encode(), "f.yml")
    assert str(doc.locate(("a", 1, "b"))) == "f.yml:3:9"
    assert str(doc.locate(("a", 1, "b"), key=True)) == "f.yml:3:6"
    assert str(doc.locate(("a", 0))) == "f.yml:2:5"
    assert str(doc.locate(("a", 5, "zz"))) == "f.yml:2:3"  # nearest known parent


def test_duplicate_key_names_both_lines():
    assert fails("title: a\nbody: b\ntitle: c\n") == \
        "f.yml:3:1: error: duplicate key 'title' (first defined on line 1) " \
        "(hint: YAML keeps only one of them; remove or merge the other)"


def test_tab_indentation():
    assert fails("a:\n  b: 1\n\tc: 2\n") == \
        "f.yml:3:1: error: tab character in indentation (hint: YAML indents with spaces only; replace the tab with spaces)"


def test_python_tag_is_refused():
    assert fails("a: !!python/object/apply:os.system ['echo hi']\n").startswith(
        "f.yml:1:4: error: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")


def test_billion_laughs_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    message = fails("\n".join(lines) + "\n")
    assert "expands to more than 200000 values" in message


@pytest.mark.parametrize("depth, col", [(100, MAX_DEPTH + 1), (100_000, 1001)])
def test_deep_nesting_is_refused_without_recursion(depth, col):
    # our limit for files that parse; libyaml's own (scanning ahead) for absurd ones
    assert fails("[" * depth) == (f"f.yml:1:{col}: error: nesting deeper than {MAX_DEPTH} levels "
                                  "(hint: a handbook file needs only a few levels; check the brackets and indentation)")


def test_gbk_file_is_named():
    assert fails("title: 市场部\n".encode("gbk")) == \
        "f.yml:1:8: error: file is not UTF-8; it looks like GBK/GB18030 (Chinese Windows encoding) " \
        "(hint: save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8))"


def test_leading_bom_is_a_warning_inner_bom_an_error():
    doc, notes = read("\ufefftitle: a\n".encode(), "f.yml")
    assert doc.data == {"title": "a"} and notes[0].format("en").startswith("f.yml:1:1: warning: file starts with")
    assert fails("id: a\ufeffb\n").startswith("f.yml:1:6: error: invisible character U+FEFF")


def test_huge_file_is_refused_before_parsing():
    assert fails(b"a: " + b"x" * (3 * 1024 * 1024)).startswith("f.yml:1:1: error: file is 3.0 MB; the limit is 2 MB")


def test_syntax_error_is_located():
    assert fails("title: a: b\n") == ("f.yml:1:9: error: YAML syntax error: mapping values are not allowed in this context "
                                     "(hint: a value containing ': ' must be quoted)")


def test_two_documents():
    assert fails("a: 1\n---\nb: 2\n").startswith("f.yml:2:1: error: more than one YAML document")


def test_unknown_alias():
    assert "unknown alias '*x'" in fails("a: *x\n") or "found undefined alias" in fails("a: *x\n")


def test_windows_and_old_mac_line_ends_keep_locations():
    for end in ("\r\n", "\r"):
        doc, _ = read(end.join(["a: 1", "b:", "  - x", "  - y", ""]).encode(), "f.yml")
        assert doc.data == {"a": "1", "b": ["x", "y"]}
        assert str(doc.locate(("b", 1))) == "f.yml:4:5"
        assert fails(end.join(["a: 1", "b: \"x\x07\"", ""])) == \
            "f.yml:2:6: error: control character U+0007 is not allowed " \
            "(hint: delete it; it often comes from pasting text from Word or a web page)"


def test_escapes_cannot_make_what_the_file_may_not_hold():
    """"\\x00", "\\e", "\\L" in double quotes become characters only after parsing."""
    for escape, name in (("\\x00", "U+0000 (control character)"), ("\\e", "U+001B (control character)"),
                         ("\\L", "U+2028 (line separator)"), ("\\ufeff", "U+FEFF (byte-order mark)")):
        assert fails(f'a: "x{escape}y"\n').startswith(f"f.yml:1:4: error: quoted text contains {name}")
    assert data('a: "tab\\there"\nb: "line\\nbreak"\n') == {"a": "tab\there", "b": "line\nbreak"}


# ------------------------------------------------------------------ the same as libyaml's own composer


def _composed(text: str) -> tuple[object, dict, dict]:
    """Data, value locations and key locations of a file without aliases or tags, from the
    nodes libyaml composes: what `read` must give (recursive: these files are shallow)."""
    locations: dict = {}
    keys: dict = {}

    def build(node, path):
        locations[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                keys[path + (k.value,)] = (k.start_mark.line + 1, k.start_mark.column + 1)
            return {k.value: build(v, path + (k.value,)) for k, v in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [build(v, path + (i,)) for i, v in enumerate(node.value)]
        if node.style:
            return node.value
        return None if node.value in ("", "~", "null", "Null", "NULL") else Plain(node.value)

    return build(yaml.compose(text, Loader=yaml.CBaseLoader), ()), locations, keys


def _kinds(data):
    """The data with each scalar's type beside it: Plain (unquoted) and str (quoted) differ."""
    if isinstance(data, dict):
        return {k: _kinds(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_kinds(v) for v in data]
    return (type(data).__name__, data)


def test_every_file_of_the_default_handbook_reads_as_libyaml_composes_it():
    files = source_files(REPO)
    assert len(files) > 50
    for path in files:
        raw = path.read_bytes()
        doc, notes = read(raw, path.name)
        data, locations, keys = _composed(raw.decode("utf-8"))
        assert _kinds(doc.data) == _kinds(data) and notes == [], path
        assert _located(doc, locations) == locations and _located(doc, keys, key=True) == keys, path


def _located(doc, paths, key: bool = False) -> dict:
    return {p: (loc.line, loc.col) for p in paths for loc in [doc.locate(p, key=key)]}


def test_aliases_flow_collections_quoting_and_nulls_are_read_and_located():
    doc, notes = read(b"""\
base: &b [x, 'y', "z", ~, null, '', !!null q, !!str null]
copy: *b
flow: {a: 1, 'b': "2", c: [ ]}
plain: no
quoted: 'no'
block: |
  two
  lines
empty:
""", "f.yml")
    assert _kinds(doc.data["base"]) == [("Plain", "x"), ("str", "y"), ("str", "z"), ("NoneType", None),
                                        ("NoneType", None), ("str", ""), ("NoneType", None), ("str", "null")]
    assert doc.data["copy"] is doc.data["base"]  # an alias stands for its anchor's value
    assert _kinds({k: v for k, v in doc.data.items() if k not in ("base", "copy")}) == {
        "flow": {"a": ("Plain", "1"), "b": ("str", "2"), "c": []}, "plain": ("Plain", "no"),
        "quoted": ("str", "no"), "block": ("str", "two\nlines\n"), "empty": ("NoneType", None)}
    values = {
        (): (1, 1), ("base",): (1, 7), ("base", 0): (1, 11), ("base", 1): (1, 14), ("base", 2): (1, 19),
        ("base", 3): (1, 24), ("base", 4): (1, 27), ("base", 5): (1, 33), ("base", 6): (1, 37),
        ("base", 7): (1, 47), ("copy",): (2, 7), ("flow",): (3, 7), ("flow", "a"): (3, 11),
        ("flow", "b"): (3, 19), ("flow", "c"): (3, 27), ("plain",): (4, 8), ("quoted",): (5, 9),
        ("block",): (6, 8), ("empty",): (9, 7)}
    keys = {
        ("base",): (1, 1), ("copy",): (2, 1), ("flow",): (3, 1), ("flow", "a"): (3, 8), ("flow", "b"): (3, 14),
        ("flow", "c"): (3, 24), ("plain",): (4, 1), ("quoted",): (5, 1), ("block",): (6, 1), ("empty",): (9, 1)}
    assert _located(doc, values) == values and _located(doc, keys, key=True) == keys
    assert _located(doc, [("base", 9), ("flow", "zz", 1), ("base", "x")]) == {
        ("base", 9): (1, 7), ("flow", "zz", 1): (3, 7), ("base", "x"): (1, 7)}  # the nearest parent
    assert _located(doc, [("flow", "zz"), ("base", 2), ()], key=True) == {
        ("flow", "zz"): (3, 1), ("base", 2): (1, 19), (): (1, 1)}  # no key: the parent's key, or the value
    assert str(doc.locate(("copy", 3))) == "f.yml:2:7"  # inside an alias: the alias itself
    assert notes == []


def test_an_alias_counts_every_value_it_stands_for():
    # the list: 1,001 values; each `kN: *a` adds them again and its key: 1,002
    lines = ["a: &a [" + ", ".join(["x"] * 1000) + "]"] + [f"k{i}: *a" for i in range(199)]
    assert read(("\n".join(lines[:-1]) + "\n").encode(), "f.yml")[0].data["k197"][999] == "x"  # 199,399 values
    assert fails("\n".join(lines) + "\n").startswith("f.yml:200:7: error: file expands to more than 200000 values")


def test_complex_keys_and_tags_on_collections_are_refused_where_they_stand():
    assert fails("a: 1\n? [b]\n: 2\n").startswith("f.yml:2:3: error: a mapping key must be a plain value")
    assert fails("a: &x [1]\n*x : 2\n").startswith("f.yml:2:1: error: a mapping key must be a plain value")
    assert fails("a: ! [b]\n").startswith("f.yml:1:4: error: YAML tag '!' is not allowed")
    assert data("a: ! b\n") == {"a": "b"}  # the non-specific tag on a scalar: text


def test_string_values_in_file_order():
    doc, _ = read("a: x\nb: [y, {c: z, d: 1, e: ~}, [w]]\nf: v\n".encode(), "f.yml")
    assert list(string_values(doc.data)) == [(("a",), "x"), (("b", 0), "y"), (("b", 1, "c"), "z"),
                                             (("b", 1, "d"), "1"), (("b", 2, 0), "w"), (("f",), "v")]
