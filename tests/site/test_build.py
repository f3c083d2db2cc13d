"""Real strict MkDocs builds: every page, no broken internal link, no third-party host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.site.build import build_site

from ..conftest import FIXTURES, MINI


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append((tag, a[key]))


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path, allow_missing_pdf: bool = False) -> list[str]:
    broken, parsed = [], {}
    # 404.html is served for any missing path, so it links from the site root on purpose
    for page in (p for p in site.rglob("*.html") if p.name != "404.html"):
        for tag, ref in _parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//") or ref.startswith("data:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                if not (allow_missing_pdf and target.suffix == ".pdf"):
                    broken.append(f"{page.relative_to(site)} -> {ref}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, _parse(target).ids)
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)} -> {ref} (no anchor)")
    return broken


def external_hosts(site: Path) -> set[str]:
    hosts = set()
    for page in site.rglob("*.html"):
        for tag, ref in _parse(page).refs:
            if tag in ("script", "link", "img", "iframe", "source") and urlsplit(ref).scheme in ("http", "https"):
                hosts.add(urlsplit(ref).netloc)
    return hosts


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mini") / "site"
    build_site(MINI, out)
    return out


def test_mini_site_pages(mini_site):
    for page in ("index.html", "roles/salesman.html", "procedures/new-customer.html", "forms/new-customer-notice.html",
                 "policies/conduct.html", "sanctions.html", "matrix.html", "checklists/salesman.html",
                 "diagrams/org.svg", "diagrams/new-customer.svg", "search/search_index.json"):
        assert (mini_site / page).exists(), page
    assert broken_links(mini_site, allow_missing_pdf=True) == []
    assert external_hosts(mini_site) == set()


def test_diagrams_are_svg_with_chinese_labels(mini_site):
    svg = (mini_site / "diagrams/new-customer.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "业务员" in svg and "批准" in svg and "驳回" in svg
    assert "市场部经理" in (mini_site / "diagrams/org.svg").read_text(encoding="utf-8")


def test_chinese_search_index_is_segmented(mini_site):
    import json

    index = json.loads((mini_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"] and "\\u200b" in index["config"]["separator"]
    # jieba marks word boundaries with zero-width spaces, which the separator splits on
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\u200b收款员\u200b" in text, "no jieba segmentation in the index"


def test_english_site(tmp_path):
    out = tmp_path / "site"
    build_site(FIXTURES / "mini-en", out)
    role = (out / "roles/salesman.html").read_text(encoding="utf-8")
    assert "Responsibilities" in role and "Reports to" in role and "工作职责" not in role
    assert '<html lang="en"' in (out / "index.html").read_text(encoding="utf-8")


def test_default_site_has_no_broken_link(default_site):
    assert broken_links(default_site) == []
    assert external_hosts(default_site) == set()
    assert len(list((default_site / "roles").glob("*.html"))) == 23  # 22 roles and the index


def test_yaml_error_stops_the_site_build_cleanly(mini, tmp_path):
    from generator.errors import BuildError, HandbookError

    mini.replace("handbook/roles/salesman.yml", "reports_to: market-manager", "reports_to: nobody")
    with pytest.raises((BuildError, HandbookError)) as info:
        build_site(mini.root, tmp_path / "out")
    assert "handbook/roles/salesman.yml:5:13: error: unknown role 'nobody'" in str(info.value)
