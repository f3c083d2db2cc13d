"""The site's search: an index made from the rendered pages, searched in the browser by
assets/javascripts/search/worker.js behind Material's own search box.

Material's search (lunr) splits a Chinese query differently from the index, so a page's
own title typed whole can miss it (客户经理, 市场调研), and it knows nothing of codes,
aliases or typos. Here the index is the pages' plain text, and the worker matches the
query against it character by character (any substring, so 客户经理, 客户 经理 and 经理
all match 客户经理; CJK bigrams when the words are not adjacent), after normalising both
the same way (full-width to half-width, case, punctuation and spaces removed: 《周工作报告》,
sc008 and SC-008 all match). Titles, codes and aliases rank first; then headings, then
the text. Nothing is segmented at build time, so both sides are cut by the same code.

`SiteSearch` takes Material's search plugin's place (its search box, keyboard, sharing and
highlighting stay as they are): it writes

* `search/index.<hash>.js`: the documents (one per page, one per heading with an anchor,
  and one per table row or paragraph with an anchor: a glossary term, a rule of 奖惩, a
  policy article), the synonym groups (an entity's title and its `aliases:`, a glossary
  term, its full name and its aliases) and the labels the results show. The worker loads
  it when the reader first types a query, by script (so also from file://);
* `search/search_index.json`: what Material's page script reads to start the worker (the
  separator it highlights with, and the index file's name), a few hundred bytes. The
  offline plugin inlines it into `search/search_index.js` for file://.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from material.plugins.search.plugin import SearchPlugin
from mkdocs.structure.files import InclusionLevel

WORKER = "assets/javascripts/search/worker.js"
KINDS = ("role", "department", "procedure", "form", "policy", "checklist", "page")


@dataclass(frozen=True)
class PageInfo:
    """What the index knows of a page besides its text."""

    title: str
    kind: str = "page"
    keys: tuple[str, ...] = ()  # codes and aliases, matched like the title


@dataclass
class _Doc:
    location: str
    title: str = ""
    text: list[str] = field(default_factory=list)
    parent: int = -1
    kind: str = ""
    keys: tuple[str, ...] = ()

    def as_json(self) -> dict:
        out = {"l": self.location, "t": _squash(self.title), "x": _squash("".join(self.text), keep_lines=True)}
        if self.parent >= 0:
            out["p"] = self.parent
        if self.kind:
            out["k"] = self.kind
        if self.keys:
            out["a"] = list(self.keys)
        return out


def _squash(text: str, keep_lines: bool = False) -> str:
    """Collapse runs of spaces; block boundaries become one line break (the worker never
    matches across one: two table cells are not a phrase)."""
    if not keep_lines:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_BLOCKS = {"p", "li", "td", "th", "tr", "div", "table", "ul", "ol", "dt", "dd", "br", "h1", "h2", "h3", "h4",
           "h5", "h6", "blockquote", "details", "summary", "pre", "figure", "figcaption", "section", "nav"}
_VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "col"}
_SKIP = {"script", "style", "svg", "template", "noscript"}


class _PageText(HTMLParser):
    """A page's content HTML -> documents: the page (its text before the first heading),
    each h2/h3 with an id, and each table row or paragraph holding an element with an id
    (a glossary term, a rule of 奖惩, a policy article: the search lands on it; its title
    is the cell holding the id, or the paragraph's bold start). Leaves out what is marked
    `data-search-exclude` (diagrams, download buttons), scripts and permalinks."""

    def __init__(self, location: str, info: PageInfo):
        super().__init__(convert_charrefs=True)
        self.location = location
        self.docs = [_Doc(location, info.title, kind=info.kind, keys=info.keys)]
        self.current = 0  # the document receiving text
        self.stack: list[tuple[str, bool]] = []  # open tags: (tag, starts an excluded part)
        self.excluded = 0
        self.heading: _Doc | None = None  # an h2/h3 being read
        self.h1: list[str] | None = None
        self.row: dict | None = None  # a table row being read: its cells, the id in it
        self.para: dict | None = None  # a paragraph or list item with an id being read

    def _write(self, text: str) -> None:
        if self.excluded:
            return
        if self.heading is not None:
            self.heading.title += text
        elif self.h1 is not None:
            self.h1.append(text)
        elif self.para is not None:
            self.para["text"].append(text)
            if self.para["in_title"]:
                self.para["title"].append(text)
        elif self.row is not None:
            self.row["cells"][-1].append(text)
        else:
            self.docs[self.current].text.append(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        excluded = tag in _SKIP or "data-search-exclude" in a or "headerlink" in (a.get("class") or "").split()
        if tag not in _VOID:
            self.stack.append((tag, excluded))
        if excluded:
            self.excluded += 1
        if self.excluded:
            return
        if tag in _BLOCKS:
            self._write("\n")
        ident = a.get("id")
        if tag == "h1":
            self.h1 = []
        elif tag in ("h2", "h3") and ident:
            self.heading = _Doc(f"{self.location}#{ident}", parent=0)
        elif tag == "tr" and self.row is None:
            self.row = {"cells": [[]], "id": None, "cell": 0}
        elif tag in ("td", "th") and self.row is not None:
            self.row["cells"].append([])
        elif tag in ("p", "li") and ident and self.para is None and self.row is None:
            self.para = {"id": ident, "text": [], "title": [], "in_title": False, "titled": False}
        elif tag in ("strong", "b") and self.para is not None and not self.para["titled"]:
            self.para["in_title"] = True
        if ident and self.row is not None and self.row["id"] is None and tag not in ("tr",):
            self.row["id"], self.row["cell"] = ident, len(self.row["cells"]) - 1

    def handle_endtag(self, tag):
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:  # close up to the matching tag
            open_tag, excluded = self.stack.pop()
            if excluded:
                self.excluded -= 1
            if open_tag == tag:
                break
        if self.excluded:
            return
        if tag in ("h2", "h3") and self.heading is not None:
            self.heading.title = _squash(self.heading.title)
            self.docs.append(self.heading)
            self.current, self.heading = len(self.docs) - 1, None
        elif tag == "h1" and self.h1 is not None:
            if not self.docs[0].title:
                self.docs[0].title = _squash("".join(self.h1))
            self.h1 = None
        elif tag == "tr" and self.row is not None:
            row, self.row = self.row, None
            cells = [_squash("".join(c)) for c in row["cells"]]
            if row["id"] is None:
                self.docs[self.current].text.append("\n" + "\n".join(c for c in cells if c) + "\n")
            else:
                rest = [c for i, c in enumerate(cells) if i != row["cell"] and c]
                self._sub(row["id"], cells[row["cell"]], "\n".join(rest))
        elif tag in ("strong", "b") and self.para is not None and self.para["in_title"]:
            self.para["in_title"], self.para["titled"] = False, True
        elif tag in ("p", "li") and self.para is not None:
            para, self.para = self.para, None
            self._sub(para["id"], _squash("".join(para["title"])), "".join(para["text"]))
        if tag in _BLOCKS:
            self._write("\n")

    def _sub(self, ident: str, title: str, text: str) -> None:
        """A document of its own for an anchored row or paragraph, under the page."""
        self.docs.append(_Doc(f"{self.location}#{ident}", title or self.docs[self.current].title, [text], parent=0))

    def handle_data(self, data):
        self._write(data)


def page_documents(location: str, html: str, info: PageInfo) -> list[dict]:
    """The index documents of one page (see `_PageText`)."""
    parser = _PageText(location, info)
    parser.feed(html)
    parser.close()
    return [d.as_json() for d in parser.docs]


class SiteSearch(SearchPlugin):
    """Material's search plugin, kept for its search box, with the index written here for
    the site's own worker. `pages` (src_uri -> PageInfo), `synonyms` and `labels` are set
    by the handbook plugin, and `documents` (src_uri -> (what they were read from, the
    page's documents)), which `handbook serve` keeps from one build to the next: a page not
    built again keeps its documents, and one built again into the same HTML is not read."""

    pages: dict[str, PageInfo]
    synonyms: list[list[str]]
    labels: dict[str, str]
    documents: dict[str, tuple[tuple, list[dict]]]

    def on_config(self, config):
        super().on_config(config)
        self.order: list[str] = []
        self.pages = getattr(self, "pages", {})
        self.synonyms = getattr(self, "synonyms", [])
        self.labels = getattr(self, "labels", {})
        self.documents = getattr(self, "documents", {})

    def on_nav(self, nav, *, config, files):
        self.order = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)]

    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return
        src = page.file.src_uri
        info = self.pages.get(src) or PageInfo(page.title or "")
        if page.meta.get("search", {}).get("exclude") if isinstance(page.meta.get("search"), dict) else False:
            self.documents[src] = ((), [])
            return
        location, html = page.url or "index.html", page.content or ""
        read_from = (location, info, hashlib.sha256(html.encode("utf-8")).digest())
        if src not in self.documents or self.documents[src][0] != read_from:
            self.documents[src] = (read_from, page_documents(location, html, info))
        page.content = re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html)

    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        for gone in self.documents.keys() - set(self.order):
            del self.documents[gone]
        docs: list[dict] = []  # each page's, in the order of the pages; "p" a document's page's
        for _, documents in (self.documents[src] for src in self.order if src in self.documents):
            offset = len(docs)
            docs += [{**d, "p": d["p"] + offset} if "p" in d else d for d in documents]
        write_index(Path(config.site_dir), docs, self.synonyms, self.labels, {
            "lang": self.config.lang, "separator": self.config.separator,
            "pipeline": self.config.pipeline, "fields": self.config.fields,
        })


def write_index(site_dir: Path, docs: list[dict], synonyms: list[list[str]], labels: dict[str, str],
                config: dict) -> str:
    """Write the index and the stub that starts the worker; returns the index's path."""
    body = json.dumps({"docs": docs, "synonyms": synonyms, "labels": labels},
                      ensure_ascii=False, separators=(",", ":"))
    body = body.replace("<", "\\u003c")  # the text of a title stays text wherever the file is read
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
    name = f"search/index.{digest}.js"
    folder = site_dir / "search"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("index.*.js"):
        old.unlink()
    (site_dir / name).write_text(f"self.hbIndex = {body};\n", encoding="utf-8")
    stub = {"config": {**config, "index": name}, "docs": []}
    (folder / "search_index.json").write_text(json.dumps(stub, ensure_ascii=False, separators=(",", ":")),
                                              encoding="utf-8")
    return name


def synonym_groups(hb) -> list[list[str]]:
    """Words a search takes for one another: a glossary term, its full name and its aliases
    (KPI, Key Performance Indicator, 考核指标), and an entity's title with its aliases
    (业务员, 业务代表)."""
    groups = [[t.term, t.full, *t.aliases] for t in hb.terms]
    for entities in (hb.departments.values(), hb.roles.values(), hb.procedures.values(), hb.forms.values(),
                     hb.policies):
        groups += [[e.title, *e.aliases] for e in entities if e.aliases]
    return [g for g in ([w for w in dict.fromkeys(group) if w] for group in groups) if len(g) > 1]
