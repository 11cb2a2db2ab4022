"""The six styles: each has the shape a Chinese reader recognises, and none loses a fact of the YAML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import scaled_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plangen import load_plan, render_markdown
from plangen.plan.fields import split_ime_list
from plangen.plan.model import Plan
from plangen.render.clauses import OKR_SPLIT_OVER, clauses
from plangen.render.helpers import clause
from plangen.render.mdtext import normalize_punctuation
from plangen.render.styles import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
XINGHE = ROOT / "examples" / "xinghe-primary.yaml"
PLANS = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("presets/*.yaml")])
BUREAU = ROOT / "examples" / "bureau-2026.yaml"
STYLES = list(builtin_styles())
VARIANTS = [s for s in STYLES if s != "standard"]


def plan_of(**fields: Any) -> Plan:
    """Returns a validated plan: the two required sections plus `fields`."""
    data: dict[str, Any] = {
        "school": {"name": "青岚县星河实验小学", "short_name": "星河小学"},
        "period": {"academic_year": 2025},
    }
    data.update(fields)
    return Plan.model_validate(data)


def headings(text: str, level: int) -> list[str]:
    """Returns the headings of one level, without their hashes."""
    prefix = "#" * level + " "
    return [line[len(prefix) :] for line in text.splitlines() if line.startswith(prefix)]


def plain_text(markdown: str) -> str:
    """Returns the text a reader sees: Markdown rendered by markdown-it, markup and escapes gone."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return "\n".join(
        "".join(
            child.content for child in token.children or () if child.type in ("text", "code_inline")
        )
        for token in tokens
        if token.type == "inline"
    )


@pytest.fixture(scope="module")
def xinghe() -> Plan:
    return load_plan(XINGHE)


# --- each style's signature shape ----------------------------------------------------------------


def test_standard_numbers_sections_and_subsections(xinghe):
    text = render_markdown(xinghe, "standard")
    assert headings(text, 2)[0] == "一、指导思想"
    assert "（一）党建工作" in headings(text, 3)


def test_narrative_writes_steps_as_bulleted_lead_ins(xinghe):
    text = render_markdown(xinghe, "narrative")
    top = headings(text, 2)
    assert top[0] == "一、指导思想"  # review F28: no slogan heading
    assert top[1] == "二、党建工作"
    assert top[-1].endswith("、预期目标与评价机制")
    assert "### （一）实施“星级少年”习惯养成工程" in text
    assert "- **分年级确定目标**：低年级重在坐立行走和课堂常规" in text
    # a second-level step is a nested bullet under its parent
    assert "\n  - **上学期主题**：9月规范月" in text
    # every quota phrase, with its baseline, is in the closing section
    closing = text.split("预期目标与评价机制", 1)[1]
    assert "学生行为规范达标率达到98%以上（上学年96.5%，提高1.5个百分点）" in closing
    assert "**1.月度复盘**。每月最后一周的行政会上" in closing


def test_rules_numbers_a_four_deep_step_as_four_decimals():
    step = {
        "title": "备课中",
        "steps": [{"title": "主备人", "text": "阐述教学设计思路", "when": "每周二"}],
    }
    task = {
        "title": "备课环节优化",
        "owner": "jiaowu",
        "steps": [
            {"title": "个人备课"},
            {"title": "集体备课", "steps": [{"title": "备课前"}, step]},
        ],
    }
    plan = plan_of(
        departments=[{"id": "jiaowu", "name": "教务处"}],
        areas=[{"id": "teach", "name": "教学工作", "tasks": [task, {"title": "作业布置"}]}],
    )
    text = render_markdown(plan, "rules")
    assert "## 二、教学工作行动细则" in text
    assert "### 1.备课环节优化" in text
    # the task names its department once, in its tag; a rule repeats it only when another
    # department owns it
    assert text.count("教务处") == 1 and "\n（责任：教务处）\n" in text
    assert "\n1.1.个人备课。\n" in text
    assert "\n1.2.1.备课前。\n" in text
    assert "\n1.2.2.1.主备人：阐述教学设计思路（每周二）。\n" in text
    # no rule line can be read as a Markdown list
    assert not re.search(r"^\d+\. ", text, re.MULTILINE)


def test_rules_turns_quotas_into_assessment_indicators(xinghe):
    text = render_markdown(xinghe, "rules")
    # review D25: the 指导思想 quotes the motto, so there is no 核心理念 part to name
    assert headings(text, 2)[0] == "一、总体要求"
    assert headings(text, 2)[-1].endswith("、绩效考核与持续改进")
    assessment = text.split("绩效考核与持续改进", 1)[1]
    assert "### 1.考核指标" in assessment
    assert (
        "1.2.学生行为规范达标率达到98%以上（上学年96.5%，提高1.5个百分点）。责任：德育处。"
        in assessment
    )
    assert "### 2.考核周期与方式" in assessment
    # review B8–B10: no 结果运用 / 改进机制 the plan did not write
    assert "结果运用" not in assessment and "改进机制" not in assessment
    assert "2.1.月度复盘：每月最后一周的行政会上" in assessment
    # the 4-deep chain of the example: task 1 of 教学工作 → 推进大单元教学 → 集体备课 → 四步备课流程
    assert "\n1.1.1.1.四步备课流程：" in text
    # the fifth level continues as （1） paragraphs under its rule
    assert "\n（1）主备人轮值：每个单元由1名主备人" in text
    assert "\n- " not in text.split("## 九、", 1)[0]  # no bullets among the numbered rules


def test_rules_invents_no_assessment_when_the_plan_has_no_evaluation():
    # review B8–B10: a plan without quotas or evaluation items gets no 绩效考核 section of stock rules
    text = render_markdown(plan_of(), "rules")
    assert "绩效考核" not in text and "结果运用" not in text and "集中考核" not in text
    # a plan's own words for the parts still make the section
    own = render_markdown(
        plan_of(style_text={"rules": {"results": "考核结果与绩效工资挂钩。"}}), "rules"
    )
    assert "### 结果运用\n\n考核结果与绩效工资挂钩。\n" in own


def test_okr_shows_key_results_with_the_baseline_comparison(xinghe):
    text = render_markdown(xinghe, "okr")
    assert headings(text, 2)[0] == "第一部分　战略愿景与核心目标"
    # review D21: “第三部分　德育工作：目标与关键结果”, not “德育工作与关键结果（OKR）”
    assert "第三部分　德育工作：目标与关键结果" in headings(text, 2)
    assert headings(text, 2)[-1].endswith("部分　评估与复盘机制")
    assert "### 目标二：学生行为习惯明显改善，心理健康水平稳步提高，家校社育人合力基本形成" in text
    assert "#### 关键结果2.1：学生行为规范达标率达到98%以上，较上学年提高1.5个百分点" in text
    # the task driving 2.1 is written under it in full
    after = text.split("#### 关键结果2.1", 1)[1]
    assert after.index("- **实施“星级少年”习惯养成工程**（责任：德育处") < after.index(
        "#### 关键结果2.2"
    )
    # part one names every quota, grouped by area; its phrase is stated once, in its key result
    part_one = text.split("## 第二部分", 1)[0]
    assert "- **德育工作**：" in part_one
    assert all(q.name in part_one for q in xinghe.quotas)
    assert text.count("学生欺凌事件零发生") == 1


def test_okr_keeps_quotas_without_tasks_or_area_and_tasks_without_quota():
    plan = plan_of(
        departments=[{"id": "dy", "name": "德育处"}],
        quotas=[
            {
                "id": "a",
                "name": "家访覆盖率",
                "target": 100,
                "unit": "%",
                "area": "moral",
                "owner": "dy",
            },
            {
                "id": "b",
                "name": "志愿服务时长",
                "target": 20,
                "unit": "小时",
                "baseline": 16,
                "area": "moral",
            },
            {"id": "c", "name": "家长满意度", "target": 95, "unit": "%", "baseline": 90},
        ],
        areas=[
            {
                "id": "moral",
                "name": "德育工作",
                "objective": "家校共育取得实效",
                "tasks": [
                    {"title": "全员家访", "quotas": ["a", "c"], "steps": [{"title": "建立台账"}]},
                    {"title": "文明礼仪教育"},
                ],
            }
        ],
    )
    text = render_markdown(plan, "okr")
    assert "### 目标一：家校共育取得实效" in text
    assert "#### 关键结果1.1：家访覆盖率达到100%以上" in text
    assert "#### 关键结果1.2：志愿服务时长达到20小时以上，较上学年增加4小时（增长25%）" in text
    # a quota without an area belongs to the area of the task that drives it (review B12: no
    # invented “工作目标与关键结果” part, no objective copied from the vision)
    assert "#### 关键结果1.3：家长满意度达到95%以上，较上学年提高5个百分点" in text
    assert "工作目标与关键结果" not in text and "目标二" not in text
    # a key result no task drives gets no stock sentence; the tasks that drive none come under a
    # plain label, not a “#### 其他行动项” bucket heading (review C17)
    assert "\n其他举措：\n\n- **文明礼仪教育**\n" in text
    assert "其他行动项" not in text
    assert "行动项：该项" not in text and "统筹推进" not in text
    assert "综合" not in text
    assert "行动项：\n\n- 全员家访（见1.1）\n" in text
    assert text.count("- **建立台账**") == 1  # a task is written out once


TAGGED_AREA = {
    "id": "moral",
    "name": "德育工作",
    "summary": "德育为先。",
    "partners": ["社区"],
    "tasks": [
        {"title": "常规管理", "tags": ["routine"]},
        {
            "title": "家校共育",
            "owner": "dy",
            "partners": ["家长委员会"],
            "tags": ["collaboration"],
            "steps": [{"title": "家长学校", "text": "每学期两次讲座"}],
        },
        {
            "title": "劳动课程",
            "text": "开辟种植园",
            "tags": ["innovation"],
            "steps": [{"title": "认领责任田"}],
        },
    ],
}


@pytest.mark.parametrize(
    ("style", "first", "goal", "action"),
    [
        ("collab", "家校共育", "主要措施", "协作行动"),
        ("innovation", "劳动课程", "主要措施", "创新实践"),
    ],
)
def test_chapter_styles_put_tagged_tasks_first(style, first, goal, action):
    plan = plan_of(departments=[{"id": "dy", "name": "德育处"}], areas=[TAGGED_AREA])
    text = render_markdown(plan, style)
    assert "## 第一章　德育工作" in text  # review F28: no colon after 第一章
    assert headings(text, 3)[0] == f"1.1 {first}"
    assert {h for h in headings(text, 3) if h.startswith("1.")} == {
        "1.1 " + first,
        "1.2 常规管理",
        "1.3 " + ("劳动课程" if first == "家校共育" else "家校共育"),
    }
    assert f"{goal}：开辟种植园。" in text
    assert f"{action}：" in text


def test_collab_names_the_owner_and_partners_of_each_task():
    plan = plan_of(departments=[{"id": "dy", "name": "德育处"}], areas=[TAGGED_AREA])
    text = render_markdown(plan, "collab")
    assert "### 1.1 家校共育\n\n（责任：德育处；配合：家长委员会）\n\n协作行动：\n" in text
    # review B7: the steps of a task without partners are 实施步骤, not a “collaboration”
    assert "### 1.3 劳动课程\n\n主要措施：开辟种植园。\n\n实施步骤：\n" in text
    # a step does not repeat the department that leads its task
    assert "- **家长学校**：每学期两次讲座。" in text
    # a task without partners has 实施安排, not a “collaboration”
    plan = plan_of(
        departments=[{"id": "jw", "name": "教务处"}],
        areas=[{"id": "t", "name": "教学工作", "tasks": [{"title": "作业管理", "owner": "jw"}]}],
    )
    alone = render_markdown(plan, "collab")
    assert "（责任：教务处）" in alone and "牵头" not in alone
    assert "协作行动" not in alone
    # review F28: plain 导言 / 结语, no slogan after them
    assert headings(text, 2)[0] == "导言"
    assert headings(text, 2)[-1] == "结语"


def test_innovation_opens_with_a_preface_and_closes_with_an_epilogue(xinghe):
    text = render_markdown(xinghe, "innovation")
    top = headings(text, 2)
    assert top[0] == "引言" and top[-1] == "结语"
    assert top[1] == "第一章　党建工作"
    assert "### 3.1 深化“星河课堂”教学改革" in text  # tagged innovation, first in its chapter
    # the projects are named, not counted; no claim about how the tool orders them (review B6)
    assert "打造“星光先锋”党建品牌、" in text.split("\n## ", 2)[1]
    assert "优先安排" not in text and "以项目方式" not in text and "有九项" not in text


@pytest.mark.parametrize("path", [XINGHE, BUREAU], ids=lambda p: p.stem)
@pytest.mark.parametrize("style", STYLES)
def test_heading_levels_never_skip(path, style):
    """The .docx maps ## ### #### to heading levels 1–3; a skipped level breaks Word's outline."""
    level = 1
    for line in render_markdown(load_plan(path), style).splitlines():
        m = re.match(r"(#+) ", line)
        if m:
            assert len(m.group(1)) <= level + 1, line
            level = len(m.group(1))


# --- framing paragraphs: facts by default, replaceable through style_text -----------------------

DEFAULT_OPENINGS = {
    # review D23: the plan's own 指导思想 opens narrative; no generated first sentence above it
    "narrative": "一、指导思想\n\n坚持以习近平新时代中国特色社会主义思想为指导",
    "rules": "一、总体要求\n\n青岚县教体局围绕学校督导评估、",
    "okr": "本年度，青岚县教体局围绕学校督导评估、",
    "collab": "本年度，青岚县教体局与云溪市教育评估监测中心、",
    "innovation": "本年度，青岚县教体局围绕学校督导评估、",
}


@pytest.mark.parametrize("style", VARIANTS)
def test_default_framing_carries_the_plans_facts(style):
    plan = load_plan(BUREAU)
    text = render_markdown(plan, style)
    opening = text.split("\n## ", 2)[1]
    assert DEFAULT_OPENINGS[style] in opening
    # the opening names the plan's own areas (narrative: the plan's own words open it, review
    # D23); it counts nothing (a count can be false)
    if style != "narrative":
        assert all(area.name in opening for area in plan.areas)
    assert not re.search(
        r"分[一二三四五六七八九十两]+(个方面|个领域|章)|部署[一二三四五六七八九十]+项", text
    )
    assert "股室" in text and "牵头部门" not in text and "责任部门" not in text


@pytest.mark.parametrize("style", VARIANTS)
def test_style_text_replaces_the_default_framing(style):
    plan = plan_of(
        style_text={
            style: {"intro": "本学期我们只做三件事,每件都做实。", "closing": "让我们一起努力!"}
        },
        closing="各处室按时报送实施方案。",
    )
    text = render_markdown(plan, style)
    assert DEFAULT_OPENINGS[style] not in text
    assert "本学期我们只做三件事，每件都做实。" in text
    assert "让我们一起努力！" in text
    # the plan's own closing is a fact and is still shown, after the replaced framing
    assert text.index("让我们一起努力！") < text.index("各处室按时报送实施方案。")


@pytest.mark.parametrize("style", VARIANTS)
def test_the_plans_closing_replaces_the_built_in_one(style):
    default = render_markdown(plan_of(), style)
    own = render_markdown(plan_of(closing="各处室按时报送实施方案。"), style)
    last = default.split("\n\n")[
        -2
    ]  # the built-in closing, just above the signature (no date here)
    assert last not in own
    assert own.split("\n\n")[-2] == "各处室按时报送实施方案。"


def test_example_style_text_is_used(xinghe):
    assert "用结果说话，以数据促改进" in render_markdown(xinghe, "okr")
    collab = render_markdown(xinghe, "collab")
    assert "办好一所学校，从来不是一个处室、一位教师能够单独完成的事" in collab
    assert "协同不是简单的分工" not in collab


@pytest.mark.parametrize("style", VARIANTS)
def test_an_empty_plan_renders_without_dangling_words(style):
    text = render_markdown(plan_of(), style)
    assert "零" not in text and "分个" not in text
    assert "None" not in text


# --- no fact is lost: a property over generated plans ---------------------------------------------

HAN = "德育教学安全工作计划星河课堂学生教师家长社区校园"
_name = st.text(
    alphabet=st.sampled_from(list(HAN) + list("|#*-1.（）“”、 _[]<>&\\`:,!")),
    min_size=1,
    max_size=10,
)
NAMES = _name.filter(lambda s: s.strip() and any(c in HAN for c in s))
# An item of a list of names holds one name: “甲、乙” is refused as a Chinese-keyboard slip.
LIST_ITEMS = NAMES.filter(lambda s: split_ime_list(s) is None)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Returns a valid plan with nested steps, tags, quotas, owners and cross references."""
    dept_ids = draw(st.lists(st.sampled_from(["d1", "d2", "d3"]), unique=True, max_size=3))
    area_ids = [f"a{i}" for i in range(draw(st.integers(0, 3)))]
    quota_ids = [f"q{i}" for i in range(draw(st.integers(0, 4)))]
    owner = st.none() | st.sampled_from(dept_ids) if dept_ids else st.none()

    def steps(depth: int) -> st.SearchStrategy[list[dict]]:
        child = steps(depth + 1) if depth < 4 else st.just([])
        return st.lists(
            st.fixed_dictionaries(
                {"title": NAMES, "steps": child},
                optional={"text": NAMES, "when": NAMES, "owner": owner},
            ),
            max_size=2 if depth < 3 else 1,
        )

    task = st.fixed_dictionaries(
        {"title": NAMES, "steps": steps(1)},
        optional={
            "text": NAMES,
            "owner": owner,
            "when": NAMES,
            "partners": st.lists(LIST_ITEMS, max_size=2),
            "quotas": st.lists(st.sampled_from(quota_ids), unique=True)
            if quota_ids
            else st.just([]),
            "tags": st.lists(
                st.sampled_from(["innovation", "collaboration", "routine"]), unique=True
            ),
        },
    )
    area_ref = st.none() | st.sampled_from(area_ids) if area_ids else st.none()
    data = {
        "school": {"name": draw(NAMES)},
        "period": draw(
            st.sampled_from(
                [{"academic_year": 2025}, {"academic_year": 2025, "term": "second"}, {"year": 2026}]
            )
        ),
        "departments": [{"id": d, "name": draw(NAMES)} for d in dept_ids],
        "areas": [
            {
                "id": a,
                "name": draw(NAMES),
                "tasks": draw(st.lists(task, max_size=3)),
                **draw(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "summary": NAMES,
                            "objective": NAMES,
                            "owner": owner,
                            "partners": st.lists(LIST_ITEMS, max_size=2),
                        },
                    )
                ),
            }
            for a in area_ids
        ],
        "quotas": [
            {
                "id": q,
                "name": draw(NAMES),
                "target": draw(st.integers(0, 200)),
                "unit": draw(st.sampled_from(["%", "次", "小时", ""])),
                "compare": draw(st.sampled_from(["at_least", "at_most", "exact", "zero"])),
                "baseline": draw(st.none() | st.integers(0, 200)),
                "area": draw(area_ref),
                "owner": draw(owner),
            }
            for q in quota_ids
        ],
        "goals": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"title": NAMES},
                    optional={
                        "area": area_ref,
                        "quotas": st.lists(st.sampled_from(quota_ids), unique=True)
                        if quota_ids
                        else st.just([]),
                    },
                ),
                max_size=2,
            )
        ),
        "safeguards": draw(
            st.lists(st.fixed_dictionaries({"title": NAMES}, optional={"text": NAMES}), max_size=2)
        ),
        "evaluation": draw(
            st.lists(st.fixed_dictionaries({"title": NAMES}, optional={"text": NAMES}), max_size=2)
        ),
    }
    for key in ("vision", "guiding_ideology", "closing"):
        if draw(st.booleans()):
            data[key] = draw(NAMES)
    return Plan.model_validate(data)


_CANON = str.maketrans(
    {
        ",": "，",
        ":": "：",
        ";": "；",
        "?": "？",
        "!": "！",
        "(": "（",
        ")": "）",
        " ": None,
        "\n": None,
    }
)


def _canon(text: str) -> str:
    """Returns text with half-width punctuation made full-width and spaces dropped: how a half-width
    mark gets normalised depends on its neighbours on the page, so both sides are compared this way."""
    return text.translate(_CANON)


def _visible(name: str) -> str:
    """Returns how a name reads on the page (canonical form), a trailing 。；， dropped."""
    return _canon(clause(_canon(normalize_punctuation(name.strip()))))


def _step_titles(steps) -> list[str]:
    return [t for s in steps for t in (s.title, *_step_titles(s.steps))]


@settings(
    max_examples=scaled_examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(plan=plans())
def test_no_style_loses_a_name(plan):
    expected = [a.name for a in plan.areas]
    expected += [t.title for a in plan.areas for t in a.tasks]
    expected += [s for a in plan.areas for t in a.tasks for s in _step_titles(t.steps)]
    expected += [q.name for q in plan.quotas]
    expected += [g.title for g in plan.goals] + [s.title for s in plan.safeguards + plan.evaluation]
    for style in STYLES:
        text = _canon(plain_text(render_markdown(plan, style)))
        for name in expected:
            assert _visible(name) in text, (style, name)


@pytest.mark.parametrize("style", ["collab", "innovation"])
def test_chapter_lead_slot_names_the_area(style):
    area = {"id": "moral", "name": "德育工作", "tasks": [{"title": "家校共育"}]}
    default = render_markdown(plan_of(areas=[area]), style)
    # review D20: no “本章安排……” lead restating the task headings below it
    assert "## 第一章　德育工作\n\n### 1.1 家校共育" in default and "本章" not in default
    plan = plan_of(areas=[area], style_text={style: {"chapter": "{area}由分管副校长统筹"}})
    assert "## 第一章　德育工作\n\n德育工作由分管副校长统筹。\n" in render_markdown(plan, style)


def test_trailing_hashes_in_a_name_stay_text():
    """A heading's trailing ' #' is Markdown's closing sequence; a name ending in '#' must keep it."""
    from plangen.plan.model import Plan

    plan = Plan.model_validate(
        {
            "school": {"name": "某小学"},
            "period": {"academic_year": 2025},
            "areas": [{"id": "a", "name": "作 #"}],
        }
    )
    for style in ("standard", "narrative", "rules", "okr", "collab", "innovation"):
        assert "作 #" in plain_text(render_markdown(plan, style)), style


# --- wording a principal reviews: who speaks, what is said once ------------------------------------


def test_a_quota_with_its_baseline_is_stated_once(xinghe):
    """The comparison with last year belongs where a style states its targets; tasks name the bare target."""
    full = "学生行为规范达标率达到98%以上（上学年96.5%，提高1.5个百分点）"
    for style in ("standard", "narrative", "rules", "collab", "innovation"):
        text = render_markdown(xinghe, style)
        assert text.count(full) == 1, style
    standard = render_markdown(xinghe, "standard")
    # a task names its quotas in its tag; the goal above states them in full
    assert "；指标：学生行为规范达标率）。" in standard
    assert "工作指标：学生行为规范达标率达到98%以上。" not in standard


def test_steps_name_their_timing_and_only_a_different_department(xinghe):
    text = render_markdown(xinghe, "standard")
    assert (
        "讲党课不少于1次（责任：校长办公室；配合：青岚县委党校；时间：每月第一周周三下午；"
        "指标：党员集中政治理论学习）。"
    ) in text
    assert "时间安排为" not in text
    assert "学习材料提前3天发放（9月中旬前）。" in text
    # the step's text says 每学期: its bracket names only the other department
    assert (
        "每学期每名党员教师上1节校级示范课，课后开展说课评课，优秀课例推荐参加县级展示（教务处负责）。"
        in text
    )
    assert "负责：" not in text.split("## 四、", 1)[0]


def test_standard_lists_leadership_before_departments(xinghe):
    text = render_markdown(xinghe, "standard")
    assert text.index("、组织领导\n") < text.index("、部门职责\n")
    assert "**（一）校长办公室**（负责人：周文涛）。负责党务和行政事务统筹" in text
    assert "办学育人的主心骨（责任：校长办公室；配合：" in text


def test_rules_wording(xinghe):
    text = render_markdown(xinghe, "rules")
    # review D25 / D24: the 指导思想 quotes the motto (no 核心理念 part repeats it); the
    # assessment has no lead listing the seven areas a second time
    assert "核心理念" not in text and "办学理念：“让每一颗星星都发光”" not in text
    assert "星河实验小学对党建工作、德育工作、" not in text
    assert "### 1.考核指标\n\n1.1.党员集中政治理论学习" in text
    assert "本细则" not in text


def test_narrative_does_not_repeat_the_motto_the_ideology_names(xinghe):
    assert "秉持“让每一颗星星都发光”" not in render_markdown(xinghe, "narrative")
    text = render_markdown(
        plan_of(school={"name": "青岚县星河实验小学", "motto": "让每一颗星星都发光"}), "narrative"
    )
    assert "秉持“让每一颗星星都发光”的办学理念" in text


MORAL = {
    "id": "m",
    "name": "德育工作",
    "tasks": [
        {"title": "全员家访", "quotas": ["b", "a"], "steps": [{"title": "建立台账"}]},
    ],
}
TWO_GOALS = [
    {"title": "家校共育", "text": "家访全覆盖", "area": "m"},
    {"title": "习惯养成", "area": "m"},
]
TWO_QUOTAS = [
    {"id": "a", "name": "家访覆盖率", "target": 100, "unit": "%", "area": "m"},
    {
        "id": "b",
        "name": "学生欺凌事件",
        "target": 0,
        "unit": "起",
        "compare": "zero",
        "baseline": 2,
        "area": "m",
    },
]


def test_okr_writes_a_task_under_the_first_key_result_of_its_own_list():
    plan = plan_of(quotas=TWO_QUOTAS, areas=[MORAL])
    text = render_markdown(plan, "okr")
    first, second = text.split("#### 关键结果1.2", 1)
    assert "- 全员家访（见1.2）" in first
    assert "- **建立台账**" in second and "- **建立台账**" not in first


def _task_lines(markdown: str, title: str) -> list[str]:
    """The okr lines of the task `title`: its own bullet and the bullets nested under it."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"- **{title}**"))
    own = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        own.append(line)
    return own


def test_okr_writes_a_long_task_text_as_one_bullet_per_clause(xinghe):
    """Seed 003 篇三: 行动项 are short bullets. A text of several clauses longer than one such
    bullet is cut after each “；” and sentence-ending “。”, each bullet keeping its punctuation;
    the task's line keeps its title and tag; the steps follow, as before."""
    text = render_markdown(xinghe, "okr")
    lines = _task_lines(text, "深化家校社协同育人")
    assert lines[0] == (
        "- **深化家校社协同育人**（责任：德育处；配合：家长委员会、星河社区、青岚县妇联；时间：全学年）"
    )
    assert lines[1:4] == [
        "  - 办好家长学校，每学期召开全体家长会1次、家庭教育专题讲座2场；",
        "  - 开展“全员家访”，对留守儿童、困难家庭学生、学习困难学生和身心特殊学生重点走访；",
        "  - 联合社区开设假期“红领巾驿站”，拓展校外育人空间。",
    ]
    assert lines[4].startswith("  - **家长学校**：")
    # no long text of several clauses is left as one bullet, in any example or preset
    for path in PLANS:
        plan = load_plan(path)
        markdown = render_markdown(plan, "okr")
        for task in (t for a in plan.areas for t in a.tasks):
            body = normalize_punctuation(task.text or "").strip()
            if len(body) > OKR_SPLIT_OVER and len(clauses(body)) > 1:
                first = _task_lines(markdown, clause(task.title))[0]
                assert clauses(body)[0] not in first, (path.name, task.title)
    # a short text, or one of a single clause, stays on its task's line
    short = _task_lines(text, "抓实政治理论学习")[0]
    assert short.startswith("- **抓实政治理论学习**：落实“第一议题”") and short.endswith("）。")


def test_okr_bullets_keep_every_character_of_the_task_text():
    """Cut or not, a task's text is all there, in its order: its bullets joined give it back."""
    for path in PLANS:
        plan = load_plan(path)
        markdown = render_markdown(plan, "okr")
        for task in (t for a in plan.areas for t in a.tasks if t.text):
            lines = _task_lines(markdown, clause(task.title))
            texts = [line.removeprefix("  - ") for line in lines[1:] if "- **" not in line]
            shown = plain_text(lines[0] + ("\n\n" + "\n\n".join(texts) if texts else ""))
            body = clause(normalize_punctuation(task.text).strip())
            joined = shown.replace("\n", "") if texts else shown
            assert body in joined, (path.name, task.title)


@given(st.text(alphabet="甲乙，；。（）“”《》 1.-+\n", max_size=40))
def test_okr_clauses_join_back_to_the_text(text):
    pieces = clauses(text)
    assert "".join(pieces) == text
    for piece in pieces[1:]:
        assert piece[:1] not in ("；", "。") and not piece[:1].isspace()


def test_okr_zero_key_result_uses_the_comparison_and_goals_are_numbered():
    plan = plan_of(quotas=TWO_QUOTAS, goals=TWO_GOALS, areas=[MORAL], vision="办好家门口的学校")
    text = render_markdown(plan, "okr")
    assert f"#### 关键结果1.2：学生欺凌事件{plan.quotas[1].change('上学年')}\n" in text
    # a goal's text glosses its title, never glued to it with a comma
    assert (
        "- **德育工作**：家校共育——家访全覆盖；习惯养成。关键指标：家访覆盖率、学生欺凌事件。"
        in text
    )
    assert "星河小学本学年的核心目标如下：" in text


@pytest.mark.parametrize("style", ["collab", "innovation"])
def test_chapter_goals_and_the_targets_of_a_task(style):
    plan = plan_of(
        quotas=TWO_QUOTAS, goals=TWO_GOALS, areas=[{**MORAL, "objective": "家校共育见实效"}]
    )
    text = render_markdown(plan, style)
    assert "工作目标：家校共育见实效。" in text
    assert "\n**家校共育**：家访全覆盖。\n\n**习惯养成**。\n" in text
    # the task's own targets, in its order, each quota phrased in full once
    label = "项目目标" if style == "innovation" else "目标"
    assert f"{label}：学生欺凌事件零发生（上学年2起）；家访覆盖率达到100%以上。" in text
    assert text.count("家访覆盖率达到100%以上") == 1


def test_innovation_labels_projects_and_routine_work():
    area = {
        "id": "m",
        "name": "德育工作",
        "tasks": [
            {
                "title": "劳动课程",
                "tags": ["innovation"],
                "quotas": ["a"],
                "steps": [{"title": "认领责任田"}],
            },
            {"title": "常规管理", "steps": [{"title": "晨检"}]},
        ],
    }
    plan = plan_of(
        quotas=TWO_QUOTAS[:1],
        goals=[{"title": "家校共育", "area": "m", "quotas": ["a"]}],
        areas=[area],
    )
    text = render_markdown(plan, "innovation")
    project, routine = text.split("### 1.2 常规管理", 1)
    assert "项目目标：家访覆盖率达到100%以上。" in project and "创新实践：" in project
    assert "实施举措：" in routine and "创新实践" not in routine and "项目目标" not in routine


def test_kindergarten_words():
    plan = plan_of(
        school={"name": "某某幼儿园", "kind": "kindergarten", "motto": "快乐游戏"},
        vision="办优质普惠幼儿园",
        goals=[{"title": "保教质量提升"}],
    )
    assert "办园理念：“快乐游戏”" in render_markdown(plan, "okr")
    assert "某某幼儿园本学年的核心目标如下：" in render_markdown(plan, "okr")
    assert "秉持“快乐游戏”的办园理念" in render_markdown(plan, "narrative")


def test_bureau_speaks_for_the_county():
    plan = load_plan(BUREAU)
    assert "## 五、股室职责" in render_markdown(plan, "standard")
    narrative = render_markdown(plan, "narrative")
    assert "要实现的目标和指标如下" not in narrative  # no lead over the goals (review B13)
    collab = render_markdown(plan, "collab")
    assert "关心和支持青岚县教体局" not in collab and "（责任：教育督导室" in collab
    assert "各股室" in render_markdown(plan, "rules")


def test_a_users_template_can_still_call_the_tag_macros(tmp_path: Path) -> None:
    """The built-in templates call say.tag and say.step directly; the macros stay for users'."""
    (tmp_path / "standard.md.j2").write_text(
        '{% import "_macros.md.j2" as m with context %}'
        "{% set task = plan.areas[0].tasks[0] %}"
        "{{ m.task_meta(task) }}|{{ m.task_meta(task, false) }}|"
        "{{ m.step_meta(task.steps[0], task.owner) if task.steps else '' }}\n",
        encoding="utf-8",
    )
    plan = load_plan(XINGHE)
    task = plan.areas[0].tasks[0]
    text = render_markdown(plan, "standard", templates=tmp_path)
    assert text.startswith("（责任：") and text.count("|") == 2, text
    assert task.owner is not None
