"""The YAML reader: text stays text, and every way a file can be broken is located."""

from __future__ import annotations

import pytest

from generator.source.yaml_reader import MAX_DEPTH, Plain, YamlError, read, typed


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
