"""`handbook import FILE… [--into DIR] [--force]`: the pipeline, stage by stage.

read -> normalise -> leave out boilerplate -> outline -> recognise (organisation,
procedures, glossary, policies, rewards and penalties, forms) -> ids -> YAML ->
check on a staging copy -> write the files and import-report.md. Nothing is
written unless every file could be read and the draft passes `handbook check`.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import boilerplate, project, target
from .draft import Draft, Role
from .emit import assign_ids, emit, sanctions_yaml, terms_yaml
from .forms import recognise_forms
from .glossary import recognise_glossary
from .messages import Refusal, normalise_lang, text
from .normalize import Normalised, normalise
from .organisation import recognise_sections, recognise_sentences, resolve_organisation
from .cutting import Piece, pieces_of
from .outline import Document, outline
from .policies import policy_title, recognise_policies
from .procedures import recognise_procedures, resolve_steps
from .report import write_report
from .sanctions import recognise_sanctions
from .sources import read_source


@dataclass
class Result:
    root: Path
    written: list[str]
    report: str
    draft: Draft
    pieces: list[list[Piece]]
    warnings: list[str]


def run(files: list[str], into: str, force: bool = False, lang: str | None = None,
        out=sys.stdout, err=sys.stderr) -> int:
    """The command: 0 when the draft was written, 1 (one line on stderr) when not."""
    root = Path(into)
    lang = normalise_lang(lang or target.project_locale(root))
    try:
        result = import_files([Path(f) for f in files], root, force=force, lang=lang)
    except Refusal as exc:
        print(f"error: {exc.message(lang)}", file=err)
        return 1
    for w in result.warnings:
        print(w, file=err)
    c = _counts(result.draft)
    counts = text("list.sep", lang).join(text(f"count.{k}", lang, n=n) for k, n, _ in c if n)
    print(text("done.summary", lang, files=len(result.written), dir=str(root), counts=counts), file=out)
    left = sum(1 for ps in result.pieces for p in ps if not p.placed)
    print(text("done.report", lang, report=str(root / result.report), left=left), file=out)
    return 0


def import_files(paths: list[Path], root: Path, force: bool, lang: str) -> Result:
    # read everything first: one file that cannot be imported stops the import
    normalised: list[Normalised] = [normalise(read_source(p)) for p in paths]
    for n in normalised:
        _printable_only(n)
    names = [n.source.name for n in normalised]
    short = [Path(n).name for n in names]
    pieces, docs = [], []
    for i, n in enumerate(normalised):
        ps = _pieces(n, i)
        if not any(not p.reason for p in ps):
            if not any(re.search(r"[\u4e00-\u9fff]", p.text) for p in n.paragraphs):
                what = "空白" if lang != "en" else "blank lines"
                raise Refusal("err.no_text", file=n.source.name, what=_what(n, lang) or what)
            raise Refusal("err.only_boilerplate", file=n.source.name)
        cjk = sum(len(re.findall(r"[\u4e00-\u9fff]", p.text)) for p in ps if not p.reason)
        if cjk < 8:
            raise Refusal("err.no_text", file=n.source.name, what=_what(n, lang))
        pieces.append(ps)
        docs += outline([p for p in ps if not p.reason], i)

    draft = Draft(lang=lang)
    file_titles = [_file_title(docs, i, short[i]) for i in range(len(normalised))]
    _handbook_title(draft, docs, file_titles)
    recognise_sections(docs, draft)
    recognise_procedures(docs, draft)
    recognise_sentences(docs, draft)
    resolve_organisation(draft)
    resolve_steps(draft)
    _placeholders(draft, lang)
    recognise_glossary(docs, draft)
    recognise_policies(docs, draft, lang, file_titles)
    recognise_sanctions(draft)
    recognise_forms(draft, lang)
    _owners(draft)
    _company(draft, normalised)

    existing = project.is_existing_project(root)
    project.prepare(root)
    assign_ids(draft, target.existing_ids(root) if existing and not force else {})
    write_sanctions = force or not (root / target.SANCTIONS).exists()
    write_glossary = force or not (root / target.GLOSSARY).exists()
    effective = _effective(draft)
    output = emit(draft, lang, short, new_project=not existing or (force and not (root / target.COMPANY).exists())
                  and not (root / target.COMPANY).exists(), write_sanctions=write_sanctions,
                  write_glossary=write_glossary, effective=effective)
    for rel, text_ in output.files.items():
        data, problem = target.parse(text_, rel)
        if problem:
            raise Refusal("err.draft_invalid", first=problem)
    errors, check_warnings = project.staged_check(root, output.files, existing)
    if errors:
        raise Refusal("err.draft_invalid", first=errors[0])

    warnings = [_located(output.files, rel, path, message, hint) for rel, path, message, hint in output.warnings]
    ours = set(output.files)
    warnings += [w for w in check_warnings if w.split(":", 1)[0] in ours and w not in warnings]
    kept = []
    if draft.sanctions and not write_sanctions:
        kept.append((target.SANCTIONS, sanctions_yaml(draft), len(draft.sanctions)))
    if draft.terms and not write_glossary:
        kept.append((target.GLOSSARY, terms_yaml(draft), len(draft.terms)))
    for rel, _, n in kept:
        warnings.append(f"{rel}:1:1: warning: {text('done.kept_existing', lang, path=rel, count=n)}")

    notes = [f"{text(key, lang, **fields)}" for n in normalised for key, fields in n.source.notes]
    report_rel = project.report_name(root, force)
    report = write_report(draft, short, [n.read_as(lang) for n in normalised],
                          [len(n.paragraphs) for n in normalised], pieces, _counts(draft), warnings, kept,
                          lang, dt.date.today(), notes=notes)
    written = project.write(root, {**output.files, report_rel: report}, force)
    return Result(root, written, report_rel, draft, pieces, notes + warnings)


# ------------------------------------------------------------------ stages


def _printable_only(n: Normalised) -> None:
    """Characters no font here has (a rare character outside the common range, a symbol)
    are removed, and counted: the PDFs could not print them."""
    chars = {c for p in n.paragraphs for c in p.text if ord(c) > 0x7f}
    bad = target.unprintable(chars)
    if not bad:
        return
    dropped = 0
    for p in n.paragraphs:
        kept = "".join(c for c in p.text if c not in bad)
        dropped += len(p.text) - len(kept)
        p.text = kept
    n.dropped += dropped
    n.source.notes = [x for x in n.source.notes if x[0] != "note.dropped_chars"]
    n.source.notes.append(("note.dropped_chars", {"file": n.source.name, "count": n.dropped}))


def _pieces(n: Normalised, index: int) -> list[Piece]:
    """The source's pieces, those that are not part of the manual given their reason."""
    out: list[Piece] = []
    content = []
    tail = False
    total = len(n.paragraphs)
    for k, para in enumerate(n.paragraphs):
        reason = boilerplate.paragraph_reason(para.text, k, total)
        if tail and reason is None:
            reason = "reason.related"
        if boilerplate.is_tail_marker(para.text):
            tail, reason = True, "reason.related"
        if reason:
            p = Piece(index, para.no, para.text)
            p.reason = (reason, {})
            out.append(p)
            continue
        content.append(para)
    for p in pieces_of(content, index):
        r = boilerplate.piece_reason(p)
        if r:
            p.reason = (r, {})
        elif boilerplate.is_date_line(p.text):
            p.reason = ("reason.date", {})
        out.append(p)
    out.sort(key=lambda p: p.no)
    return out


def _what(n: Normalised, lang: str) -> str:
    sample = " ".join(p.text for p in n.paragraphs)[:40]
    return f"“{sample}”" if sample else ""


def _file_title(docs: list[Document], i: int, name: str) -> str:
    first = next((d for d in docs if d.file == i), None)
    if first and first.title:
        return policy_title(first.title_text)
    return re.sub(r"\.[A-Za-z0-9]+$", "", name)


def _handbook_title(draft: Draft, docs: list[Document], file_titles: list[str]) -> None:
    """The first file's first title names the handbook; a title with nothing under it
    (a web page's heading before its documents) is used for that."""
    first = next((d for d in docs if d.file == 0), None)
    if first and first.title:
        draft.handbook_title = policy_title(first.title_text)
        if not first.nodes:
            draft.handbook_title_piece = first.title
            first.title.reason = ("reason.title", {})
    else:
        draft.handbook_title = file_titles[0] if file_titles else ""


def _placeholders(draft: Draft, lang: str) -> None:
    """Steps without an actor are held by one placeholder role; roles only named in a
    procedure say which."""
    placeholder: Role | None = None
    for proc in draft.procedures:
        where = text("yaml.where_step", lang, procedure=proc.title)
        for step in proc.steps:
            for r in step.actors + step.approvers:
                if r.stub_where == "procedure":
                    r.stub_where = where
                if r.department is None and proc.owner is not None:
                    r.department = proc.owner
            if step.unassigned:
                if placeholder is None:
                    placeholder = draft.role(text("yaml.placeholder_role", lang))
                    placeholder.placeholder = True
                    placeholder.department = proc.owner
                step.actors = [placeholder]
    for r in draft.roles:
        if r.department is None:
            from .departments import default_department
            from .organisation import department_for

            r.department = department_for(draft, r.title, None) or default_department(draft)


def _owners(draft: Draft) -> None:
    from .departments import default_department as _default

    main = next((d for d in draft.departments if not d.default), None)
    for proc in draft.procedures:
        if proc.owner is None:
            actor_dept = next((a.department for s in proc.steps for a in s.actors if a.department), None)
            proc.owner = actor_dept or main or _default(draft)
    for form in draft.forms:
        if form.owner is None:
            form.owner = (form.filled_by[0].department if form.filled_by else None) or main or _default(draft)
    for dept in draft.departments:
        if dept.head is not None and dept.head not in draft.roles:
            dept.head = None


_COMPANY = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团))")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{2})-(\d{2})")


def _company(draft: Draft, normalised: list[Normalised]) -> None:
    counts: dict[str, int] = {}
    for n in normalised:
        for p in n.paragraphs:
            for m in _COMPANY.finditer(p.text):
                name = re.sub(r"^(?:本|我|贵|由|为|是|在|与|和|及)", "", m.group(1))
                if len(name) >= 4 and not name.startswith(("某", "公司", "本公司", "一家")):
                    counts[name] = counts.get(name, 0) + 1
            for m in _DATE.finditer(p.text):
                y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
                try:
                    date = dt.date(int(y), int(mo), int(d))
                except ValueError:
                    continue
                if 1990 <= date.year <= 2099:
                    draft.dates.append(date.isoformat())
    if counts:
        draft.company_name = max(counts, key=counts.get)


def _effective(draft: Draft) -> dt.date:
    return dt.date.fromisoformat(max(draft.dates)) if draft.dates else dt.date.today()


def _counts(draft: Draft) -> list[tuple[str, int, str]]:
    return [
        ("department", len(draft.departments), "handbook/departments/"),
        ("role", len(draft.roles), "handbook/roles/"),
        ("duty", sum(len(r.duties) for r in draft.roles), "handbook/roles/"),
        ("procedure", len(draft.procedures), "handbook/procedures/"),
        ("step", sum(len(p.steps) for p in draft.procedures), "handbook/procedures/"),
        ("form", len(draft.forms), "forms/"),
        ("policy", len(draft.policies), "handbook/policies/"),
        ("article", sum(len(c.articles) for p in draft.policies for c in p.chapters), "handbook/policies/"),
        ("sanction", len(draft.sanctions), target.SANCTIONS),
        ("kpi", sum(len(d.kpis) for d in draft.departments) + sum(len(r.kpis) for r in draft.roles),
         "handbook/departments/, handbook/roles/"),
        ("term", len(draft.terms), target.GLOSSARY),
    ]


def _located(files: dict[str, str], rel: str, path: tuple, message: str, hint: str) -> str:
    line, col = target.locate(files[rel], rel, path) if rel in files else (1, 1)
    return f"{rel}:{line}:{col}: warning: {message}" + (f" (hint: {hint})" if hint else "")
