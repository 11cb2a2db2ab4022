"""`plangen --version` and help pages answered without importing Typer, identical to Typer's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import sys; from plangen.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "sys.stderr.write('TYPER' if 'typer' in sys.modules else 'NO-TYPER')\n"
)


def _run(args: list[str], cache: Path, columns: str = "80") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLANGEN_CACHE_DIR": str(cache), "COLUMNS": columns}
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.mark.parametrize("args", [["--help"], ["render", "-h"], ["roll", "--help"], []])
def test_second_help_needs_no_typer_and_matches(
    tmp_path: Path, cli, monkeypatch, args: list[str]
) -> None:
    first = _run(args, tmp_path)
    second = _run(args, tmp_path)
    assert first.stderr.endswith("TYPER")
    assert second.stderr.endswith("NO-TYPER")
    assert first.stdout == second.stdout
    monkeypatch.setenv("COLUMNS", "80")
    assert second.stdout == cli(*args).output if args else second.stdout.startswith("用法：plangen")


def test_width_is_part_of_the_key(tmp_path: Path) -> None:
    narrow = _run(["render", "-h"], tmp_path, "60")
    wide = _run(["render", "-h"], tmp_path, "100")
    assert max(len(line) for line in narrow.stdout.splitlines()) < max(
        len(line) for line in wide.stdout.splitlines()
    )


def test_version_without_typer(tmp_path: Path) -> None:
    done = _run(["--version"], tmp_path)
    assert done.stdout.startswith("plangen ")
    assert done.stderr.endswith("NO-TYPER")


def test_unknown_command_help_goes_the_normal_way(tmp_path: Path) -> None:
    done = _run(["nosuch", "-h"], tmp_path)
    assert "没有命令“nosuch”" in done.stderr


def test_without_a_cache_folder_help_still_works(tmp_path: Path) -> None:
    done = _run(["render", "-h"], Path("off"))
    assert done.stdout.startswith("用法：plangen render")


def test_validate_imports_no_rendering(tmp_path: Path) -> None:
    probe = (
        "import sys; from plangen.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted(m for m in ('jinja2', 'markdown_it', 'lxml', 'docx', 'rich')"
        " if m in sys.modules)))\n"
    )
    example = Path(__file__).resolve().parent.parent / "examples" / "xinghe-primary.yaml"
    env = {**os.environ, "PLANGEN_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe, "validate", str(example)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "有效" in done.stdout
    assert done.stderr.strip() == ""  # checking a plan loads nothing of the render or .docx stages
