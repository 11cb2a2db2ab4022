"""The command line as a user meets it: commands, help, exit codes, output files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plangen.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "xinghe-primary.yaml"
BUREAU = ROOT / "examples" / "bureau-2026.yaml"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "250"})


def test_every_command_has_chinese_help_with_an_example():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {
        "render",
        "validate",
        "styles",
        "schema",
        "demo",
        "presets",
        "new",
        "roll",
        "diff",
    } <= set(names)
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "示例：plangen" in result.output, f"{name} 的帮助缺少示例"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in result.output)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("plangen ")


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys; from plangen.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docx', 'pydantic', 'jinja2', 'opencc', 'ruamel.yaml', 'yaml') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "HEAVY []" in out


def test_render_writes_named_markdown(tmp_path):
    result = run("render", EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    out = tmp_path / "星河实验小学-2025—2026学年-standard.md"
    assert out.is_file()
    text = out.read_text(encoding="utf-8")
    assert text.startswith(
        "星小发〔2025〕12号\n\n# 青岚县星河实验小学2025—2026学年工作计划\n"
    )  # 文号 above the title
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text


def test_render_calendar_year_plan_name(tmp_path):
    result = run("render", BUREAU, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    names = [p.name for p in tmp_path.iterdir()]
    assert len(names) == 1 and "2026年度" in names[0] and names[0].endswith("-standard.md")


def test_render_several_files_and_all_styles(tmp_path):
    result = run("render", EXAMPLE, BUREAU, "--style", "all", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.md"))) == 12


def test_render_front_matter(tmp_path):
    result = run("render", EXAMPLE, "--front-matter", "-o", tmp_path)
    assert result.exit_code == 0
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 青岚县星河实验小学2025—2026学年工作计划\ndate: '2025-09-")
    assert (
        "\n---\n\n星小发〔2025〕12号\n\n# " in text
    )  # the body follows the front matter, 文号 first


def test_year_override_regenerates_next_year(tmp_path):
    result = run("render", EXAMPLE, "--year", "2027", "-o", tmp_path)
    assert result.exit_code == 0
    path = next(tmp_path.glob("*.md"))
    assert "2027—2028学年" in path.name
    text = path.read_text(encoding="utf-8")
    assert "# 青岚县星河实验小学2027—2028学年工作计划" in text
    assert "2027年9月" in text


def test_term_override(tmp_path):
    result = run("render", EXAMPLE, "--term", "second", "-o", tmp_path)
    assert result.exit_code == 0
    assert "2025—2026学年第二学期工作计划" in next(tmp_path.glob("*.md")).read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--style", "fancy"], "未知的风格“fancy”"),
        (["--to", "odt"], "未知的输出格式“odt”"),  # pdf is a format since issue 12
        (["--term", "third"], "未知的学期“third”"),
        (["--script", "latin"], "未知的文字“latin”"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, message):
    result = run("render", EXAMPLE, *args, "-o", tmp_path)
    assert result.exit_code == 2
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_missing_file_is_input_error(tmp_path):
    result = run("render", tmp_path / "nope.yaml", "-o", tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope.yaml'}: 文件不存在，请检查路径" in result.output
    assert "Traceback" not in result.output


def test_validate_ok_and_bad(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "school:\n  name: 某小学\nperiod:\n  academic_year: 2025\nshcool: 1\n", encoding="utf-8"
    )
    ok = run("validate", EXAMPLE)
    assert ok.exit_code == 0
    assert "有效（7 个领域" in ok.output
    result = run("validate", EXAMPLE, bad)
    assert result.exit_code == 1
    assert f"{bad}:5:1: shcool: 未知字段“shcool”，是否想写“school”？" in result.output


def test_styles_table_lists_builtin_and_user_styles(tmp_path):
    (tmp_path / "brief.md.j2").write_text(
        "{# title: 简报版\ndescription: 一页纸简报 #}\n# {{ plan.title }}\n", encoding="utf-8"
    )
    result = run("styles", "--templates", tmp_path)
    assert result.exit_code == 0
    for word in (
        "standard",
        "规范版",
        "okr",
        "目标与关键结果",
        "brief",
        "简报版",
        "内置",
        str(tmp_path),
    ):
        assert word in result.output


def test_user_template_adds_and_overrides_styles(tmp_path):
    (tmp_path / "brief.md.j2").write_text(
        "# {{ plan.title }}\n\n简报：{{ plan.school.display_name }}\n", encoding="utf-8"
    )
    (tmp_path / "standard.md.j2").write_text("# 覆盖版 {{ plan.period.label }}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", EXAMPLE, "--templates", tmp_path, "--style", "brief,standard", "-o", out)
    assert result.exit_code == 0, result.output
    brief = (out / "星河实验小学-2025—2026学年-brief.md").read_text(encoding="utf-8")
    assert brief == "# 青岚县星河实验小学2025—2026学年工作计划\n\n简报：星河实验小学\n"
    assert (out / "星河实验小学-2025—2026学年-standard.md").read_text(
        encoding="utf-8"
    ) == "# 覆盖版 2025—2026学年\n"


def test_user_template_error_is_located(tmp_path):
    (tmp_path / "broken.md.j2").write_text("# ok\n\n{% for x in %}\n", encoding="utf-8")
    (tmp_path / "typo.md.j2").write_text("# ok\n\n{{ plan.shcool }}\n", encoding="utf-8")
    result = run(
        "render", EXAMPLE, "--templates", tmp_path, "--style", "broken", "-o", tmp_path / "o"
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'broken.md.j2'}:3: 模板语法错误" in result.output
    result = run(
        "render", EXAMPLE, "--templates", tmp_path, "--style", "typo", "-o", tmp_path / "o"
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'typo.md.j2'}:3: 模板使用了未定义的名称" in result.output


def test_schema_command_matches_shipped_schema():
    result = run("schema")
    assert result.exit_code == 0
    assert result.output == (ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8")


def test_demo_renders_every_style_and_format(tmp_path):
    out = tmp_path / "demo"
    result = run("demo", "-o", out)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.iterdir())
    for style in ("standard", "narrative", "rules", "okr", "collab", "innovation"):
        for ext in ("md", "docx"):
            assert f"星河实验小学-2025—2026学年-{style}.{ext}" in files


def test_render_is_byte_identical_on_rerun(tmp_path):
    for sub in ("a", "b"):
        assert (
            run(
                "render", EXAMPLE, "--style", "all", "--to", "md,docx", "-o", tmp_path / sub
            ).exit_code
            == 0
        )
    for first in (tmp_path / "a").iterdir():
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name


def test_traditional_script(tmp_path):
    result = run("render", EXAMPLE, "--script", "hant", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert "學年工作計劃" in text and "学年" not in text


def test_validate_reports_a_style_text_typo(cli, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "school: {name: 星河小学}\nperiod: {academic_year: 2025}\nstyle_text:\n  okr: {intr: 本学年}\n",
        encoding="utf-8",
    )
    result = cli("validate", plan)
    assert result.exit_code == 1
    assert (
        f"{plan}:4:9: style_text.okr.intr: 未知的槽位“intr”；您是不是要写“intro”？" in result.output
    )
