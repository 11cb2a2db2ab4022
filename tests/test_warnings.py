"""Warnings: a valid plan that a clerk would not mean to print; `--strict` makes them errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import plangen
from plangen.plan.load import load_plan
from plangen.plan.warnings import plan_warnings

ROOT = Path(plangen.__file__).parent.parent
BASE = "school:\n  name: 星河小学\nperiod:\n  academic_year: 2025\n"


def _warnings(tmp_path: Path, extra: str) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(BASE + extra, encoding="utf-8")
    return [str(w).replace(str(path), "p.yaml") for w in plan_warnings(load_plan(path), str(path))]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "document:\n  issuer: 某某小学\n",
            "p.yaml:6:3: document.issuer: 仍是预设里的占位文字“某某小学”，请改为实际内容",
        ),
        (
            "quotas:\n  - {id: a, name: 达标率, target: 98, unit: '%', baseline: 98}\n",
            "p.yaml:6:24: quotas[0].target: “达标率”的目标与上一周期的基数相同（98%），文中会写“持平”；如要提出新目标，请修改 target",
        ),
        (
            "document:\n  doc_number: 星小发〔2023〕12号\n",
            "p.yaml:6:3: document.doc_number: 文号“星小发〔2023〕12号”中的年份 2023 与计划周期（2025—2026学年）或成文日期不符，请改为今年的文号",
        ),
        (
            "document:\n  title: 星河小学2024—2025学年工作计划\n",
            "p.yaml:6:3: document.title: 标题“星河小学2024—2025学年工作计划”写的是 2024—2025学年，而计划周期是2025—2026学年",
        ),
        (
            "document:\n  date: 2024-09-01\n",
            "p.yaml:6:3: document.date: 成文日期 2024年9月1日 不在计划周期（2025—2026学年）前后，请检查年份",
        ),
        (
            "schedule:\n  - {date: 2027-03-01, items: [{text: 开学}]}\n",
            "p.yaml:6:6: schedule[0].date: 日期 2027年3月1日 不在计划周期（2025—2026学年）之内，请检查年份",
        ),
    ],
)
def test_each_warning(tmp_path: Path, extra: str, expected: str) -> None:
    assert _warnings(tmp_path, extra) == [expected]


def test_a_plan_of_this_year_has_no_warning(tmp_path: Path) -> None:
    extra = (
        "document:\n  doc_number: 星小发〔2025〕3号\n  date: 2025-09-01\n  title: 星河小学2025—2026学年工作计划\n"
        "schedule:\n  - {date: 2026-03-02, items: [{text: 开学}]}\n"
    )
    assert _warnings(tmp_path, extra) == []


@pytest.mark.parametrize(
    "example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name
)
def test_bundled_examples_have_no_warning(example: Path) -> None:
    assert plan_warnings(load_plan(example), example.name) == []


def test_warnings_do_not_stop_a_render_but_strict_does(cli, tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text(BASE + "document:\n  issuer: 某某小学\n", encoding="utf-8")
    loose = cli("render", plan, "-o", tmp_path / "a")
    assert loose.exit_code == 0
    assert "警告：" in loose.output and len(list((tmp_path / "a").iterdir())) == 1
    strict = cli("render", plan, "-o", tmp_path / "b", "--strict")
    assert strict.exit_code == 1
    assert not (tmp_path / "b").exists()
    assert cli("validate", plan).exit_code == 0
    assert cli("validate", plan, "--strict").exit_code == 1


def test_a_title_year_that_roll_would_move_is_also_checked(tmp_path: Path) -> None:
    # roll and --year move “2024到2025学年” (plan/period.py); the stale-title warning reads it the same way
    found = _warnings(tmp_path, "document:\n  title: 星河小学2024到2025学年工作计划\n")
    assert found == [
        "p.yaml:6:3: document.title: 标题“星河小学2024到2025学年工作计划”写的是 2024—2025学年，"
        "而计划周期是2025—2026学年"
    ]


def test_a_calendar_year_plan_title_naming_last_year_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "school:\n  name: 县教育局\nperiod:\n  year: 2026\ndocument:\n  title: 县教育局2025年工作要点\n",
        encoding="utf-8",
    )
    found = [str(w).replace(str(path), "p.yaml") for w in plan_warnings(load_plan(path), str(path))]
    assert found == [
        "p.yaml:6:3: document.title: 标题“县教育局2025年工作要点”写的是 2025年，而计划周期是2026年"
    ]


@pytest.mark.parametrize(
    ("period", "day", "warned"),
    [
        ("  academic_year: 2027\n  term: first\n", "2028-02-29", False),  # leap day, exam month
        ("  academic_year: 2027\n  term: first\n", "2028-03-01", True),
        ("  academic_year: 2025\n  term: second\n", "2026-01-05", False),
        ("  academic_year: 2025\n  term: second\n", "2025-12-31", True),
        ("  academic_year: 2025\n", "2026-08-31", False),
        ("  academic_year: 2025\n", "2026-09-01", True),
        ("  year: 2026\n", "2026-12-31", False),
        ("  year: 2026\n", "2027-01-01", True),
    ],
)
def test_schedule_dates_are_checked_against_the_period_with_a_month_of_grace(
    tmp_path: Path, period: str, day: str, warned: bool
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        f"school:\n  name: 星河小学\nperiod:\n{period}schedule:\n  - {{date: {day}, items: [{{text: 期末考试}}]}}\n",
        encoding="utf-8",
    )
    warnings = [str(w) for w in plan_warnings(load_plan(path), str(path))]
    assert bool(warnings) == warned, warnings


@pytest.mark.parametrize("brackets", ["〔〕", "[]", "［］", "（）", "()", "【】"])
def test_a_stale_doc_number_year_is_warned_and_roll_moves_the_same_year(
    tmp_path: Path, brackets: str
) -> None:
    from plangen.plan.period import shift_doc_number

    stale = f"星小发{brackets[0]}2024{brackets[1]}12号"
    assert len(_warnings(tmp_path, f"document:\n  doc_number: '{stale}'\n")) == 1
    moved = shift_doc_number(stale, 1)
    assert moved == f"星小发{brackets[0]}2025{brackets[1]}12号"
    assert _warnings(tmp_path, f"document:\n  doc_number: '{moved}'\n") == []
