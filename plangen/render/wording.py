"""The wording rules of every built-in style, in one place (issue #11).

Templates call these through `say` (a `Wording` of the plan being written):

- the task tag “（责任：教务处；配合：家长委员会；时间：每学期；指标：家长满意度）” — a task's owner,
  partners, timing and quotas, never a sentence per task; the time is left out when the task's text
  already says it (`when_said`);
- the step tag “（9月中旬前，教务处负责）”, the time likewise left out when the step's text says it;
- the OKR objective of an area: its `objective`, else its goal's title, else its own task titles;
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

_FREQUENCY = re.compile(r"^(每[周月年天日]|每学期|每学年|每季度|每次)")
_NUMERALS = str.maketrans({"1": "一", "2": "两", "3": "三", "4": "四", "5": "五"})


def when_said(when: str, text: str | None) -> bool:
    """Whether the time `when` is already said by `text`: literally (“每月1次” in the text),
    with the count in words (每月1次 ≈ 每月一次, 每学期2次 ≈ 每学期两次), as a frequency and its
    count with a few words between (“每月组织1次学习” says 每月1次), or as the frequency a plain
    每月 / 每学期 names (“每月检查一次” says 每月)."""
    if not when or not text:
        return False
    when, text = when.strip().rstrip("。"), str(text)
    if when in text:
        return True
    if when.translate(_NUMERALS) in text.translate(_NUMERALS):
        return True
    spoken = when.replace("次", "").translate(_NUMERALS)
    if spoken and spoken in text.translate(_NUMERALS):
        return True
    found = _FREQUENCY.match(when)
    if not found:
        return False
    count = when[found.end() :].translate(_NUMERALS)
    if not count:  # a plain 每月 is said by “每月检查一次”
        return when in text
    # 每月1次 is said by “每月组织1次集中学习” and by “每月进行一次”: the frequency, a few words, the count
    pattern = re.escape(found.group(1)) + "[^，。；：]{0,8}" + re.escape(count)
    return bool(re.search(pattern, text.translate(_NUMERALS)))


def when_left(when: str | None, text: str | None) -> str:
    """The part of `when` that `text` does not already say: “” when it says all of it; of a list
    of times (“每周、每月、学年末”) the items it does not say (“学年末”)."""
    if not when:
        return ""
    when = _clause(when)
    if when_said(when, text):
        return ""
    for sep in ("、", "，"):
        parts = [p.strip() for p in when.split(sep)]
        if len(parts) > 1:
            return sep.join(p for p in parts if not when_said(p, text))
    return when


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

    # ----- OKR -----

    def objective(self, area: Any) -> str:
        """An area's OKR objective: its `objective`, else the title of its first goal (one whose
        `area` is it, else one without an area that names its quotas), else its own task titles
        (“构建特色德育体系，深化家校共育”), else its name."""
        if area.objective:
            return _clause(area.objective)
        for goal in self._plan.goals:
            if goal.area == area.id:
                return _clause(goal.title)
        own = {q.id for q in self._plan.quotas_of_area(area.id)}
        for goal in self._plan.goals:  # a goal without an area linked through the area's quotas
            if goal.area not in self._plan.area_by_id and own.intersection(goal.quotas):
                return _clause(goal.title)
        titles = [_clause(t.title) for t in area.tasks[:3]]
        return "，".join(titles) if titles else _clause(area.name)

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
        """The built-in paragraph `key` (“okr.intro” …), built from the plan's facts; “” for none."""
        return getattr(self, "_" + key.replace(".", "_"))()

    def _narrative_intro(self) -> str:
        guiding = str(self._plan.guiding_ideology or "")
        motto = self._motto() if _clause(self._plan.school.motto or "") not in guiding else ""
        areas = self._areas()
        what = f"围绕{areas}统筹安排各项工作" if areas else f"统筹安排{self.word('work')}"
        return f"{self._plan.period.label}，{self._name()}{motto}{what}。"

    def _narrative_outcomes(self) -> str:
        if self._plan.goals or self._plan.quotas:
            return f"{self._noun}，{self._name()}要实现的目标和指标如下。"
        areas = self._areas()
        return f"{self._name()}{self._noun}的工作成效，以{areas or self.word('work')}的完成情况来检验。"

    def _narrative_evaluation(self) -> str:
        return f"{self._noun}结束时，{self._name()}对照预期目标逐项检查{self._areas() or self.word('work')}的完成情况。"

    def _narrative_closing(self) -> str:
        areas = self._areas()
        where = f"围绕{areas}" if areas else "对照本计划"
        return f"{self.word('depts')}要{where}抓好各项任务的落实，遇到新情况及时调整完善。"

    def _rules_intro(self) -> str:
        areas = self._areas()
        what = f"围绕{areas}分列行动细则" if areas else "列出行动细则"
        return f"{self._noun}，{self._name()}{what}，供{self.word('depts')}对照执行、督查考核。"

    def _rules_assessment(self) -> str:
        return f"{self._name()}对{self._areas() or self.word('work')}的细则实行过程督查和结果考核。"

    def _rules_cycle(self) -> str:
        return (
            f"{self.word('depts')}对照细则日常自查，{self._noun}结束时{self._name()}集中考核一次。"
        )

    def _rules_results(self) -> str:
        return f"{self._name()}的考核结果作为{self.word('depts')}和个人评优评先的依据。"

    def _rules_improvement(self) -> str:
        return (
            f"检查中发现的问题，由{self._lead_depts()}列出清单、限期整改，整改情况纳入下一次检查。"
        )

    def _rules_closing(self) -> str:
        return f"{self.word('depts')}要按{self._areas() or '本计划'}的细则组织实施，执行中遇到新情况及时报告、修订完善。"

    def _okr_intro(self) -> str:
        areas = self._areas()
        where = f"围绕{areas}，" if areas else ""
        first = f"{self._noun}，{self._name()}{where}用目标与关键结果推进工作。"
        compared = [str(q.name) for q in self._plan.quotas if q.baseline is not None]
        if compared:
            first += f"{self._some(compared, 2)}列出了{self._prev}的数据，便于对照。"
        return first

    def _okr_core(self) -> str:
        return f"{self._name()}{self._noun}的核心目标如下："

    def _okr_review(self) -> str:
        return ""

    def _okr_review_items(self) -> str:
        plan = self._plan
        by_owner: dict[str, list[str]] = {}
        for quota in plan.quotas:
            if quota.owner:
                by_owner.setdefault(plan.department_name(quota.owner), []).append(str(quota.name))
        lines = [
            f"- **{dept}**：跟踪{self._some(names, 3)}的完成数据。"
            for dept, names in by_owner.items()
        ]
        lines.append(f"- **{self._noun}结束时**：{self._name()}逐项对照关键结果检查达成情况。")
        return "\n".join(lines)

    def _okr_closing(self) -> str:
        return f"{self._name()}将按{self._areas() or '以上'}的关键结果检视进展、校正偏差。"

    def _collab_intro(self) -> str:
        partners = self._partners()
        areas = self._areas()
        where = f"围绕{areas}" if areas else ""
        if partners:
            return (
                f"{self._noun}，{self._name()}与{self._some(partners)}协作，{where}共同推进工作。"
            )
        return f"{self._noun}，{self._name()}{self.word('depts')}分工协作，{where}共同推进工作。"

    def _collab_chapter(self) -> str:
        return "本章安排{titles}。"

    def _collab_support(self) -> str:
        return ""

    def _collab_closing(self) -> str:
        partners = self._partners()
        who = f"与{self._some(partners)}" if partners else "相互"
        return f"{self._lead_depts()}要{who}定期沟通，及时通报{self._areas() or '各项任务'}的进展。"

    def _innovation_intro(self) -> str:
        areas = self._areas()
        where = f"围绕{areas}，" if areas else ""
        first = f"{self._noun}，{self._name()}{where}以项目方式推进工作。"
        projects = self._tagged("innovation")
        if projects:
            first += f"{self._some(projects, 3)}是创新项目，在所属章节中优先安排。"
        return first

    def _innovation_chapter(self) -> str:
        return "本章安排{titles}。"

    def _innovation_support(self) -> str:
        return ""

    def _innovation_closing(self) -> str:
        projects = self._tagged("innovation")
        what = self._some(projects, 3) if projects else (self._areas() or "各项目")
        return f"{what}的{self.word('lead_dept')}要定期梳理进展，成效明显的做法及时推广，效果不理想的及时调整。"
