"""One year-shifter: `render --year N` and the file `roll --to N` writes give the same plan."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plangen import resources
from plangen.commands.roll import roll_plan
from plangen.errors import InputError
from plangen.plan.load import load_plan
from plangen.plan.period import (
    move_plan,
    override_period,
    same_kind,
    shift_date,
    shift_date_value,
    shift_title_years,
    start_of,
)
from plangen.render.templates import builtin_styles, render_markdown

TITLE = "青岚县星河实验小学2025—2026学年工作计划"
PLAN = f"""\
school:
  name: 青岚县星河实验小学   # 全称
period:
  academic_year: 2025
document:
  title: {TITLE}
  date: 2025-09-01
schedule:
  - date: 2026-02-28
    items: [{{text: 开学工作会议}}]
  - date: "2026-03-30"   # 安全教育日
    items: [{{text: 安全教育日}}]
"""


def _bundled() -> list[Path]:
    examples = sorted(resources.data_dir("examples").rglob("*.yaml"))
    presets = [
        p
        for p in sorted(resources.data_dir("presets").glob("*.yaml"))
        if not p.name.startswith("_")
    ]
    return examples + presets


def _copy_beside(path: Path, folder: Path) -> Path:
    """Copies `path` and its sibling plans (parents named by a relative extends) into `folder`."""
    for sibling in path.parent.glob("*.yaml"):
        shutil.copy(sibling, folder / sibling.name)
    return folder / path.name


def _both_ways(src: Path, year: int, tmp_path: Path):
    """Returns (plan loaded with year=, plan of the file rolled to year beside `src`)."""
    rolled = src.with_name(f"rolled-{year}.yaml")
    roll_plan(src, year, rolled, targets_to_baselines=False)
    return load_plan(src, year=year), load_plan(rolled)


def _assert_same(by_option, by_roll) -> None:
    assert by_option.title == by_roll.title
    assert by_option.period == by_roll.period
    assert by_option.document.date == by_roll.document.date
    assert [e.date for e in by_option.schedule] == [e.date for e in by_roll.schedule]
    for style in builtin_styles():
        assert render_markdown(by_option, style) == render_markdown(by_roll, style), style


@pytest.mark.parametrize("ahead", [1, 2])
@pytest.mark.parametrize("path", _bundled(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_year_option_renders_exactly_what_the_rolled_file_renders(tmp_path, path, ahead):
    src = _copy_beside(path, tmp_path)
    _, start = start_of(load_plan(src).period)
    assert start is not None
    by_option, by_roll = _both_ways(src, start + ahead, tmp_path)
    assert start_of(by_option.period)[1] == start + ahead
    _assert_same(by_option, by_roll)


def test_year_option_moves_the_years_of_an_explicit_title(tmp_path):
    src = tmp_path / "plan.yaml"
    src.write_text(PLAN, encoding="utf-8")
    by_option, by_roll = _both_ways(src, 2027, tmp_path)
    assert by_option.title == "青岚县星河实验小学2027—2028学年工作计划"
    assert by_option.period.slug == "2027—2028学年"
    assert by_option.document.date == dt.date(2027, 9, 1)
    # a quoted date moves too, and 28 February stays 28 February
    assert [e.date for e in by_option.schedule] == [dt.date(2028, 2, 28), dt.date(2028, 3, 30)]
    _assert_same(by_option, by_roll)


def test_29_february_becomes_28_february_both_ways(tmp_path):
    src = tmp_path / "plan.yaml"
    src.write_text(
        PLAN.replace("2026-02-28", "2024-02-29").replace(
            "academic_year: 2025", "academic_year: 2023"
        ),
        encoding="utf-8",
    )
    by_option, by_roll = _both_ways(src, 2024, tmp_path)
    assert by_option.schedule[0].date == dt.date(2025, 2, 28)
    _assert_same(by_option, by_roll)


def test_an_inherited_title_and_dated_schedule_are_written_into_the_rolled_file(tmp_path):
    (tmp_path / "base.yaml").write_text(PLAN, encoding="utf-8")
    src = tmp_path / "school.yaml"
    src.write_text(
        "extends: base.yaml   # 县级底稿\nschool:\n  name: 青岚县星河实验小学\n\n# 结语\n"
        "closing: 全体教职工要认真落实。\n",
        encoding="utf-8",
    )
    by_option, by_roll = _both_ways(src, 2026, tmp_path)
    assert by_roll.title == "青岚县星河实验小学2026—2027学年工作计划"
    assert [e.date for e in by_roll.schedule] == [dt.date(2027, 2, 28), dt.date(2027, 3, 30)]
    _assert_same(by_option, by_roll)
    text = (tmp_path / "rolled-2026.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "extends: base.yaml   # 县级底稿\nschool:\n  name: 青岚县星河实验小学\nperiod:\n  academic_year: 2026\n"
        "document:\n  title: 青岚县星河实验小学2026—2027学年工作计划\n  date: 2026-09-01\n\n# 结语\n"
        "closing: 全体教职工要认真落实。\nschedule:\n  - date: 2027-02-28\n"
    )


def test_year_option_keeps_every_problem_at_its_line(tmp_path):
    src = tmp_path / "plan.yaml"
    src.write_text(
        PLAN + 'quotas:\n  - id: rate\n    name: 达标率\n    target: "98%"\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_plan(src, year=2026)
    assert str(caught.value).startswith(f"{src}:16:13: quotas[0].target: ")


# --- the rules themselves --------------------------------------------------------------------


def test_shift_date_and_date_values():
    assert shift_date(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_date(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert shift_date_value("2025-09-10", -1) == "2024-09-10"
    assert shift_date_value("2025-02-30", 1) == "2025-02-30"  # not a date: left for validation
    assert shift_date_value("九月", 1) == "九月"
    assert shift_date_value(None, 1) is None


def test_same_kind_keeps_a_string_subclass():
    class Quoted(str):
        pass

    assert type(same_kind(Quoted("a"), "b")) is Quoted
    assert type(same_kind("a", "b")) is str
    assert same_kind(None, "b") == "b"


def test_move_plan_moves_a_calendar_year_plan_and_reports_the_years():
    data = {
        "period": {"year": 2026},
        "document": {"title": "某某局2026年安全工作计划", "date": dt.date(2026, 1, 12)},
    }
    assert move_plan(data, 2024) == -2
    assert data == {
        "period": {"year": 2024},
        "document": {"title": "某某局2024年安全工作计划", "date": dt.date(2024, 1, 12)},
    }


def test_move_plan_moves_an_entry_repeated_by_an_alias_once():
    entry = {"date": dt.date(2025, 10, 1), "items": [{"text": "国庆"}]}
    data = {"period": {"academic_year": 2025}, "schedule": [entry, entry]}
    move_plan(data, 2026)
    assert entry["date"] == dt.date(2026, 10, 1)


def test_move_plan_without_a_start_year_only_sets_the_period():
    data = {"period": {"academic_year": "明年"}, "document": {"date": dt.date(2025, 9, 1)}}
    assert move_plan(data, 2026) == 0
    assert data == {"period": {"academic_year": 2026}, "document": {"date": dt.date(2025, 9, 1)}}


def test_override_period_sets_the_term_of_an_academic_year_only():
    school = {"period": {"academic_year": 2025, "term": "year"}}
    assert override_period(school, year=None, term="first") is school
    assert school == {"period": {"academic_year": 2025, "term": "first"}}
    bureau = {"period": {"year": 2026}}
    override_period(bureau, year=2027, term="first")
    assert bureau == {"period": {"year": 2027}}


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)),
    years=st.integers(min_value=-40, max_value=40),
)
def test_moving_there_and_back_restores_every_day_but_29_february(day, years):
    back = shift_date(shift_date(day, years), -years)
    assert back == day or (day.month, day.day, back.day) == (2, 29, 28)
    assert shift_date_value(day.isoformat(), years) == shift_date(day, years).isoformat()


@settings(max_examples=200, deadline=None)
@given(
    start=st.integers(min_value=1950, max_value=2150),
    years=st.integers(min_value=-40, max_value=40),
    sep=st.sampled_from(["—", "-", "－", "至", " - "]),
    tail=st.sampled_from(["学年", " 学年", "年"]),
)
def test_title_years_move_together_and_back(start, years, sep, tail):
    title = f"星河小学{start}{sep}{start + 1}{tail}第一学期工作计划（2022版方案）"
    moved = shift_title_years(title, years)
    assert (
        moved
        == f"星河小学{start + years}{sep}{start + 1 + years}{tail}第一学期工作计划（2022版方案）"
    )
    assert shift_title_years(moved, -years) == title
