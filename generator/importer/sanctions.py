"""Recognising rewards and penalties (奖惩) in the articles of the policies.

An article that states a measure becomes a reward or a penalty linked to it:
罚款 N 元 (fine), 奖励 / 奖金 N 元 (bonus), 按旷工处理 (absence), 赔偿 / 由本人承担
(compensation), 通报批评 / 警告 (warning), 通报表扬 / 嘉奖 (commendation), 降级 /
降职 (demotion), 辞退 / 开除 / 解除劳动合同 (dismissal). What the article says
was done (the act) is the text before the first measure, with the sub-items of
`出现下列情况的…` after it. Vague words (给予适当奖励, 进行相应处罚) are not measures.
"""

from __future__ import annotations

import re

from .draft import Draft, Measure, Sanction, clean

_NUM = r"(\d+(?:\.\d{1,2})?)"
_MEASURES = [
    ("fine", re.compile(rf"罚款\s*(?:人民币)?\s*{_NUM}\s*(?:元|块)|处以\s*{_NUM}\s*元(?:的)?罚款|"
                        rf"扣(?:罚|除|发)?[^，,。；;\d]{{0,6}}?{_NUM}\s*元|罚\s*{_NUM}\s*元")),
    ("bonus", re.compile(rf"(?:奖励|奖金|奖)[^，,。；;\d]{{0,6}}?(?:人民币)?\s*{_NUM}\s*元|给予\s*{_NUM}\s*元(?:的)?奖(?:励|金)")),
    ("absence", re.compile(r"按旷工(?:处理|论处|计)|视为旷工|以旷工论")),
    ("compensation", re.compile(r"赔偿|(?:由|个人|本人)(?:本人)?(?:承担|负责收回|赔)")),
    ("warning", re.compile(r"通报批评|警告处分|给予警告|书面警告|口头警告|记过")),
    ("commendation", re.compile(r"通报表扬|通报嘉奖|嘉奖|表彰")),
    ("demotion", re.compile(r"降级|降职|撤职")),
    ("dismissal", re.compile(r"辞退|开除|解除劳动合同|解除劳动关系|除名")),
]
_REWARD = {"bonus", "commendation", "promotion"}
_PER = re.compile(r"每人\s*[/／]?\s*次|每人每次|每次|每例|每项|每天|每日")


def recognise_sanctions(draft: Draft) -> None:
    for policy in draft.policies:
        for chapter in policy.chapters:
            for article in chapter.articles:
                _article(article, policy, draft)


def _article(article, policy, draft: Draft) -> None:
    text = article.text
    found: list[tuple[int, Measure]] = []
    for kind, pattern in _MEASURES:
        for m in pattern.finditer(text):
            amount = next((float(g) for g in m.groups() if g), None) if m.groups() else None
            if kind in ("fine", "bonus") and amount is None:
                continue
            if kind in ("commendation",) and re.search(r"表彰和奖励|进行表彰", text) and not re.search("通报", text):
                continue
            if kind == "compensation" and not re.search(r"赔偿|损失|差价|承担", text[max(0, m.start() - 12):m.end() + 12]):
                continue
            per = _PER.search(text[max(0, m.start() - 10):m.start() + 2])
            note = _clause(text, m.start()) if kind not in ("fine", "bonus") else ""
            found.append((m.start(), Measure(kind, amount, per.group(0).replace(" ", "") if per else "", note)))
            break  # one of each kind per article
    if not found:
        return
    found.sort(key=lambda x: x[0])
    first = found[0][0]
    act = clean(re.split(r"[，,；;]\s*$", text[:first])[0])
    act = re.sub(r"[，,]?\s*(?:每人\s*[/／]?\s*次|每次|应|将|则|予以|给予|处以)\s*$", "", act)
    items = re.findall(r"(?:^|[：:；;。])\s*(?:\d{1,2}[、.．]|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十][)）])\s*([^；;。]+)", text)
    if re.search(r"下列|以下", act) and items:
        act = clean(act + "：" + "；".join(clean(i) for i in items))
    act = act.rstrip("：:")
    if len(act) < 2:
        act = clean(text)
    kinds = {m.type for _, m in found}
    kind = "reward" if kinds <= _REWARD else "penalty"
    measures = [m for _, m in found if (m.type in _REWARD) == (kind == "reward")]
    sanction = Sanction(act[:200], kind=kind, measures=measures, policy=policy, article=article)
    sanction.take(*article.pieces)
    draft.sanctions.append(sanction)


def _clause(text: str, at: int) -> str:
    """The part of a sentence holding a measure, with its condition: '若产生经济损失的，个人承担
    一定比例的赔偿' of '违反操作规定作业的，每人/次罚款10元，若产生经济损失的，个人承担…'."""
    start = max(text.rfind(c, 0, at) for c in "。；;") + 1
    ends = [i for i in (text.find(c, at) for c in "。；;") if i >= 0]
    end = min(ends) if ends else len(text)
    parts = re.split(r"[，,]", text[start:end])
    offset, k = start, 0
    for k, part in enumerate(parts):
        if offset + len(part) >= at:
            break
        offset += len(part) + 1
    first = k
    if k > 0 and re.match(r"^\s*(?:若|如|如果|凡|造成|产生|因|对|情节)", parts[k - 1]):
        first = k - 1
    return clean("，".join(parts[first:k + 1]))[:120]
