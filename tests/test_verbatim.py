"""Which values reach templates unescaped is decided by their type in the model: ids (`Verbatim`)
and enumerations pass through as written; every other text is normalised and escaped."""

from __future__ import annotations

from typing import Annotated, Literal

from plangen.plan import model
from plangen.plan.fields import Model, Verbatim
from plangen.plan.model import Plan
from plangen.render.mdtext import View, text_filter, verbatim_fields, wrap


def test_the_models_verbatim_fields_follow_their_types():
    assert verbatim_fields(model.Quota) == {"id", "area", "owner", "compare"}
    assert verbatim_fields(model.Task) == {"owner", "quotas", "tags"}
    assert verbatim_fields(model.Goal) == {"area", "quotas"}
    assert verbatim_fields(model.School) == {"kind"}
    assert verbatim_fields(model.Plan) == {"extends"}
    assert verbatim_fields(model.Leadership) == set()


class Sample(Model):
    code: Annotated[str, Verbatim()]
    codes: list[Annotated[str, Verbatim()]] = []
    level: Literal["a_b", "c"] = "a_b"
    name: str = ""
    note: str | None = None


def test_a_marked_field_passes_through_whatever_its_name():
    view = View(Sample(code="x_1|*", codes=["a_b"], name="x_1|*", note="# 标题"), text_filter(True))
    assert view.code == "x_1|*"
    assert view.codes == ["a_b"]
    assert view.level == "a_b"
    assert view.name == "x\\_1\\|\\*"
    assert view.note == "\\# 标题"


def test_ids_stay_ids_and_names_are_escaped_in_a_plan():
    plan = Plan.model_validate(
        {
            "school": {"name": "星河_小学", "kind": "nine_year"},
            "period": {"academic_year": 2025},
            "departments": [{"id": "dept_1", "name": "教务*处"}],
            "quotas": [
                {
                    "id": "rate_a",
                    "name": "达标率",
                    "target": 98,
                    "compare": "at_least",
                    "owner": "dept_1",
                }
            ],
            "areas": [
                {
                    "id": "moral_ed",
                    "name": "德育",
                    "tasks": [
                        {
                            "title": "任务",
                            "owner": "dept_1",
                            "quotas": ["rate_a"],
                            "tags": ["innovation"],
                        }
                    ],
                }
            ],
        }
    )
    view = wrap(plan, text_filter(True))
    assert view.school.kind == "nine_year" and view.school.name == "星河\\_小学"
    assert view.departments[0].id == "dept_1" and view.departments[0].name == "教务\\*处"
    assert view.quotas[0].id == "rate_a" and view.quotas[0].compare == "at_least"
    task = view.areas[0].tasks[0]
    assert (task.owner, task.quotas, task.tags) == ("dept_1", ["rate_a"], ["innovation"])
    assert view.department_name("dept_1") == "教务\\*处"
