"""Tests for `extends:`: a plan that writes only its differences from a preset or a shared base."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plangen import resources
from plangen.errors import InputError
from plangen.plan.load import load_plan

REPO = Path(__file__).resolve().parent.parent

PARENT = """\
school:
  name: 某某学校
  region: 江川省云溪市青岚县
  motto: 读书明理
period:
  academic_year: 2025
quotas:
  - id: accidents
    name: 安全责任事故
    target: 0
    unit: 起
    compare: zero
  - id: drills
    name: 应急疏散演练
    target: 4
    unit: 次
  - id: bus
    name: 校车安全检查
    target: 12
    unit: 次
leadership:
  name: 学校工作领导小组
  leader: 校长
  deputies: [党支部书记, 分管副校长]
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _problems(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return str(exc.value).splitlines()


def test_mappings_merge_key_by_key_and_the_child_wins(tmp_path):
    _write(tmp_path, "base.yaml", PARENT)
    child = _write(
        tmp_path,
        "school.yaml",
        "extends: base.yaml\nschool:\n  name: 星河小学\n  motto: 让每一颗星星都发光\n",
    )
    plan = load_plan(child)
    assert plan.school.name == "星河小学"
    assert plan.school.motto == "让每一颗星星都发光"
    assert plan.school.region == "江川省云溪市青岚县"
    assert plan.period.academic_year == 2025


def test_items_with_id_merge_by_id_new_ones_are_appended_and_remove_drops(tmp_path):
    _write(tmp_path, "base.yaml", PARENT)
    child = _write(
        tmp_path,
        "school.yaml",
        """\
extends: base.yaml
quotas:
  - id: reading
    name: 人均阅读量
    target: 30
    unit: 本
  - id: drills
    target: 6
  - id: bus
    remove: true
""",
    )
    plan = load_plan(child)
    assert [q.id for q in plan.quotas] == ["accidents", "drills", "reading"]
    drills = plan.quota_by_id["drills"]
    assert (drills.name, drills.target, drills.unit) == ("应急疏散演练", 6, "次")


def test_other_lists_are_replaced_whole(tmp_path):
    _write(tmp_path, "base.yaml", PARENT)
    child = _write(
        tmp_path,
        "school.yaml",
        "extends: base.yaml\nleadership:\n  leader: 何振华（校长）\n"
        "  deputies: [林晓燕（副校长）]\n",
    )
    leadership = load_plan(child).leadership
    assert leadership is not None
    assert leadership.name == "学校工作领导小组"
    assert leadership.leader == "何振华（校长）"
    assert leadership.deputies == ["林晓燕（副校长）"]


def test_a_chain_of_three_files_merges_in_order(tmp_path):
    _write(tmp_path, "county/base.yaml", PARENT)
    _write(
        tmp_path,
        "county/town.yaml",
        "extends: base.yaml\nschool:\n  motto: 乡镇共同体\nquotas:\n  - id: drills\n    target: 5\n",
    )
    child = _write(
        tmp_path,
        "schools/xikou.yaml",
        "extends: ../county/town.yaml\nschool:\n  name: 溪口小学\n"
        "quotas:\n  - id: accidents\n    unit: 件\n",
    )
    plan = load_plan(child)
    assert (plan.school.name, plan.school.motto, plan.school.region) == (
        "溪口小学",
        "乡镇共同体",
        "江川省云溪市青岚县",
    )
    assert plan.quota_by_id["drills"].target == 5
    assert plan.quota_by_id["accidents"].unit == "件"


def test_a_cycle_is_an_error_naming_the_files(tmp_path):
    a = _write(
        tmp_path,
        "a.yaml",
        "extends: b.yaml\nschool: {name: 星河小学}\nperiod: {academic_year: 2025}\n",
    )
    b = _write(tmp_path, "b.yaml", "extends: a.yaml\n")
    with pytest.raises(InputError) as caught:
        load_plan(a)
    assert _problems(caught) == [
        f"{b}:1:10: extends: 继承形成了循环：a.yaml → b.yaml → a.yaml；请去掉其中一处 extends"
    ]


def test_a_file_extending_itself_is_a_cycle(tmp_path):
    a = _write(tmp_path, "a.yaml", "extends: ./a.yaml\nschool: {name: 星河小学}\n")
    with pytest.raises(InputError, match="继承形成了循环"):
        load_plan(a)


def test_an_error_in_the_parent_points_into_the_parent(tmp_path):
    parent = _write(tmp_path, "base.yaml", PARENT.replace("    target: 4\n", '    target: "4次"\n'))
    child = _write(
        tmp_path, "school.yaml", "# 本校计划\nextends: base.yaml\nschool:\n  name: 星河小学\n"
    )
    with pytest.raises(InputError) as caught:
        load_plan(child)
    assert _problems(caught) == [
        f"{parent}:15:13: quotas[1].target: 应为数字（如 98、2、0.5），实际为“4次”"
    ]


def test_a_dangling_reference_in_the_child_points_into_the_child(tmp_path):
    _write(tmp_path, "base.yaml", PARENT)
    child = _write(
        tmp_path, "school.yaml", "extends: base.yaml\nquotas:\n  - id: drills\n    owner: anquan\n"
    )
    with pytest.raises(InputError) as caught:
        load_plan(child)
    (line,) = _problems(caught)
    assert line.startswith(f"{child}:4:12: quotas[1].owner: ")
    assert "anquan" in line


def test_unknown_preset_suggests_the_closest_name(tmp_path):
    child = _write(
        tmp_path, "school.yaml", "extends: preset:primary-schol\nschool: {name: 星河小学}\n"
    )
    with pytest.raises(InputError) as caught:
        load_plan(child)
    assert _problems(caught) == [
        f"{child}:1:10: extends: 没有名为“primary-schol”的预设，是否想写“preset:primary-school”？"
    ]


def test_missing_parent_file_is_named(tmp_path):
    child = _write(
        tmp_path, "school.yaml", "extends: ../county/base.yaml\nschool: {name: 星河小学}\n"
    )
    with pytest.raises(InputError, match=re.escape("找不到被继承的文件“../county/base.yaml”")):
        load_plan(child)


def test_a_plan_can_extend_every_preset(tmp_path):
    for name in [
        p.stem for p in resources.data_dir("presets").glob("*.yaml") if not p.name.startswith("_")
    ]:
        child = _write(
            tmp_path, f"{name}.yaml", f"extends: preset:{name}\nschool:\n  name: 星河学校\n"
        )
        plan = load_plan(child)
        preset = load_plan(resources.data_dir("presets") / f"{name}.yaml")
        assert plan.school.name == "星河学校"
        assert [a.id for a in plan.areas] == [a.id for a in preset.areas]


def test_the_inheritance_example_shows_every_rule():
    base = load_plan(REPO / "examples" / "inherit" / "bureau-base.yaml")
    school = load_plan(REPO / "examples" / "inherit" / "school.yaml")
    assert school.school.region == base.school.region  # mapping merged
    assert school.guiding_ideology == base.guiding_ideology  # inherited as is
    assert school.quota_by_id["drills"].target == 6  # item changed by id ...
    assert (
        school.quota_by_id["drills"].name == base.quota_by_id["drills"].name
    )  # ... keeping other fields
    assert (
        "school_bus" in base.quota_by_id and "school_bus" not in school.quota_by_id
    )  # remove: true
    assert [a.id for a in school.areas] == ["safety", "reading"]  # new id appended
    assert school.department_by_id["office"].head == "孙丽华"
    assert school.department_by_id["office"].name == base.department_by_id["office"].name
    assert school.leadership.name == base.leadership.name
    assert school.leadership.deputies == ["林晓燕（副校长）"]  # list without ids replaced
