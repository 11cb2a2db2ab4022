"""Golden Markdown: every style of every example in examples/ matches its reviewed file in tests/golden/.

A template change shows up here as a diff of the documents a user would get. After reading the new
output, regenerate with:  PLANGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plangen import load_plan, render_markdown
from plangen.render.styles import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UPDATE = os.environ.get("PLANGEN_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("style", list(builtin_styles()))
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_matches_golden(example: Path, style: str):
    text = render_markdown(load_plan(example), style)
    golden = GOLDEN / f"{example.stem}.{style}.md"
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
        return
    assert golden.exists(), (
        f"缺少 {golden.relative_to(ROOT)}；审阅输出后用 PLANGEN_UPDATE_GOLDEN=1 生成"
    )
    assert text == golden.read_text(encoding="utf-8")


def test_every_golden_has_its_example():
    """A golden whose example or style is gone is stale and would never be checked."""
    expected = {f"{e.stem}.{s}.md" for e in EXAMPLES for s in builtin_styles()}
    assert {p.name for p in GOLDEN.glob("*.md")} <= expected
