"""Tests for `plangen diff`: the Chinese lines a principal reads to see what changed."""

from __future__ import annotations

import copy
import json

from typer.testing import CliRunner

from plangen.cli.app import app
from plangen.commands.compare import escape
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
        {
            "id": "moral",
            "name": "德育工作",
            "tasks": [{"title": "习惯养成"}, {"title": "主题班会"}],
        },
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
    assert (
        lines
        == [
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
            "行事历九月份：新增事项“新生入学教育”",  # was a count (1 个时间段、2 项工作 → …): now the item itself
        ]
    )


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
        "标题：星河小学2025—2026学年工作计划 → 星河小学2025—2026学年德育工作要点"
    ]


def test_a_title_whose_years_moved_with_the_period_is_not_news():
    old = copy.deepcopy(OLD)
    old["document"] = {"title": "星河小学2025-2026 学年德育工作要点"}
    moved = copy.deepcopy(old)
    moved["period"] = {"academic_year": 2027, "term": "first"}
    moved["document"] = {"title": "星河小学2027-2028 学年德育工作要点"}
    assert diff_plans(Plan.model_validate(old), Plan.model_validate(moved)) == [
        "周期：2025—2026学年 → 2027—2028学年第一学期"
    ]
    generated = copy.deepcopy(OLD)
    generated["period"] = {"academic_year": 2026, "term": "second"}
    assert diff_plans(Plan.model_validate(OLD), Plan.model_validate(generated)) == [
        "周期：2025—2026学年 → 2026—2027学年第二学期"
    ]


def test_cli_diff_prints_the_lines_and_says_so_when_nothing_changed(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text("school: {name: 星河小学}\nperiod: {academic_year: 2025}\n", encoding="utf-8")
    new.write_text("school: {name: 星河小学}\nperiod: {academic_year: 2026}\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 1  # like diff(1): 1 when the plans differ (issue 13.2)
    assert result.output == "周期：2025—2026学年 → 2026—2027学年\n"
    same = runner.invoke(app, ["diff", str(old), str(old)])
    assert same.output == "两份计划没有差异。\n"
    assert same.exit_code == 0


# --- issue 13.2: every field, tasks by position and title, exit codes, escapes, JSON -----------
FULL = {
    "school": {"name": "星河小学", "short_name": "星河", "motto": "和谐"},
    "period": {"academic_year": 2025},
    "document": {
        "issuer": "星河小学",
        "date": "2025-09-10",
        "doc_number": "星小发〔2025〕12号",
        "subject": "德育",
    },
    "leadership": {
        "leader": "王强（校长）",
        "deputies": ["张华"],
        "members": ["各处室主任"],
        "office": "设在校办",
    },
    "departments": [{"id": "deyu", "name": "德育处", "head": "李明"}],
    "quotas": [{"id": "q", "name": "达标率", "target": 98, "unit": "%", "owner": "deyu"}],
    "areas": [
        {
            "id": "moral",
            "name": "德育工作",
            "summary": "德育为先",
            "tasks": [
                {"title": "班会", "text": "每周一次"},
                {"title": "班会", "text": "每周一次"},
                {"title": "习惯", "steps": [{"title": "第一步", "when": "九月"}]},
            ],
        }
    ],
    "schedule": [
        {"month": 9, "items": [{"text": "开学检查", "owner": "deyu"}]},
        {"week": 3, "items": [{"text": "运动会"}]},
    ],
    "safeguards": [{"title": "组织保障", "text": "成立小组"}],
    "evaluation": [{"title": "月度复盘"}],
    "closing": "全体教职工要落实。",
    "style_text": {"okr": {"intro": "本学年"}},
}
CHANGED = copy.deepcopy(FULL)
CHANGED["school"].update(short_name="星河小", motto="创新\x1b[31m")
CHANGED["document"].update(
    issuer="星河实验小学", date="2026-09-10", doc_number="星小发〔2026〕12号", subject="教学"
)
CHANGED["leadership"].update(
    leader="李刚（校长）", deputies=["张华", "赵六"], members=[], office="设在教务处"
)
CHANGED["departments"][0]["head"] = "王芳"
CHANGED["quotas"][0]["owner"] = None
CHANGED["areas"][0]["summary"] = "德育为本"
del CHANGED["areas"][0]["tasks"][1]
CHANGED["areas"][0]["tasks"][0]["text"] = "每周两次"
CHANGED["areas"][0]["tasks"][1]["steps"][0]["when"] = "十月"
CHANGED["schedule"][0]["items"][0]["owner"] = None
CHANGED["schedule"][1]["items"][0]["text"] = "秋季运动会"
CHANGED["safeguards"][0]["text"] = "成立领导小组"
CHANGED["safeguards"].append({"title": "经费保障"})
CHANGED["evaluation"] = []
CHANGED["closing"] = "全体教职工要认真落实。"
CHANGED["style_text"]["okr"]["intro"] = "本学期"


def test_every_field_of_the_model_is_compared_word_for_word():
    lines = diff_plans(Plan.model_validate(FULL), Plan.model_validate(CHANGED))
    assert lines == [
        "学校简称：星河 → 星河小",
        "学校理念：和谐 → 创新\\x1b[31m",
        "标题：星河小学2025—2026学年德育工作计划 → 星河小学2025—2026学年教学工作计划",
        "主题：德育 → 教学",
        "落款：星河小学 → 星河实验小学",
        "成文日期：2025年9月10日 → 2026年9月10日",
        "文号：星小发〔2025〕12号 → 星小发〔2026〕12号",
        "达标率：负责部门 deyu → 无",
        "德育工作：导语 德育为先 → 德育为本",
        "德育工作：删除任务“班会”（第1项）",
        "德育工作：任务“班会”：内容 每周一次 → 每周两次",
        "德育工作：任务“习惯”：步骤“第一步”：时间 九月 → 十月",
        "部门“德育处”：负责人 李明 → 王芳",
        "行事历九月份：事项“开学检查”：负责部门 deyu → 无",
        "行事历第3周：新增事项“秋季运动会”",
        "行事历第3周：删除事项“运动会”",
        "领导小组组长：王强（校长） → 李刚（校长）",
        "领导小组副组长：张华 → 张华、赵六",
        "领导小组成员：各处室主任 → 无",
        "领导小组办公室：设在校办 → 设在教务处",
        "新增保障措施：经费保障",
        "保障措施“组织保障”：内容 成立小组 → 成立领导小组",
        "删除评价与复盘：月度复盘",
        "结语：全体教职工要落实。 → 全体教职工要认真落实。",
        "替换段落（okr.intro）：本学年 → 本学期",
    ]


def test_removing_one_of_two_tasks_with_the_same_title_is_reported():
    old = copy.deepcopy(OLD)
    old["areas"][0]["tasks"] = [
        {"title": "主题班会", "text": "每周一次"},
        {"title": "主题班会", "text": "每月一次"},
        {"title": "习惯养成"},
    ]
    new = copy.deepcopy(old)
    del new["areas"][0]["tasks"][1]
    assert diff_plans(Plan.model_validate(old), Plan.model_validate(new)) == [
        "德育工作：删除任务“主题班会”（第2项）"
    ]
    del new["areas"][0]["tasks"][0]  # both gone: two lines, not one
    assert diff_plans(Plan.model_validate(old), Plan.model_validate(new)) == [
        "德育工作：删除任务“主题班会”（第1项）",
        "德育工作：删除任务“主题班会”（第2项）",
    ]


def test_escape_writes_control_and_bidi_characters_as_escapes():
    assert escape("星河\x1b[31m小学\u202e") == "星河\\x1b[31m小学\\u202e"
    assert escape("甲\x07\x7f\x85乙") == "甲\\x07\\x7f\\x85乙"


def test_cli_diff_escapes_what_could_change_the_terminal_and_prints_json(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text("school: {name: 星河小学}\nperiod: {academic_year: 2025}\n", encoding="utf-8")
    new.write_text(
        'school: {name: "星河\\u202e小学"}\nperiod: {academic_year: 2025}\n', encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 1
    assert result.output == "学校：星河小学 → 星河\\u202e小学\n"
    assert "\u202e" not in result.output
    as_json = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert as_json.exit_code == 1
    assert "\u202e" not in as_json.output
    assert json.loads(as_json.output) == [
        {
            "path": "school.name",
            "old": "星河小学",
            "new": "星河\u202e小学",
            "中文说明": "学校：星河小学 → 星河\\u202e小学",
        }
    ]
    same = runner.invoke(app, ["diff", str(old), str(old), "--format", "json"])
    assert (same.exit_code, same.output) == (0, "[]\n")
    bad = runner.invoke(app, ["diff", str(old), str(old), "--format", "xml"])
    assert bad.exit_code == 2
    assert "未知的输出格式“xml”；可用：text、json" in bad.output
    new.write_text(
        'school: {name: "星河\\e[31m小学"}\nperiod: {academic_year: 2025}\n', encoding="utf-8"
    )
    refused = runner.invoke(
        app, ["diff", str(old), str(new)]
    )  # ESC itself is refused when the plan loads
    assert refused.exit_code == 2 and "\x1b" not in refused.output


def test_cli_diff_exits_2_when_a_plan_cannot_be_read(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text("school: {name: 星河小学}\nperiod: {academic_year: 2025}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(old), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'missing.yaml'}: 文件不存在，请检查路径" in result.output
