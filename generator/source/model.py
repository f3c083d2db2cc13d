"""The YAML schema, as typed models: one documented attribute per key.

These are the *source* types, what HR writes. Cross references are plain ids
marked with `Ref("kind")`; checks/references.py checks them and handbook.py resolves them into the
`Handbook` that renderers use. `handbook schema` prints the JSON Schema of
these models so that an editor completes and checks keys while HR types.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .yaml_reader import printable

# --------------------------------------------------------------------------- ids

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Names Windows refuses as files: an id becomes a file name in pdf/<kind>/<id>.pdf.
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
# `index` names the list page of each folder (roles/index.html): an entity with that id
# would silently replace the list.
RESERVED_IDS = WINDOWS_DEVICES | {"index"}


# Letters of other scripts that look like Latin ones: an id typed with one of them looks
# right and matches nothing.
LOOKALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u", "ѵ": "v", "ԝ": "w", "ᴄ": "c",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
})


def _slug_problem(value: str) -> dict | None:
    """What is wrong with an id, for the characters HR cannot see or tell apart: a
    message key (`reason`) and its values, with the id as it was meant (`meant`) where
    there is one."""
    for col, c in enumerate(value, 1):
        category = unicodedata.category(c)
        code = f"U+{ord(c):04X}"
        if category == "Cc":
            return {"reason": "id.control", "code": code, "col": col}
        if category in ("Cf", "Zl", "Zp") or c in "\u00a0\u3000":
            return {"reason": "id.invisible", "code": code, "name": unicodedata.name(c, "?").lower(), "col": col,
                    "meant": "".join(x for x in value if unicodedata.category(x) not in ("Cf", "Cc", "Zl", "Zp")
                                     and x not in "\u00a0\u3000")}
    wide = unicodedata.normalize("NFKC", value)
    if wide != value and SLUG.match(wide.lower()):
        return {"reason": "id.fullwidth", "meant": wide.lower()}
    meant = value.translate(LOOKALIKES)
    if meant != value:
        col = next(i for i, (a, b) in enumerate(zip(value, meant), 1) if a != b)
        c = value[col - 1]
        return {"reason": "id.lookalike", "char": c, "code": f"U+{ord(c):04X}",
                "name": unicodedata.name(c, "?").lower(), "col": col, "meant": meant}
    return None


def _invalid_id(value: str, english: str, **ctx) -> PydanticCustomError:
    """The error of an invalid id; `ctx` names the catalogue's message for the reason."""
    return PydanticCustomError("slug", "invalid id '{value}': " + english, {"value": printable(value), **ctx})


def check_slug(value: str) -> str:
    if value.isascii() and len(value) <= 64 and SLUG.fullmatch(value) and value not in WINDOWS_DEVICES \
            and value not in RESERVED_IDS:
        return value  # nearly every id: what follows looks for what is wrong
    problem = _slug_problem(value)
    if problem:
        raise _invalid_id(value, "{reason}", **problem)
    if len(value) > 64:
        raise _invalid_id(value, "ids are at most 64 characters, this one has {n}", reason="id.too_long", n=len(value))
    if not SLUG.match(value):
        raise _invalid_id(value, "ids are lowercase ASCII letters, digits and '-', starting with a letter or digit",
                          reason="id.pattern")
    if value in WINDOWS_DEVICES:
        raise _invalid_id(value, "it is a reserved device name on Windows", reason="id.device")
    if value in RESERVED_IDS:
        raise _invalid_id(value, "it names the list page of the site", reason="id.reserved")
    return value


Slug = Annotated[str, AfterValidator(check_slug),
                 WithJsonSchema({"type": "string", "pattern": SLUG.pattern, "maxLength": 64})]


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to an entity of `kind` (checked in checks/references.py)."""

    kind: str

    def __get_pydantic_json_schema__(self, core_schema, handler):
        """The JSON Schema says which kind it names: `schema.py` lists the ids of that kind there."""
        return {**handler(core_schema), REF_KEY: self.kind}


REF_KEY = "x-handbook-ref"  # taken out of the JSON Schema again, or replaced by the known ids (schema.py)

DepartmentRef = Annotated[Slug, Ref("department")]
RoleRef = Annotated[Slug, Ref("role")]
ProcedureRef = Annotated[Slug, Ref("procedure")]
FormRef = Annotated[Slug, Ref("form")]
# An article is referenced as "<policy-id>.<article-id>".
ArticleRef = Annotated[str, Ref("article")]

Text = Annotated[str, Field(min_length=1)]
#: A name shown as one line or one box (a title, a field's label, a term): a paragraph
#: typed there (20 KB without a break) would be a chart label and a PDF heading that take
#: minutes to lay out, so it is refused at its place.
MAX_NAME = 200
Title = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]

# ------------------------------------------------------------------ dates and money

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DATE_RANGE = (dt.date(1970, 1, 1), dt.date(2099, 12, 31))


def _date_text(value: object) -> object:
    """Only YYYY-MM-DD: pydantic alone would also read `0` or `1721520000` as a Unix time."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError("date_format", "expected a date (YYYY-MM-DD)", {"value": value})
    return value


def _date_in_range(value: dt.date) -> dt.date:
    """A year such as 2204 is a typo; it would also break the build's reproducible timestamps."""
    if not DATE_RANGE[0] <= value <= DATE_RANGE[1]:
        raise PydanticCustomError("date_range", "date {value} is not between {low} and {high}",
                                  {"value": value.isoformat(), "low": DATE_RANGE[0].isoformat(),
                                   "high": DATE_RANGE[1].isoformat()})
    return value


Date = Annotated[dt.date, BeforeValidator(_date_text), AfterValidator(_date_in_range),
                 WithJsonSchema({"type": "string", "format": "date"})]


def _cents(value: float | None) -> float | None:
    """Money is counted in yuan and fen: 12.5 or 12.05, not 12.055."""
    if value is not None and abs(round(value, 2) - value) > 1e-9:
        raise PydanticCustomError("money", "amount {value} has more than two decimal places",
                                  {"value": repr(value)})
    return value
# One role or several: `actor: sales-manager` as well as `actor: [a, b]`.
RoleRefs = Annotated[list[RoleRef], BeforeValidator(lambda v: [v] if isinstance(v, str) else v,
                                                    json_schema_input_type=RoleRef | list[RoleRef])]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently drop a policy line."""

    # allow_inf_nan: `nan` or `inf` typed as a weight or an amount is a mistake, not a number
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


def text_or(cls: type[BaseModel]):
    """`cls`, or plain text standing for its `text` key: HR writes `- 负责客户开发`
    where no frequency or id is needed."""

    def convert(value: object) -> object:
        return {"text": value} if isinstance(value, str) else value

    return Annotated[cls, BeforeValidator(convert, json_schema_input_type=Text | cls)]


# ------------------------------------------------------------------ document control


class Signoff(Strict):
    """One line of 编制 / 审核 / 批准."""

    by: Text = Field(description="姓名或岗位 (name or position of the person)")
    date: Date | None = Field(None, description="日期, YYYY-MM-DD")


class DocumentControl(Strict):
    prepared: Signoff = Field(description="编制 (prepared by)")
    reviewed: Signoff = Field(description="审核 (reviewed by)")
    approved: Signoff = Field(description="批准 (approved by)")


class Revision(Strict):
    version: Text = Field(description="版本号, e.g. A/1 or 2.0")
    date: Date = Field(description="修订日期, YYYY-MM-DD")
    changes: list[Text] = Field(min_length=1, description="修订内容, one line per change")
    by: Text = Field(description="修订人")


class SignLine(Strict):
    """A line to sign at the foot of every 岗位说明书 (job description)."""

    label: Title = Field(description="签字栏名称, e.g. 任职者签字")
    date: bool = Field(True, description="带日期栏 (a date to write beside the signature)")


# A sign line, or its label alone: `- 任职者签字`.
SignLineOrLabel = Annotated[SignLine, BeforeValidator(lambda v: {"label": v} if isinstance(v, str) else v,
                                                      json_schema_input_type=Text | SignLine)]


class Company(Strict):
    """handbook/company.yml: the company and the handbook's document control."""

    name: Text = Field(description="公司名称")
    short_name: str | None = Field(None, description="公司简称")
    handbook_title: Title = Field(description="手册名称, e.g. 营销管理中心管理手册")
    document_code: Text = Field(description="文件编号, e.g. YX-GL-001")
    version: Text = Field(description="版本号")
    effective_date: Date = Field(description="生效日期, YYYY-MM-DD")
    locale: Literal["zh-CN", "en"] = Field("zh-CN", description="界面语言 (labels): zh-CN or en")
    description: str = Field("", description="手册简介, shown on the home page")
    control: DocumentControl = Field(description="编制 / 审核 / 批准")
    revisions: list[Revision] = Field(default_factory=list, description="修订记录, newest last")
    review_window_days: int = Field(
        30, ge=0, le=366, description="复核提醒天数: `check` warns this many days before a review_by date (and after it)")
    changes_since: Text | None = Field(
        None, description="变更比较基准 (base of the changes): a git revision (tag or commit) that the site's "
                          "本版变更 page and the role pages compare this version with; default: the previous "
                          "tagged version")
    job_description_signatures: list[SignLineOrLabel] | None = Field(
        None, description="岗位说明书签字栏: lines for the employee and the direct manager to sign, each a label "
                          "or {label, date}; default 任职者签字 and 直接上级签字 with dates; [] for none")


# ------------------------------------------------------------------ organisation


class Kpi(Strict):
    """A department KPI (考核指标)."""

    id: Slug | None = Field(None, description="optional id")
    name: Text = Field(description="指标名称")
    description: str = Field("", description="说明 / 计算方法")


class Department(Strict):
    """handbook/departments/<id>.yml: one department (部门)."""

    id: Slug
    title: Title = Field(description="部门名称")
    aliases: list[Text] = Field(default_factory=list, description="别名: other names people search for (俗称, 简称), e.g. 大客户部 for 大客户事业部")
    parent: DepartmentRef | None = Field(None, description="上级部门 id; none for the top")
    head: RoleRef | None = Field(None, description="部门负责人岗位 id")
    order: int = Field(100, description="sort order among siblings")
    mission: str = Field("", description="部门职能 / 使命")
    responsibilities: list[Text] = Field(default_factory=list, description="部门职责")
    kpis: list[Kpi] = Field(default_factory=list, description="部门考核指标")


class Frequency(str, Enum):
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    yearly = "yearly"
    as_needed = "as-needed"


class Duty(Strict):
    """A responsibility (工作职责); may recur with a frequency and deadline."""

    text: Text = Field(description="职责内容")
    frequency: Frequency | None = Field(None, description="频次: daily / weekly / monthly / quarterly / yearly / as-needed")
    deadline: str | None = Field(None, description="时限, e.g. 每周五 15:00 前")


class RoleKpi(Strict):
    name: Text = Field(description="考核指标")
    weight: float | None = Field(None, ge=0, le=100, description="权重 %, the weights of a role add up to 100")
    target: str = Field("", description="目标值")
    period: Literal["monthly", "quarterly", "yearly"] = Field("monthly", description="考核周期")


class Qualifications(Strict):
    education: str = Field("", description="学历")
    experience: str = Field("", description="工作经验")
    skills: list[Text] = Field(default_factory=list, description="知识与技能")
    other: list[Text] = Field(default_factory=list, description="其他要求")


class Relations(Strict):
    internal: list[Text] = Field(default_factory=list, description="内部协作关系")
    external: list[Text] = Field(default_factory=list, description="外部联系")


class Career(Strict):
    next_roles: list[RoleRef] = Field(default_factory=list, description="晋升方向 (role ids)")
    note: str = Field("", description="职业发展说明")


class OnboardingTask(Strict):
    text: Text = Field(description="入职任务")
    due: str = Field("", description="完成时间, e.g. 入职第一周")


class Role(Strict):
    """handbook/roles/<id>.yml: one role (岗位) and its job description."""

    id: Slug
    title: Title = Field(description="岗位名称")
    aliases: list[Text] = Field(default_factory=list, description="别名: other titles people search for, e.g. 业务代表 for 业务员")
    code: Text = Field(description="岗位编号, e.g. YX-SC-01")
    department: DepartmentRef = Field(description="所属部门 id")
    reports_to: RoleRef | None = Field(None, description="直接上级岗位 id")
    headcount: int = Field(1, ge=0, le=10000, description="定员")
    purpose: Text = Field(description="岗位目的")
    responsibilities: list[text_or(Duty)] = Field(
        default_factory=list, description="工作职责: text, or {text, frequency, deadline}")
    authority: list[Text] = Field(default_factory=list, description="工作权限")
    qualifications: Qualifications = Field(default_factory=Qualifications, description="任职资格")
    kpis: list[RoleKpi] = Field(default_factory=list, description="考核指标")
    relations: Relations = Field(default_factory=Relations, description="工作关系")
    career: Career = Field(default_factory=Career, description="职业发展")
    onboarding: list[text_or(OnboardingTask)] = Field(
        default_factory=list, description="入职任务")


# ------------------------------------------------------------------ procedures


class Approval(Strict):
    """An approval in a step: who decides, and what happens either way."""

    by: RoleRefs = Field(min_length=1, description="审批岗位 id(s)")
    on_approve: str = Field("", description="批准后 (what happens when approved)")
    on_reject: str = Field("", description="驳回后 (what happens when rejected)")
    reject_to: int | None = Field(None, ge=1, description="驳回时退回的步骤号 (step number to return to)")


class Schedule(Strict):
    frequency: Frequency = Field(description="频次")
    deadline: str = Field("", description="时限, e.g. 每月26日")


class Step(Strict):
    actor: RoleRefs = Field(min_length=1, description="执行岗位 id(s)")
    action: Text = Field(description="工作内容")
    produces: list[FormRef] = Field(default_factory=list, description="填写 / 编制的表单 id")
    uses: list[FormRef] = Field(default_factory=list, description="使用 / 审核的表单 id")
    consulted: list[RoleRef] = Field(default_factory=list, description="协助 / 会签岗位 id")
    approval: Approval | None = Field(None, description="审批")
    condition: str | None = Field(None, description="条件, e.g. 常规调研计划可跳过此环节")
    skippable: bool = Field(False, description="此环节可跳过")
    schedule: Schedule | None = Field(None, description="定期执行 (frequency, deadline)")


class Procedure(Strict):
    """handbook/procedures/<id>.yml: one procedure (流程)."""

    id: Slug
    code: Text = Field(description="流程代号, e.g. SC-001")
    title: Title = Field(description="流程名称")
    aliases: list[Text] = Field(default_factory=list, description="别名: other names people search for, e.g. 回款流程 for 收款操作流程")
    owner: DepartmentRef = Field(description="主管部门 id")
    purpose: str = Field("", description="目的")
    trigger: str = Field("", description="触发条件 / 开始时机")
    steps: list[Step] = Field(min_length=1, description="流程步骤, in order")
    notes: list[Text] = Field(default_factory=list, description="说明")
    next: ProcedureRef | None = Field(None, description="下一流程 id")
    review_owner: RoleRef | None = Field(
        None, description="复核负责人岗位 id: the role that reviews the procedure by review_by (owner is the department)")
    review_by: Date | None = Field(None, description="复核日期, YYYY-MM-DD: the procedure is to be reviewed by this date")


# ------------------------------------------------------------------ forms


class _FieldBase(Strict):
    id: Slug = Field(description="字段 id, the AcroForm field name")
    label: Title = Field(description="字段名称")
    required: bool = Field(False, description="必填")
    help: str = Field("", description="填写说明")
    width: Literal["full", "half", "third"] = Field("full", description="printed width")


# How much a single-line field should hold; the form gives it a wider cell when its width cannot.
Chars = Annotated[int | None, Field(
    None, ge=1, le=200,
    description="字数: how many characters the field should hold (a Chinese character counts one, "
                "a digit or Latin letter half); the form widens its cell, or gives it a row of its own, to fit")]


class TextField(_FieldBase):
    type: Literal["text"]
    chars: Chars


class MultilineField(_FieldBase):
    type: Literal["multiline"]
    lines: int = Field(3, ge=1, le=30, description="printed lines (at least two are drawn)")


class NumberField(_FieldBase):
    type: Literal["number"]
    unit: str = Field("", description="单位")
    chars: Chars


class MoneyField(_FieldBase):
    type: Literal["money"]
    currency: str = Field("元", description="货币单位")
    chars: Chars


class DateField(_FieldBase):
    type: Literal["date"]


class CheckboxField(_FieldBase):
    type: Literal["checkbox"]


class RadioField(_FieldBase):
    type: Literal["radio"]
    options: list[Text] = Field(min_length=2, description="选项")


class SelectField(_FieldBase):
    type: Literal["select"]
    options: list[Text] = Field(min_length=1, description="选项")


class Column(Strict):
    id: Slug
    label: Title
    type: Literal["text", "number", "money", "date"] = "text"
    width: float | None = Field(None, gt=0, le=100, description="width in % of the table")
    total: bool = Field(False, description="合计: a total row sums this column (number and money columns); "
                                           "viewers that run form scripts compute it")


MAX_ROWS = 60


def _rows(value: object) -> int | str:
    """A number of rows from 1 to MAX_ROWS, or `fill`: as many as the page holds."""
    if isinstance(value, str) and value.strip() == "fill":
        return "fill"
    number = value.strip() if isinstance(value, str) else value
    if isinstance(number, str) and number.isascii() and number.isdigit():
        number = int(number)
    if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= MAX_ROWS:
        return number
    shown = printable(str(value)) if value is not None else "nothing"
    raise PydanticCustomError("rows", "expected a number of rows from 1 to {high} or 'fill', found '{value}'",
                              {"high": MAX_ROWS, "value": shown[:40]})


Rows = Annotated[int | Literal["fill"], PlainValidator(_rows), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 1, "maximum": MAX_ROWS}, {"const": "fill"}]})]


class TableField(_FieldBase):
    type: Literal["table"]
    columns: list[Column] = Field(min_length=1, description="列")
    rows: Rows = Field(5, description="行数 (printed rows), or fill: as many as the page holds")
    numbered: bool = Field(True, description="print a 序号 column")


class SignatureField(_FieldBase):
    type: Literal["signature"]


# Every type of form field, once: the union below, the loader's messages and the
# presentation (present/formfields.py, which must cover each of them) are made from it.
FIELD_TYPES: tuple[type[_FieldBase], ...] = (
    TextField, MultilineField, NumberField, MoneyField, DateField, CheckboxField, RadioField,
    SelectField, TableField, SignatureField,
)


def field_type_name(cls: type[_FieldBase]) -> str:
    """The YAML `type` of a field model (its Literal)."""
    return typing.get_args(cls.model_fields["type"].annotation)[0]


FormField = Annotated[Union[FIELD_TYPES], Field(discriminator="type")]

#: The columns `handbook forms read` writes before a form's fields (file, form id, the
#: problems found): a field with one of these ids would give the CSV two columns of that
#: name. The AcroForm names the generator adds (`<table>.<row>.<column>`, `.total.`,
#: `<signature>.name` / `.date`) all sit below a field id, and ids hold no dot, so they
#: cannot collide with a field (checks/forms.py).
READBACK_COLUMNS = ("file", "form", "problems")


class Counterfoil(Strict):
    """存根联: a part below a cut line that the receiving department signs and keeps."""

    title: str = Field("存根联", description="存根标题")
    fields: list[Slug] = Field(min_length=1, description="ids of the form's fields repeated on the counterfoil")
    note: str = Field("", description="说明, e.g. 存根由本部门妥善保存")


class Form(Strict):
    """forms/<id>.yml: one form (表单)."""

    id: Slug
    code: Text = Field(description="表单编号")
    title: Title = Field(description="表单名称, without 《》")
    aliases: list[Text] = Field(default_factory=list, description="别名: other names people search for, e.g. 周报 for 周工作报告")
    version: Text = Field("A/0", description="版本")
    owner: DepartmentRef = Field(description="归口部门 id")
    purpose: str = Field("", description="用途")
    instructions: list[Text] = Field(default_factory=list, description="填写说明")
    filled_by: list[RoleRef] = Field(default_factory=list, description="填写岗位 id")
    fields: list[FormField] = Field(min_length=1, description="字段")
    counterfoil: Counterfoil | None = Field(None, description="存根联")
    copies: list[Text] = Field(default_factory=list, description="联次, e.g. [第一联 存根, 第二联 财务]")


# ------------------------------------------------------------------ policies, sanctions, glossary


class Article(Strict):
    id: Slug | None = Field(None, description="optional id, for references as <policy-id>.<article-id>")
    text: Text = Field(description="条文")
    effective: Date | None = Field(None, description="施行日期, YYYY-MM-DD: the article applies from this date")


class Chapter(Strict):
    title: Title = Field(description="章标题 (numbered 第一章 on output)")
    articles: list[text_or(Article)] = Field(
        min_length=1, description="条文 (numbered 第一条 on output, across the policy)")


class Policy(Strict):
    """handbook/policies/<id>.yml: a policy (制度) in chapters and articles."""

    id: Slug
    title: Title = Field(description="制度名称")
    aliases: list[Text] = Field(default_factory=list, description="别名: other names people search for, e.g. 考勤制度 for 销售报告与考勤制度")
    order: int = Field(100, description="sort order in the handbook")
    owner: DepartmentRef | None = Field(None, description="归口部门 id")
    chapters: list[Chapter] = Field(min_length=1, description="章")
    review_owner: RoleRef | None = Field(None, description="复核负责人岗位 id: the role that reviews the policy by review_by")
    review_by: Date | None = Field(None, description="复核日期, YYYY-MM-DD: the policy is to be reviewed by this date")


class SanctionType(str, Enum):
    commendation = "commendation"  # 通报表扬
    bonus = "bonus"  # 奖金
    promotion = "promotion"  # 晋升
    warning = "warning"  # 警告
    fine = "fine"  # 罚款
    compensation = "compensation"  # 赔偿
    absence = "absence"  # 按旷工处理
    demotion = "demotion"  # 降级
    dismissal = "dismissal"  # 解除劳动合同


class Measure(Strict):
    type: SanctionType = Field(description="措施类型")
    amount: Annotated[float | None, AfterValidator(_cents)] = Field(
        None, gt=0, le=1_000_000, description="金额 (元), for fine and bonus; at most two decimals")
    per: str = Field("", description="计量, e.g. 每人/次")
    note: str = Field("", description="说明")


class Sanction(Strict):
    """One rule of 奖惩: an act, who it applies to, and the measures."""

    id: Slug
    kind: Literal["reward", "penalty"] = Field(description="reward (奖励) or penalty (处罚)")
    act: Text = Field(description="行为")
    applies_to: list[RoleRef] = Field(default_factory=list, description="适用岗位 id; empty: everyone")
    measures: list[Measure] = Field(min_length=1, description="措施")
    escalation: str = Field("", description="再犯 / 加重处理")
    article: ArticleRef | None = Field(None, description="依据条款, <policy-id>.<article-id>")


class SanctionFile(Strict):
    """handbook/sanctions.yml."""

    sanctions: list[Sanction] = Field(min_length=1)


class Term(Strict):
    id: Slug
    term: Title = Field(description="术语")
    full: str = Field("", description="全称, e.g. Sales Leadership Team")
    aliases: list[Text] = Field(default_factory=list, description="同义词: other words for the same thing (中文名, 缩写), e.g. 考核指标 for KPI; a search for any of them finds the others")
    definition: Text = Field(description="释义")


class Glossary(Strict):
    """handbook/glossary.yml."""

    terms: list[Term] = Field(min_length=1)


# ------------------------------------------------------------------ the source layout

# Where each kind lives; one entity per file for the folders.
FILE_KINDS: dict[str, type[BaseModel]] = {
    "handbook/company.yml": Company,
    "handbook/sanctions.yml": SanctionFile,
    "handbook/glossary.yml": Glossary,
}
FOLDER_KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "handbook/departments": ("department", Department),
    "handbook/roles": ("role", Role),
    "handbook/procedures": ("procedure", Procedure),
    "handbook/policies": ("policy", Policy),
    "forms": ("form", Form),
}
