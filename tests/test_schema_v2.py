"""Schema v2 (design.md §2a): quotas as offices write them, joint owners, the 公文 wrapper,
headings and extra sections, layout, the calendar and semester plans from a yearly plan. Bad
input is checked word for word, as in test_bad_input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN

from plangen.errors import InputError, UsageError
from plangen.pipeline.document import docmeta
from plangen.plan.load import load_plan
from plangen.plan.model import Plan, Quota
from plangen.render.templates import render_markdown

STYLES = ("standard", "narrative", "rules", "okr", "collab", "innovation")


def quota(**fields) -> Quota:
    return Quota(id="q", name=fields.pop("name", "指标"), **fields)


@pytest.mark.parametrize(
    ("fields", "phrase", "cell"),
    [
        (
            {"name": "各学科期末考试平均分", "compare": "increase", "target": 5, "unit": "分"},
            "各学科期末考试平均分较上学期提高5分",
            "提高5分",
        ),
        (
            {
                "name": "各学科优秀率",
                "compare": "increase",
                "target": 2,
                "unit": "%",
                "against": "原有基础",
            },
            "各学科优秀率较原有基础提升2个百分点",
            "提升2个百分点",
        ),
        (
            {"name": "平均响应时间", "compare": "decrease", "target": 2, "unit": "小时"},
            "平均响应时间较上学期缩短2小时",
            "缩短2小时",
        ),
        (
            {
                "name": "全国足球特色学校",
                "verb": "申报",
                "compare": "exact",
                "target": 1,
                "unit": "所",
            },
            "申报全国足球特色学校1所",
            "1所",
        ),
        (
            {"name": "校内学科骨干教师", "verb": "培养", "target": [1, 2], "unit": "名"},
            "培养校内学科骨干教师1～2名",
            "1～2名",
        ),
        (
            {
                "name": "省级书香校园、乡村温馨校园",
                "verb": "创建",
                "each": True,
                "compare": "exact",
                "target": 2,
                "unit": "所",
            },
            "创建省级书香校园、乡村温馨校园各2所",
            "各2所",
        ),
        (
            {"name": "德育品牌", "text": "争创1个省级、2个市级德育品牌"},
            "争创1个省级、2个市级德育品牌",
            "见指标说明",
        ),
        (
            {"name": "家长学校专题讲座", "verb": "举办", "target": 2, "unit": "次"},
            "举办家长学校专题讲座不少于2次",
            "不少于2次",
        ),
        (
            {"name": "学生体质健康合格率", "target": 98, "unit": "%"},
            "学生体质健康合格率达到98%以上",
            "98%以上",
        ),
    ],
)
def test_quota_phrases_read_as_an_office_writes_them(fields: dict, phrase: str, cell: str) -> None:
    q = quota(**fields)
    assert q.phrase("上学期") == phrase
    assert q.bare_phrase("上学期") == phrase
    assert q.target_text == cell


def test_an_increase_keeps_its_baseline_and_has_no_separate_change() -> None:
    q = quota(name="平均分", compare="increase", target=5, unit="分", baseline=80)
    assert q.phrase("上学年") == "平均分较上学年提高5分（上学年80分）"
    assert q.change("上学年") == ""


def plan_data(**extra) -> dict:
    data = {
        "school": {"name": "青岚县河湾小学"},
        "period": {"academic_year": 2025, "term": "second"},
    }
    data.update(extra)
    return data


def test_owners_take_ids_names_and_lists_and_owner_only_departments_are_not_listed() -> None:
    plan = Plan.model_validate(
        plan_data(
            departments=[
                "办公室",
                "团委",
                {"id": "jiaoyu", "name": "教育处", "duty": "负责学生德育"},
            ],
            schedule=[{"week": 1, "items": [{"text": "开学典礼", "owner": ["jiaoyu", "团委"]}]}],
        )
    )
    assert plan.department_name(["jiaoyu", "团委"]) == "教育处、团委"
    assert plan.department_name("教育处") == "教育处"
    assert [d.name for d in plan.listed_departments] == ["教育处"]
    for style in STYLES:
        text = render_markdown(plan, style)
        assert "教育处、团委" in text, style
        assert "**（一）团委**" not in text and "团委**：" not in text, style


def test_the_wrapper_is_laid_out_as_the_contract_says() -> None:
    plan = Plan.model_validate(
        plan_data(
            document={
                "issuer": "青岚县河湾小学",
                "date": "2026-02-20",
                "doc_number": "河小发〔2026〕1号",
                "header": "青岚县河湾小学文件",
                "subtitle": "——河湾小学第二学期工作安排",
                "recipients": "各位老师",
                "notice": "现将计划印发给你们，请认真执行。",
                "attachments": ["学校行事历", "教研安排"],
                "cc": ["县教育局", "县教研室"],
                "printed_by": "河湾小学办公室",
                "printed_date": "2026-02-21",
            }
        )
    )
    for style in STYLES:
        paragraphs = render_markdown(plan, style).split("\n\n")
        assert paragraphs[:4] == [
            "青岚县河湾小学文件",
            "河小发〔2026〕1号",
            "# 关于印发《青岚县河湾小学2025—2026学年第二学期工作计划》的通知",
            "各位老师：",
        ], style
        assert paragraphs.index("* * *") < paragraphs.index(
            "# 青岚县河湾小学2025—2026学年第二学期工作计划"
        ), style
        title = paragraphs.index("# 青岚县河湾小学2025—2026学年第二学期工作计划")
        assert paragraphs[title + 1] == "——河湾小学第二学期工作安排", style
        assert paragraphs[-2:] == [
            "抄送：县教育局，县教研室。",
            "河湾小学办公室\u3000\u30002026年2月21日印发\n",
        ], style
        signature = len(paragraphs) - 4
        assert paragraphs[signature - 2 : signature] == ["附件：1. 学校行事历", "2\\. 教研安排"], (
            style
        )
    meta = docmeta(plan)
    assert (meta.header, meta.subtitle, meta.recipients, meta.notice) == (
        "青岚县河湾小学文件",
        "——河湾小学第二学期工作安排",
        "各位老师：",
        True,
    )
    assert (meta.attachments, meta.cc, meta.printed_by, meta.printed_date) == (
        ("学校行事历", "教研安排"),
        ("县教育局", "县教研室"),
        "河湾小学办公室",
        "2026年2月21日",
    )
    assert meta.notice_signature == ("青岚县河湾小学", "2026年2月20日")


def test_headings_sections_and_top_level_areas_with_continuous_numbering() -> None:
    plan = Plan.model_validate(
        plan_data(
            guiding_ideology="坚持立德树人。",
            headings={"guiding_ideology": "工作思路", "schedule_owner": "责任处室"},
            layout={"areas": "top", "continuous": True},
            areas=[
                {
                    "id": "a",
                    "name": "加强党的建设",
                    "tasks": [{"title": "抓学习"}, {"title": "抓队伍"}],
                },
                {"id": "b", "name": "提升教育质量", "tasks": [{"title": "抓课堂"}]},
            ],
            departments=["办公室"],  # an owner must be a department, also for a plan made in code
            schedule=[{"month": 3, "items": [{"text": "开学工作", "owner": "办公室"}]}],
            sections=[{"title": "工作要求", "after": "end", "text": "各处室要抓好落实。"}],
        )
    )
    text = render_markdown(plan, "standard")
    for line in (
        "## 一、工作思路",
        "## 二、加强党的建设",
        "### （一）抓学习",
        "### （二）抓队伍",
        "## 三、提升教育质量",
        "### （三）抓课堂",
        "| 时间 | 工作内容 | 责任处室 |",
        "## 五、工作要求",
    ):
        assert line in text.splitlines(), line
    for style in STYLES:
        assert "工作要求" in render_markdown(plan, style), style


def test_the_v2_calendar_shows_week_dates_ranges_labels_and_numbered_items() -> None:
    plan = Plan.model_validate(
        plan_data(
            period={
                "academic_year": 2025,
                "term": "second",
                "term_names": "seasons",
                "start": "2026-03-02",
            },
            schedule=[
                {"label": "开学前", "items": [{"text": "行政会"}, {"text": "集体备课"}]},
                {"weeks": [1, 2], "items": [{"text": "开学典礼"}]},
                {"week": 3, "items": [{"text": "教学检查"}]},
                {"date": "2026-03-30", "items": [{"text": "安全教育日"}]},
            ],
        )
    )
    text = render_markdown(plan, "standard")
    assert plan.title == "青岚县河湾小学2025—2026学年春季学期工作计划"
    for row in (
        "| 开学前 | 1.行政会 |",
        "|  | 2.集体备课 |",
        "| 第一至二周（3月2日—3月15日） | 开学典礼 |",
        "| 第三周（3月16日—3月22日） | 教学检查 |",
        "| 3月30日 | 安全教育日 |",
    ):
        assert row in text.splitlines(), row


def test_a_period_label_replaces_the_generated_phrase() -> None:
    plan = Plan.model_validate(
        plan_data(period={"academic_year": 2025, "term": "first", "label": "2025—2026学年度上学期"})
    )
    assert plan.title == "青岚县河湾小学2025—2026学年度上学期工作计划"
    assert render_markdown(plan, "narrative").count("2025—2026学年度上学期") >= 2


def test_a_term_plan_from_a_yearly_plan(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(
        "school: {name: 青岚县第一中学}\nperiod: {academic_year: 2025}\n"
        "quotas:\n  - {id: r, name: 家访人次, target: 300, unit: 人次, baseline: 250}\n"
        "schedule:\n"
        "  - {months: [1, 2], items: [{text: 寒假安全教育}]}\n"
        "  - {month: 9, items: [{text: 开学典礼}]}\n"
        "  - {month: 3, items: [{text: 春季运动会}]}\n"
        "  - {week: 18, term: second, items: [{text: 期末考试}]}\n"
        "  - {date: 2026-03-12, items: [{text: 植树节活动}]}\n"
    )
    first = render_markdown(load_plan(path, term="first"), "standard")
    second = render_markdown(load_plan(path, term="second"), "standard")
    assert "2025—2026学年第一学期" in first and "开学典礼" in first and "春季运动会" not in first
    assert "| 一月份 | 寒假安全教育 |" in first and "期末考试" not in first
    assert "| 二月份 | 寒假安全教育 |" in second and "| 第十八周 | 期末考试 |" in second
    assert "| 3月12日 | 植树节活动 |" in second and "开学典礼" not in second
    for text in (first, second):
        assert (
            "上学年250人次" in text
            and "同比" in text
            and "上学期" not in text
            and "环比" not in text
        )


def test_term_on_a_calendar_year_plan_is_a_usage_error(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml("school: {name: 青岚县教育局, kind: bureau}\nperiod: {year: 2026}\n")
    with pytest.raises(UsageError) as caught:
        load_plan(path, term="first")
    assert str(caught.value) == (
        "--term first 不适用于年度计划：period.year 是公历年度，不分学期；"
        "请去掉 --term，或改用学年计划（academic_year）"
    )
    assert caught.value.exit_code == 2


def test_a_quota_of_a_goal_and_a_task_is_phrased_in_full_once() -> None:
    plan = Plan.model_validate(
        plan_data(
            quotas=[
                {
                    "id": "avg",
                    "name": "各学科期末考试平均分",
                    "compare": "increase",
                    "target": 5,
                    "unit": "分",
                }
            ],
            goals=[{"title": "提升质量", "quotas": ["avg"]}],
            areas=[
                {"id": "a", "name": "教学工作", "tasks": [{"title": "抓课堂", "quotas": ["avg"]}]}
            ],
        )
    )
    text = render_markdown(plan, "standard")
    assert text.count("各学科期末考试平均分较上学期提高5分") == 1
    # the task names it in its tag (issue #11: a tag, not a sentence per task)
    assert "（指标：各学科期末考试平均分）" in text


BAD = [
    (
        "range_low_above_high",
        "quotas:\n  - {id: t, name: 骨干教师, verb: 培养, target: [3, 1], unit: 名}\n",
        "plan.yaml:{line}:43: quotas[0].target: 范围的下限 3 大于上限 1：请写作 [1, 3]",
    ),
    (
        "each_without_count",
        "quotas:\n  - {id: t, name: 书香校园、温馨校园, verb: 创建, each: true}\n",
        "plan.yaml:{line}:46: quotas[0].each: each: true 需要一个数量：请写 target（如 target: 2）和 unit（如 所），或删除 each",
    ),
    (
        "increase_negative",
        "quotas:\n  - {id: t, name: 平均分, compare: increase, target: -5, unit: 分}\n",
        "plan.yaml:{line}:51: quotas[0].target: compare: increase 的 target 是提高的幅度，应为正数，实际为 -5；方向相反请写 compare: decrease",
    ),
    (
        "after_no_section",
        "sections:\n  - {title: 工作要求, after: safeguard}\n",
        "plan.yaml:{line}:26: sections[0].after: after“safeguard”不是计划的任何部分，是否想写“safeguards”？",
    ),
    (
        "after_missing_section",
        "sections:\n  - {title: 工作要求, after: leadership}\n",
        "plan.yaml:{line}:26: sections[0].after: after: leadership，但计划中没有这一部分（leadership 未填写）：请改写为计划中有的部分，或 start、end",
    ),
    (
        "continuous_without_top",
        "layout: {continuous: true}\n",
        "plan.yaml:{line}:22: layout.continuous: continuous 只用于 areas: top（每个领域是一章）：请同时写 areas: top，或删除 continuous",
    ),
    (
        "label_with_month",
        "schedule:\n  - {month: 3, label: 开学前, items: [{text: 开学准备}]}\n",
        "plan.yaml:{line}:23: schedule[0].label: month 与 label 只能写一个：一条行事历只对应一个时间",
    ),
    (
        "unknown_owner_name",
        "departments: [教务处]\nschedule:\n  - {month: 3, items: [{text: 开学准备, owner: 教物处}]}\n",
        "plan.yaml:{line}:44: schedule[0].items[0].owner: 未知的部门 id“教物处”：departments 中没有它，是否想写“教务处”？",
    ),
]


@pytest.mark.parametrize(("name", "tail", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_v2_input_is_one_located_chinese_line(
    name: str, tail: str, expected: str, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml(MINIMAL_PLAN + tail)
    with pytest.raises(InputError) as caught:
        load_plan(path)
    line = MINIMAL_PLAN.count("\n") + tail.count("\n")
    assert str(caught.value).splitlines() == [expected.format(line=line)]
    assert caught.value.exit_code == 1


def test_a_week_beyond_the_term_with_start(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(
        "school: {name: 青岚县河湾小学}\n"
        "period: {academic_year: 2025, term: second, start: 2026-03-02}\n"
        "schedule:\n  - {week: 25, items: [{text: 期末考试}]}\n"
    )
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert str(caught.value).splitlines() == [
        "plan.yaml:4:12: schedule[0].week: 第25周（至2026年8月23日）超出计划周期（2026年7月31日结束）：请检查周次或 period.start"
    ]


def test_cli_term_on_a_calendar_year_plan_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from plangen.cli.app import app

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "render",
            str(root / "examples" / "bureau-outline-2026.yaml"),
            "--term",
            "first",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 2
    assert "--term first 不适用于年度计划" in result.output
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.parametrize(
    "name", ["hewan-primary-term", "qinglan-senior-weeks", "bureau-outline-2026"]
)
def test_new_examples_phrase_each_quota_in_full_once(name: str) -> None:
    root = Path(__file__).resolve().parents[1]
    plan = load_plan(root / "examples" / f"{name}.yaml")
    for style in STYLES:
        text = render_markdown(plan, style).replace("\\", "")
        for q in plan.quotas:
            assert text.count(q.bare_phrase(plan.period.previous)) == 1, (style, q.id)
