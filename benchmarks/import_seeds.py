"""What `handbook import` recovers from each seed manual, beside simple counts of the seed.

    .venv/bin/python benchmarks/import_seeds.py [FILE…]

For each file (default: tests/importer/seeds/*.txt) it imports into a temporary
project and prints what was written (articles, roles and duties, procedures and
steps, forms, rewards/penalties, KPIs, terms, paragraphs left out, seconds), and
beside it what a plain count of the seed's text finds: 第X条 markers, distinct
《…》 names, 罚款 N 元 / 奖励 N 元 / 按旷工处理 phrases, procedure codes (SC-001).
The plain counts are an upper bound written without the importer's rules: a
《…》 may name a policy, a 第X条 may be a repeat.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.importer.command import import_files  # noqa: E402
from generator.importer.normalize import decode, to_simplified  # noqa: E402


def seed_counts(path: Path) -> dict[str, int]:
    text, _ = decode(path.read_bytes(), path.name)
    text = to_simplified(re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text))[0]
    return {
        "第X条": len(re.findall(r"第[一二三四五六七八九十百]+条", text)),
        "《…》": len(set(re.findall(r"[《〈<]([^《》〈〉<>\n]{2,30})[》〉>]", text))),
        "奖惩": len(re.findall(r"罚款\s*\d+\s*元|奖励\s*\d+\s*元|按旷工处理", text)),
        "流程代号": len(set(re.sub(r"\s*[—–-]\s*", "-", c) for c in re.findall(r"[A-Z]{1,4}\s*[—–-]\s*\d{3}", text))),
    }


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted((REPO / "tests/importer/seeds").glob("*.txt"))
    head = (f"{'seed':<8}{'articles':>9}{'roles':>6}{'duties':>7}{'procs':>6}{'steps':>6}{'forms':>6}"
            f"{'奖惩':>5}{'KPIs':>5}{'terms':>6}{'left':>5}{'s':>6}   seed: 第X条 《…》 奖惩 流程代号")
    print(head)
    for f in files:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            r = import_files([f], Path(tmp) / "project", force=False, lang="zh-CN")
            seconds = time.perf_counter() - t
        d = r.draft
        left = sum(1 for ps in r.pieces for p in ps if not p.placed)
        c = seed_counts(f)
        print(f"{f.name[:7]:<8}{sum(len(ch.articles) for p in d.policies for ch in p.chapters):>9}"
              f"{len(d.roles):>6}{sum(len(x.duties) for x in d.roles):>7}{len(d.procedures):>6}"
              f"{sum(len(p.steps) for p in d.procedures):>6}{len(d.forms):>6}{len(d.sanctions):>5}"
              f"{sum(len(x.kpis) for x in d.departments) + sum(len(x.kpis) for x in d.roles):>5}{len(d.terms):>6}"
              f"{left:>5}{seconds:>6.1f}   {c['第X条']:>10} {c['《…》']:>4} {c['奖惩']:>4} {c['流程代号']:>6}")


if __name__ == "__main__":
    main()
