"""The draft handbook the recognisers fill: entities by title, before ids and YAML.

Each entity keeps the pieces of source text it was made from, so that the
report can say where every paragraph went. Ids are given later (ids.py), once
everything is known, and the writer turns the entities into YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cutting import Piece
from .patterns import rhythm


def clean(text: str) -> str:
    """One item's text: spaces made single, trailing separators off."""
    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(r"^[、，,；;：:。.\s]+", "", t)
    return re.sub(r"[；;，,、\s]+$", "", t).strip()


@dataclass(eq=False)
class Entity:
    title: str
    pieces: list[Piece] = field(default_factory=list)
    id: str = ""
    path: str = ""  # where it is written, relative to the project

    def take_heading(self, piece: Piece) -> None:
        """A heading is placed where its words are the entity's title (市场经理工作职责 ->
        role 市场经理); a heading such as 二、职责与权限 only says where its content went."""
        words = re.sub(r"[\s：:（）()]", "", piece.text)
        title = re.sub(r"[\s：:（）()]", "", self.title)
        if title and (title in words or words in title) and len(title) * 2 >= len(words):
            self.take(piece)
        elif piece not in self.pieces:
            self.pieces.append(piece)
            piece.leave("reason.heading_moved", to=self.title)

    def take(self, *pieces: Piece) -> None:
        for p in pieces:
            if p not in self.pieces:
                self.pieces.append(p)
            p.place(self)


@dataclass(eq=False)
class Department(Entity):
    mission: list[str] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    kpis: list[tuple[str, str]] = field(default_factory=list)  # (name, description)
    parent: "Department | None" = None
    head: "Role | None" = None
    default: bool = False  # made because the source named no department


@dataclass
class Duty:
    text: str
    frequency: str | None = None
    deadline: str | None = None

    @classmethod
    def of(cls, text: str) -> "Duty":
        freq, deadline = rhythm(text)
        return cls(clean(text), freq, deadline)


@dataclass(eq=False)
class Role(Entity):
    department: Department | None = None
    reports_to: "Role | None" = None
    reports_to_text: list[str] = field(default_factory=list)  # titles the text says it reports to
    headcount: int | None = None
    purpose: str = ""
    duties: list[Duty] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    education: str = ""
    experience: str = ""
    skills: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    kpis: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    code: str = ""  # 岗位编号, when the source gives one
    stub_where: str = ""  # a role only named in a procedure: where
    placeholder: bool = False

    @property
    def stub_where_text(self) -> str:
        return self.stub_where

    def add_duty(self, text: str) -> None:
        duty = Duty.of(text)
        if duty.text and all(d.text != duty.text for d in self.duties):
            self.duties.append(duty)


@dataclass(eq=False)
class Step:
    text: str  # as written, the actor still in it
    pieces: list[Piece]
    action: str = ""
    actors: list[Role] = field(default_factory=list)
    approvers: list[Role] = field(default_factory=list)
    produces: list["Form"] = field(default_factory=list)
    uses: list["Form"] = field(default_factory=list)
    frequency: str | None = None
    deadline: str | None = None
    unassigned: bool = False


@dataclass(eq=False)
class Procedure(Entity):
    code: str = ""
    owner: Department | None = None
    owner_text: str = ""
    purpose: str = ""
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    next: "Procedure | None" = None
    next_text: str = ""
    generated_code: bool = False
    doc_department: str | None = None
    node: object = None


@dataclass(eq=False)
class Form(Entity):
    owner: Department | None = None
    mentions: list[str] = field(default_factory=list)
    filled_by: list[Role] = field(default_factory=list)


@dataclass(eq=False)
class Article:
    text: str
    pieces: list[Piece]
    id: str = ""


@dataclass
class Chapter:
    title: str
    articles: list[Article] = field(default_factory=list)


@dataclass(eq=False)
class Policy(Entity):
    chapters: list[Chapter] = field(default_factory=list)
    owner: Department | None = None
    order: int = 100


@dataclass
class Measure:
    type: str
    amount: float | None = None
    per: str = ""
    note: str = ""


@dataclass(eq=False)
class Sanction(Entity):
    kind: str = "penalty"
    measures: list[Measure] = field(default_factory=list)
    policy: Policy | None = None
    article: Article | None = None
    roles: list[Role] = field(default_factory=list)


@dataclass(eq=False)
class Term(Entity):
    full: str = ""
    definition: str = ""


@dataclass
class Draft:
    departments: list[Department] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    sanctions: list[Sanction] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    lang: str = "zh-CN"
    handbook_title: str = ""
    handbook_title_piece: Piece | None = None
    company_name: str = ""
    dates: list[str] = field(default_factory=list)
    warnings: list[tuple[Entity, str, str, dict]] = field(default_factory=list)  # (entity, message, hint, fields)

    # ---------------------------------------------------------------- lookups

    def department(self, title: str, create: bool = True) -> Department | None:
        key = _key(title)
        for d in self.departments:
            if _key(d.title) == key:
                return d
        if not create:
            return None
        d = Department(title)
        self.departments.append(d)
        return d

    def role(self, title: str, create: bool = True) -> Role | None:
        key = _key(title)
        for r in self.roles:
            if _key(r.title) == key:
                return r
        if not create:
            return None
        r = Role(title)
        self.roles.append(r)
        return r

    def form(self, title: str) -> Form:
        for f in self.forms:
            if _key(f.title) == _key(title):
                return f
        f = Form(title)
        self.forms.append(f)
        return f

    def term(self, term: str) -> Term | None:
        return next((t for t in self.terms if t.title.casefold() == term.casefold()), None)

    def warn(self, entity: Entity, message: str, hint: str, **fields) -> None:
        self.warnings.append((entity, message, hint, fields))

    def role_titles(self) -> list[str]:
        return sorted((r.title for r in self.roles if not r.placeholder), key=len, reverse=True)


def _key(title: str) -> str:
    """Titles compared without brackets, spaces or 的: 市场部副经理（助理） = 市场部副经理(助理)."""
    return re.sub(r"[\s（）()]", "", title).replace("的", "")
