"""The renders of a plan inside the pipeline share one View of it (built-in templates only): what
one style reads and keeps does not change what the next style writes, a user's template never sees
another render's, and outside the pipeline every render sees the plan as it is now."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangen import load_plan, render_markdown
from plangen.render import mdtext
from plangen.render.styles import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
PLANS = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("presets/*.yaml")])
STYLES = list(builtin_styles())


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_every_style_writes_the_same_whatever_was_rendered_before(path: Path) -> None:
    alone = {style: render_markdown(load_plan(path), style) for style in STYLES}
    plan = load_plan(path)
    with mdtext.one_view_per_plan():
        for order in (STYLES, STYLES[::-1]):
            for style in order:
                assert render_markdown(plan, style) == alone[style], style
        # another text function gets its own View (kept punctuation differs from normalised)
        kept = render_markdown(plan, "standard", normalize=False)
        assert kept == render_markdown(load_plan(path), "standard", normalize=False)
        assert render_markdown(plan, "standard") == alone["standard"]


def test_the_view_is_shared_inside_the_scope_by_one_plan_only() -> None:
    first, second = load_plan(PLANS[0]), load_plan(PLANS[0])
    text = mdtext.text_filter(True)
    assert mdtext.shared_view(first, text) is not mdtext.shared_view(first, text)  # no scope
    with mdtext.one_view_per_plan():
        view = mdtext.shared_view(first, text)
        assert mdtext.shared_view(first, text) is view
        assert mdtext.shared_view(first, mdtext.text_filter(False)) is not view
        assert mdtext.shared_view(second, text) is not view
    assert mdtext.shared_view(first, text) is not view


def test_a_plan_changed_between_renders_is_rendered_as_it_is_now() -> None:
    """A library caller who changes a plan's lists between two renders sees the change."""
    plan = load_plan(ROOT / "examples" / "xinghe-primary.yaml")
    before = render_markdown(plan, "standard")
    plan.areas[0].tasks.append(plan.areas[1].tasks[0])
    after = render_markdown(plan, "standard")
    assert after != before
    assert after.count(plan.areas[1].tasks[0].title) > before.count(plan.areas[1].tasks[0].title)


def test_a_user_template_that_changes_a_list_changes_only_its_own_render(tmp_path: Path) -> None:
    (tmp_path / "standard.md.j2").write_text(
        "{% set _ = plan.areas.append(plan.areas[0]) %}{{ plan.areas|length }}\n", encoding="utf-8"
    )
    plan = load_plan(ROOT / "examples" / "xinghe-primary.yaml")
    count = len(plan.areas)
    with mdtext.one_view_per_plan():
        for _ in range(2):
            assert render_markdown(plan, "standard", templates=tmp_path).strip() == str(count + 1)
    assert len(plan.areas) == count
