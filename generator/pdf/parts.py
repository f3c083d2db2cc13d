"""The manual laid out in parts, then joined into one PDF (pdf/join.py).

WeasyPrint lays a document out whole, in memory, every time. Laid out in parts, the
manual's cost is the sum of small documents, its memory that of the largest part, and a
part's PDF is a function of its own HTML and CSS alone: the build cache keeps each part
(`store`, set by generator/jobs.py), so that editing one role lays out again the part
that holds it, the contents and the footers, and the join.

A part begins where the manual turns a page anyway, so that the parts print what the
whole would: at each top-level section that starts a page (a chapter, the contents), and
inside the chapters that print one entry a page (manual.css: .role, .procedure,
.form-page), before an entry. Entries are grouped a few to a part, the boundaries chosen
by the entries' ids (content-defined chunking): adding or removing a role moves no
boundary but its own, and the other parts stay cached.

What a part cannot know, it is told:
* the running header's strings set in an earlier part (the document's title on the cover,
  the title of the chapter a part continues): set on the part's body (`string-set`);
* links to anchors in other parts: written as join.LINK_SCHEME + name, joined afterwards;
* the page numbers (第 X 页 / 共 Y 页): the parts are laid out without them, and a sheet of
  footers, a page for each page of the whole, is laid out and put over them;
* the contents' page numbers: the contents are laid out after the other parts, with the
  numbers written in (`data-page`, printed by `attr(data-page)` in place of target-counter).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .join import LINK_SCHEME, Laid, anchors, join, page_sizes

# entries of a chapter that each start a page (manual.css), and how many go to a part
_ENTRY_CLASSES = frozenset({"role", "procedure", "form-page"})
_MIN_ENTRIES, _MAX_ENTRIES, _SPREAD = 4, 16, 8

# what the contents and the footer sheet are laid out with, besides the manual's CSS
_CONTENTS_CSS = "nav.toc a[data-page]::after { content: leader('.') attr(data-page); }\n"
_SHEET_CSS = ("@page { @top-left { content: none; border: none; } @top-right { content: none; border: none; } }\n"
              ".footer-sheet .sheet { break-before: page; height: 0; }\n"
              ".footer-sheet .sheet:first-child { break-before: auto; }\n"
              ".footer-sheet .sheet-cover { page: cover; }\n"
              ".footer-sheet .sheet-landscape { page: landscape; }\n")


class PartStore(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, data: bytes) -> None: ...


store: PartStore | None = None  # the build cache's parts, in a worker (generator/jobs.py)


@dataclass
class Part:
    elements: list  # lxml elements: this part's share of the body
    continues: str | None = None  # the title of the chapter an earlier part began
    contents: bool = False  # the table of contents
    ids: set[str] = field(default_factory=set)


@dataclass
class Split:
    root: object  # the <html> element, its body emptied
    parts: list[Part]
    title: str  # the document's title (the cover's)
    cover: bool  # the first page is the cover


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _text(el) -> str:
    return " ".join(el.text_content().split())


def split(html: str) -> Split:
    """The manual's HTML cut into parts (see the module's docstring)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    body = root.body
    children = [c for c in body if isinstance(c.tag, str)]
    for c in list(body):
        body.remove(c)
    title_el = next((t for c in children if "cover" in _classes(c)
                     for t in c.iter() if isinstance(t.tag, str) and "title" in _classes(t)), None)
    parts: list[Part] = []
    for el in children:
        starts_page = "chapter" in _classes(el) or (el.tag == "nav" and "toc" in _classes(el))
        if not parts or starts_page:
            parts.append(Part([], contents=el.tag == "nav"))
        elif parts[-1].contents:
            parts.append(Part([]))
        if "chapter" in _classes(el):
            parts += _entry_parts(el, parts.pop())
        else:
            parts[-1].elements.append(el)
    for part in parts:
        part.ids = {i for el in part.elements for i in el.xpath(".//@id | @id")}
    return Split(root, parts, _text(title_el) if title_el is not None else "", bool(children) and
                 "cover" in _classes(children[0]))


def _entry_parts(section, current: Part) -> list[Part]:
    """A chapter as parts: its heading with the first entries, then runs of entries."""
    heading = section.find(".//h1")
    chapter = _text(heading) if heading is not None else ""
    runs: list[list] = [[]]
    entries = in_run = 0  # in the chapter, in the current run
    for child in list(section):
        if isinstance(child.tag, str) and _classes(child) & _ENTRY_CLASSES:
            entries += 1
            if entries > 1 and _boundary(child, in_run):
                runs.append([])
                in_run = 0
            in_run += 1
        runs[-1].append(child)
        section.remove(child)
    parts = [current]
    for n, run in enumerate(runs):
        shell = copy.copy(section)  # the section's tag and attributes (its children are gone)
        shell.text = section.text if n == 0 else None
        shell.extend(run)
        if n == 0:
            current.elements.append(shell)
        else:
            parts.append(Part([shell], continues=chapter))
    return parts


def _boundary(entry, run_length: int) -> bool:
    """Whether a part begins at this entry: decided by its id, so that the same entries
    are cut the same way whatever comes before them."""
    if run_length >= _MAX_ENTRIES:
        return True
    if run_length < _MIN_ENTRIES:
        return False
    ident = next((i for i in entry.xpath(".//@id | @id")), "")
    return hashlib.sha256(ident.encode("utf-8")).digest()[0] % _SPREAD == 0


def _document(split_: Split, part: Part, href: Callable[[object], None] | None = None) -> str:
    """One part as a whole HTML document: the manual's head, a body with the part's elements."""
    import lxml.html

    root = copy.deepcopy(split_.root)
    body = root.body
    for el in part.elements:
        body.append(copy.deepcopy(el))
    for a in body.iter("a"):
        target = a.get("href") or ""
        if target.startswith("#") and target[1:] not in part.ids:
            a.set("href", LINK_SCHEME + target[1:])
    if href is not None:
        href(body)
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _strings_css(split_: Split, chapter: str) -> str:
    """The running header's strings as they stand where the part begins."""
    from .render import _css_string

    return f"body {{ string-set: doctitle {_css_string(split_.title)}, chapter {_css_string(chapter)}; }}\n"


@dataclass(frozen=True)
class Renderer:
    """How a part is made into PDF bytes: `lay(html, extra_css, name) -> bytes`, with the
    manual's stylesheets and finishing (`name`: the whole document's, for messages);
    `page_css`: the footer's page numbers."""

    lay: Callable[[str, str, str], bytes]
    page_css: str


def cached(key: str, make: Callable[[], bytes]) -> bytes:
    """A part's PDF from the store when it holds `key`, else made (and stored)."""
    if store is not None:
        data = store.get(key)
        if data is not None:
            return data
    data = make()
    if store is not None:
        store.put(key, data)
    return data


def render(html: str, renderer: Renderer, name: str, page_mode: str | None = None,
           fonts: dict[str, object] | None = None) -> bytes:
    """The manual's HTML as one PDF, laid out in parts; `fonts`: see join.join."""
    split_ = split(html)
    laid: list[Laid | None] = []
    chapter = ""
    for n, part in enumerate(split_.parts):
        if part.contents:
            laid.append(None)  # laid out last, with the page numbers
        else:
            begins = part.continues or _first_heading(part) or chapter
            css = _strings_css(split_, begins) if n else ""
            data = renderer.lay(_document(split_, part), css, name)
            laid.append(Laid(data, outline_level=1 if part.continues else 0))
        chapter = _last_heading(part) or part.continues or chapter
    laid = _with_contents(split_, laid, renderer, name)
    sizes = [size for part in laid for size in page_sizes(part.data)]
    footer = renderer.lay(_sheet(split_, sizes), _SHEET_CSS + renderer.page_css, name)
    return join(laid, footer, page_mode, fonts)


def _first_heading(part: Part) -> str:
    h1 = next((h for el in part.elements for h in el.iter("h1")), None)
    return _text(h1) if h1 is not None else ""


def _last_heading(part: Part) -> str:
    h1s = [h for el in part.elements for h in el.iter("h1")]
    return _text(h1s[-1]) if h1s else ""


def _with_contents(split_: Split, laid: list[Laid | None], renderer: Renderer, name: str) -> list[Laid]:
    """The contents, laid out with the page of every anchor written in. Its own length
    moves every later page: it is measured first with placeholders of the numbers' width
    (a layout that stays cached while the entries do), then laid out until the length the
    numbers assumed is its own (once, unless a number's width moved a line)."""
    where = [i for i, x in enumerate(laid) if x is None]
    if not where:
        return laid  # type: ignore[return-value]
    at = where[0]
    part = split_.parts[at]
    found = [anchors(x.data) if x is not None else {} for x in laid]
    counts = [len(page_sizes(x.data)) if x is not None else 0 for x in laid]
    css = _strings_css(split_, _first_heading(part)) + _CONTENTS_CSS

    def lay(pages: dict[str, int] | None, width: int = 0) -> bytes:
        def number(body):
            for a in body.iter("a"):
                target = (a.get("href") or "").removeprefix(LINK_SCHEME).removeprefix("#")
                if pages is None or target in pages:
                    a.set("data-page", "0" * width if pages is None else str(pages[target]))
        return renderer.lay(_document(split_, part, number), css, name)

    data = lay(None, len(str(sum(counts) + 1)))
    own = len(page_sizes(data))
    for _ in range(4):
        pages: dict[str, int] = {}
        offset = 0
        for i, count in enumerate(counts):
            for anchor, index in found[i].items():
                pages.setdefault(anchor, offset + index + 1)
            offset += own if i == at else count
        data = lay(pages)
        got = len(page_sizes(data))
        if got == own:
            break
        own = got
    laid[at] = Laid(data)
    return laid  # type: ignore[return-value]


def _sheet(split_: Split, sizes: list[tuple[float, float]]) -> str:
    """A document of empty pages, one for each page of the manual, in its sizes: laid out
    with the page numbers alone."""
    from markupsafe import escape

    lang = escape(split_.root.get("lang") or "")
    sheets = []
    for i, (width, height) in enumerate(sizes):
        kind = " sheet-cover" if i == 0 and split_.cover else " sheet-landscape" if width > height else ""
        sheets.append(f'<div class="sheet{kind}"></div>')
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head>'
            f'<body class="document manual footer-sheet">{"".join(sheets)}</body></html>')
