"""Tests for the preset catalogue and `plangen new`: what a user sees when starting a plan."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from typer.testing import CliRunner

from plangen import resources
from plangen.cli.app import app
from plangen.commands.new import (
    available_presets,
    find_preset,
    new_plan,
    preset_catalogue,
    schema_reference,
)
from plangen.errors import UsageError
from plangen.plan.load import load_plan
from plangen.render.templates import render_markdown

EXPECTED = {
    "primary-school",
    "junior-middle",
    "senior-high",
    "kindergarten",
    "bureau-safety",
    "semester",
}
CJK = re.compile(r"[\u4e00-\u9fff]")
SCHOOL = "青岚县星河实验学校"
REPO = Path(__file__).resolve().parent.parent


def _invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch):
    """Runs `plangen ARGS` in folder `cwd` with a wide terminal, returning the result."""
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args, env={"COLUMNS": "200"})


def _comments(text: str) -> list[str]:
    """Returns the full-line comments of a YAML text except the schema modeline, in order."""
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip().startswith("#") and "yaml-language-server" not in line
    ]


# --- catalogue --------------------------------------------------------------------------


def test_catalogue_lists_all_six_presets_with_chinese_names_and_purposes():
    entries = preset_catalogue()
    assert {e.name for e in entries} == EXPECTED
    assert entries[0].name == "primary-school"  # the default of `plangen new` comes first
    for entry in entries:
        assert CJK.search(entry.title), entry
        assert CJK.search(entry.purpose), entry


def test_catalogue_reads_each_presets_own_header():
    by_name = {e.name: e for e in preset_catalogue()}
    assert by_name["senior-high"].title == "普通高级中学学年工作计划"
    assert by_name["bureau-safety"].purpose.startswith("教育局年度安全工作计划")


def test_underscore_files_are_not_presets(tmp_path):
    with pytest.raises(UsageError):
        find_preset("_index")


def test_presets_command_shows_every_preset(tmp_path, monkeypatch):
    result = _invoke(["presets"], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    for entry in preset_catalogue():
        assert entry.name in result.output
        assert entry.title in result.output


# --- new ----------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", available_presets())
def test_new_keeps_comments_sets_school_and_year_and_renders(tmp_path, preset):
    source = resources.preset_path(preset)
    assert source is not None
    original = load_plan(source)
    old_start = original.period.year or original.period.academic_year
    target = tmp_path / "计划.yaml"

    new_plan(target, preset, school=SCHOOL, year=2030)

    text = target.read_text(encoding="utf-8")
    assert _comments(text) == _comments(source.read_text(encoding="utf-8"))
    plan = load_plan(target)
    assert plan.school.name == SCHOOL
    assert plan.issuer == SCHOOL
    assert "某某" not in plan.school.display_name
    assert (plan.period.year or plan.period.academic_year) == 2030
    assert plan.period.term == original.period.term
    if original.document.date is not None:
        assert plan.document.date.year == original.document.date.year + 2030 - old_start
    assert len(plan.areas) == len(original.areas)
    markdown = render_markdown(plan, "standard")
    title = next(
        line for line in markdown.splitlines() if line.startswith("# ")
    )  # the 文号 may precede it
    assert title.startswith("# " + SCHOOL)
    assert "2030" in title


def test_new_without_year_keeps_the_preset_period_and_only_changes_names(tmp_path):
    source = find_preset("primary-school")
    target = tmp_path / "plan.yaml"
    new_plan(target, "primary-school", school=SCHOOL, year=None)
    old_lines = source.read_text(encoding="utf-8").splitlines()
    new_lines = target.read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(a, b) for a, b in zip(old_lines[1:], new_lines[1:], strict=True) if a != b]
    assert changed and all("某某" in a and SCHOOL in b for a, b in changed)
    assert load_plan(target).period == load_plan(source).period


def test_new_points_the_editor_at_the_schema_it_writes_beside_the_plan(tmp_path):
    # issue 13.5: no absolute path into the install folder (gone after an uninstall); a relative
    # path to a copy of the shipped schema, which travels with the folder
    target = tmp_path / "plan.yaml"
    new_plan(target, "kindergarten", school=None, year=None)
    first = target.read_text(encoding="utf-8").splitlines()[0]
    found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert found, first
    ref = found.group(1)
    assert ref == "./plan.schema.json"
    schema = resources.data_dir("schema") / "plan.schema.json"
    opened = Path(unquote(urlparse(ref).path)) if ref.startswith("file://") else target.parent / ref
    assert opened.resolve() == (tmp_path / "plan.schema.json").resolve()
    assert json.loads(opened.read_text(encoding="utf-8")) == json.loads(
        schema.read_text(encoding="utf-8")
    )


def test_schema_reference_is_relative_inside_the_source_tree():
    assert schema_reference(REPO / "examples" / "x.yaml") == "../schema/plan.schema.json"
    assert (
        schema_reference(REPO / "examples" / "inherit" / "x.yaml")
        == "../../schema/plan.schema.json"
    )


def test_new_rejects_an_empty_school_name(tmp_path):
    with pytest.raises(UsageError, match="--school 不能为空"):
        new_plan(tmp_path / "plan.yaml", "primary-school", school="  ", year=None)
    assert not (tmp_path / "plan.yaml").exists()


def test_cli_new_refuses_to_overwrite_without_force(tmp_path, monkeypatch):
    target = tmp_path / "plan.yaml"
    target.write_text("我的计划\n", encoding="utf-8")
    result = _invoke(
        ["new", "plan.yaml", "--preset", "semester", "--school", SCHOOL], tmp_path, monkeypatch
    )
    assert result.exit_code == 1
    assert "已存在" in result.output and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "我的计划\n"

    result = _invoke(
        ["new", "plan.yaml", "--preset", "semester", "--school", SCHOOL, "--force"],
        tmp_path,
        monkeypatch,
    )
    assert result.exit_code == 0, result.output
    assert load_plan(target).school.name == SCHOOL


def test_cli_new_writes_the_file_with_school_and_year(tmp_path, monkeypatch):
    result = _invoke(
        [
            "new",
            "星河.yaml",
            "--preset",
            "bureau-safety",
            "--school",
            "青岚县教育和体育局",
            "--year",
            "2027",
        ],
        tmp_path,
        monkeypatch,
    )
    assert result.exit_code == 0, result.output
    plan = load_plan(tmp_path / "星河.yaml")
    assert plan.school.name == "青岚县教育和体育局"
    assert plan.period.year == 2027


def test_cli_new_unknown_preset_is_a_usage_error_with_a_suggestion(tmp_path, monkeypatch):
    result = _invoke(["new", "plan.yaml", "--preset", "primry-school"], tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert "没有名为“primry-school”的预设" in result.output
    assert "是否想写“primary-school”？" in result.output
    for name in EXPECTED:
        assert name in result.output
    assert not (tmp_path / "plan.yaml").exists()
