"""The JSON Schema of a plan file, for editors (`# yaml-language-server: $schema=…`)."""

from __future__ import annotations

import json

SCHEMA_ID = "plan.schema.json"


def plan_schema() -> dict:
    """Returns the JSON Schema of the Plan model, with Chinese descriptions and examples."""
    from plangen.plan.model import Plan

    schema = Plan.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "plangen 学校工作计划",
        "description": "plangen 计划文件的结构：学校信息、周期、目标、指标、部门、工作领域、行事历等",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_json() -> str:
    """Returns the schema as pretty JSON text with a final newline."""
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"
