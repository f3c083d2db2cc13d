"""What is around a manual but not part of it: web-page furniture, file details, contents.

Manuals downloaded from document sites and web pages carry the site's text:
file details (格式 / 大小 / 页数), download disclaimers, an editor's
introduction (以下是小编为大家整理的…), lists of related articles and quotes at
the end, page numbers, and a table of contents whose lines end in page
numbers. Such paragraphs are not imported; each is listed in the report with
the reason.
"""

from __future__ import annotations

import re

from .cutting import Piece

_METADATA = re.compile(r"^[-•*·\s]*(?:格式|大小|文档页数|页数|文件大小|文件格式|上传时间|上传者|上传人|下载次数|浏览次数|"
                       r"阅读次数|字数|阅读量|下载量|文档分类|分类|标签|关键词|贡献者)\s*[:：]")
_WEB = re.compile(
    r"下载文档前|仅部分预览|不可在线预览|侵犯您的权益|人工客服|客服工作时间|我要投稿|小编|仅供参考|欢迎(?:大家)?阅读|"
    r"为(?:大家|您)(?:整理|收集|精心|详细提供)|本网为您|本站|点击下载|免费下载|下载积分|下载券|会员下载|原创力文档|豆丁网|百度文库|"
    r"道客巴巴|淘豆网|文库|在线阅读|全文阅读|阅读全文|扫码|二维码|关注公众号|版权归原作者|如有侵权|请联系删除|"
    r"转载请注明|责任编辑|编辑推荐|文章来源|来源[:：]\s*网络|\d+\s*页\s*(?:word|WORD|Word)?\s*文档$|"
    r"平台不提供额外的编辑|反馈申请退款|请自行甄别|你掌握了吗|你知道吗[?？]|一起来看看吧|快来看看吧")
_TAIL = re.compile(r"相关文章|相关推荐|猜你喜欢|热门推荐|推荐阅读|延伸阅读|热门文章|精选文章|上一篇|下一篇|附励志名言|"
                   r"希望(?:以上|本文|这些)?(?:资料|内容|文章)?(?:对你|对您|能对你|能对您|能够对你|能帮到)|更多相关|"
                   r"本文由.{0,12}整理|相关范文|相关阅读|精品文档")
_LINK_ITEM = re.compile(r"^(?![第（(\d一二三四五六七八九十])[^\s。；;，,]{0,26}[\u4e00-\u9fff]{4}[^\s。；;，,]{0,26}?\d{2}-\d{2}$")
# 市场部的述职报告05-16: a related-article link
_PAGE = re.compile(r"^(?:[-—–\s]*\d{1,4}\s*[-—–]?\s*|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|Page\s*\d+(?:\s*of\s*\d+)?|"
                   r"\d+\s*/\s*\d+)$", re.I)
_TOC_LINE = re.compile(r"(?:\s\(\d{1,3}\)|[-.…·_]{3,}\s*(?:第\s*)?\d{1,3}\s*页?|\s{2,}\d{1,3})\s*$")
_TOC_WORD = re.compile(r"^目\s*录$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[。.]?$")


def paragraph_reason(text: str, index: int, total: int) -> str | None:
    """Why a whole source paragraph is not part of the manual, or None."""
    t = text.strip()
    if _METADATA.match(t) and len(t) <= 60:
        return "reason.metadata"
    if _WEB.search(t):
        return "reason.boilerplate"
    if _PAGE.match(t):
        return "reason.boilerplate"
    if _LINK_ITEM.match(t) and not re.search(r"[。；;]", t):
        return "reason.related"
    return None


def is_tail_marker(text: str) -> bool:
    """The line after which a web page has only its add-ons (related articles, quotes)."""
    return bool(_TAIL.search(text)) and len(text) <= 80


def piece_reason(piece: Piece) -> str | None:
    t = piece.text.strip()
    if _TOC_WORD.match(t):
        return "reason.toc"
    if _TOC_LINE.search(t) and len(t) <= 60 and not re.search(r"[。；;]", t):
        return "reason.toc"
    return None


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text.strip()))
