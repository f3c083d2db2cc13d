"""Text from the YAML stays text in every format: no escape sequence reaches the terminal,
nothing becomes Markdown, a direction mark cannot turn a line round (the check refuses the overrides; a right-to-left
mark in running text is only a warning, so it can reach a diff)."""

from __future__ import annotations

import json
import shutil

from generator.diff import changes as C
from generator.diff import formats
from generator.present.labels import load_labels
from generator.handbook import load_handbook

from ..conftest import MINI, Project

NASTY = "协助\u200f收款员 **回收** <script>x</script> [a](javascript:1)"


def test_values_from_the_yaml(tmp_path):
    shutil.copytree(MINI, tmp_path / "old")
    shutil.copytree(MINI, tmp_path / "new")
    Project(tmp_path / "new").replace("handbook/roles/salesman.yml", "协助收款员回收应收款项", NASTY)
    p = Project(tmp_path)
    text = p.handbook("diff", str(tmp_path / "old"), str(tmp_path / "new"))
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[-1] == ("  业务员 · 工作职责 第3条：「协助收款员回收应收款项」→"
                                            "「协助<U+200F>收款员 **回收** <script>x</script> [a](javascript:1)」")
    md = p.handbook("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "markdown").stdout
    assert md.splitlines()[-1] == ("- 业务员 · 工作职责 第3条：「协助收款员回收应收款项」→「协助&lt;U\\+200F&gt;收款员 "
                                   "\\*\\*回收\\*\\* &lt;script&gt;x&lt;/script&gt; \\[a\\]\\(javascript:1\\)」")
    data = json.loads(p.handbook("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json").stdout)
    assert data["changes"][0]["new"] == NASTY  # data stays data


def test_escape_sequences_never_reach_the_terminal(tmp_path):
    """The loader refuses control characters; should one come through a folder name, a
    revision typed by the user or a future key, the terminal still sees it escaped."""
    old = load_handbook(MINI)
    diff = C.Diff(C.Side("\x1b[2J", old), C.Side("new\x07", old), [
        C.Change(C.CHANGED, C.Entity("role", "salesman", "业务员\x1b]0;title\x07"), ("purpose",), ("purpose",),
                 ("岗位目的",), "a\x1b[31mred", "b\nc", "a", "b", quoted=True)])
    out = formats.text(diff, load_labels("zh-CN"))
    assert "\x1b" not in out and "\x07" not in out
    assert out == ("<U+001B>[2J → new<U+0007>：1 处变更\n岗位\n"
                   "  业务员<U+001B>]0;title<U+0007> · 岗位目的：「a<U+001B>[31mred」→「b\\nc」\n")
    md = formats.markdown(diff, load_labels("zh-CN"))
    assert "\x1b" not in md and "\x07" not in md


def test_a_typed_revision_is_shown_escaped(history):
    result = history.handbook("diff", "v1\x1b[31m")
    assert result.returncode == 1
    assert result.stderr == "错误：未知的版本 'v1<U+001B>[31m'（git 中没有这个提交、标签或分支）\n"
