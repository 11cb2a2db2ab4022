"""Tests for `plangen diff`: the Chinese lines a principal reads to see what changed."""

from __future__ import annotations

import copy

from typer.testing import CliRunner

from plangen.cli.app import app
from plangen.commands.diff import diff_plans
from plangen.plan.model import Plan

OLD = {
    "school": {"name": "星河小学"},
    "period": {"academic_year": 2025},
    "vision": "办人民满意的学校",
    "goals": [
        {"title": "德育实效提升", "text": "养成好习惯"},
        {"title": "安全零事故"},
    ],
    "quotas": [
        {"id": "behavior", "name": "学生行为规范达标率", "target": 98, "unit": "%", "baseline": 96},
        {"id": "repair", "name": "报修响应时间", "target": 4, "unit": "小时", "compare": "at_most"},
        {"id": "drills", "name": "应急疏散演练", "target": 4, "unit": "次", "compare": "exact"},
    ],
    "departments": [{"id": "deyu", "name": "德育处"}, {"id": "zongwu", "name": "总务处"}],
    "areas": [
        {"id": "moral", "name": "德育工作", "tasks": [{"title": "习惯养成"}, {"title": "主题班会"}]},
        {"id": "logistics", "name": "后勤工作", "tasks": [{"title": "设施维护"}]},
    ],
    "schedule": [{"month": 9, "items": [{"text": "开学检查"}, {"text": "教师节"}]}],
}


def _new() -> dict:
    data = copy.deepcopy(OLD)
    data["period"] = {"academic_year": 2026}
    data["goals"][0]["text"] = "养成好习惯，学会做人"
    data["goals"][1] = {"title": "课后服务提质"}
    data["quotas"][0].update(target=99, baseline=98)
    data["quotas"][1]["target"] = 2
    del data["quotas"][2]
    data["quotas"].append({"id": "reading", "name": "人均阅读量", "target": 30, "unit": "本"})
    data["departments"].append({"id": "jiaowu", "name": "教务处"})
    data["areas"][0]["tasks"] = [{"title": "习惯养成"}, {"title": "劳动教育"}]
    data["areas"].pop()
    data["areas"].append({"id": "reading", "name": "书香校园"})
    data["schedule"][0]["items"].append({"text": "新生入学教育"})
    return data


def test_every_kind_of_change_is_one_line_word_for_word():
    lines = diff_plans(Plan.model_validate(OLD), Plan.model_validate(_new()))
    assert lines == [
        "周期：2025—2026学年 → 2026—2027学年",
        "新增目标：课后服务提质",
        "删除目标：安全零事故",
        "目标“德育实效提升”的说明有修改",
        "新增指标：人均阅读量（目标 30本以上）",
        "删除指标：应急疏散演练",
        "学生行为规范达标率：目标 98%以上 → 99%以上",
        "学生行为规范达标率：基线 96% → 98%",
        "报修响应时间：目标 4小时以内 → 2小时以内",
        "新增工作领域：书香校园",
        "删除工作领域：后勤工作",
        "德育工作：新增任务“劳动教育”",
        "德育工作：删除任务“主题班会”",
        "新增部门：教务处",
        "行事历：1 个时间段、2 项工作 → 1 个时间段、3 项工作",
    ]


def test_equal_plans_have_no_differences():
    assert diff_plans(Plan.model_validate(OLD), Plan.model_validate(copy.deepcopy(OLD))) == []


def test_an_explicit_title_change_is_shown_but_a_generated_one_is_not():
    old = Plan.model_validate(OLD)
    renamed = copy.deepcopy(OLD)
    renamed["school"]["name"] = "星河实验小学"
    assert diff_plans(old, Plan.model_validate(renamed)) == ["学校：星河小学 → 星河实验小学"]
    titled = copy.deepcopy(OLD)
    titled["document"] = {"title": "星河小学2025—2026学年德育工作要点"}
    assert diff_plans(old, Plan.model_validate(titled)) == [
        "标题：星河小学2025—2026学年工作计划 → 星河小学2025—2026学年德育工作要点"]


def test_a_title_whose_years_moved_with_the_period_is_not_news():
    old = copy.deepcopy(OLD)
    old["document"] = {"title": "星河小学2025-2026 学年德育工作要点"}
    moved = copy.deepcopy(old)
    moved["period"] = {"academic_year": 2027, "term": "first"}
    moved["document"] = {"title": "星河小学2027-2028 学年德育工作要点"}
    assert diff_plans(Plan.model_validate(old), Plan.model_validate(moved)) == [
        "周期：2025—2026学年 → 2027—2028学年第一学期"]
    generated = copy.deepcopy(OLD)
    generated["period"] = {"academic_year": 2026, "term": "second"}
    assert diff_plans(Plan.model_validate(OLD), Plan.model_validate(generated)) == [
        "周期：2025—2026学年 → 2026—2027学年第二学期"]


def test_cli_diff_prints_the_lines_and_says_so_when_nothing_changed(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text("school: {name: 星河小学}\nperiod: {academic_year: 2025}\n", encoding="utf-8")
    new.write_text("school: {name: 星河小学}\nperiod: {academic_year: 2026}\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0
    assert result.output == "周期：2025—2026学年 → 2026—2027学年\n"
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.output == "两份计划没有差异。\n"
