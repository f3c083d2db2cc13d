"""Fuzzing: whatever HR does to the YAML, `check` answers with located messages, never a traceback.

The structured fuzzer mutates the data of the default handbook (drop a key, change a value's
type, rename an id, insert odd Unicode, duplicate a list entry), writes the file back and runs
the real check in-process. The raw fuzzer throws arbitrary bytes and YAML-ish text at the
reader. Both are derandomised: CI runs the same examples every time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Diagnostic
from generator.source.load import source_files
from generator.handbook import load
from generator.source.yaml_reader import Document, YamlError, read, typed

from .conftest import REPO

FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

ODD_TEXT = [
    "\u200f", "\u202e", "\u200b", "\u200d", "\u2060", "\ufeff",  # RTL mark and override, zero-width, BOM
    "\u2028", "\u0085", "\x00", "\x1b", "\x7f",  # line separators, controls (a dumper escapes them)
    "😀", "👩‍💼", "１２３", "ＡＢＣ", "\u3000", "\u00a0",  # emoji, full-width digits and letters, odd spaces
    "e\u0301", "\U00020000", "ﬁ", "İ", "ß",  # combining accent, CJK extension B, ligature, case traps
    "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "[x](javascript:alert(1))", "**b**",  # markup
    "../../etc/passwd", "con", "C:\\Windows", "%s%n", "\n\n", "'", '"', ": ", "- ", "#", "&a", "*a",
]
ODD_IDS = ["", "../../etc", "con", "ＳＡＬＥＳ", "a b", "A", "-a", "a" * 65, "市场部", "a\u200bb", "lpt1", "x.y"]
NEW_VALUES = [[], {}, [[]], {"x": 1}, 0, -1, 1.5, 10**30, True, None, "", "x" * 100_000, "2024-02-30", "两\n行",
              ["a", {"b": None}], "null", "no", "yes", "1e400"]


# ------------------------------------------------------------------ the default handbook, copied once


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "handbook-project"
    shutil.copytree(REPO / "handbook", root / "handbook")
    shutil.copytree(REPO / "forms", root / "forms")
    hb, diags = load(root)
    assert hb is not None, [d.format() for d in diags if d.is_error]  # the fuzzer starts from a valid handbook
    return root


@pytest.fixture(scope="module")
def sources(project: Path) -> dict[str, object]:
    """Each file's data as a YAML 1.2 tool sees it (plain Python types, safe to dump)."""
    out = {}
    for path in source_files(project):
        doc, _ = read(path.read_bytes(), path.name)
        out[path.relative_to(project).as_posix()] = typed(doc.data)
    return out


def _paths(data, prefix=()):
    """Every node's path in the data, the root included."""
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


def _get(data, path):
    for p in path:
        data = data[p]
    return data


def _set(data, path, value):
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


def _copy(data):
    if isinstance(data, dict):
        return {str(k): _copy(v) for k, v in data.items()}  # keys may be Plain (a str subclass)
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


@st.composite
def mutation(draw, data):
    """One edit of `data` (which it changes in place; returns the new root)."""
    paths = list(_paths(data))
    path = draw(st.sampled_from(paths))
    node = _get(data, path)
    kind = draw(st.sampled_from(["drop", "retype", "rename-id", "odd-unicode", "duplicate"]))
    if kind == "drop" and path:
        parent = _get(data, path[:-1])
        del parent[path[-1]]
        return data
    if kind == "rename-id":
        ids = [p for p in paths if p and p[-1] == "id"]
        if ids:
            target = draw(st.sampled_from(ids))
            other = [_get(data, p) for p in ids if p != target]  # a duplicate id is a good rename too
            return _set(data, target, draw(st.sampled_from(ODD_IDS + other[:5])))
    if kind == "odd-unicode" and isinstance(node, str):
        odd = draw(st.sampled_from(ODD_TEXT))
        at = draw(st.integers(0, len(node)))
        return _set(data, path, node[:at] + odd + node[at:])
    if kind == "duplicate" and isinstance(node, list) and node:
        node.append(_copy(node[draw(st.integers(0, len(node) - 1))]))
        return data
    return _set(data, path, _copy(draw(st.sampled_from(NEW_VALUES))))


def assert_located(diags: list[Diagnostic], root: Path) -> None:
    for d in diags:
        loc = d.location
        assert not Path(loc.path).is_absolute() and (root / loc.path).resolve().is_relative_to(root.resolve()), d
        assert loc.line >= 1 and loc.col >= 1, d
        assert d.message.text("zh-CN").strip() and d.message.text("en").strip(), d
        for language in ("zh-CN", "en"):  # worded in either language, one line
            text = d.format(language)
            assert "\n" not in text and "\r" not in text, f"a diagnostic must be one line: {text!r}"


@pytest.mark.slow
@settings(FUZZ, max_examples=150)
@given(st.data())
def test_check_never_raises_on_mutated_handbook(project, sources, data):
    rel = data.draw(st.sampled_from(sorted(sources)), label="file")
    mutated = _copy(sources[rel])
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        mutated = data.draw(mutation(mutated), label="edit")
    path = project / rel
    original = path.read_bytes()
    try:
        path.write_text(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False), encoding="utf-8")
        hb, diags = load(project)  # must not raise
    finally:
        path.write_bytes(original)
    assert_located(diags, project)
    errors = [d for d in diags if d.is_error]
    assert (hb is None) == bool(errors)


YAML_TOKENS = list("abc-:{}[],&*!|>'\"#%@`?\n\t ") + [
    "  ", "- ", ": ", "\n  ", "\ufeff", "\u3000", "\u00a0", "：", "市", "\x00", "\u2028",
    "!!python/object ", "!x ", "&a ", "*a ", "---\n", "\r\n", "id", "title", "2024-02-30", "<<: "]
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join)


@settings(FUZZ, max_examples=400)
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(lambda s: s.encode("utf-8")),
                 st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
                 YAMLISH.map(lambda s: s.encode("gb18030", "replace"))))
def test_reader_returns_a_document_or_a_located_error(raw):
    try:
        doc, notes = read(raw, "f.yml")
    except YamlError as exc:
        d = exc.diagnostic
        assert d.is_error and d.location.path == "f.yml" and d.location.line >= 1 and d.location.col >= 1
        assert d.message and "\n" not in d.format()
        return
    assert isinstance(doc, Document)
    for n in notes:
        assert n.location.line >= 1 and "\n" not in n.format()
