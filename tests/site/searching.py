"""Typing into the site's search box as a person does, and reading where a page ranks.

Shared by the browser tests (tests/site/test_search.py) and `benchmarks/search.py`.

A Chinese query reaches the box through an input method: each character is composed
(the pinyin shows underlined in the box, `Input.imeSetComposition`), then committed
(`Input.insertText`, which fires `input` but no key event), and the key that committed
it (space) is released over the page. Latin letters and digits are real key presses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# The dev query set: (query, expected page, the rank it must reach). Rank 1 where the query
# is the page's title, its code, an alias or an exact abbreviation; 3 where several pages
# share the words (市场调研 is in six titles).
QUERIES: list[tuple[str, str, int]] = [
    # the table
    ("客户经理", "roles/account-manager.html", 1),
    ("市场调研", "procedures/sc-002.html", 3),
    ("岗位说明书", "roles/index.html", 1),
    ("回款", "procedures/sc-008.html", 3),
    ("回款", "roles/collector.html", 3),
    ("旷工", "policies/reporting.html", 3),  # where 旷工 is defined and what it costs
    ("KPI", "kpis.html", 1),
    ("汇款", "procedures/sc-008.html", 3),  # typo for 回款 (same pinyin)
    ("罚款", "sanctions.html", 1),
    ("报价审批", "procedures/sc-010.html", 3),
    ("SC-003", "procedures/sc-003.html", 1),
    ("新客户", "forms/new-customer-notice.html", 3),
    ("欠费", "forms/arrears-approval.html", 1),
    ("考核", "kpis.html", 1),
    # a title typed in parts, with a space, and its last word alone
    ("客户 经理", "roles/account-manager.html", 1),
    ("经理", "roles/account-manager.html", 10),
    # role, department, procedure, form and policy titles; codes typed loosely
    ("业务员", "roles/salesman.html", 1),
    ("收款员", "roles/collector.html", 1),
    ("市场调研员", "roles/market-researcher.html", 1),
    ("大客户部", "departments/key-accounts.html", 1),
    ("销售管理部", "departments/sales-operations.html", 1),
    ("收款操作流程", "procedures/sc-008.html", 1),
    ("合同审批", "procedures/sc-009.html", 3),
    ("sc008", "procedures/sc-008.html", 1),
    ("sc-12", "procedures/sc-012.html", 1),
    ("报价审批表", "forms/quote-approval.html", 1),
    ("《报价审批表》", "forms/quote-approval.html", 1),
    ("周工作报告", "forms/weekly-report.html", 3),
    ("《周工作报告》", "forms/weekly-report.html", 1),
    ("客户满意度调查", "forms/satisfaction-survey.html", 3),
    ("违纪处理办法", "policies/discipline.html", 1),
    ("考勤", "policies/reporting.html", 3),
    # the overview pages
    ("奖惩", "sanctions.html", 1),
    ("职责矩阵", "matrix.html", 1),
    ("术语表", "glossary.html", 1),
    ("修订记录", "revisions.html", 1),
    ("组织架构", "organisation.html", 1),
    ("岗位清单", "checklists/index.html", 1),
    # aliases, glossary abbreviations and full names
    ("业务代表", "roles/salesman.html", 1),
    ("周报", "forms/weekly-report.html", 1),
    ("kpi", "kpis.html", 1),
    ("关键绩效指标", "kpis.html", 3),
    ("OSB", "glossary.html", 3),
    ("Sales Leadership Team", "glossary.html", 3),
    # one wrong character
    ("客户经埋", "roles/account-manager.html", 3),
    ("收款操做流程", "procedures/sc-008.html", 1),
    ("违纪处里办法", "policies/discipline.html", 1),
    ("市场调妍", "procedures/sc-002.html", 3),
]


@dataclass
class Outcome:
    query: str
    pages: list[str]  # result pages in order, relative to the site root
    suggestion: str  # the "did you mean" offered, or ""

    def rank(self, page: str) -> int | None:
        return self.pages.index(page) + 1 if page in self.pages else None


def open_search(page) -> None:
    """Open the search box as a reader does: the magnifier in the header on a phone, the box
    itself on a wider screen."""
    opener = page.locator("label.md-header__button[for=__search]")
    if opener.is_visible():
        opener.click()
    else:
        page.click(".md-search__input")
    page.wait_for_selector(".md-search__input:focus")


def type_query(page, query: str, cdp=None) -> None:
    """Clear the box and type `query` key by key: Chinese through an input method."""
    cdp = cdp or page.context.new_cdp_session(page)
    box = page.locator(".md-search__input")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    for ch in query:
        if ch.isascii():
            page.keyboard.type(ch, delay=30)
            continue
        cdp.send("Input.imeSetComposition", {"text": "pin", "selectionStart": 3, "selectionEnd": 3})
        cdp.send("Input.insertText", {"text": ch})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": " ", "code": "Space",
                                             "windowsVirtualKeyCode": 32, "nativeVirtualKeyCode": 32})
        time.sleep(0.03)


def site_path(href: str, base: str) -> str:
    """The page a result links to, relative to the site root (no query, no fragment)."""
    path = unquote(urlsplit(href).path)
    root = unquote(urlsplit(base).path)
    return path[len(root):] if path.startswith(root) else path


def read_results(page, query: str, base: str, timeout: float = 30) -> Outcome:
    """The results once they answer `query`. The site's search marks the result list with
    the query it answers (data-hb-query); on a site without it (Material's own search,
    measured before), the list is read when it has stopped changing."""
    marked = page.evaluate("() => 'hbSearch' in window")
    if marked:
        page.wait_for_function(
            "q => { const r = document.querySelector('.md-search-result');"
            " return r && r.dataset.hbQuery === q; }", arg=query, timeout=timeout * 1000)
    else:
        last, stable, deadline = None, 0, time.monotonic() + timeout
        while time.monotonic() < deadline and stable < 4:
            now = _hrefs(page)
            stable = stable + 1 if now == last and page.input_value(".md-search__input") == query else 0
            last = now
            time.sleep(0.25)
    pages = []
    for href in _hrefs(page):
        path = site_path(href, base)
        if path not in pages:
            pages.append(path)
    suggestion = page.evaluate(
        "() => (document.querySelector('.md-search-result').dataset.hbSuggestion || '')")
    return Outcome(query, pages, suggestion)


def _hrefs(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.md-search-result__item')]"
        ".map(li => li.querySelector('a') && li.querySelector('a').href).filter(Boolean)")


def search(page, query: str, base: str, cdp=None) -> Outcome:
    type_query(page, query, cdp)
    return read_results(page, query, base)
