"""The template contract: every style declares its style_text slots in its header, and a style name
or slot under `style_text` that no style has is an error at its own line (exit 1), with a suggestion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN

from plangen.errors import InputError
from plangen.plan.model import Plan
from plangen.render.styles import BASE_SLOTS, builtin_styles, styles
from plangen.render.templates import render_markdown

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"

DECLARED = {
    "standard": ("intro", "closing"),
    "narrative": ("intro", "outcomes", "evaluation", "closing"),
    "rules": ("intro", "assessment", "cycle", "results", "improvement", "closing"),
    "okr": ("intro", "core", "review", "review_items", "closing"),
    "collab": ("intro", "chapter", "support", "closing"),
    "innovation": ("intro", "chapter", "support", "closing"),
}


def test_each_built_in_style_declares_its_slots():
    assert {name: style.slots for name, style in builtin_styles().items()} == DECLARED


@pytest.mark.parametrize("name", list(DECLARED))
def test_a_template_uses_only_the_slots_it_declares(name):
    used = set(
        re.findall(r"slot\(\"(\w+)\"", (TEMPLATES / f"{name}.md.j2").read_text(encoding="utf-8"))
    )
    assert used <= set(DECLARED[name]), used - set(DECLARED[name])


def test_the_base_owns_intro_and_closing():
    base = (TEMPLATES / "_base.md.j2").read_text(encoding="utf-8")
    assert "{% block intro %}" in base and "{% block closing %}" in base
    for name in DECLARED:
        text = (TEMPLATES / f"{name}.md.j2").read_text(encoding="utf-8")
        assert "{% block intro %}" not in text and "{% block closing %}" not in text, name
        assert set(BASE_SLOTS) <= set(DECLARED[name])


WRONG_SLOT = (
    MINIMAL_PLAN
    + """\
style_text:
  okr:
    intr: 本学年……
"""
)

WRONG_STYLE = (
    MINIMAL_PLAN
    + """\
style_text:
  okrr:
    intro: 本学年……
"""
)


def test_a_wrong_slot_is_located_with_a_suggestion(write_yaml, cli):
    path = write_yaml(WRONG_SLOT)
    result = cli("render", path, "-o", "out")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "plan.yaml:8:5: style_text.okr.intr: 未知的槽位“intr”；您是不是要写“intro”？"
    )
    assert not Path("out").exists() or not any(Path("out").iterdir())


def test_a_wrong_style_name_is_located_with_a_suggestion(write_yaml, cli):
    path = write_yaml(WRONG_STYLE)
    result = cli("render", path, "--style", "standard", "-o", "out")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "plan.yaml:7:3: style_text.okrr: 未知的风格“okrr”；您是不是要写“okr”？"
    )


def test_without_a_near_name_the_known_ones_are_listed(write_yaml, cli):
    path = write_yaml(
        MINIMAL_PLAN + "style_text:\n  standard:\n    foreword: 前言\n  brief:\n    intro: 简报\n"
    )
    result = cli("render", path, "-o", "out")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "plan.yaml:8:5: style_text.standard.foreword: 未知的槽位“foreword”；standard 风格可替换的槽位：intro、closing",
        "plan.yaml:9:3: style_text.brief: 未知的风格“brief”；"
        "可用的风格：standard、narrative、rules、okr、collab、innovation",
    ]


def test_an_extended_plan_points_at_the_file_that_wrote_the_slot(write_yaml, cli):
    write_yaml(MINIMAL_PLAN, "base.yaml")
    path = write_yaml("extends: base.yaml\nstyle_text:\n  rules:\n    cycles: 每月\n")
    result = cli("render", path, "--year", "2026", "-o", "out")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "plan.yaml:4:5: style_text.rules.cycles: 未知的槽位“cycles”；您是不是要写“cycle”？"
    )


BRIEF = """{# title: 简报版
   Slots (style_text.brief.<name>):
     intro   — 开头一段
     summary — 结尾的小结 #}
{% extends "_base.md.j2" %}
{% block body %}
{{ slot("summary", "默认小结") }}

{% endblock %}
"""


def test_user_styles_from_templates_declare_their_slots(write_yaml, cli):
    folder = Path("mine")
    folder.mkdir()
    (folder / "brief.md.j2").write_text(BRIEF, encoding="utf-8")
    (folder / "okr.md.j2").write_text(
        "# {{ plan.title }}\n", encoding="utf-8"
    )  # no header: okr's slots
    assert styles(folder)["brief"].slots == ("intro", "summary")
    assert styles(folder)["okr"].slots == DECLARED["okr"]
    good = write_yaml(
        MINIMAL_PLAN + "style_text:\n  brief:\n    summary: 我们的小结\n  okr:\n    core: 核心\n"
    )
    result = cli("render", good, "--style", "brief", "--templates", folder, "-o", "out")
    assert result.exit_code == 0, result.output
    assert "我们的小结。" in next(Path("out").glob("*.md")).read_text(encoding="utf-8")
    # without --templates, the style brief does not exist
    result = cli("render", good, "-o", "out2")
    assert result.exit_code == 1
    assert "plan.yaml:7:3: style_text.brief: 未知的风格“brief”" in result.output
    bad = write_yaml(MINIMAL_PLAN + "style_text:\n  brief:\n    summery: 我们的小结\n", "bad.yaml")
    result = cli("render", bad, "--style", "brief", "--templates", folder, "-o", "out3")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "bad.yaml:8:5: style_text.brief.summery: 未知的槽位“summery”；您是不是要写“summary”？"
    )


def test_a_plan_made_in_code_names_the_field_path():
    plan = Plan.model_validate(
        {
            "school": {"name": "星河小学"},
            "period": {"academic_year": 2025},
            "style_text": {"collab": {"chapters": "……"}},
        }
    )
    with pytest.raises(InputError) as caught:
        render_markdown(plan, "collab")
    assert (
        str(caught.value)
        == "style_text.collab.chapters: 未知的槽位“chapters”；您是不是要写“chapter”？"
    )


def test_an_empty_intro_slot_still_replaces_the_default():
    plan = Plan.model_validate(
        {
            "school": {"name": "星河小学"},
            "period": {"academic_year": 2025},
            "style_text": {"okr": {"intro": ""}},
        }
    )
    assert "星河小学用目标与关键结果推进工作" not in render_markdown(plan, "okr")
    assert "星河小学用目标与关键结果推进工作" in render_markdown(
        plan.model_copy(update={"style_text": {}}), "okr"
    )


def test_the_source_takes_no_part_in_equality(tmp_path):
    from plangen.plan.load import load_plan

    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one.write_text(MINIMAL_PLAN, encoding="utf-8")
    two.write_text(MINIMAL_PLAN, encoding="utf-8")
    assert load_plan(one) == load_plan(two)


def test_an_empty_closing_slot_replaces_the_default_like_an_empty_intro():
    data = {"school": {"name": "星河小学"}, "period": {"academic_year": 2025}}
    default = render_markdown(Plan.model_validate(data), "okr")
    emptied = render_markdown(
        Plan.model_validate({**data, "style_text": {"okr": {"closing": ""}}}), "okr"
    )
    assert "星河小学将对照以上目标检视进展" in default
    assert "星河小学将对照以上目标检视进展" not in emptied
