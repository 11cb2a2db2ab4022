"""The test suite's own switches (conftest.py): which Hypothesis profile loads, how explicit example
counts follow it, and when the wheel check is skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import conftest
import pytest

TESTS = Path(__file__).resolve().parent
PROBE = (
    "import sys; sys.path.insert(0, sys.argv[1]); import conftest; from hypothesis import settings; "
    "print(settings.default.max_examples, settings.default.derandomize, conftest.scaled_examples(200))"
)


def _profile_seen(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    return subprocess.run([sys.executable, "-c", PROBE, str(TESTS)], env={**clean, **env},
                          capture_output=True, text=True, check=True).stdout.strip()


def test_ci_runs_the_full_profile_and_a_developer_a_fifth() -> None:
    assert _profile_seen(CI="true") == "100 True 200"
    assert _profile_seen(HYPOTHESIS_PROFILE="ci") == "100 True 200"
    assert _profile_seen() == "20 False 40"
    assert _profile_seen(CI="false") == "20 False 40"
    assert _profile_seen(CI="true", HYPOTHESIS_PROFILE="dev") == "20 False 40"


class _Item:
    def __init__(self, *marks: str) -> None:
        self.keywords = dict.fromkeys(marks, True)
        self.added: list[pytest.MarkDecorator] = []

    def add_marker(self, mark: pytest.MarkDecorator) -> None:
        self.added.append(mark)


@pytest.mark.parametrize(("in_ci", "switch", "skipped"), [(False, "", True), (False, "1", False), (True, "", False)])
def test_wheel_check_is_skipped_outside_ci_unless_asked(monkeypatch, in_ci: bool, switch: str, skipped: bool) -> None:
    monkeypatch.setattr(conftest, "IN_CI", in_ci)
    monkeypatch.setenv(conftest.WHEEL_SWITCH, switch)
    wheel, other = _Item("wheel", "slow"), _Item("slow")
    conftest.pytest_collection_modifyitems(None, [wheel, other])  # type: ignore[arg-type]
    assert other.added == []
    assert [m.kwargs["reason"] for m in wheel.added] == (
        ["wheel 安装检查较慢，默认只在 CI 中运行；本地运行请设置 PLANGEN_TEST_WHEEL=1"] if skipped else [])
