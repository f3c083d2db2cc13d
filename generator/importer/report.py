"""import-report.md: what became what, what to complete, and every paragraph left out.

The report accounts for every paragraph of the source: each piece of text was
either written into a YAML file (the map at the end says which) or is listed
with the reason it was left out. Text from the documents is escaped for
Markdown and HTML, so a report shown by a Git host renders it as text.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from .draft import Draft
from .messages import text as say
from .outline import Piece


def _md(text: str, limit: int = 0) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    if limit and len(t) > limit:
        t = t[:limit] + "…"
    t = html.escape(t, quote=False)
    return re.sub(r"([\\`*_\[\]|#~!])", r"\\\1", t)


def write_report(draft: Draft, sources: list[str], read_as: list[str], paragraphs: list[int],
                 pieces: list[list[Piece]], counts: list[tuple[str, int, str]], warnings: list[str],
                 kept: list[tuple[str, str, int]], lang: str, today: dt.date, notes: list[str] = ()) -> str:
    L = lambda key, **kw: say(key, lang, **kw)  # noqa: E731
    out: list[str] = [f"# {L('report.title')}", "", L("report.intro", date=today.isoformat()), ""]

    out += [f"## {L('report.sources')}", "",
            f"| {L('report.col_file')} | {L('report.col_read')} | {L('report.col_paragraphs')} |", "| --- | --- | --- |"]
    for name, how, n in zip(sources, read_as, paragraphs):
        out.append(f"| {_md(name)} | {_md(how)} | {n} |")
    out.append("")
    out += [f"- {_md(note)}" for note in notes]
    if notes:
        out.append("")

    out += [f"## {L('report.counts')}", "", f"| {L('report.col_kind')} | {L('report.col_count')} | "
            f"{L('report.col_written')} |", "| --- | --- | --- |"]
    for kind, n, where in counts:
        out.append(f"| {L('report.kind.' + kind)} | {n} | {_md(where)} |")
    out.append("")

    out += [f"## {L('report.created')}", ""]
    sections = [("department", draft.departments, lambda d: L("count.duty", n=len(d.duties))
                 + (L("list.sep") + L("count.kpi", n=len(d.kpis)) if d.kpis else "")),
                ("role", draft.roles, lambda r: L("count.duty", n=len(r.duties))
                 + (L("list.sep") + L("count.kpi", n=len(r.kpis)) if r.kpis else "")),
                ("procedure", draft.procedures, lambda p: f"{p.code}{L('list.sep')}{L('count.step', n=len(p.steps))}"),
                ("form", draft.forms, lambda f: "；".join(f.mentions[:3])),
                ("policy", draft.policies, lambda p: L("count.article", n=sum(len(c.articles) for c in p.chapters))),
                ("sanction", draft.sanctions, lambda s: L("list.sep").join(
                    L("measure." + m.type) + (f" {m.amount:g}" if m.amount is not None else "") for m in s.measures)),
                ("term", draft.terms, lambda t: t.definition)]
    for kind, items, details in sections:
        if not items:
            continue
        out += [f"### {L('report.kind.' + kind)}", "",
                f"| {L('report.col_title')} | id | {L('report.col_details')} | {L('report.col_from')} |",
                "| --- | --- | --- | --- |"]
        for e in items:
            nos = sorted({(p.file, p.no) for p in e.pieces})
            where = ", ".join(f"{sources[f] if len(sources) > 1 else ''}¶{n}".strip() for f, n in nos[:8])
            if len(nos) > 8:
                where += " …"
            out.append(f"| {_md(e.title, 60)} | `{e.id}` | {_md(details(e), 80)} | {_md(where)} |")
        out.append("")

    out += [f"## {L('report.warnings')}", ""]
    out += [f"- {_md(w)}" for w in warnings] or ["-"]
    out.append("")

    for rel, yaml_text, n in kept:
        out += [f"## {L('report.manual_merge')}: {_md(rel)}", "", L("report.manual_merge_intro", path=rel), "",
                "```yaml", yaml_text.replace("```", "` ` `").rstrip(), "```", ""]

    out += [f"## {L('report.left_out')}", ""]
    left = [(f, p) for f, ps in enumerate(pieces) for p in ps if not p.placed]
    if not left:
        out += [L("report.none_left"), ""]
    else:
        out += [f"| {L('report.col_file')} | {L('report.col_no')} | {L('report.col_text')} | {L('report.col_reason')} |",
                "| --- | --- | --- | --- |"]
        for f, p in left:
            key, fields = p.reason or ("reason.nowhere", {})
            out.append(f"| {_md(sources[f])} | {p.no} | {_md(p.full, 200)} | {_md(L(key, **fields))} |")
        out.append("")

    out += [f"## {L('report.map')}", "", L("report.map_intro"), "",
            f"| {L('report.col_file')} | {L('report.col_no')} | {L('report.col_to')} |", "| --- | --- | --- |"]
    for f, ps in enumerate(pieces):
        by_no: dict[int, list[str]] = {}
        for p in ps:
            targets = by_no.setdefault(p.no, [])
            for e in p.placed:
                path = getattr(e, "path", "")
                if path and path not in targets:
                    targets.append(path)
            if not p.placed and "—" not in targets:
                targets.append("—")
        for no, targets in by_no.items():
            out.append(f"| {_md(sources[f])} | {no} | {_md(', '.join(targets))} |")
    out.append("")
    return "\n".join(out)
