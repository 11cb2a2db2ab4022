"""A plan's renders share one View of it (the built-in templates only): what one style reads and
keeps does not change what the next style writes, and a user's template never sees another's."""

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
    for order in (STYLES, STYLES[::-1]):
        for style in order:
            assert render_markdown(plan, style) == alone[style], style
    # the same text function each time (a normalised render and a kept-punctuation one differ)
    kept = render_markdown(plan, "standard", normalize=False)
    assert kept == render_markdown(load_plan(path), "standard", normalize=False)
    assert render_markdown(plan, "standard") == alone["standard"]


def test_the_view_is_shared_by_the_renders_of_one_plan_only() -> None:
    first, second = load_plan(PLANS[0]), load_plan(PLANS[0])
    text = mdtext.text_filter(True)
    view = mdtext.shared_view(first, text)
    assert mdtext.shared_view(first, text) is view
    assert mdtext.shared_view(first, mdtext.text_filter(False)) is not view
    assert mdtext.shared_view(second, text) is not view


def test_a_user_template_that_changes_a_list_changes_only_its_own_render(tmp_path: Path) -> None:
    (tmp_path / "standard.md.j2").write_text(
        "{% set _ = plan.areas.append(plan.areas[0]) %}{{ plan.areas|length }}\n", encoding="utf-8"
    )
    plan = load_plan(ROOT / "examples" / "xinghe-primary.yaml")
    count = len(plan.areas)
    for _ in range(2):
        assert render_markdown(plan, "standard", templates=tmp_path).strip() == str(count + 1)
    assert len(plan.areas) == count
