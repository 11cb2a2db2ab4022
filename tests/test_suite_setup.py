"""The test suite's own switches (conftest.py): which Hypothesis profile loads, how explicit example
counts follow it, when the wheel check is skipped, and the order that lets LibreOffice work meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize(("environ", "profile"), [
    ({"CI": "true"}, "ci"), ({"CI": "1"}, "ci"), ({"HYPOTHESIS_PROFILE": "ci"}, "ci"), ({}, "dev"),
    ({"CI": "false"}, "dev"), ({"CI": ""}, "dev"), ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "dev"),
])  # fmt: skip
def test_ci_loads_the_full_profile_and_a_developer_the_light_one(
    environ: dict, profile: str
) -> None:
    assert conftest.hypothesis_profile(environ) == profile


def test_the_ci_profile_runs_everything_and_dev_a_fifth() -> None:
    ci, dev = settings.get_profile("ci"), settings.get_profile("dev")
    assert (ci.max_examples, ci.derandomize, ci.deadline, ci.database) == (100, True, None, None)
    assert (dev.max_examples, dev.derandomize) == (20, False)


def test_ci_runs_the_explicit_counts_in_full() -> None:
    """End to end: with CI=true, conftest loads "ci" and a test asking for 200 examples gets 200."""
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import conftest; from hypothesis import settings; "
        "print(settings.default.max_examples, conftest.scaled_examples(200), conftest.scaled_examples(60))"
    )
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}
    for value, expected in (("true", "100 200 60"), ("", "20 40 12")):
        seen = subprocess.run(
            [sys.executable, "-c", probe, str(TESTS)],
            env={**env, "CI": value},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert seen == expected


class _Item:
    def __init__(self, *marks: str, fixtures: tuple[str, ...] = ()) -> None:
        self.keywords = dict.fromkeys(marks, True)
        self.fixturenames = fixtures
        self.added: list[pytest.MarkDecorator] = []

    def add_marker(self, mark: pytest.MarkDecorator) -> None:
        self.added.append(mark)


@pytest.mark.parametrize(
    ("in_ci", "switch", "skipped"), [(False, "", True), (False, "1", False), (True, "", False)]
)
def test_wheel_check_is_skipped_outside_ci_unless_asked(
    monkeypatch, in_ci: bool, switch: str, skipped: bool
) -> None:
    monkeypatch.setattr(conftest, "IN_CI", in_ci)
    monkeypatch.setenv(conftest.WHEEL_SWITCH, switch)
    wheel, other = _Item("wheel", "slow"), _Item("slow")
    conftest.pytest_collection_modifyitems(None, [wheel, other])  # type: ignore[arg-type]
    assert other.added == []
    assert [m.kwargs["reason"] for m in wheel.added] == (
        ["wheel 安装检查较慢，默认只在 CI 中运行；本地运行请设置 PLANGEN_TEST_WHEEL=1"]
        if skipped
        else []
    )


def test_layout_checks_run_last_in_their_order(monkeypatch) -> None:
    monkeypatch.setattr(conftest, "IN_CI", True)
    first, lo_a, middle, lo_b = (
        _Item(),
        _Item(fixtures=("office_pdfs",)),
        _Item(),
        _Item(fixtures=("office_pdfs",)),
    )
    items = [first, lo_a, middle, lo_b]
    conftest.pytest_collection_modifyitems(None, items)  # type: ignore[arg-type]
    assert items == [first, middle, lo_a, lo_b]
