"""Forgiving forms a school office writes naturally, accepted without changing the schema."""

from __future__ import annotations

from plangen import load_plan, render_markdown


def test_single_names_and_paragraph_lists_are_accepted(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "school: {name: 某某小学}\n"
        "period: {academic_year: 2025}\n"
        "guiding_ideology:\n  - 第一段。\n  - 第二段。\n"
        "leadership: {leader: 王强, deputies: 张华, members: 各处室主任}\n"
        "areas:\n  - id: a\n    name: 德育工作\n    partners: 社区\n",
        encoding="utf-8",
    )
    plan = load_plan(path)
    assert plan.guiding_ideology == "第一段。\n第二段。"
    assert plan.leadership is not None and plan.leadership.deputies == ["张华"]
    assert plan.areas[0].partners == ["社区"]
    text = render_markdown(plan)
    assert "第一段。\n\n第二段。" in text
    assert "副组长：张华" in text


def test_a_single_id_where_ids_are_listed_is_still_an_error(tmp_path):
    """Ids are checked against their lists, so the loose form is not accepted for them."""
    import pytest

    from plangen.errors import InputError

    path = tmp_path / "plan.yaml"
    path.write_text(
        "school: {name: 某某小学}\nperiod: {academic_year: 2025}\n"
        "goals:\n  - title: 目标\n    quotas: behavior_rate\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert "goals[0].quotas: 应为列表" in str(caught.value)
