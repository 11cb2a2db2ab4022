"""Shared fixtures: writing plan files into a temporary folder and running the CLI on them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xinghe-primary.yaml"

# The smallest plan that validates: the two required sections.
MINIMAL_PLAN = """\
school:
  name: 青岚县星河实验小学
  short_name: 星河小学
period:
  academic_year: 2025
"""


@pytest.fixture
def write_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Returns a function writing text (UTF-8) or bytes to `tmp_path/name`; the test runs inside
    `tmp_path`, so messages name the file as `plan.yaml`, exactly as a user typing it would see."""
    monkeypatch.chdir(tmp_path)

    def write(content: str | bytes, name: str = "plan.yaml") -> Path:
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Returns a function running `plangen ARGS…` in-process and returning the click Result
    (stdout and stderr together in `.output`)."""
    from plangen.cli.app import app

    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return run
