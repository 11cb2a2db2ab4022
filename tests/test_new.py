"""`plangen new` (issue 13.1, 13.5): the year from today's date, questions on a terminal only,
and a schema line that works wherever the new file is."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from plangen.cli.app import app
from plangen.commands import new as creating
from plangen.commands.new import default_year
from plangen.commands.schema import schema_json
from plangen.plan.load import load_plan


@pytest.mark.parametrize(
    ("preset", "day", "year"),
    [
        ("primary-school", dt.date(2026, 12, 1), 2026),  # the issue: a 2026-12 machine got 2025
        ("primary-school", dt.date(2026, 8, 1), 2026),
        ("primary-school", dt.date(2026, 7, 31), 2025),
        ("semester", dt.date(2027, 3, 1), 2026),  # second term of 2026—2027
        ("bureau-safety", dt.date(2026, 12, 1), 2026),  # a calendar-year plan: this year
        ("bureau-safety", dt.date(2027, 1, 5), 2027),
    ],
)
def test_default_year_follows_the_day(preset, day, year):
    assert default_year(preset, day) == year


def _run(
    tmp_path, monkeypatch, args, *, terminal: bool, answers: str = "", day=dt.date(2026, 12, 1)
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(creating, "is_interactive", lambda: terminal)
    monkeypatch.setattr(creating, "today", lambda: day)
    return CliRunner().invoke(app, ["new", *args], input=answers, env={"COLUMNS": "200"})


def test_on_a_terminal_new_asks_for_the_names_with_the_preset_values_as_defaults(
    tmp_path, monkeypatch
):
    result = _run(
        tmp_path,
        monkeypatch,
        ["plan.yaml"],
        terminal=True,
        answers="青岚县星河实验小学\n星河小学\n\n",
    )
    assert result.exit_code == 0, result.output
    assert "学校（单位）全称 [某某小学]: 青岚县星河实验小学\n" in result.output
    assert "简称（正文中使用） [青岚县星河实验小学]: 星河小学\n" in result.output
    assert "落款（发文单位） [青岚县星河实验小学]: \n" in result.output
    plan = load_plan(tmp_path / "plan.yaml")
    assert (plan.school.name, plan.school.short_name, plan.issuer) == (
        "青岚县星河实验小学",
        "星河小学",
        "青岚县星河实验小学",
    )
    assert plan.period.academic_year == 2026
    assert (
        "已创建 plan.yaml（2026 起）和 plan.schema.json：请编辑后运行 plangen validate plan.yaml"
        in result.output
    )


def test_yes_and_scripts_take_the_preset_values_without_asking(tmp_path, monkeypatch):
    for args, terminal in ((["a.yaml", "--yes"], True), (["b.yaml"], False)):
        result = _run(tmp_path, monkeypatch, args, terminal=terminal)
        assert result.exit_code == 0, result.output
        assert "全称" not in result.output  # no question
        plan = load_plan(tmp_path / args[0])
        assert plan.school.name == "某某小学" and plan.period.academic_year == 2026


def test_flags_set_each_name_and_no_question_is_asked_when_school_is_given(tmp_path, monkeypatch):
    result = _run(
        tmp_path,
        monkeypatch,
        [
            "p.yaml",
            "--school",
            "青岚县星河实验小学",
            "--short-name",
            "星河小学",
            "--issuer",
            "青岚县教育和体育局",
            "--year",
            "2030",
        ],
        terminal=True,
    )
    assert result.exit_code == 0, result.output
    plan = load_plan(tmp_path / "p.yaml")
    assert (plan.school.short_name, plan.issuer, plan.period.academic_year) == (
        "星河小学",
        "青岚县教育和体育局",
        2030,
    )
    empty = _run(tmp_path, monkeypatch, ["q.yaml", "--issuer", " "], terminal=False)
    assert empty.exit_code == 2
    assert "--issuer 不能为空：请写落款（发文单位），如 --issuer 青岚县星河实验小学" in empty.output


def test_the_schema_line_names_a_schema_written_beside_the_plan(tmp_path, monkeypatch):
    folder = tmp_path / "学校" / "2026"
    folder.mkdir(parents=True)
    result = _run(folder, monkeypatch, ["plan.yaml", "--yes"], terminal=False)
    assert result.exit_code == 0, result.output
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./plan.schema.json"
    assert json.loads((folder / "plan.schema.json").read_text(encoding="utf-8")) == json.loads(
        schema_json()
    )
    moved = tmp_path / "elsewhere"
    (folder).rename(moved)  # the folder can go anywhere: the line still names the file beside it
    assert (moved / "plan.schema.json").is_file()
