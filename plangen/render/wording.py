"""The wording rules of every built-in style, in one place (issue #11).

Templates call these through `say` (a `Wording` of the plan being written):

- the task tag “（责任：教务处；配合：家长委员会；时间：每学期；指标：家长满意度）” — a task's owner,
  partners, timing and quotas, never a sentence per task; the time is left out when the task's text
  already says all of it, else the whole `when` (plangen/render/timing.py);
- the step tag “（9月中旬前，教务处负责）”, the time likewise left out when the step's text says it;
- the OKR objective of an area: its `objective`, else its goal's title, else its name; its action
  bullets: a long task text cut into its clauses (plangen/render/clauses.py);
- the framing paragraphs (导言, 引言, 结语, leads) of each style, each sentence built from the plan's
  facts — its name, period, motto, areas, tasks, partners, departments, quotas — so that two schools
  never share them; a plan replaces any of them through `style_text` (the templates' slots).

Rules that hold for every text here: no counts of sections, areas or tasks; no claim about every
task or key result; no bucket names; nothing the plan does not say about its departments.
The forms are listed for `plangen import` in docs (text forms) and must stay parseable.
"""

from __future__ import annotations

import re
from typing import Any

from plangen.render.clauses import okr_lines
from plangen.render.timing import when_left, when_said
from plangen.zh import cn_number

__all__ = [
    "KIND_WORDS",
    "Wording",
    "join_and",
    "when_left",
    "when_said",
    "with_tag",
]

# The words that depend on who writes the plan: a school, a kindergarten or an education bureau.
KIND_WORDS: dict[str, tuple[str, str, str]] = {
    "dept": ("部门", "部门", "股室"),
    "depts": ("各部门", "各部门", "各股室"),
    "lead_dept": ("牵头部门", "牵头部门", "牵头股室"),
    "duty_dept": ("责任部门", "责任部门", "责任股室"),
    "self": ("学校", "全园", "我局"),
    "people": ("全体教职工", "全体教职工", "局机关各股室和全县各级各类学校"),
    "learners": ("学生", "幼儿", "学生"),
    "motto": ("办学理念", "办园理念", "工作理念"),
    "cause": ("各项工作", "各项工作", "全县教育事业"),
    "work": ("各项工作", "各项工作", "全县教育系统各项工作"),
    "outside": ("家长、社区和社会各方", "家长、社区和社会各方", "相关部门和社会各方"),
}

# The tag's labels, in their order; `plangen import` reads them back.
TAG_OWNER, TAG_PARTNERS, TAG_WHEN, TAG_QUOTAS = "责任：", "配合：", "时间：", "指标："


def _clause(text: Any) -> str:
    return " ".join(str(text).split()).rstrip("。；，;,")


def join_and(items: list[str]) -> str:
    """“甲、乙和丙” (“甲” and “甲和乙” for fewer)."""
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def with_tag(paragraphs: str, tag: str) -> str:
    """Returns the paragraphs with `tag` before the final 。 of the last one (the tag alone as a
    paragraph when there is no text)."""
    if not tag:
        return paragraphs
    if not paragraphs.strip():
        return tag
    text = paragraphs.rstrip()
    if text.endswith("。"):
        return text[:-1] + tag + "。"
    if text[-1] in "！？”’》）":
        return text + tag
    return text + tag + "。"


class Wording:
    """The wording of one plan (a `mdtext` view, its text already escaped), as `say` in templates."""

    __slots__ = ("_kind", "_noun", "_plan", "_prev")

    def __init__(self, plan: Any, noun: str, prev: str) -> None:
        self._plan = plan
        self._noun = noun
        self._prev = prev
        kind = plan.school.kind
        self._kind = 2 if kind == "bureau" else (1 if kind == "kindergarten" else 0)

    # ----- words and tags -----

    def word(self, key: str) -> str:
        """The kind-dependent word `key` (“部门” / “股室” …); “whole” is what the plan's work is for:
        the school's own name, or 全县教育事业 for a bureau."""
        if key == "whole":
            return "全县教育事业" if self._kind == 2 else self._name()
        return KIND_WORDS[key][self._kind]

    def tag(self, task: Any, *, quotas: bool = True) -> str:
        """A task's tag “（责任：…；配合：…；时间：…；指标：…）”, or “” when it names none."""
        plan = self._plan
        parts = []
        if task.owner:
            parts.append(TAG_OWNER + plan.department_name(task.owner))
        if task.partners:
            parts.append(TAG_PARTNERS + "、".join(task.partners))
        when = when_left(task.when, task.text)
        if when:
            parts.append(TAG_WHEN + when)
        if quotas and task.quotas:
            names = [plan.quota_by_id[q].name for q in task.quotas if q in plan.quota_by_id]
            if names:
                parts.append(TAG_QUOTAS + "、".join(names))
        return f"（{'；'.join(parts)}）" if parts else ""

    def step(self, step: Any, parent: Any = None) -> str:
        """A step's bracket “（9月中旬前，教务处负责）”: the department only when it differs from
        `parent` (the one the reader already knows), the time only when the text does not say it."""
        plan = self._plan
        owner = plan.department_name(step.owner) if step.owner and step.owner != parent else ""
        when = when_left(step.when, step.text)
        if when and owner:
            return f"（{when}{'；' if '，' in when else '，'}{owner}负责）"
        if when:
            return f"（{when}）"
        if owner:
            return f"（{owner}负责）"
        return ""

    def quota_owner(self, quota: Any) -> str:
        """“（责任：政教处）” for a quota with an owner, else “”."""
        if not quota.owner:
            return ""
        return f"（{TAG_OWNER}{self._plan.department_name(quota.owner)}）"

    # ----- where a quota or goal belongs -----

    def quota_home(self, quota: Any) -> str:
        """The id of the area a quota belongs to: its `area`, else the area of the first task that
        names it, else “” (a quota no area and no task claims)."""
        plan = self._plan
        if quota.area in plan.area_by_id:
            return str(quota.area)
        for area in plan.areas:
            if any(quota.id in t.quotas for t in area.tasks):
                return str(area.id)
        return ""

    def quotas_of(self, area: Any) -> list[Any]:
        """The quotas whose home (`quota_home`) is `area`, in the order of `quotas`."""
        return [q for q in self._plan.quotas if self.quota_home(q) == area.id]

    def homeless_quotas(self) -> list[Any]:
        return [q for q in self._plan.quotas if not self.quota_home(q)]

    def goal_home(self, goal: Any) -> str:
        """The id of the area a goal belongs to: its `area`, else the home of the first of its
        quotas that has one (“校园文化更有特色” names quotas of 涵养校园文化), else “”."""
        plan = self._plan
        if goal.area in plan.area_by_id:
            return str(goal.area)
        for qid in goal.quotas:
            if qid in plan.quota_by_id and (home := self.quota_home(plan.quota_by_id[qid])):
                return home
        return ""

    def goals_of(self, area: Any) -> list[Any]:
        return [g for g in self._plan.goals if self.goal_home(g) == area.id]

    def homeless_goals(self) -> list[Any]:
        return [g for g in self._plan.goals if not self.goal_home(g)]

    def goal_quotas(self, goal: Any) -> list[str]:
        """The ids of the quotas stated with `goal`: its own, then — for the first goal of its area
        — the area's quotas no goal names (so no quota needs a “量化指标” bucket of its own)."""
        plan = self._plan
        ids = [q for q in goal.quotas if q in plan.quota_by_id]
        home = self.goal_home(goal)
        if home and self.goals_of(plan.area_by_id[home])[0] is goal:
            named = {q for g in plan.goals for q in g.quotas}
            ids += [q.id for q in self.quotas_of(plan.area_by_id[home]) if q.id not in named]
        return ids

    def goalless_quotas(self) -> list[Any]:
        """The quotas no goal states (`goal_quotas`): their area has no goal, or they have no area."""
        stated = {q for g in self._plan.goals for q in self.goal_quotas(g)}
        return [q for q in self._plan.quotas if q.id not in stated]

    # ----- OKR -----

    def objective(self, area: Any) -> str:
        """An area's OKR objective: its `objective`, else the title of its first goal (one whose
        `area` is it, else one without an area that names its quotas), else the area's name —
        never task titles glued with “，”, never the vision."""
        if area.objective:
            return _clause(area.objective)
        goals = self.goals_of(area)  # its own, or one without an area that names its quotas
        if goals:
            return _clause(goals[0].title)
        return _clause(area.name)

    def okr_lines(self, task: Any) -> list[str]:  # (plangen/render/clauses.py)
        return okr_lines(task.text or "")

    # ----- facts the framing is built from -----

    def _name(self) -> str:
        return str(self._plan.school.display_name)

    def _areas(self) -> str:
        return join_and([_clause(a.name) for a in self._plan.areas])

    def _motto(self) -> str:
        motto = self._plan.school.motto
        return f"秉持“{_clause(motto)}”的{self.word('motto')}，" if motto else ""

    def _partners(self) -> list[str]:
        found: list[str] = []
        for area in self._plan.areas:
            for name in list(area.partners) + [p for t in area.tasks for p in t.partners]:
                if name not in found:
                    found.append(str(name))
        return found

    def _tagged(self, tag: str) -> list[str]:
        return [_clause(t.title) for a in self._plan.areas for t in a.tasks if tag in t.tags]

    def _lead_depts(self) -> str:
        names: list[str] = []
        for area in self._plan.areas:
            joined = self._plan.department_name(area.owner) if area.owner else ""
            for name in joined.split("、") if joined else []:
                if name not in names:
                    names.append(name)
        return join_and(names) or self.word("depts")

    def _some(self, items: list[str], most: int = 4) -> str:
        """“甲、乙和丙”, or “甲、乙、丙、丁等” when there are more than `most`."""
        if len(items) > most:
            return "、".join(items[:most]) + "等"
        return join_and(items)

    def titles(self, area: Any) -> str:
        """The task titles of an area for a chapter lead (“甲、乙和丙”, at most four then 等)."""
        return self._some([_clause(t.title) for t in area.tasks])

    # ----- framing paragraphs, per style and slot -----

    def frame(self, key: str) -> str:
        """The built-in paragraph `key` (“okr.intro” …), built from the plan's facts, or “” when
        the plan gives nothing to build it from. (A slot with no built-in paragraph at all, such as
        rules' `cycle`, is filled by the plan's `style_text` alone: its template calls `slot` only.)"""
        return getattr(self, "_" + key.replace(".", "_"))()

    def _opens_alike(self) -> bool:
        """Whether the plan's own 指导思想 opens with a time (“本学期，学校……”, “2026年，……”): a
        generated first sentence that also opens with the period would say it twice (it is left out)."""
        guiding = _clause(self._plan.guiding_ideology or "")
        return bool(guiding) and bool(re.match(r"^(本学期|本学年|本年度|今年|\d|20)", guiding))

    def _period_names(self) -> str:
        """“学期末” / “学年末” / “年末”: the end of the plan's period."""
        noun = str(self._noun)
        for word, end in (("学期", "学期末"), ("学年", "学年末")):
            if word in noun:
                return end
        return "年末"

    def _narrative_intro(self) -> str:
        if self._plan.guiding_ideology:
            return ""  # the plan's own 指导思想 opens the section
        areas = self._areas()
        what = f"围绕{areas}部署{self._noun}工作" if areas else f"统筹安排{self.word('work')}"
        return f"{self._plan.period.label}，{self._name()}{self._motto()}{what}。"

    def _narrative_closing(self) -> str:
        return f"{self.word('depts')}要对照本计划抓好落实，遇到新情况及时调整完善。"

    def _rules_intro(self) -> str:
        if self._opens_alike():
            return ""
        areas = self._areas()
        what = f"围绕{areas}分列行动细则" if areas else "列出行动细则"
        return f"{self._name()}{what}，供{self.word('depts')}对照执行。"

    def _rules_closing(self) -> str:
        return f"{self.word('depts')}要按以上细则组织实施，执行中遇到新情况及时报告、修订完善。"

    def _okr_intro(self) -> str:
        if self._opens_alike():
            return ""
        areas = self._areas()
        where = f"围绕{areas}，" if areas else ""
        return f"{self._noun}，{self._name()}{where}用目标与关键结果推进工作。"

    def _okr_core(self) -> str:
        if self._plan.goals:
            return f"{self._name()}{self._noun}的核心目标如下："
        quotas = self._plan.quotas
        if not quotas:
            return ""
        # the names only: each quota is phrased in full once, in its key result
        names = join_and([str(q.name) for q in quotas])
        n = len(quotas)  # 两项, 三项 … 十项, then 11项
        count = "两" if n == 2 else cn_number(n) if n <= 10 else str(n)
        return f"{self._noun}重点抓{count}项指标：{names}。"

    def _okr_review_items(self) -> str:
        plan = self._plan
        by_owner: dict[str, list[str]] = {}
        for quota in plan.quotas:
            if quota.owner:
                by_owner.setdefault(plan.department_name(quota.owner), []).append(str(quota.name))
        lines = [
            f"- {dept}负责统计{self._some(names, 3)}的完成情况。"
            for dept, names in by_owner.items()
        ]
        if plan.quotas:
            lines.append(
                f"- {self._period_names()}，{self.word('self')}逐项对照关键结果检查达成情况。"
            )
        return "\n".join(lines)

    def _okr_closing(self) -> str:
        what = "关键结果" if self._plan.quotas else "目标"
        return f"{self._name()}将对照以上{what}检视进展、校正偏差。"

    def _collab_intro(self) -> str:
        if self._opens_alike():
            return ""
        partners = self._partners()
        areas = self._areas()
        where = f"，围绕{areas}推进工作" if areas else "，推进工作"
        if partners:
            with_them = (
                "、".join(partners[:4]) + "等单位" if len(partners) > 4 else join_and(partners)
            )
            return f"{self._noun}，{self._name()}与{with_them}协同{where}。"
        return f"{self._noun}，{self._name()}{self.word('depts')}分工协作{where}。"

    def _owners(self) -> list[str]:
        """Every department that owns an area, a task or a quota, in the plan's order."""
        plan = self._plan
        owners = [a.owner for a in plan.areas]
        owners += [t.owner for a in plan.areas for t in a.tasks]
        owners += [q.owner for q in plan.quotas]
        names: list[str] = []
        for owner in owners:
            joined = plan.department_name(owner) if owner else ""
            for name in joined.split("、") if joined else []:
                if name not in names:
                    names.append(name)
        return names

    def _collab_closing(self) -> str:
        owners = self._owners()
        who = join_and(owners) if 0 < len(owners) <= 4 else "各" + self.word("lead_dept")
        partners = self._partners()
        if partners:
            with_them = (
                "、".join(partners[:3]) + "等单位" if len(partners) > 3 else join_and(partners)
            )
            return f"{who}要与{with_them}定期沟通，及时通报工作进展。"
        return f"{who}要定期沟通，及时通报工作进展。"

    def _innovation_intro(self) -> str:
        projects = self._tagged("innovation")
        first = ""
        if not self._opens_alike():
            areas = self._areas()
            first = f"{self._noun}，{self._name()}围绕{areas}部署重点工作。" if areas else ""
        if projects:
            first += f"{self._some(projects, 3)}是{self._noun}的创新项目。"
        return first

    def _innovation_closing(self) -> str:
        projects = self._tagged("innovation")
        who = (
            f"{join_and(projects)}的{self.word('lead_dept')}"
            if 0 < len(projects) <= 2
            else "各" + self.word("lead_dept")
        )
        return f"{who}要定期梳理进展，做法成效明显的及时推广，效果不理想的及时调整。"
