"""Real strict MkDocs builds: every page, no broken internal link, no third-party host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.outputs import KINDS
from generator.site.build import build_site

ALL_OUTPUTS = list(KINDS)  # link every output, as `handbook build` does

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
        for key in ("href", "src", "xlink:href"):  # xlink:href: links in the inline diagrams
            if a.get(key):
                self.refs.append((tag, a[key]))


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path, allow_missing_outputs: bool = False) -> list[str]:
    """Links to missing pages or anchors (`allow_missing_outputs`: the site alone, built
    without the PDFs and workbooks it links to)."""
    broken, parsed = [], {}
    # 404.html too: its links are relative to the site's root, where it is (see test_site.py
    # for it served from inside a folder)
    for page in site.rglob("*.html"):
        for tag, ref in _parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//") or ref.startswith("data:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                if not (allow_missing_outputs and target.suffix in (".pdf", ".xlsx")):
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


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mini") / "site"
    build_site(MINI, out, downloads=ALL_OUTPUTS)
    return out


@pytest.fixture(scope="session")
def english_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mini-en") / "site"
    build_site(FIXTURES / "mini-en", out, downloads=ALL_OUTPUTS)
    return out


def _read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _diagram(html: str) -> str:
    start = html.index('<div class="hb-diagram"')
    return html[start:html.index("</svg>", start)]


def test_mini_site_pages(mini_site):
    for page in ("index.html", "organisation.html", "departments/market.html", "roles/index.html",
                 "roles/salesman.html", "procedures/new-customer.html", "forms/new-customer-notice.html",
                 "policies/conduct.html", "sanctions.html", "kpis.html", "matrix.html", "glossary.html",
                 "revisions.html", "checklists/salesman.html", "search/search_index.json"):
        assert (mini_site / page).exists(), page
    assert broken_links(mini_site, allow_missing_outputs=True) == []
    assert external_hosts(mini_site) == set()


def test_links_go_both_ways(mini_site):
    role = _read(mini_site, "roles/salesman.html")
    for href in ('href="market-manager.html"', 'href="../departments/market.html"',
                 'href="../procedures/new-customer.html"', 'href="../forms/new-customer-notice.html"',
                 'href="../sanctions.html#false-visit"', 'href="../checklists/salesman.html"',
                 'href="../pdf/roles/salesman.pdf"', 'href="../pdf/checklists/salesman.pdf"'):
        assert href in role, href
    assert 'href="salesman.html"' in _read(mini_site, "roles/market-manager.html")  # direct reports
    form = _read(mini_site, "forms/new-customer-notice.html")
    assert 'href="../roles/salesman.html"' in form and 'href="../procedures/new-customer.html"' in form
    assert 'href="../pdf/forms/new-customer-notice.pdf"' in form
    sanctions = _read(mini_site, "sanctions.html")
    assert 'href="policies/conduct.html#no-free-promise"' in sanctions and 'id="false-visit"' in sanctions
    assert 'href="../sanctions.html#false-visit"' in _read(mini_site, "policies/conduct.html")  # and back
    department = _read(mini_site, "departments/market.html")
    assert 'href="../roles/salesman.html"' in department and 'href="../policies/conduct.html"' in department


def test_home_page_has_document_control_and_entry_points(mini_site):
    home = _read(mini_site, "index.html")
    for text in ("市场部管理手册", "SL-GL-001", "A/1", "2024-07-21", "编制", "审核", "批准", "人力资源部",
                 "本版变更", "新增收款操作规定", "我是新员工", "我是部门经理", "我要找表单"):
        assert text in home, text


def test_policy_articles_are_numbered(mini_site):
    policy = _read(mini_site, "policies/conduct.html")
    assert "第一章" in policy and "第二章" in policy and "<strong>第三条</strong>" in policy


def test_chinese_headings_have_stable_anchors(mini_site):
    role = _read(mini_site, "roles/salesman.html")
    assert '<h2 id="工作职责">' in role and '<h2 id="任职资格">' in role


def test_diagrams_are_inline_svg_with_chinese_labels_and_links(mini_site):
    svg = _diagram(_read(mini_site, "procedures/new-customer.html"))
    assert "业务员" in svg and "批准" in svg and "驳回" in svg and "开始" in svg and "结束" in svg
    assert 'xlink:href="../roles/salesman.html"' in svg  # the swimlane links to the role
    assert 'font-family="Noto Sans CJK SC' in svg
    org_svg = _diagram(_read(mini_site, "organisation.html"))
    assert "市场部经理" in org_svg and 'xlink:href="roles/salesman.html"' in org_svg
    assert 'xlink:href="departments/market.html"' in org_svg
    assert "<script" not in svg and "<!--" not in svg


def _search_docs(site: Path) -> list[dict]:
    """The documents of the site's search index (search/index.<hash>.js)."""
    import json

    (index,) = (site / "search").glob("index.*.js")
    text = index.read_text(encoding="utf-8")
    assert text.startswith("self.hbIndex = ")
    return json.loads(text[len("self.hbIndex = "):].rstrip().rstrip(";"))["docs"]


def test_diagrams_stay_out_of_the_search_index(mini_site):
    docs = _search_docs(mini_site)
    flow = " ".join(d["x"] for d in docs if d["l"].startswith("procedures/new-customer.html"))
    assert "驳回至第" in flow  # the steps table is indexed ...
    assert "开始" not in flow  # ... the flowchart's labels are not (data-search-exclude)
    role = " ".join(d["x"] for d in docs if d["l"].startswith("roles/salesman.html"))
    assert "下载" not in role  # nor the download buttons of every page


def test_search_index_documents(mini_site):
    """One document per page (with what it is and its codes and aliases), one per heading,
    one per anchored row or article; Material's worker, lunr and index are not shipped."""
    import json

    docs = _search_docs(mini_site)
    pages = {d["l"]: d for d in docs if "p" not in d}
    assert pages["roles/salesman.html"]["t"] == "业务员" and pages["roles/salesman.html"]["k"] == "role"
    assert "SL-MK-02" in pages["roles/salesman.html"]["a"]
    assert pages["procedures/new-customer.html"]["k"] == "procedure"
    assert pages["forms/new-customer-notice.html"]["k"] == "form"
    assert pages["roles/index.html"]["a"][0] == "岗位说明书"  # the locale's search_keys_roles
    sections = {d["l"]: d for d in docs if "p" in d}
    assert sections["roles/salesman.html#工作职责"]["t"] == "工作职责"
    assert docs[sections["roles/salesman.html#工作职责"]["p"]]["l"] == "roles/salesman.html"
    assert sections["sanctions.html#false-visit"]["t"].startswith("谎报外出")  # a rule, titled by its act
    assert sections["policies/conduct.html#no-free-promise"]["t"] == "第二条"  # an article, by its number
    stub = json.loads((mini_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["lang"] == ["zh"]
    assert (mini_site / stub["config"]["index"]).is_file()
    shipped = {p.relative_to(mini_site).as_posix() for p in mini_site.rglob("*") if p.is_file()}
    assert not [p for p in shipped if p.endswith(".map") or "/lunr/" in p or "/workers/" in p]
    assert "sourceMappingURL" not in next((mini_site / "assets" / "javascripts").glob("bundle.*.js")).read_text()
    page = _read(mini_site, "roles/salesman.html")
    assert '"search": "../assets/javascripts/search/worker.js?v=' in page


def test_interface_is_chinese(mini_site):
    index = _read(mini_site, "index.html")
    assert '<html lang="zh"' in index and 'placeholder="搜索"' in index
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index


def test_english_site(english_site):
    role = _read(english_site, "roles/salesman.html")
    assert "Responsibilities" in role and "Reports to" in role and "工作职责" not in role
    index = _read(english_site, "index.html")
    assert '<html lang="en"' in index and "Document control" in index and "文件控制" not in index
    assert "Chapter 1" in _read(english_site, "policies/conduct.html")
    svg = _diagram(_read(english_site, "procedures/new-customer.html"))
    assert ">Start<" in svg and "开始" not in svg
    assert broken_links(english_site, allow_missing_outputs=True) == []
    import json

    assert json.loads(_read(english_site, "search/search_index.json"))["config"]["lang"] == ["en"]
    assert _search_docs(english_site)[0]["t"]


def test_untrusted_titles_show_as_text(mini, tmp_path):
    mini.replace("handbook/roles/salesman.yml", "title: 业务员", "title: \"<script>alert(1)</script>\"")
    mini.replace("handbook/departments/market.yml", "title: 市场部", "title: \"**md** [x](javascript:alert(1))\"")
    out = tmp_path / "site"
    build_site(mini.root, out, downloads=ALL_OUTPUTS)
    for page in ("roles/salesman.html", "organisation.html", "procedures/new-customer.html", "index.html"):
        html = _read(out, page)
        assert "<script>alert" not in html, page
        assert "javascript:" not in html.replace("javascript:alert(1))", ""), page  # no live link
    (index,) = (out / "search").glob("index.*.js")
    assert "<script>" not in index.read_text(encoding="utf-8")  # the search's copy of the title: text
    assert "<script>alert(1)</script>" in _search_docs(out)[[d["l"] for d in _search_docs(out)].index(
        "roles/salesman.html")]["t"]
    role = _read(out, "roles/salesman.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in role
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in role
    org = _read(out, "organisation.html")
    assert "**md** [x](javascript:alert(1))" in org and "<strong>md</strong>" not in org
    assert 'href="javascript:' not in org


def test_default_site_has_no_broken_link(default_site):
    assert broken_links(default_site) == []
    assert external_hosts(default_site) == set()
    assert len(list((default_site / "roles").glob("*.html"))) == 23  # 22 roles and the index


def test_role_and_checklist_indexes_are_grouped_by_department(default_site):
    """A heading per department, each followed by its roles, the head first."""
    for index in ("roles/index.html", "checklists/index.html"):
        article = re.search(r"<article\b.*?</article>", _read(default_site, index), flags=re.S)[0]
        headings = re.findall(r"<h2 id=[^>]*>([^<]+)<", article)
        assert headings == ["公司管理层", "营销管理中心", "产品市场部", "大客户部", "市场拓展部", "销售管理部"], index
        assert "## " not in article, index  # no heading swallowed as text by the table before it
        product = article[article.index(">产品市场部<"):article.index(">大客户部<")]
        assert product.index("产品市场部经理") < product.index("市场助理") < product.index("市场调研员"), index


def test_yaml_error_stops_the_site_build_cleanly(mini, tmp_path):
    from generator.errors import BuildError, HandbookError

    mini.replace("handbook/roles/salesman.yml", "reports_to: market-manager", "reports_to: nobody")
    with pytest.raises((BuildError, HandbookError)) as info:
        build_site(mini.root, tmp_path / "out", downloads=ALL_OUTPUTS)
    assert "handbook/roles/salesman.yml:5:13: error: unknown role 'nobody'" in str(info.value)


def test_a_search_plugin_listed_by_the_project_keeps_its_settings(mini, tmp_path):
    """A project's mkdocs.yml that lists Material's search plugin: its settings stay (here
    the separator the highlighting uses), the index is the site's own, written once."""
    import json

    mini.write("mkdocs.yml", 'site_name: 示例手册\ntheme: {name: material}\n'
               'plugins:\n  - search:\n      lang: zh\n      separator: "[\\\\s\\\\-]+"\n  - handbook\n')
    out = tmp_path / "site"
    build_site(mini.root, out)
    stub = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["config"]["separator"] == "[\\s\\-]+" and stub["docs"] == []
    assert len(list((out / "search").glob("index.*.js"))) == 1
    assert _search_docs(out)
