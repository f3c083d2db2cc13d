"""The five seed manuals imported as text and as Word files: what is recovered, that every
paragraph is placed or reported, and that the result checks and builds."""

from __future__ import annotations

import re

import pytest

from .conftest import SEED, handbook, load_yaml

KINDS = ("txt", "docx")


def roles_by_title(root):
    out = {}
    for p in sorted((root / "handbook/roles").glob("*.yml")):
        data = load_yaml(root, p.relative_to(root).as_posix())
        out[data["title"]] = data
    return out


def duty_texts(role) -> list[str]:
    return [d if isinstance(d, str) else d["text"] for d in role.get("responsibilities", [])]


def all_yaml_text(root) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yml")))


def policies(root):
    return [load_yaml(root, p.relative_to(root).as_posix()) for p in sorted((root / "handbook/policies").glob("*.yml"))]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", sorted(SEED))
def test_import_succeeds_and_checks(seed_projects, seed, kind):
    root, result = seed_projects[(seed, kind)]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "import-report.md").is_file()
    check = handbook("-C", str(root), "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("检查通过：")  # the imported handbook is Chinese, and so is check


@pytest.mark.parametrize("kind", KINDS)
def test_seed_000_chapters_articles_and_roles(seed_projects, kind):
    root, _ = seed_projects[("000", kind)]
    first = next(p for p in policies(root) if p["title"] == "拓展部门管理制度范本" and len(p["chapters"]) == 7)
    assert [c["title"] for c in first["chapters"]] == [
        "总则", "岗位设置与职责分工", "工作流程与规范", "业绩考核与奖惩机制", "部门协作与沟通", "行为规范与廉洁自律", "附则"]
    articles = [a if isinstance(a, str) else a["text"] for c in first["chapters"] for a in c["articles"]]
    assert len(articles) == 22  # 第一条 … 第二十二条, with 十三条 / 十四条 written without 第
    assert articles[0].startswith("为了加强部门管理")
    assert articles[5].startswith("拓展部门的主要岗位包括部门主管")
    assert articles[12].startswith("市场专员应每月提交市场调研报告")
    assert articles[21].startswith("本制度自颁布之日起实行")
    assert not any(re.match(r"^第[一二三四五六七八九十]+条", a) for a in articles)  # numbers removed

    roles = roles_by_title(root)
    expected = {
        "部门主管": "负责制定部门工作计划、领导部门工作团队、协调各项工作",
        "拓展专员": "负责市场拓展工作，开发新客户资源，拓展市场渠道，提升市场份额",
        "市场专员": "负责市场调研工作，分析市场动态，为拓展部门制定营销策略提供数据支持",
        "客户服务专员": "负责客户关系维护工作，处理客户投诉，提高客户满意度",
    }
    for title, duty in expected.items():
        assert title in roles
        assert any(d.startswith(duty) for d in duty_texts(roles[title])), (title, duty_texts(roles[title]))
    weekly = [d for d in roles["拓展专员"]["responsibilities"] if isinstance(d, dict)]
    assert {"text": "每周提交拓展进展报告，包括拓展情况、客户反馈等。", "frequency": "weekly"} in weekly


@pytest.mark.parametrize("kind", KINDS)
def test_seed_001_traditional_spam_and_fines(seed_projects, kind):
    root, result = seed_projects[("001", kind)]
    assert "繁体" in result.stderr and "OpenCC" in result.stderr
    roles = roles_by_title(root)
    assert {"市场部经理", "业务员", "收款员", "仓储订单整理员"} <= set(roles)
    assert "负责客户的开发工作及所管辖客户的维护工作。" in duty_texts(roles["业务员"])
    assert "负责本部门员工的考勤、工作量统计、以及工资汇总。" in duty_texts(roles["市场部副经理（助理）"])
    text = all_yaml_text(root)
    assert not re.search(r"[發職責務應業]", text)  # Simplified only
    assert "(fā)" not in text and "(zé)" not in text
    for spam in ("小编", "我要投稿", "相关文章", "述职报告05-16"):
        assert spam not in text
    report = (root / "import-report.md").read_text(encoding="utf-8")
    for spam in ("小编", "我要投稿", "相关文章", "市场部的述职报告05-16"):
        assert spam in report
    sanctions = load_yaml(root, "handbook/sanctions.yml")["sanctions"]
    fines = sorted(m["amount"] for s in sanctions for m in s["measures"] if m["type"] == "fine")
    assert fines == ["10", "50"]
    assert any(m["type"] == "absence" for s in sanctions for m in s["measures"])
    for s in sanctions:
        policy, article = s["article"].split(".")
        data = load_yaml(root, f"handbook/policies/{policy}.yml")
        assert any(isinstance(a, dict) and a["id"] == article for c in data["chapters"] for a in c["articles"])
    fifty = next(s for s in sanctions if any(m.get("amount") == "50" for m in s["measures"]))
    assert "擅自答应客户降低运价或免费托运" in fifty["act"]
    forms = {load_yaml(root, p.relative_to(root).as_posix())["title"] for p in (root / "forms").glob("*.yml")}
    assert {"提货通知单", "同意欠费通知单", "流失客户分析表", "客户满意程度调查表", "订单整理表"} <= forms


@pytest.mark.parametrize("kind", KINDS)
def test_seed_002_kpis_forms_and_procedures(seed_projects, kind):
    root, _ = seed_projects[("002", kind)]
    depts = [load_yaml(root, p.relative_to(root).as_posix()) for p in (root / "handbook/departments").glob("*.yml")]
    kpis = next(d["kpis"] for d in depts if len(d.get("kpis", [])) == 15)
    assert kpis[0]["name"] == "基本工作纪律" and kpis[-1]["name"] == "对产品改进拓展的贡献"
    forms = {load_yaml(root, p.relative_to(root).as_posix())["title"]: p.stem for p in (root / "forms").glob("*.yml")}
    assert {"市场调研策划书", "市场信息收集表", "市场调研报告", "市场推广计划指导书", "销售计划表"} <= set(forms)
    roles = {r["id"]: t for t, r in roles_by_title(root).items()}

    def proc(code):
        return load_yaml(root, f"handbook/procedures/{code}.yml")

    sc1 = proc("sc-001")
    assert sc1["title"] == "市场调研策划流程"
    assert [roles[s["actor"]] for s in sc1["steps"]] == ["市场经理", "产品市场部经理", "事业部经理", "产品市场部经理"]
    assert sc1["steps"][0]["produces"] == [forms["市场调研策划书"]]
    assert roles[sc1["steps"][1]["approval"]["by"]] == "产品市场部经理"
    assert roles[sc1["steps"][2]["approval"]["by"]] == "事业部经理"
    assert {roles[r] for r in sc1["steps"][3]["approval"]["by"]} == {"产品市场部经理", "技术总监", "总经理", "大客户部经理"}
    sc2 = proc("sc-002")
    assert len(sc2["steps"]) == 5 and roles[sc2["steps"][2]["actor"]] == "大客户经理"
    assert forms["市场信息收集表"] in sc2["steps"][0]["uses"] + sc2["steps"][0].get("produces", [])
    sc3 = proc("sc-003")
    assert {roles[r] for r in sc3["steps"][1]["approval"]["by"]} == {"部门经理", "技术总监", "总经理"}
    assert sc3["next"] == "sc-004"
    sc4 = proc("sc-004")
    assert sc4["title"] == "销售计划制订、审批流程"
    assert sc4["steps"][0]["schedule"] == {"frequency": "monthly", "deadline": "每月26日"}
    assert roles[sc4["steps"][0]["approval"]["by"]] == "产品市场部经理"
    assert roles[sc4["steps"][1]["approval"]["by"]] == "产品市场部经理"
    report = (root / "import-report.md").read_text(encoding="utf-8")
    assert "流程 SC-001 的重复版本" in report  # the page holds the four procedures twice


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", sorted(SEED))
def test_every_paragraph_placed_or_reported(seed_projects, seed, kind):
    """The report's map names every paragraph of the source, each left-out one is listed with
    a reason, and the text of each placed one is in the file it names."""
    root, _ = seed_projects[(seed, kind)]
    report = (root / "import-report.md").read_text(encoding="utf-8")
    source = [line.strip() for line in SEED[seed].read_text(encoding="utf-8").splitlines()]
    numbers = [i + 1 for i, line in enumerate(source) if line] if kind == "txt" else \
        list(range(1, sum(1 for line in source if line) + 1))
    body = report.split("## 段落去向", 1)[1]
    mapped: dict[int, list[str]] = {}
    for row in re.findall(r"^\| [^|]+ \| (\d+) \| (.+) \|$", body, re.M):
        mapped[int(row[0])] = [t.strip() for t in row[1].split(",")]
    assert set(numbers) <= set(mapped), sorted(set(numbers) - set(mapped))[:10]
    left_section = report.split("## 未放入 YAML 的段落", 1)[1].split("## 段落去向", 1)[0]
    left = {int(n) for n in re.findall(r"^\| [^|]+ \| (\d+) \|", left_section, re.M)}
    for no, targets in mapped.items():
        if "—" in targets:
            assert no in left, no
        for rel in (t.replace("\\", "") for t in targets if t != "—"):
            assert (root / rel).is_file(), rel
    # placed text is really in the file named: most of a paragraph's character pairs are there
    lines = [line for line in source if line] if kind == "docx" else None
    for no, targets in mapped.items():
        if "—" in targets:
            continue
        text = (lines[no - 1] if lines else source[no - 1])
        pairs = _pairs(text)
        if len(pairs) < 4:
            continue
        found = "".join((root / t.replace("\\", "")).read_text(encoding="utf-8") for t in targets)
        found_pairs = _pairs(found)
        share = sum(1 for p in pairs if p in found_pairs) / len(pairs)
        assert share >= 0.5, (no, text[:60], targets, share)


def _pairs(text: str) -> set[str]:
    from generator.importer.normalize import to_simplified

    t = to_simplified(re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text))[0]
    # numbering is removed by design (the generator numbers chapters and articles)
    t = re.sub(r"^\s*(?:第[一二三四五六七八九十百零]+[章节条]|[一二三四五六七八九十]+、|[\d.．]+[、.．]?|[（(]\d+[)）])", "", t)
    cjk = re.sub(r"[^\u4e00-\u9fff]", "", t)
    return {cjk[i:i + 2] for i in range(len(cjk) - 1)}


@pytest.mark.parametrize("seed", sorted(SEED))
def test_site_builds(seed_projects, seed, tmp_path):
    root, _ = seed_projects[(seed, "txt")]
    result = handbook("-C", str(root), "build", "--no-pdf", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "index.html").is_file()
    assert list((tmp_path / "site" / "roles").glob("*.html"))


@pytest.mark.slow
def test_full_build_with_pdfs(seed_projects, tmp_path):
    root, _ = seed_projects[("001", "docx")]
    result = handbook("-C", str(root), "build", "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr[-3000:]
    pdf = tmp_path / "site" / "pdf"
    assert (pdf / "handbook.pdf").stat().st_size > 10_000
    assert len(list((pdf / "forms").glob("*.pdf"))) >= 5
    assert list((pdf / "roles").glob("*.pdf")) and list((pdf / "checklists").glob("*.pdf"))
