"""Quota phrases read back into typed quotas: plangen's own phrases exactly (no `text`), a school's
other wordings typed as well as they can be, their words kept in `text`."""

from __future__ import annotations

import pytest

from plangen.commands.importer.quotas import is_quota_clause, read_phrase, split_quota_clauses
from plangen.zh_quota import quota_words


@pytest.mark.parametrize(
    ("phrase", "fields"),
    [
        (
            "学生行为规范达标率达到98%以上",
            {"name": "学生行为规范达标率", "target": 98, "unit": "%"},
        ),
        (
            "维修响应时间控制在2小时以内",
            {"name": "维修响应时间", "compare": "at_most", "target": 2, "unit": "小时"},
        ),
        ("安全责任事故零发生", {"name": "安全责任事故", "compare": "zero"}),
        (
            "各学科平均分较上学期提高5分",
            {"name": "各学科平均分", "compare": "increase", "target": 5, "unit": "分"},
        ),
        (
            "优秀率较原有基础提升2个百分点",
            {
                "name": "优秀率",
                "compare": "increase",
                "target": 2,
                "unit": "%",
                "against": "原有基础",
            },
        ),
        (
            "培养骨干教师1～2名",
            {
                "name": "骨干教师",
                "verb": "培养",
                "compare": "exact",
                "target": [1, 2],
                "unit": "名",
            },
        ),
        (
            "申报全国足球特色学校1所",
            {
                "name": "全国足球特色学校",
                "verb": "申报",
                "compare": "exact",
                "target": 1,
                "unit": "所",
            },
        ),
        (
            "创建书香校园、温馨校园各2所",
            {
                "name": "书香校园、温馨校园",
                "verb": "创建",
                "each": True,
                "compare": "exact",
                "target": 2,
                "unit": "所",
            },
        ),
        ("开展主题班会不少于6次", {"name": "主题班会", "verb": "开展", "target": 6, "unit": "次"}),
        (
            "学生体质健康合格率达到95%以上（上学期93%，提高2个百分点）",
            {"name": "学生体质健康合格率", "target": 95, "unit": "%", "baseline": 93},
        ),
        (
            "校园欺凌事件零发生（上学期1起）",
            {"name": "校园欺凌事件", "compare": "zero", "baseline": 1, "unit": "起"},
        ),
    ],
)
def test_plangen_phrases_are_read_exactly(phrase: str, fields: dict) -> None:
    read = read_phrase(phrase, "上学期")
    assert read == fields
    assert (
        quota_words(
            read["name"],
            read.get("target"),
            read.get("unit", ""),
            read.get("compare", "at_least"),
            read.get("baseline"),
            "上学期",
            verb=read.get("verb"),
            each=read.get("each", False),
            against=read.get("against"),
        )
        == phrase
    )


@pytest.mark.parametrize(
    ("phrase", "typed"),
    [
        ("家长满意度不低于90%", {"name": "家长满意度", "target": 90, "unit": "%"}),
        (
            "维修响应时间少于2小时",
            {"name": "维修响应时间", "compare": "at_most", "target": 2, "unit": "小时"},
        ),
        (
            "水电消耗同比降低5%",
            {"name": "水电消耗", "compare": "decrease", "target": 5, "unit": "%"},
        ),
        ("学生行为规范达标率98%以上", {"name": "学生行为规范达标率", "target": 98, "unit": "%"}),
        (
            "60%以上教师熟练运用智能教学工具",
            {"name": "教师熟练运用智能教学工具", "target": 60, "unit": "%"},
        ),
    ],
)
def test_other_wordings_are_typed_and_kept_as_written(phrase: str, typed: dict) -> None:
    assert read_phrase(phrase, "上学年") == {**typed, "text": phrase}


def test_clauses_without_a_target_are_not_quotas() -> None:
    assert not is_quota_clause("开展党建品牌项目化建设")
    assert not is_quota_clause("结合学校5年办学历史")
    assert read_phrase("办好读书节", "上学年") is None


def test_target_clauses_are_taken_out_of_a_goal_and_the_rest_kept() -> None:
    text, found = split_quota_clauses(
        "设施优化升级，完成餐厅改造。维修响应时间少于2小时，师生满意度高于90%。"
    )
    assert text == "设施优化升级，完成餐厅改造。"
    assert found == ["维修响应时间少于2小时", "师生满意度高于90%"]


def test_generated_tags_of_the_new_wording_are_read() -> None:
    """The task and area tags of /tmp/shared/text-forms.md (issue #11's wording)."""
    from plangen.commands.importer.body import take_tag

    line, tag = take_tag(
        "每月组织一次集中学习（责任：校长办公室；配合：青岚县委党校；时间：每月第一周周三下午）。"
    )
    assert line == "每月组织一次集中学习。"
    assert tag == {"责任": "校长办公室", "配合": "青岚县委党校", "时间": "每月第一周周三下午"}
    assert take_tag("（责任：德育处；配合：家长委员会、社区）") == (
        "",
        {"责任": "德育处", "配合": "家长委员会、社区"},
    )
    assert take_tag("开展研学（每学期1次）。") == ("开展研学（每学期1次）。", {})


@pytest.mark.parametrize(
    ("title", "school", "period"),
    [
        (
            "青岚县星河实验小学2025—2026学年工作计划",
            "青岚县星河实验小学",
            {"academic_year": 2025, "term": "year"},
        ),
        (
            "青岚县河湾中心小学2025—2026学年第二学期工作计划",
            "青岚县河湾中心小学",
            {"academic_year": 2025, "term": "second"},
        ),
        (
            "青岚县第二高级中学2025—2026学年上学期工作计划",
            "青岚县第二高级中学",
            {"academic_year": 2025, "term": "first", "term_names": "upper_lower"},
        ),
        (
            "柳溪小学2026年春季学期工作计划",
            "柳溪小学",
            {
                "academic_year": 2025,
                "term": "second",
                "term_names": "seasons",
                "label": "2026年春季学期",
            },
        ),
        ("青岚县教育和体育局2026年教育督导工作计划", "青岚县教育和体育局", {"year": 2026}),
        (
            "柳溪小学2025—2026学年度第一学期工作计划",
            "柳溪小学",
            {"academic_year": 2025, "term": "first", "label": "2025—2026学年度第一学期"},
        ),
    ],
)
def test_titles_give_school_and_period(title: str, school: str, period: dict) -> None:
    from plangen.commands.importer.notes import Notes
    from plangen.commands.importer.wrapper import read_title

    data: dict = {}
    assert read_title(title, data, Notes())
    assert data["school"]["name"] == school
    assert data["period"] == period
