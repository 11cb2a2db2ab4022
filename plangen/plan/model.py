"""The validated plan: one frozen, declarative pydantic model of design.md §2.

Every field carries a Chinese description; the same text becomes the JSON Schema's hover help in
editors (`plangen schema`). Cross-field rules that need locations (ids, references, periods) are
checked by `plangen.plan.checks`, so that each problem points at its own line.
"""

from collections.abc import Callable
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    Field,
    PrivateAttr,
    model_validator,
)

from plangen.errors import Problem
from plangen.plan.areas import Area, Step, Task
from plangen.plan.calendar import Period, ScheduleEntry, ScheduleItem, time_label, uses_calendar_v2
from plangen.plan.fields import (
    Id,
    Model,
    Paragraphs,
    SourceLocator,
    Verbatim,
    empty_dict,
    empty_list,
)
from plangen.plan.parts import Document, Headings, Layout, Leadership, School, Section, Titled
from plangen.plan.quota import Quota

# The parts defined in calendar.py and parts.py are part of the model too.
__all__ = [
    "Area",
    "Department",
    "Document",
    "Goal",
    "Leadership",
    "Period",
    "Plan",
    "Quota",
    "ScheduleEntry",
    "ScheduleItem",
    "School",
    "Section",
    "Step",
    "Task",
    "Titled",
    "keep_source",
    "located_problem",
]


class Goal(Model):
    title: str = Field(min_length=1, description="目标名称", examples=["德育实效提升"])
    text: str | None = Field(
        None, description="目标说明", examples=["构建“课程化、体系化、全员化”德育模式"]
    )
    area: Id | None = Field(
        None, description="所属工作领域的 id（areas 中的 id）", examples=["moral"]
    )
    quotas: list[Id] = Field(
        default_factory=empty_list,
        description="该目标的量化指标 id 列表",
        examples=[["behavior_rate"]],
    )


class Department(Model):
    """A department; written as a bare name (`- 办公室`) its id is its name. One with neither duty
    nor head is an owner only: it is not listed under 部门职责."""

    id: Id = Field(
        min_length=1,
        description="部门 id，在 departments 中唯一；只写名称时 id 即名称",
        examples=["zhengjiao"],
    )
    name: str = Field(min_length=1, description="部门名称", examples=["政教处"])
    head: str | None = Field(None, description="负责人", examples=["李明"])
    duty: str | None = Field(
        None, description="职责", examples=["负责学生德育、心理健康与家校共育"]
    )

    @model_validator(mode="before")
    @classmethod
    def _bare_name(cls, value: Any) -> Any:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return {"id": str(value), "name": str(value)}
        return value

    @property
    def listed(self) -> bool:
        """Returns whether the department is listed under 部门职责 (it has a duty or a head)."""
        return bool(self.duty or self.head)


def _bare_names_allowed(schema: dict[str, Any]) -> None:
    """JSON Schema: a department may be written as a bare name."""
    schema["items"] = {"anyOf": [schema["items"], {"type": "string", "minLength": 1}]}


class Plan(Model):
    """A school's work plan: the single input of every style."""

    # Set by load_plan (keep_source); checks made after loading (style_text against the styles of
    # --templates) use it to point at the user's line. Not a method: templates see the plan's methods.
    _source: SourceLocator | None = PrivateAttr(default=None)

    extends: Annotated[str, Verbatim()] | None = Field(
        None,
        description="继承的预设或文件：preset:primary-school 或相对路径 ../base.yaml；本文件的值优先",
        examples=["preset:primary-school"],
    )
    school: School = Field(
        description="学校（单位）信息",
        examples=[
            {"name": "高青县青城学区中心小学", "short_name": "青城中心小学", "kind": "primary"}
        ],
    )
    period: Period = Field(
        description="计划周期：学年（academic_year）或年度（year）二选一",
        examples=[{"academic_year": 2025, "term": "year"}, {"year": 2026}],
    )
    document: Document = Field(
        default_factory=Document,
        description="公文信息：标题、落款、日期、文号",
        examples=[{"issuer": "高青县青城学区中心小学", "date": "2025-09-10"}],
    )
    guiding_ideology: Paragraphs | None = Field(
        None, description="指导思想，可写多段", examples=["以立德树人为根本任务，深化“五育并举”……"]
    )
    vision: str | None = Field(
        None, description="总体目标或愿景，一句话", examples=["办人民满意的现代化优质小学"]
    )
    goals: list[Goal] = Field(
        default_factory=empty_list,
        description="工作目标",
        examples=[[{"title": "德育实效提升", "area": "moral", "quotas": ["behavior_rate"]}]],
    )
    quotas: list[Quota] = Field(
        default_factory=empty_list,
        description="量化指标（关键结果）",
        examples=[
            [{"id": "behavior_rate", "name": "学生行为规范达标率", "target": 98, "unit": "%"}]
        ],
    )
    departments: list[Department] = Field(
        default_factory=empty_list,
        description="部门：可只写名称（如“办公室”），其 id 即名称；既无 duty 也无 head 的部门只作负责部门，不列入部门职责",
        examples=[[{"id": "zhengjiao", "name": "政教处", "head": "李明"}, "办公室"]],
        json_schema_extra=_bare_names_allowed,
    )
    areas: list[Area] = Field(
        default_factory=empty_list,
        description="工作领域：各风格正文的主体，按顺序",
        examples=[[{"id": "moral", "name": "德育工作", "owner": "zhengjiao"}]],
    )
    schedule: list[ScheduleEntry] = Field(
        default_factory=empty_list,
        description="行事历：按月、周或日期安排",
        examples=[[{"month": 9, "items": [{"text": "开学安全大检查"}]}]],
    )
    leadership: Leadership | None = Field(
        None,
        description="领导小组",
        examples=[{"name": "学校工作领导小组", "leader": "王强（校长）"}],
    )
    safeguards: list[Titled] = Field(
        default_factory=empty_list,
        description="保障措施",
        examples=[[{"title": "组织保障", "text": "……"}]],
    )
    evaluation: list[Titled] = Field(
        default_factory=empty_list,
        description="评价与复盘",
        examples=[[{"title": "月度复盘", "text": "……"}]],
    )
    closing: Paragraphs | None = Field(
        None, description="结语或工作要求", examples=["全体教职工要……确保各项任务落到实处。"]
    )
    headings: Headings = Field(
        default_factory=Headings,
        description="内置部分和行事历列的名称，如 guiding_ideology: 工作思路",
        examples=[{"guiding_ideology": "工作思路", "schedule": "各月工作安排"}],
    )
    sections: list[Section] = Field(
        default_factory=empty_list,
        description="附加部分，各风格都显示；after 指定位置",
        examples=[[{"title": "工作要求", "after": "safeguards", "text": "……"}]],
    )
    layout: Layout = Field(
        default_factory=Layout,
        description="版式：领域作为一章（areas: top）及跨章连续编号",
        examples=[{"areas": "top", "continuous": True}],
    )
    style_text: dict[str, dict[str, str]] = Field(
        default_factory=empty_dict,
        description="按风格替换内置的导语、结语等段落，如 okr: {intro: ……, closing: ……}",
        examples=[{"okr": {"intro": "本学年……"}}],
    )
    extra: dict[str, Any] = Field(
        default_factory=empty_dict,
        description="自定义模板可用的任意数据",
        examples=[{"contact": "0533-1234567"}],
    )

    @property
    def title(self) -> str:
        """Returns the document title: document.title, else 学校全称 + 周期 + 工作计划."""
        if self.document.title:
            return self.document.title
        return f"{self.school.name}{self.period.label}{self.document.subject or ''}工作计划"

    def heading(self, key: str, default: str) -> str:
        """Returns the name of a built-in section or 行事历 column: `headings.<key>`, else `default`."""
        return getattr(self.headings, key) or default

    def sections_after(self, key: str) -> list[Section]:
        """Returns the extra sections placed after the built-in section `key` (or start / end)."""
        return [s for s in self.sections if s.after == key]

    @cached_property
    def calendar_v2(self) -> bool:
        """Returns whether the plan is written the schema v2 way (see `uses_v2`): the 行事历 with
        Chinese week numerals, week dates, year-less dates and numbered items; each quota phrased
        in full once. Plans that use no schema v2 field render as they always have."""
        return (
            uses_calendar_v2(self.period, self.schedule)
            or self.period.made_from_year
            or uses_v2(self)
        )

    def time_label(self, entry: ScheduleEntry) -> str:
        """Returns the time column text of a schedule entry: 九月份, 第一周（9月1日—9月7日）, 开学前."""
        return time_label(entry, self.period, self.calendar_v2)

    def numbered_items(self, entry: ScheduleEntry) -> bool:
        """Returns whether the items of a schedule entry are numbered (several items, v2 calendar)."""
        return self.calendar_v2 and len(entry.items) > 1

    @cached_property
    def department_by_id(self) -> dict[str, Department]:
        return {d.id: d for d in self.departments}

    @cached_property
    def quota_by_id(self) -> dict[str, Quota]:
        return {q.id: q for q in self.quotas}

    @cached_property
    def area_by_id(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    @cached_property
    def department_by_name(self) -> dict[str, Department]:
        return {d.name: d for d in self.departments}

    @property
    def listed_departments(self) -> list[Department]:
        """Returns the departments listed under 部门职责: those with a duty or a head."""
        return [d for d in self.departments if d.listed]

    def department_name(self, owner: str | list[str] | None) -> str:
        """Returns the name of an owner — an id, a department name or a list of them, joined
        “教育处、团委” ('' for None)."""
        if not owner:
            return ""
        names = []
        for one in [owner] if isinstance(owner, str) else owner:
            dept = self.department_by_id.get(one) or self.department_by_name.get(one)
            names.append(dept.name if dept else one)
        return "、".join(dict.fromkeys(names))

    def quotas_of_area(self, area_id: str) -> list[Quota]:
        """Returns the quotas that belong to an area, in the order of `quotas`."""
        return [q for q in self.quotas if q.area == area_id]

    def quotas_without_goal(self) -> list[Quota]:
        """Returns the quotas no goal names, in the order of `quotas`."""
        named = {qid for goal in self.goals for qid in goal.quotas}
        return [q for q in self.quotas if q.id not in named]

    def unassigned_quotas(self) -> list[Quota]:
        """Returns the quotas whose area is missing or unknown."""
        return [q for q in self.quotas if q.area not in self.area_by_id]

    @property
    def issuer(self) -> str:
        """Returns the 落款: document.issuer, else the school's full name."""
        return self.document.issuer or self.school.name


# The fields schema v2 added, by model: a plan that sets any of them is written the v2 way.
V2_FIELDS = {
    "Plan": {"headings", "sections", "layout"},
    "Period": {"term_names", "label_text", "start"},
    "Document": {
        "subtitle",
        "header",
        "recipients",
        "notice",
        "attachments",
        "cc",
        "printed_by",
        "printed_date",
    },
    "Quota": {"against", "verb", "each", "text"},
    "ScheduleEntry": {"weeks", "time_label"},
}


def uses_v2(model: Any) -> bool:
    """Returns whether a plan (or any model inside it) sets a schema v2 field, or writes an owner
    as a list, a quota as increase/decrease or a range, or a department as a bare name."""
    if isinstance(model, list | tuple):
        return any(uses_v2(item) for item in model)
    if not isinstance(model, Model):
        return False
    if V2_FIELDS.get(type(model).__name__, set()) & model.model_fields_set:
        return True
    if isinstance(getattr(model, "owner", None), list):
        return True
    if isinstance(model, Quota) and (
        model.compare in ("increase", "decrease") or isinstance(model.target, tuple)
    ):
        return True
    return any(
        uses_v2(getattr(model, name))
        for name in model.model_fields_set
        if isinstance(getattr(model, name), Model | list)
    )


def keep_source(plan: Plan, locate: Callable[[tuple[str | int, ...], str], Problem]) -> None:
    """Remembers where `plan` was written: `locate(path, message)` returns a located Problem."""
    plan._source = SourceLocator(locate)


def has_source(plan: Plan) -> bool:
    """Returns whether `plan` was read from a file by load_plan (and so has passed its checks)."""
    return plan._source is not None


def located_problem(plan: Plan, path: tuple[str | int, ...], message: str) -> Problem | None:
    """Returns `message` as a Problem at the place `path` was written; None for a plan made in code."""
    return plan._source.locate(path, message) if plan._source else None
