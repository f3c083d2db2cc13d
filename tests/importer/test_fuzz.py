"""Whatever text a manual holds, the import either writes a draft that passes the check or
refuses the file with one line; it never fails with a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importer.command import import_files
from generator.importer.messages import Refusal

MARKERS = ["第一章", "第二条", "一、", "（一）", "1、", "1.", "(1)", "①", "•", "- ", "2.1", "第三节", "", "十三条", "# ",
           "流程名称：", "岗位职责：", "任职要求：", "直接上级：", "岗位名称："]
WORDS = ["业务员", "市场部经理", "负责", "客户", "《销售计划表》", "审批", "审核", "每周五下午三点前", "罚款50元", "奖励100元",
         "按旷工处理", "：", "，", "。", "；", "销售部", "部门职责", "考核指标", "流程", "SC-001", "总经理", "定义",
         "SLT(Sales Team)意为销售", "发(fā)展", "職責", "<>", "'", '"', "*", "&", "!", "{", "}", "---", "\t", "\u3000",
         "😀", "𠀀", "a", "1", "2024年1月1日", "指", "由", "经", "共同签准", "转入", "下列", "（", "）", "①"]

line = st.tuples(st.sampled_from(MARKERS), st.lists(st.sampled_from(WORDS), max_size=12)).map(lambda t: t[0] + "".join(t[1]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(line, min_size=1, max_size=25), markdown=st.booleans())
def test_any_text_imports_or_is_refused(lines, markdown):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / ("manual.md" if markdown else "manual.txt")
        src.write_text("\n".join(lines), encoding="utf-8")
        try:
            result = import_files([src], Path(tmp) / "project", force=False, lang="zh-CN")
        except Refusal as exc:
            assert exc.key != "err.draft_invalid", exc.fields
            return
        assert (Path(tmp) / "project" / "import-report.md").is_file()
        assert all((Path(tmp) / "project" / rel).is_file() for rel in result.written)
