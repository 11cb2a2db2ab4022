"""Forgiving forms a school office writes naturally, accepted without changing the schema."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_PLAN

from plangen import load_plan, render_markdown
from plangen.errors import InputError


def test_single_names_and_paragraph_lists_are_accepted(write_yaml):
    path = write_yaml(
        MINIMAL_PLAN
        + "guiding_ideology:\n  - 第一段。\n  - 第二段。\n"
        + "leadership: {leader: 王强, deputies: 张华, members: 各处室主任}\n"
        + "areas:\n  - id: a\n    name: 德育工作\n    partners: 社区\n"
    )
    plan = load_plan(path)
    assert plan.guiding_ideology == "第一段。\n第二段。"
    assert plan.leadership is not None and plan.leadership.deputies == ["张华"]
    assert plan.areas[0].partners == ["社区"]
    text = render_markdown(plan)
    assert "第一段。\n\n第二段。" in text
    assert "副组长：张华" in text


def test_a_single_id_where_ids_are_listed_is_still_an_error(write_yaml):
    """Ids are checked against their lists, so the loose form is not accepted for them."""
    path = write_yaml(MINIMAL_PLAN + "goals:\n  - title: 目标\n    quotas: behavior_rate\n")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert "goals[0].quotas: 应为列表" in str(caught.value)


def test_week_entries_can_name_their_term(write_yaml):
    path = write_yaml(
        MINIMAL_PLAN
        + "schedule:\n  - week: 20\n    term: first\n    items: [{text: 期末考试}]\n"
        + "  - week: 3\n    items: [{text: 家长会}]\n"
    )
    text = render_markdown(load_plan(path))
    assert "| 第一学期第20周 | 期末考试 |" in text
    assert "| 第3周 | 家长会 |" in text


def test_term_on_a_month_entry_is_explained(write_yaml):
    path = write_yaml(
        MINIMAL_PLAN + "schedule:\n  - month: 9\n    term: first\n    items: [{text: 开学}]\n"
    )
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert str(caught.value) == (
        "plan.yaml:8:11: schedule[0].term: term 只用于注明 week（周次）所属的学期；按月份或日期安排时请删除 term"
    )
