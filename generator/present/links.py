"""Running text with its mentions linked: `SC-010` to the procedure, 《报价审批表》 to the form
(or the policy of that title), on the site and in the manual alike.

The words linked are those of `source.mentions.mention_spans`, the function the checks use
too, so that both media link exactly what the checks know to name something. Everything
around a mention is escaped as any YAML text is (Markdown and HTML, or HTML alone); the
link's target comes from the caller (`url_for(kind, id)`: a page path on the site, an
anchor in the manual), and None leaves the mention plain: an entity's own page (or its
own section of the manual) does not link to itself. Headings are never passed here.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from ..source.mentions import MentionIndex, mention_spans
from .templating import md_escape

UrlFor = Callable[[str, str], "str | None"]


class Linker:
    """The mentions of one handbook (built once: the index folds every title and code)."""

    def __init__(self, hb):
        self.index = MentionIndex.from_handbook(hb)

    def _pieces(self, text: str, url_for: UrlFor):
        """(text, url or None) in order, covering `text`."""
        text = str(text)
        at = 0
        for span in mention_spans(text, self.index):
            url = url_for(span.kind, span.id)
            if url is None:
                continue
            if span.start > at:
                yield text[at:span.start], None
            yield text[span.start:span.end], url
            at = span.end
        if at < len(text):
            yield text[at:], None

    def markdown(self, text: str, url_for: UrlFor) -> Markup:
        """Markdown: each mention `[…](url)`, the rest as the `md` filter escapes it."""
        out = []
        for piece, url in self._pieces(text, url_for):
            shown = md_escape(piece)
            out.append(f"[{shown}]({_safe_url(url)})" if url else str(shown))
        return Markup("".join(out))

    def html(self, text: str, url_for: UrlFor) -> Markup:
        """HTML: each mention `<a href="url">…</a>`, the rest HTML-escaped."""
        out = []
        for piece, url in self._pieces(text, url_for):
            shown = escape(piece)
            out.append(f'<a class="hb-mention" href="{escape(_safe_url(url))}">{shown}</a>' if url else str(shown))
        return Markup("".join(out))


def _safe_url(url: str) -> str:
    """URLs come from ids (lowercase ASCII, digits and '-') and fixed folders; anything else
    would be a bug, never a user's text inside a link."""
    if any(c in url for c in " ()<>\"'\\\n[]"):
        raise ValueError(f"unexpected link target {url!r}")
    return url
