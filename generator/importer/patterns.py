"""How Chinese manuals name things: role titles, departments, section labels, rhythms.

These are the shapes of the language, not words of one manual: a role title is
a short noun ending in 员 / 经理 / 主管 / 专员 / 总监 / 助理 / 文员 / 部长 …, a
department ends in 部 / 中心 / 处 / 科 …, a section of a job description is
introduced by 岗位职责 / 任职资格 / 工作权限 …, a duty's rhythm is 每日 / 每周五 /
每月26日前.
"""

from __future__ import annotations

import re

CJK = "\u4e00-\u9fff"
NUM_CN = "一二三四五六七八九十百零〇两"

# ------------------------------------------------------------------ roles

ROLE_SUFFIXES = ("总经理", "副总经理", "经理", "副经理", "主管", "专员", "总监", "助理", "文员", "部长", "副部长",
                 "主任", "处长", "科长", "组长", "班长", "队长", "店长", "秘书", "会计", "出纳", "顾问", "工程师",
                 "设计师", "策划师", "司机", "督导", "代表", "负责人", "领班", "董事长", "总裁", "内勤", "跟单",
                 "主办", "厂长", "院长", "行长", "所长", "校长", "站长", "保安", "保洁", "前台", "收银", "库管", "仓管", "文秘",
                 "操作工", "电工", "焊工", "钳工", "车工", "普工", "技工", "木工", "瓦工", "清洁工", "搬运工", "装卸工",
                 "维修工", "学徒工", "包装工", "质检工", "员", "师")
# Words ending like a title that name a group of people, not a post.
NOT_ROLES = ("人员", "员工", "成员", "会员", "委员", "学员", "动员", "全员", "职员", "店员", "雇员", "官员",
             "社员", "要员", "团员", "演员", "议员", "专业人员", "工作人员", "管理人员", "销售人员", "相关人员",
             "业务人员", "营销人员", "员工们", "成长", "增长", "延长", "擅长", "特长", "专长", "家长", "首长",
             "师长", "教师", "老师", "律师", "导师", "讲师", "大师", "主管部门", "员工", "分工", "加工", "施工", "开工",
             "完工", "用工", "职工", "手工", "人工", "动工", "复工", "停工", "竣工", "旷工", "怠工", "误工", "务工",
             "上工", "做工", "打工", "义工", "全体员工", "部门员工", "新员工")
_ROLE_BODY = rf"[{CJK}A-Za-z]{{0,10}}?"
_ROLE_END = "|".join(sorted({s for s in ROLE_SUFFIXES}, key=len, reverse=True))
ROLE_TITLE = re.compile(rf"(?:{_ROLE_BODY})(?:{_ROLE_END})(?:[（(][{CJK}]{{1,6}}[)）])?")
_HEADCOUNT = re.compile(rf"\s*[（(]?\s*(\d{{1,3}}|[{NUM_CN}]{{1,3}})\s*(?:名|人|个)[)）]?\s*$")

# What follows a role title in a heading: 市场经理工作职责, 业务员职责, 市场总监：
ROLE_HEADING_TAIL = re.compile(r"(?:的)?(?:岗位职责|工作职责|主要职责|岗位职能|岗位说明书?|职务说明书?|岗位描述|"
                               r"工作内容|职责范围|职责与权限|职责|职能)?\s*[:：]?\s*$")


def role_title(text: str) -> str | None:
    """`text` as a role title (业务员, 市场部经理, 市场部副经理（助理）), or None."""
    t = text.strip().strip("：:").strip()
    if not 2 <= len(t) <= 16 or not ROLE_TITLE.fullmatch(t):
        return None
    if re.search(r"职责|职能|岗位|制度|流程|管理手册|规定|办法|工作|考核|以下|如下", t):
        return None  # '岗位职责渠道经理': a heading run into the title
    core = re.sub(r"[（(][^)）]*[)）]$", "", t)
    if any(core.endswith(w) for w in NOT_ROLES) or core in NOT_ROLES:
        return None
    if re.search(r"[的和与及或、，,之]", core) or core.startswith(("负责", "协助", "公司", "本", "各", "由", "该")):
        return None
    if re.search(r"^(?:经|将|把|按|在|向|给|对|请|交|如|若|当|从|以|每)|后(?!勤)|时|核对|审核|审批|批准|提交|汇报", core):
        return None  # a clause, not a title: 经财务专员核对后报总经理
    if len(core) < 2:
        return None
    return t


def split_headcount(text: str) -> tuple[str, int | None]:
    """'市场拓展助理2名' -> ('市场拓展助理', 2)."""
    from .sources import chinese_number

    m = _HEADCOUNT.search(text)
    if not m or m.start() == 0:
        return text, None
    n = m.group(1)
    if n.isdigit():
        return text[:m.start()], int(n)
    for k in range(1, 100):
        if chinese_number(k) == n:
            return text[:m.start()], k
    return text, None


def role_heading(text: str) -> tuple[str, int | None] | None:
    """A heading naming a role: '市场经理工作职责', '2.2.1市场总监:', '市场拓展助理2名:' ->
    (title, headcount)."""
    t = text.strip()
    if len(t) > 30 or re.search(r"[。；;！？]", t):
        return None
    body = ROLE_HEADING_TAIL.sub("", t).strip()
    body = re.sub(r"^(?:岗位职责|工作职责|岗位设置|职责分工|人员职责)\s*[:：]?\s*", "", body)
    body, count = split_headcount(body)
    title = role_title(body)
    return (title, count) if title else None


def role_names(text: str) -> list[str]:
    """Role titles enumerated in a sentence: '主要岗位包括部门主管、拓展专员、市场专员等' ->
    [部门主管, 拓展专员, 市场专员]; [] unless the sentence announces posts."""
    if not re.search(r"岗位|职位|职务|职务体系|设置", text):
        return []
    m = re.search(r"(?:包括|包含|设有?|分为|设立|设置|如下|有|为)\s*(?:\d+|[一二三四五六七八九十]+)?\s*(?:个)?"
                  r"(?:岗位|职位)?\s*[:：]?\s*(.+)$", text)
    if not m:
        return []
    tail = re.split(r"[。；;]", m.group(1))[0]
    tail = re.sub(r"(?:等|等等)?\s*(?:(?:\d+|[一二两三四五六七八九十]+)\s*个)?(?:职位|岗位|职务)?\s*$", "", tail.strip())
    parts = [p.strip() for p in re.split(r"[、，,和及与/]|以及", tail) if p.strip()]
    titles = [role_title(p) for p in parts]
    if len(parts) >= 2 and all(titles):
        return [t for t in titles if t]
    return []


# A sentence that says what a role does: 业务员负责…, 部门主管应…, 市场拓展员应当…
DUTY_VERB = re.compile(r"^(?:主要|全面|具体)?(负责|应当|应该|应|须|需要|需|必须|主持|协助|组织|有义务|要|承担|做好)")
AUTHORITY_VERB = re.compile(r"^(?:有权利?|有权力|有权限)")

# ------------------------------------------------------------------ departments

DEPT_SUFFIX = r"(?:事业部|部门|中心|办公室|分公司|子公司|部|处|科|室|所|组|团队)"
DEPARTMENT = re.compile(rf"[{CJK}]{{1,10}}?{DEPT_SUFFIX}")
_NOT_DEPT_END = ("全部", "内部", "外部", "局部", "本部", "顶部", "底部", "干部", "细部", "各部", "部分", "总部门",
                 "相关部门", "有关部门", "其他部门", "各部门", "职能部门", "业务部门", "主管部门", "所在部门",
                 "本部门", "各个部门", "中心组", "研究所", "场所", "处所", "住所", "诊所", "厕所", "之处", "好处",
                 "各处", "此处", "难处", "用处", "小组", "分组", "各组", "团队")


def department_title(text: str) -> str | None:
    t = re.sub(r"^(?:公司|本公司|某公司|企业|集团)", "", text.strip())
    if not 2 <= len(t) <= 14 or not re.fullmatch(rf"[{CJK}]{{1,12}}{DEPT_SUFFIX}", t):
        return None
    if any(t.endswith(w) or t == w for w in _NOT_DEPT_END) or re.search(r"[的和与及或之]", t):
        return None
    return t


def department_in(title: str) -> str | None:
    """The department a document title is about: '市场拓展部管理办法和人员分工' -> 市场拓展部."""
    t = re.sub(r"^(?:\(完整版\)|（完整版）|\d+[、.])", "", title.strip())
    t = re.sub(r"^(?:公司|本公司|某公司|企业|集团)", "", t)
    if role_heading(t):
        return None
    for m in re.finditer(rf"[{CJK}]{{1,10}}?{DEPT_SUFFIX}", t):
        cand = department_title(t[:m.end()])
        if cand and m.start() == 0:
            # 市场部 in 市场部经理 is not the subject when a role follows
            rest = t[m.end():]
            if role_title(cand + rest[:4]) and not rest.startswith(("管理", "职责", "的", "工作", "岗位", "各")):
                return None
            return cand
    return None


DEPT_HEADING = re.compile(r"^(?P<dept>.{0,14}?)(?:部门职责|部门职能|部门职责与权限|职责与权限|职能与职责|部门主要职责|"
                          r"工作职责|主要职责|职责|职能|职责分工)\s*[:：]?\s*$")

# ------------------------------------------------------------------ sections of a role

SECTION_LABELS = {
    "duties": ("岗位职责", "工作职责", "主要职责", "岗位职能", "职责描述", "工作内容", "职责范围", "主要工作", "职责",
               "具体职责", "工作任务"),
    "qualifications": ("任职资格", "任职要求", "任职条件", "岗位要求", "资格要求", "任职标准"),
    "authority": ("工作权限", "岗位权限", "权限", "职权"),
    "kpis": ("考核指标", "绩效指标", "关键绩效指标", "KPI", "绩效评估", "考核内容", "考核标准"),
    "reports_to": ("直接上级", "汇报对象", "上级"),
    "subordinates": ("直接下级", "下级"),
    "relations": ("协作关系", "工作关系", "协作部门", "与其他岗位的协作关系", "内部关系", "外部关系"),
    "purpose": ("岗位目的", "职位概要", "岗位概述", "工作概述", "岗位使命", "工作目标"),
    "headcount": ("定员", "编制人数", "人数"),
    "code": ("岗位编号", "职位编号"),
    "title": ("岗位名称", "职位名称"),
    "department": ("所属部门", "部门"),
}
_LABELS = sorted({w for ws in SECTION_LABELS.values() for w in ws}, key=len, reverse=True)
SECTION = re.compile(rf"^({'|'.join(map(re.escape, _LABELS))})\s*(?:[:：]\s*|$)(.*)$")


def section(text: str) -> tuple[str, str] | None:
    """'任职要求:具备数据分析能力' -> ('qualifications', '具备数据分析能力')."""
    m = SECTION.match(text.strip())
    if not m:
        return None
    if not m.group(2) and not re.search(r"[:：]\s*$", text) and len(text.strip()) != len(m.group(1)):
        return None
    for kind, words in SECTION_LABELS.items():
        if m.group(1) in words:
            return kind, m.group(2).strip()
    return None


# ------------------------------------------------------------------ rhythms and deadlines

_FREQ = [
    ("daily", re.compile(r"每日|每天|每个工作日|每晚|每早|每个?早上|每个?晚上")),
    ("weekly", re.compile(r"每周|每星期|每礼拜|每个星期")),
    ("monthly", re.compile(r"每月|每个月")),
    ("quarterly", re.compile(r"每季|每个季度")),
    ("yearly", re.compile(r"每年|每半年|每个年度")),
]
_WEEKDAY = "一二三四五六日天"
_CN_HOUR = {w: i for i, w in enumerate("零一二三四五六七八九十", 0)}
_DEADLINE = re.compile(
    rf"(每(?:周|星期)[{_WEEKDAY}]|每月(?:\d{{1,2}}|[{NUM_CN}]{{1,3}})[日号]|每月(?:初|底|末|中旬)|"
    rf"每(?:季度|季)(?:末|初|第一个月)?|每年(?:\d{{1,2}}|[{NUM_CN}]{{1,3}})月(?:(?:\d{{1,2}}|[{NUM_CN}]{{1,3}})[日号])?|"
    rf"每(?:日|天)|次日|当天|当日)"
    rf"((?:上午|下午|中午|晚上|早上)?\s*(?:\d{{1,2}}\s*[:：]\s*\d{{2}}|(?:\d{{1,2}}|[{NUM_CN}]{{1,3}})\s*[点时](?:半|\d{{1,2}}分)?)?)"
    r"\s*(前|之前|以前)?")


def rhythm(text: str) -> tuple[str | None, str | None]:
    """(frequency, deadline) a duty states: '每周五下午三点前将…' -> ('weekly', '每周五 15:00 前')."""
    freq = None
    for name, pattern in _FREQ:
        m = pattern.search(text)
        if m and (freq is None or m.start() < freq[1]):
            freq = (name, m.start())
    deadline = None
    for m in _DEADLINE.finditer(text):
        if not (m.group(2).strip() or m.group(3) or re.search(r"\d|[" + NUM_CN + "初底末旬]", m.group(1)[1:])):
            continue
        day = m.group(1)
        time = _clock(m.group(2))
        if day in ("每日", "每天") and not time:
            continue
        deadline = day + (f" {time}" if time else "") + (" 前" if m.group(3) and time else ("前" if m.group(3) else ""))
        break
    if deadline:  # the rhythm the deadline gives: 每日召开班前会，每月5日前提交… is monthly
        for name, prefix in (("weekly", ("每周", "每星期")), ("monthly", ("每月",)), ("quarterly", ("每季",)),
                             ("yearly", ("每年",)), ("daily", ("每日", "每天", "次日", "当天", "当日"))):
            if deadline.startswith(prefix):
                return name, deadline
    if freq is None and re.search(r"随时|必要时|临时|不定期|按需", text):
        return "as-needed", deadline
    return (freq[0] if freq else None), deadline


def _clock(text: str) -> str:
    t = (text or "").strip()
    if not t:
        return ""
    pm = t.startswith(("下午", "晚上")) or (t.startswith("中午") and False)
    t = re.sub(r"^(上午|下午|中午|晚上|早上)\s*", "", t)
    m = re.match(r"(\d{1,2})\s*[:：]\s*(\d{2})", t)
    if m:
        h, mi = int(m.group(1)), int(m.group(2))
    else:
        m = re.match(rf"(\d{{1,2}}|[{NUM_CN}]{{1,3}})\s*[点时](半|(\d{{1,2}})分)?", t)
        if not m:
            return ""
        h = int(m.group(1)) if m.group(1).isdigit() else _cn_int(m.group(1))
        mi = 30 if m.group(2) == "半" else int(m.group(3) or 0)
    if pm and h < 12:
        h += 12
    if not (0 <= h <= 24 and 0 <= mi < 60):
        return ""
    return f"{h}:{mi:02d}"


def _cn_int(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_HOUR.get(text[1:], 0)
    if "十" in text:
        a, _, b = text.partition("十")
        return _CN_HOUR.get(a, 0) * 10 + (_CN_HOUR.get(b, 0) if b else 0)
    return _CN_HOUR.get(text, 0)


# ------------------------------------------------------------------ forms

FORM_QUOTE = re.compile(r"《([^《》\n]{2,30})》|〈([^〈〉\n]{2,30})〉|<([^<>\n]{2,30})>")
FORM_END = re.compile(r"(?:表|单|单据|书|报告|清单|列表|卡|册|簿|台账|台帐|记录|日志|库|计划|明细|凭证|票|函|"
                      r"通知|申请|问卷|调卷|合同|协议|报表|统计|汇总|方案)$")
NOT_FORM_END = re.compile(r"(?:制度|办法|规定|细则|条例|规范|手册|守则|规程|章程|法|标准|准则|须知|制)$")


def form_names(text: str) -> list[tuple[str, int]]:
    """Forms named in `text` (《销售计划表》, 〈客户满意程度调查表〉, <客户资料库>) with their position."""
    out = []
    for m in FORM_QUOTE.finditer(text):
        name = next(g for g in m.groups() if g).strip()
        if re.search(r"[。；;！？!?，,：:]", name) or not re.search(f"[{CJK}]", name):
            continue
        if NOT_FORM_END.search(name) or not FORM_END.search(name):
            continue
        out.append((name, m.start()))
    return out


# ------------------------------------------------------------------ approvals

APPROVAL = re.compile(r"审批|审核|批准|签准|核准|审定|签批|审查|签字确认|会签")
