"""Every bundled example and preset loads, validates and renders in every style."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangen import load_plan, render_markdown
from plangen.render.templates import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "examples").rglob("*.yaml")) + sorted(
    p for p in (ROOT / "presets").glob("*.yaml") if not p.name.startswith("_")
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.parametrize("style", list(builtin_styles()))
def test_renders_in_every_style(path, style):
    plan = load_plan(path)
    text = render_markdown(plan, style)
    # the first heading is the title (the 文号, when there is one, stands above it, as in GB/T 9704);
    # with a 印发通知 it is the notice's title, and the plan's title follows the page break
    doc = plan.document
    first_title = f"关于印发《{plan.title}》的通知" if doc.notice else plan.title
    first_heading = next(line for line in text.splitlines() if line.startswith("#"))
    assert first_heading == f"# {first_title}"
    head = f"{doc.header}\n\n" if doc.header else ""
    if doc.doc_number:
        assert text.startswith(f"{head}{doc.doc_number}\n\n# {first_title}\n")
    if doc.notice:
        assert f"\n\n* * *\n\n# {plan.title}\n" in text
    # every area, task and quota the user typed reaches the page (text compared unescaped)
    plain = text.replace("\\", "")
    for area in plan.areas:
        assert area.name in plain
        for task in area.tasks:
            assert task.title.rstrip("。") in plain
    for quota in plan.quotas:
        assert quota.name in plain


def test_examples_cover_every_schema_field():
    """The main example uses every field of design.md §2 (extends is shown in examples/inherit)."""
    import yaml

    data = yaml.safe_load((ROOT / "examples" / "xinghe-primary.yaml").read_text(encoding="utf-8"))
    for key in (
        "school",
        "period",
        "document",
        "guiding_ideology",
        "vision",
        "goals",
        "quotas",
        "departments",
        "areas",
        "schedule",
        "leadership",
        "safeguards",
        "evaluation",
        "closing",
        "style_text",
        "extra",
    ):
        assert key in data, key
    entries = data["schedule"]
    for when in ("month", "months", "week", "date"):
        assert any(when in e for e in entries), when
    assert {q["compare"] for q in data["quotas"] if "compare" in q} >= {"at_most", "exact", "zero"}


def test_standard_shape_of_the_example():
    plan = load_plan(ROOT / "examples" / "xinghe-primary.yaml")
    text = render_markdown(plan)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## 一、指导思想", "## 二、工作目标", "## 三、重点任务与措施"]
    assert "## 六、工作安排" in headings or any(h.endswith("、工作安排") for h in headings)
    assert "| 八、九月份 |" in text
    assert text.splitlines()[-3:] == ["青岚县星河实验小学", "", "2025年9月8日"]
