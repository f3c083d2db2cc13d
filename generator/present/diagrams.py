"""Org chart and procedure flowcharts as SVG, drawn at build time by Graphviz.

No JavaScript: the diagrams show offline, in every browser and in WeasyPrint's
PDFs. Labels come from the model and must show exactly as typed: they are DOT
quoted strings (never HTML-like labels), in which Graphviz still reads escapes
(`\\n`, `\\l`, `\\N` ...) and decodes HTML entities (`&amp;`, `&#60;`), so
`_label` escapes both; Graphviz then escapes the text for SVG. Tooltips are
filled in after layout (`_Tooltips`). Both the site and the PDF manual draw with
these functions (this is the presentation layer: no MkDocs, no WeasyPrint here).

`link(kind, id) -> url | None` (optional) makes nodes links: the site passes
one that returns page-relative URLs ("role", "department", "procedure"), so
the diagrams, inlined into the pages, link like any other reference; the PDF
manual passes none. Same input, same bytes: Graphviz's layout is
deterministic and its version comment is stripped.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable

from ..errors import MissingTool, RenderError
from ..messages import msg
from ..handbook import Handbook
from ..source.model import Procedure
from .labels import Labels

FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"

Link = Callable[[str, str], "str | None"]


@functools.lru_cache(maxsize=512)  # same input, same bytes: `serve` draws again only what an edit changed
def _dot(source: str) -> str:
    if shutil.which("dot") is None:
        raise MissingTool(msg("tool.graphviz"))
    result = subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, timeout=120)
    if result.returncode != 0:
        raise RenderError(msg("render.graphviz", detail=result.stderr.decode("utf-8", "replace").strip()))
    svg = result.stdout.decode("utf-8")
    svg = svg[svg.index("<svg"):]  # drop the XML prolog, doctype and the version comment
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    # Graphviz titles every node with its DOT name ("s1", "cluster_x"), which a browser shows
    # as a tooltip on inline SVG; links carry their own xlink:title.
    svg = re.sub(r"<title>[^<]*</title>\n?", "", svg)
    # On screen a diagram shrinks to the text column down to 70% of its size (labels stay
    # readable), then scrolls sideways: the stylesheet reads this width (handbook.css).
    width = re.match(r'<svg width="([\d.]+)pt"', svg)
    if width:
        svg = svg.replace("<svg ", f'<svg style="--hb-min-width: {float(width[1]) * 4 / 3 * 0.7:.0f}px" ', 1)
    return svg


def _q(text: str) -> str:
    """A DOT double-quoted string for ids and URLs (ours, plain ASCII): not for text shown."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


_NO_LINE_START = set("，。、；：！？）》」』”’)]},.;:!?%")
_NO_LINE_END = set("（《「『“‘([{")


def _columns(ch: str) -> int:
    """Display width: a Chinese character takes two columns, a Latin letter or digit one."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _wrap(text: str, width: int = 14) -> str:
    """Break long labels into lines of about `width` Chinese characters (Graphviz does not
    wrap; Latin counts half), by the Chinese rules: no line starts with closing
    punctuation or ends with an opening one, and a run of Latin letters or digits
    (SC-001, 15:00) is not cut. A line break in the text is kept."""
    if "\n" in text:
        return "\n".join(_wrap(part, width) for part in text.split("\n"))
    lines, line, used = [], "", 0
    for i, ch in enumerate(text):
        line += ch
        used += _columns(ch)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        # a word is not cut, unless it is longer than two lines (a pasted URL, "AAAA..."):
        # Graphviz reads a run of text without a break as one token of at most 16 KB
        in_word = ch.isascii() and ch.isalnum() and nxt.isascii() and nxt.isalnum() and used < 4 * width
        if used >= 2 * width and nxt and nxt not in _NO_LINE_START and ch not in _NO_LINE_END and not in_word:
            lines.append(line)
            line, used = "", 0
    if line:
        lines.append(line)
    return "\n".join(lines)


class _Tooltips:
    """A linked node's tooltip (`xlink:title`) is its whole title, unwrapped.

    Graphviz would show the label's DOT source (with `\\n` where it wraps), and
    Graphviz 2.43 unescapes an explicit tooltip twice and expands `\\N` in it, so
    no DOT string gives every title back: each tooltip is a placeholder, replaced
    in the SVG by the XML-escaped title."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> str:
        self.texts.append(text)
        return f'"hbtooltip{len(self.texts) - 1}"'

    def fill(self, svg: str) -> str:
        def title(m: re.Match) -> str:
            text = html.escape(self.texts[int(m[1])], quote=True)
            return 'xlink:title="' + text.replace("\n", "&#10;").replace("\t", "&#9;") + '"'

        return re.sub(r'xlink:title="hbtooltip(\d+)"', title, svg)


def _url(link: Link | None, kind: str, ident: str, title: str, tips: _Tooltips) -> str:
    """`, URL="...", target="_top", tooltip=...` for a node or cluster, or nothing."""
    url = link(kind, ident) if link else None
    return f", URL={_q(url)}, target=\"_top\", tooltip={tips(title)}" if url else ""


#: the width of a label that is not wrapped (a department's title): only a line far
#: longer than any title is broken, so that Graphviz never meets a 16 KB run of text
UNWRAPPED = 400


def _label(text: str, width: int | None = 14) -> str:
    """A DOT label showing `text` as typed, wrapped to `width` characters (None: only at
    its own line breaks, and lines of over UNWRAPPED): `\\` and `&` escaped so that Graphviz reads no escape or entity
    in it, `"` escaped for DOT; lines joined with DOT's centred line break."""
    lines = _wrap(text, width or UNWRAPPED).split("\n")
    escaped = [line.replace("\\", "\\\\").replace("&", "&amp;").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def org_chart_svg(hb: Handbook, link: Link | None = None, top: str | None = None) -> str:
    """Departments as boxes holding their roles; edges follow reports_to. `top`: only that
    department and those under it (a large handbook draws one chart per top-level
    department: Graphviz's time grows faster than the chart)."""
    tips = _Tooltips()
    out = [
        "digraph org {",
        f'graph [rankdir=TB, fontname="{FONT}", fontsize=12, nodesep=0.2, ranksep=0.4];',
        f'node [shape=box, style="rounded", fontname="{FONT}", fontsize=11, margin="0.12,0.05"];',
        'edge [arrowhead=none, color="#555555"];',
    ]

    def cluster(dept_id: str, depth: int) -> None:
        dept = hb.departments[dept_id]
        out.append(f"subgraph {_q('cluster_' + dept.id)} {{")
        out.append(f'graph [label={_label(dept.title, None)}, style="rounded", color="#888888", fontsize=13'
                   f'{_url(link, "department", dept.id, dept.title, tips)}];')
        for role in hb.dept_roles(dept.id):
            out.append(f"{_q(role.id)} [label={_label(role.title)}{_url(link, 'role', role.id, role.title, tips)}];")
        for child in hb.children(dept.id):
            cluster(child.id, depth + 1)
        out.append("}")

    tops = [top] if top else [d.id for d in hb.children(None)]
    for t in tops:
        cluster(t, 0)
    drawn = None
    if top:
        inside, queue = set(), [top]
        while queue:
            d = queue.pop()
            inside.add(d)
            queue += [c.id for c in hb.children(d)]
        drawn = {r.id for r in hb.roles.values() if r.department in inside}
    for role in hb.roles.values():
        if role.reports_to and (drawn is None or (role.id in drawn and role.reports_to in drawn)):
            out.append(f"{_q(role.reports_to)} -> {_q(role.id)};")
    out.append("}")
    return tips.fill(_dot("\n".join(out)))


def flowchart_svg(hb: Handbook, proc: Procedure, labels: Labels, link: Link | None = None, wrap: int = 16,
                  ranksep: float = 0.35) -> str:
    """Steps in order, one swimlane (cluster) per actor (the step's first actor);
    approvals as diamonds with approve / reject branches (a rejection returns to
    `reject_to`, or ends the procedure); skippable or conditional steps dashed,
    with a dotted "skip" edge around them; the next procedure as a link node.
    `wrap`: the width of a step's label in Chinese characters; `ranksep`: the space
    between rows, in inches (the printed manual draws tighter charts, to print larger)."""
    on_reject, on_approve = _label(labels.on_reject, None), _label(labels.on_approve, None)
    tips = _Tooltips()
    out = [
        "digraph flow {",
        f'graph [rankdir=TB, fontname="{FONT}", fontsize=11, nodesep=0.3, ranksep={ranksep}, newrank=true];',
        f'node [fontname="{FONT}", fontsize=10, margin="0.16,0.08"];',
        f'edge [fontname="{FONT}", fontsize=9, color="#444444"];',
        f'start [shape=oval, label={_label(labels.start, None)}];',
        f'end [shape=oval, label={_label(labels.end, None)}];',
    ]
    lanes: dict[str, list[str]] = {}
    for n, step in enumerate(proc.steps, 1):
        lanes.setdefault(step.actor[0], []).append(f"s{n}")
    for lane, nodes in lanes.items():
        role = hb.roles[lane]
        out.append(f"subgraph {_q('cluster_' + lane)} {{")
        out.append(f'graph [label={_label(role.title, None)}, style="filled", fillcolor="#f4f6f8", color="#c8ccd0"'
                   f'{_url(link, "role", role.id, role.title, tips)}];')
        for node in nodes:
            n = int(node[1:])
            step = proc.steps[n - 1]
            text = f"{n}. {step.action}"
            extra = ""
            if len(step.actor) > 1:
                text += "（" + "、".join(hb.roles[a].title for a in step.actor) + "）"
            if step.skippable or step.condition:
                note = step.condition or labels.skippable
                text += f"\n[{note}]"
                extra = ', style="dashed,rounded"'
            else:
                extra = ', style="rounded"'
            out.append(f"{node} [shape=box, label={_label(text, wrap)}{extra}];")
        out.append("}")
    # The edge into each step, so that a skip edge leaves from the same place.
    previous, approved = "start", ""
    last = len(proc.steps)
    after_last = "next" if proc.next else "end"
    for n, step in enumerate(proc.steps, 1):
        node = f"s{n}"
        out.append(f"{previous} -> {node}{approved};")
        skip_from = previous
        previous, approved = node, ""
        if step.approval:
            decision = f"d{n}"
            who = "、".join(hb.roles[r].title for r in step.approval.by)
            out.append(f"{decision} [shape=diamond, label={_label(labels.approval + '：' + who, 10 * wrap // 16)}];")
            out.append(f"{node} -> {decision};")
            if step.approval.reject_to:
                # A rejection points to a "back to step N" marker beside the diamond, not a
                # loop back up the chart: with several approvals the loops crossed the lanes
                # and widened the chart by half (SC-001: 900 px -> 620 px).
                back = f"r{n}"
                out.append(f"{back} [shape=box, style=\"rounded,dashed\", color=\"#b03030\", fontcolor=\"#b03030\", "
                           f"label={_label(labels.back_to_step.format(n=step.approval.reject_to), None)}];")
                out.append(f"{{rank=same; {decision}; {back}}}")
                out.append(f'{decision} -> {back} [label={on_reject}, style=dashed, color="#b03030"];')
            else:
                out.append(f'{decision} -> end [label={on_reject}, style=dashed, color="#b03030"];')
            previous, approved = decision, f' [label={on_approve}, color="#2e7d32"]'
        if step.skippable:
            target = f"s{n + 1}" if n < last else after_last
            out.append(f"{skip_from} -> {target} [label={_label(labels.skippable, None)}, style=dotted, "
                       "constraint=false];")
    if proc.next:
        nxt = hb.procedures[proc.next]
        text = labels.next_procedure + "：" + nxt.code + " " + nxt.title
        out.append(f'next [shape=cds, label={_label(text, 14)}{_url(link, "procedure", nxt.id, text, tips)}];')
        out.append(f"{previous} -> next{approved};")
        out.append("next -> end;")
    else:
        out.append(f"{previous} -> end{approved};")
    out.append("}")
    return tips.fill(_dot("\n".join(out)))


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height of a Graphviz SVG, in points."""
    m = re.search(r'<svg\b[^>]*?\bwidth="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if not m:
        raise ValueError("not a Graphviz SVG")
    return float(m[1]), float(m[2])
