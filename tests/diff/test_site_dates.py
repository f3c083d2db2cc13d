"""Review and effective dates on the site and in the manual: a page whose review is due or
overdue (the check's window, "today" fixed by HANDBOOK_TODAY) is marked at the top; an
article with `effective` says from when it is in force."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

from ..conftest import REPO, Project


def build(p: Project, today: str, out: Path, *args: str) -> Path:
    env = dict(os.environ, HANDBOOK_TODAY=today)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "-C", str(p.root), "build", "--out", str(out),
                             *args], capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    return out


def review_box(site: Path, page: str) -> str | None:
    text = (site / page).read_text(encoding="utf-8")
    found = re.search(r'<div class="admonition warning hb-review"[^>]*>(.*?)</div>', text, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split()) if found else None


def dated(mini: Project) -> Project:
    mini.replace("handbook/policies/conduct.yml", "title: 业务操作规定\n",
                 "title: 业务操作规定\nreview_owner: market-manager\nreview_by: 2024-07-01\n")
    mini.replace("handbook/procedures/new-customer.yml", "owner: market\n",
                 "owner: market\nreview_owner: salesman\nreview_by: 2024-08-15\n")
    mini.replace("handbook/policies/conduct.yml", "        text: 不得擅自做主承诺客户免费、降低运价或改变结算方式。",
                 "        text: 不得擅自做主承诺客户免费、降低运价或改变结算方式。\n        effective: 2024-09-01")
    return mini


def test_pages_due_for_review_are_marked(mini, tmp_path):
    site = build(dated(mini), "2024-08-01", tmp_path / "site", "--no-pdf")
    assert review_box(site, "policies/conduct.html") == (
        "待复核 本页的复核日期 2024年7月1日 已过 31 天，内容可能已不是最新。复核负责人：市场部经理。")
    assert review_box(site, "procedures/new-customer.html") == (
        "待复核 本页将于 2024年8月15日 到期复核（还有 14 天）。复核负责人：业务员。")
    assert review_box(site, "roles/salesman.html") is None


def test_a_review_far_off_is_not_marked(mini, tmp_path):
    site = build(dated(mini), "2024-06-01", tmp_path / "site", "--no-pdf")
    assert review_box(site, "procedures/new-customer.html") is None  # 75 days ahead: outside the 30-day window
    assert review_box(site, "policies/conduct.html") == "待复核 本页将于 2024年7月1日 到期复核（还有 30 天）。复核负责人：市场部经理。"


def test_in_english(mini, tmp_path):
    p = dated(mini)
    p.replace("handbook/company.yml", "version: A/1\n", "version: A/1\nlocale: en\n")
    site = build(p, "2024-08-15", tmp_path / "site", "--no-pdf")
    assert review_box(site, "procedures/new-customer.html") == (
        "Review due This page is due for review today (2024-08-15). Review owner: 业务员.")
    page = (site / "policies" / "conduct.html").read_text(encoding="utf-8")
    assert '<span class="hb-effective"> (In force from 2024-09-01)</span>' in page


def test_an_article_in_force_from_a_date_on_the_site_and_in_the_manual(mini, tmp_path):
    site = build(dated(mini), "2024-08-01", tmp_path / "site")
    page = (site / "policies" / "conduct.html").read_text(encoding="utf-8")
    assert "不得擅自做主承诺客户免费、降低运价或改变结算方式。 <span class=\"hb-effective\">（自 2024年9月1日 起施行）</span>" in page
    assert page.count("起施行）") == 1  # the other articles carry no date
    doc = pdfium.PdfDocument(str(site / "pdf" / "handbook.pdf"))
    text = "".join(p.get_textpage().get_text_range() for p in doc).replace("\r\n", "").replace("\n", "")
    assert "改变结算方式。（自 2024年9月1日 起施行）" in text
