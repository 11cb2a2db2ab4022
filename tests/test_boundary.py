"""One error boundary: library code raises `PlangenError`; only the CLI prints and picks exit codes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import plangen
from plangen.errors import InputError
from plangen.pipeline import build as build_module
from plangen.pipeline.build import Options, prepare

PACKAGE = Path(plangen.__file__).parent
EXAMPLE = PACKAGE.parent / "examples" / "xinghe-primary.yaml"


def _calls(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                names.add(f"{func.value.id}.{func.attr}")
    return names


def test_only_the_cli_prints_or_exits() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        calls = _calls(ast.parse(path.read_text(encoding="utf-8")))
        bad = calls & {"print", "sys.exit", "typer.Exit", "console.print", "os._exit", "exit"}
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad)}")
    assert offenders == []


def test_library_raises_and_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("school: {name: 某校}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        prepare(bad, Options(out_dir=tmp_path))
    assert "period" in str(caught.value)
    assert capsys.readouterr() == ("", "")


def test_a_bug_in_one_file_does_not_stop_the_batch(tmp_path: Path, cli, monkeypatch) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(EXAMPLE.read_bytes())
    real_prepare = build_module.prepare

    def flaky(source: Path, options: Options) -> list:
        if source.name == "broken.yaml":
            raise RuntimeError("boom")
        return real_prepare(source, options)

    monkeypatch.setattr(build_module, "prepare", flaky)
    result = cli("render", str(broken), str(EXAMPLE), "-o", str(tmp_path / "out"))
    assert result.exit_code == 70  # EX_SOFTWARE: a bug, not the user's input
    assert (
        "broken.yaml: 内部错误（请把这条信息报告给 plangen 维护者；设置环境变量 PLANGEN_DEBUG=1 可看到调用栈）："
        "RuntimeError: boom"
    ) in result.output
    assert "Traceback" not in result.output
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_usage_errors_exit_2_with_one_chinese_line(cli) -> None:
    result = cli("render", str(EXAMPLE), "--to", "pdfx")
    assert result.exit_code == 2
    assert "错误：未知的输出格式“pdfx”" in result.output


def test_ctrl_c_says_so_and_exits_130(tmp_path: Path, cli, monkeypatch) -> None:
    def interrupted(source: Path, options: Options) -> list:
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "prepare", interrupted)
    result = cli("render", str(EXAMPLE), "-o", str(tmp_path))
    assert result.exit_code == 130
    assert "已中断" in result.output


def test_plangen_debug_shows_the_traceback(tmp_path: Path, cli, monkeypatch) -> None:
    def broken(source: Path, options: Options) -> list:
        raise RuntimeError("boom")

    monkeypatch.setattr(build_module, "check", broken)
    monkeypatch.setenv("PLANGEN_DEBUG", "1")
    result = cli("render", str(EXAMPLE), "-o", str(tmp_path))
    assert result.exit_code == 70
    assert "Traceback (most recent call last)" in result.output and "in broken" in result.output
