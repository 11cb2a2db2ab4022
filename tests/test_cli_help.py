"""Help and command-line mistakes: Chinese, whole at 80 columns, exit codes as design §6 says."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer.main

from plangen.cli.app import app
from plangen.cli.help import display_width

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
ENGLISH = (
    "Usage",
    "Show this message",
    "Missing",
    "Invalid value",
    "Try '",
    "Error",
    "Options",
    "[default",
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_at_80_columns_shows_every_help_text_whole(cli, monkeypatch, command: str) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli(command, "-h")
    assert result.exit_code == 0
    assert all(display_width(line) <= 80 for line in result.output.splitlines()), result.output
    assert "…" not in result.output
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    for param in click_command.params:
        if getattr(param, "help", None):
            assert _flat(param.help) in _flat(result.output), param.name
    assert not [word for word in ENGLISH if word in result.output]
    assert "显示帮助并退出" in result.output


def test_plangen_alone_prints_help_and_exits_0(cli) -> None:
    result = cli()
    assert result.exit_code == 0
    assert result.output.startswith("用法：plangen [选项] 命令 [参数]...")
    assert "render" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("render",), "错误：缺少参数“计划.yaml”"),
        (("roll", "a.yaml"), "错误：缺少选项“--to/--year”"),
        (("roll", "a.yaml", "--to", "明年"), "错误：“--to/--year”的值无效：应为整数"),
        (("render", "a.yaml", "-j", "99"), "错误：“--jobs/-j”的值无效：应为 1 到 64 之间的整数"),
        (
            ("render", "a.yaml", "--styel", "okr"),
            "错误：没有选项“--styel”；您是不是要写“--style”？",
        ),
        (("render", "a.yaml", "--to"), "错误：选项“--to”需要一个值"),
        (("rendr",), "错误：没有命令“rendr”；可用的命令：render、validate"),
    ],
)
def test_mistakes_are_told_in_chinese_exit_2(cli, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "查看帮助" in result.output
    assert not [word for word in ENGLISH if word in result.output]


def test_python_dash_m_plangen() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "plangen", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("plangen ")
