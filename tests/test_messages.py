"""Every word said to the user exists in Simplified Chinese and in English.

The code names message keys (generator/messages.py); the words are in
site_config/locales/messages/<language>.yml. Read from the source: every key the
generator uses has a text in both catalogues, with the same placeholders, and no
diagnostic or error is made from a bare string.
"""

from __future__ import annotations

import ast
import re
import string

import pytest

from generator import messages
from generator.errors import Location, error
from generator.messages import msg

from .conftest import REPO

GENERATOR = REPO / "generator"


def _keys_used() -> dict[str, str]:
    """message key -> where it is used, for every msg("...") and every key a table names."""
    used: dict[str, str] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(REPO).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "msg" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    used.setdefault(first.value, where)
                elif isinstance(first, ast.JoinedStr):  # msg(f"kind.{kind}"): a family, checked by prefix
                    prefix = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
                    used.setdefault(prefix + "*", where)
    # keys named in tables (kinds of YAML problem, of expected value, of id problem, argparse's words)
    tables = [GENERATOR / "source" / n for n in ("yaml_reader.py", "load.py", "model.py")] + [GENERATOR / "cli.py"]
    for key in re.findall(r'"((?:yaml|char|expected|id|argparse|kind)\.[a-z_]+(?:\.[a-z_]+)*)"',
                          "\n".join(p.read_text(encoding="utf-8") for p in tables)):
        used.setdefault(key, "a table")
    # the diff and import commands' own say("key") / text("key") / Refusal("key"): their catalogue prefix
    for package, prefix in (("diff", "diff."), ("importer", "import.")):
        source = "\n".join(p.read_text(encoding="utf-8") for p in (GENERATOR / package).glob("*.py"))
        for key in re.findall(r'(?:say|text|Refusal|Messages\(\w*\))\(\s*"([a-z_]+(?:\.[a-z_]+)*)"', source):
            used.setdefault(prefix + key, f"generator/{package}")
    return used


@pytest.mark.parametrize("language", messages.LANGUAGES)
def test_every_key_the_code_uses_has_a_text(language):
    words = messages.catalog(language)
    missing = []
    for key, where in _keys_used().items():
        if key.endswith("*"):
            assert any(k.startswith(key[:-1]) for k in words), f"{key} ({where})"
        elif key not in words:
            missing.append(f"{key} ({where})")
    assert missing == []


def test_both_catalogues_have_the_same_keys_and_placeholders():
    zh, en = messages.catalog("zh-CN"), messages.catalog("en")
    assert set(zh) == set(en)
    for key in zh:
        if key.startswith("argparse."):
            assert re.findall(r"%\(\w+\)[rs]|%s", zh[key]) == re.findall(r"%\(\w+\)[rs]|%s", en[key]), key
            continue
        fields = [sorted(f for _, f, _, _ in string.Formatter().parse(t) if f) for t in (zh[key], en[key])]
        assert fields[0] == fields[1], key
        # Chinese in an English text only as a term the Chinese text uses too (工作职责, 半角)
        chinese = re.findall(r"[\u4e00-\u9fff]+", en[key])
        assert all(word in zh[key] for word in chinese), f"Chinese in the English text of {key}: {chinese}"


def test_no_diagnostic_or_error_is_made_from_a_bare_string():
    """A string where a message belongs would print the same in both languages."""
    found = []
    for path in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("error", "warning") and len(node.args) >= 2:
                bare = node.args[1:3]
            elif name.endswith(("Error", "Tool", "Form")) and name not in ("ValueError", "KeyError", "TypeError",
                                                                             "AttributeError", "MalformedFormError",
                                                                             "FormFontError", "YamlError",
                                                                             "HandbookError", "HandbookPluginError",
                                                                             "PluginError", "DiffError",
                                                                             # worded by source/load.py from its ctx
                                                                             "PydanticCustomError"):
                bare = node.args[:1]
            else:
                continue
            for arg in bare:
                if isinstance(arg, (ast.Constant, ast.JoinedStr)) and not (isinstance(arg, ast.Constant)
                                                                          and arg.value is None):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}(...)")
    assert found == []


def test_a_diagnostic_prints_in_either_language():
    d = error(Location("handbook/roles/salesman.yml", 7, 1), msg("shape.unknown_key", key="purpse"),
              msg("hint.did_you_mean", value="purpose"))
    assert d.format("zh-CN") == "handbook/roles/salesman.yml:7:1: 错误：未知的键 'purpse'（提示：是否应为 'purpose'？）"
    assert d.format("en") == "handbook/roles/salesman.yml:7:1: error: unknown key 'purpse' (hint: did you mean 'purpose'?)"


def test_values_that_are_messages_or_lists_are_worded_too():
    m = msg("hint.known_ids", kind=msg("kind.role"), ids=["a", "b"])
    assert m.text("zh-CN") == "没有这个 id 的岗位；已有：a、b"
    assert m.text("en") == "no role has this id; known: a, b"


def test_the_language_follows_the_option_the_environment_then_the_handbook(tmp_path, monkeypatch):
    monkeypatch.delenv(messages.ENVIRONMENT, raising=False)
    (tmp_path / "handbook").mkdir()
    (tmp_path / "handbook" / "company.yml").write_text("name: X\nlocale: en   # English\n", encoding="utf-8")
    assert messages.language_for(tmp_path) == "en"
    assert messages.language_for(tmp_path, "zh") == "zh-CN"
    monkeypatch.setenv(messages.ENVIRONMENT, "zh_CN")
    assert messages.language_for(tmp_path) == "zh-CN"
    assert messages.language_for(tmp_path / "nowhere") == "zh-CN"  # Chinese first
