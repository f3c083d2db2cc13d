"""`handbook new KIND ID`: one new file of a kind (role, department, procedure, form,
policy) in its folder, with the required keys filled so that `check` passes as it is.

The id follows the rules of every id (source/model.py) and is new among its kind. What a
file must name is chosen from the handbook and said in its comments and by the command:
the department of a role, form, procedure or policy (`--department`, else the first top
department as the site lists them: by order, then id), a role's supervisor (its
department's head), a procedure's first actor (the head, else the department's first
role); a department's parent only with `--department`. Codes continue the kind's
numbering (XS-001 -> XS-002). The template is site_config/starter/<language>/new/<kind>.yml,
or the project's own copy at the same place under its site_config/; the language is the
handbook's.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic_core import PydanticCustomError

from ..errors import BuildError, HandbookError, Location, error
from ..messages import current, msg, render as wording
from ..project import Project
from ..resources import Resources
from ..source import model, schema
from ..source.load import Source, _validate, load
from ..source.yaml_reader import YamlError, read
from .files import Plan, render

KINDS = ("role", "department", "procedure", "form", "policy")
FOLDERS = {kind: folder for folder, (kind, _) in model.FOLDER_KINDS.items()}
CLASSES = {kind: cls for _, (kind, cls) in model.FOLDER_KINDS.items()}


@dataclass
class Created:
    path: str  # relative to the project
    department: str | None = None  # the department (a department's parent) filled in
    department_chosen: bool = False  # given with --department
    reports_to: str | None = None
    actor: str | None = None
    schemas: int = 0  # files of .schemas/ refreshed


def new(root: Path, kind: str, new_id: str, department: str | None = None, title: str | None = None) -> Created:
    project = Project.at(root)
    if not project.handbook_dir.is_dir():
        raise HandbookError([error(Location("handbook"), msg("load.no_handbook"), msg("hint.run_init"))])
    _check_id(new_id)
    src = load(project.root)
    _refuse_existing(project, src, kind, new_id)
    language = src.company.item.locale if src.company else current()

    departments = [e.item for e in src.of_kind("department")]
    roles = [e.item for e in src.of_kind("role")]
    created = Created(f"{FOLDERS[kind]}/{new_id}.yml")
    if department is not None:
        _known(department, [d.id for d in departments], "department")
        created.department, created.department_chosen = department, True
    elif kind != "department":
        if not departments:
            raise BuildError(msg("new.no_department", kind=msg(f"kind.{kind}")))
        top = [d for d in departments if d.parent is None] or departments
        created.department = min(top, key=lambda d: (d.order, d.id)).id  # first as the site lists them
    values = {"id": new_id, "department": created.department, "department_chosen": created.department_chosen,
              "parent": created.department if kind == "department" else None,
              "code": _next_code(kind, src, created.department, new_id),
              "reports_to": None, "role": None, "role_is_head": False}
    head = next((d.head for d in departments if d.id == created.department), None)
    head = head if head in {r.id for r in roles} else None
    if kind == "role" and head:
        values["reports_to"] = created.reports_to = head
    if kind == "procedure":
        if not roles:
            raise BuildError(msg("new.no_role"))
        own = [r for r in roles if r.department == created.department]
        values["role"] = created.actor = head or (own or roles)[0].id
        values["role_is_head"] = head is not None
    values["title"] = title.strip() if title is not None else \
        wording(msg("new.placeholder_title", kind=msg(f"kind.{kind}"), id=new_id), language)

    text = render(Resources(project), f"{language}/new/{kind}.yml", **values)
    _validate_text(text, created.path, CLASSES[kind])
    plan = Plan(project.root)
    plan.add(created.path, text)
    plan.write()
    created.schemas = len(schema.refresh(project.root))
    return created


def _check_id(value: str) -> None:
    """The id rules of every id (model.check_slug), said about the command's argument."""
    try:
        model.check_slug(value)
    except PydanticCustomError as exc:
        ctx = exc.context or {}
        details = {k: v for k, v in ctx.items() if k not in ("value", "reason", "meant")}
        problem = msg("id.invalid", value=ctx.get("value", value), reason=msg(ctx["reason"], **details))
        meant = ctx.get("meant") or unicodedata.normalize("NFKC", value).strip().lower().replace(" ", "-").replace("_", "-")
        if meant != value and model.SLUG.match(meant) and len(meant) <= 64 and meant not in model.RESERVED_IDS:
            raise BuildError(msg("new.bad_id", problem=problem, hint=msg("hint.did_you_mean", value=meant))) from None
        raise BuildError(msg("new.bad_id", problem=problem, hint=msg("hint.id_example"))) from None


def _refuse_existing(project: Project, src: Source, kind: str, new_id: str) -> None:
    for e in src.of_kind(kind):
        if e.item.id == new_id:
            raise HandbookError([error(e.locate("id"), msg("new.exists", kind=msg(f"kind.{kind}"), id=new_id),
                                       msg("hint.new_other_id"))])
    folder = project.root / FOLDERS[kind]
    for suffix in (".yml", ".yaml", ".YML", ".YAML"):
        path = folder / f"{new_id}{suffix}"
        if path.exists() or path.is_symlink():
            raise HandbookError([error(Location(f"{FOLDERS[kind]}/{path.name}"),
                                       msg("new.exists", kind=msg(f"kind.{kind}"), id=new_id), msg("hint.new_other_id"))])
    if new_id in src.broken_ids.get(kind, ()):  # a file of another name that did not load says `id: <new_id>`
        raise HandbookError([error(Location(FOLDERS[kind]), msg("new.exists", kind=msg(f"kind.{kind}"), id=new_id),
                                   msg("hint.new_other_id"))])


def _known(value: str, known: list[str], kind: str) -> None:
    if value in known:
        return
    close = difflib.get_close_matches(value, known, n=1)
    hint = msg("hint.did_you_mean", value=close[0]) if close else msg("hint.known_ids", kind=msg(f"kind.{kind}"),
                                                                       ids=known or ["-"])
    raise BuildError(msg("new.unknown", kind=msg(f"kind.{kind}"), id=value, hint=hint))


_CODE = re.compile(r"^(.*?)(\d+)$")


def _next_code(kind: str, src: Source, department: str | None, new_id: str) -> str:
    """The next code of the kind's numbering (a role's among its department's roles):
    the most used prefix, its highest number plus one, as wide; else the id in capitals."""
    entries = [e.item for e in src.of_kind(kind) if hasattr(e.item, "code")]
    if kind == "role" and department:
        entries = [r for r in entries if r.department == department] or entries
    numbered: dict[str, list[str]] = {}
    for item in entries:
        found = _CODE.match(item.code)
        if found:
            numbered.setdefault(found.group(1), []).append(found.group(2))
    if not numbered:
        return new_id.upper()
    prefix = max(numbered, key=lambda p: (len(numbered[p]), p))
    numbers = numbered[prefix]
    width = max(len(n) for n in numbers)
    taken = {e.item.code for e in src.of_kind(kind)}
    n = max(int(x) for x in numbers) + 1
    while f"{prefix}{n:0{width}d}" in taken:
        n += 1
    return f"{prefix}{n:0{width}d}"


def _validate_text(text: str, rel: str, cls) -> None:
    """The file as `check` will read it: a title that YAML or the model refuses is said
    at its place before anything is written."""
    try:
        doc, _ = read(text.encode("utf-8"), rel)
    except YamlError as exc:
        raise HandbookError([exc.diagnostic]) from None
    src = Source(Path("."))
    if _validate(cls, doc, (), src) is None:
        raise HandbookError(src.diagnostics)
