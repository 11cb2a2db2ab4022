"""The JSON Schema of a plan file, for editors (`# yaml-language-server: $schema=…`).

What an editor shows matters more than what pydantic generates: every title is Chinese (pydantic's
“Short Name” titles repeat in hover beside the description), and fields that name another entry
of the same file (owner, area, quota ids) carry no examples, so that completion offers the file's
own ids, not a preset's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_ID = "plan.schema.json"
SCHEMA_FILE = "plan.schema.json"

# The title of each part of a plan, as a Chinese office calls it.
MODEL_TITLES = {
    "Area": "工作领域",
    "Department": "部门",
    "Document": "公文信息",
    "Goal": "工作目标",
    "Leadership": "领导小组",
    "Period": "计划周期",
    "Quota": "量化指标",
    "ScheduleEntry": "行事历条目",
    "ScheduleItem": "行事历事项",
    "School": "学校（单位）",
    "Step": "步骤",
    "Task": "重点任务",
    "Titled": "条目",
}
# The Chinese name of each key, shown in bold above its description in an editor's hover.
FIELD_TITLES = {
    "extends": "继承",
    "school": "学校",
    "period": "周期",
    "document": "公文信息",
    "guiding_ideology": "指导思想",
    "vision": "总体目标",
    "goals": "工作目标",
    "quotas": "量化指标",
    "departments": "部门",
    "areas": "工作领域",
    "schedule": "行事历",
    "leadership": "领导小组",
    "safeguards": "保障措施",
    "evaluation": "评价与复盘",
    "closing": "结语",
    "style_text": "替换段落",
    "extra": "自定义数据",
    "id": "编号（id）",
    "name": "名称",
    "summary": "导语",
    "objective": "领域目标",
    "owner": "负责部门",
    "partners": "协作单位",
    "tasks": "重点任务",
    "head": "负责人",
    "duty": "职责",
    "title": "标题",
    "subject": "计划主题",
    "issuer": "落款",
    "date": "日期",
    "doc_number": "文号",
    "front_matter": "文件头",
    "text": "内容",
    "area": "所属领域",
    "leader": "组长",
    "deputies": "副组长",
    "members": "成员",
    "office": "办公室",
    "academic_year": "学年",
    "term": "学期",
    "year": "年度",
    "target": "目标值",
    "unit": "单位",
    "compare": "比较方式",
    "baseline": "基数（上期实际值）",
    "month": "月份",
    "months": "合并的月份",
    "week": "周次",
    "items": "事项",
    "short_name": "简称",
    "kind": "学校类型",
    "region": "所在地区",
    "motto": "办学理念",
    "when": "时间",
    "steps": "步骤",
    "tags": "风格提示",
}
# Fields whose value is the id of another entry (in any model, or in the named ones): their
# examples would seed completion with a preset's ids instead of the file's own.
REFERENCES = frozenset({"owner", "area"})
REFERENCES_IN = {"Goal": frozenset({"quotas"}), "Task": frozenset({"quotas"})}


def plan_schema() -> dict:
    """Returns the JSON Schema of the Plan model, with Chinese titles and descriptions."""
    from plangen.plan.model import Plan

    schema = Plan.model_json_schema(mode="validation")
    for name, definition in schema.get("$defs", {}).items():
        definition["title"] = MODEL_TITLES.get(name, definition.get("title", name))
        _edit_properties(definition, REFERENCES | REFERENCES_IN.get(name, frozenset()))
    _edit_properties(schema, REFERENCES)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "plangen 学校工作计划",
        "description": "plangen 计划文件的结构：学校信息、周期、目标、指标、部门、工作领域、行事历等",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def _one_schema(prop: dict[str, Any]) -> dict[str, Any]:
    """Returns `anyOf: [{type: string, …}, {type: array, …}, {type: null}]` as one schema
    `{type: [string, array, null], …}` when the branches are plain types whose keywords do not
    clash: editors show a property's title once per `anyOf` branch (“学年 || 学年”)."""
    branches = prop.get("anyOf")
    if not branches or any(
        "$ref" in b or "anyOf" in b or not isinstance(b.get("type"), str) for b in branches
    ):
        return prop
    merged = {k: v for k, v in prop.items() if k != "anyOf"}
    types: list[str] = []
    for branch in branches:
        if branch["type"] in types:
            return prop
        types.append(branch["type"])
        for key, value in branch.items():
            if key != "type":
                if key in merged and merged[key] != value:
                    return prop
                merged[key] = value
    merged["type"] = types
    return merged


def _edit_properties(definition: dict[str, Any], references: frozenset[str]) -> None:
    properties = definition.get("properties", {})
    for name in properties:
        properties[name] = _one_schema(properties[name])
    for name, prop in properties.items():
        title = FIELD_TITLES.get(name)
        # Never the same words twice in a hover: editors repeat a title once per `anyOf` branch.
        if title and title != prop.get("description") and "anyOf" not in prop:
            prop["title"] = title
        else:
            prop.pop("title", None)
        if name in references:
            prop.pop("examples", None)


def schema_json() -> str:
    """Returns the schema as pretty JSON text with a final newline."""
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(folder: Path) -> Path:
    """Writes plan.schema.json into `folder` (created when missing); returns its path."""
    from plangen.pipeline.output import write_atomic

    path = folder / SCHEMA_FILE
    write_atomic(path, schema_json().encode("utf-8"))
    return path
