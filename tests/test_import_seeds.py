"""plangen import of real published plans (seeds 000–002, tests/data/import/): the counts below
were checked by reading each seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import kept, reimport

from plangen import render_markdown
from plangen.commands.importer.emit import LEFT_MARK

DATA = Path(__file__).resolve().parent / "data" / "import"


def _seed(number: str) -> Path:
    return next(DATA.glob(f"{number}_*.txt"))


@pytest.mark.parametrize(
    ("number", "areas", "tasks", "goals", "quotas"),
    [
        # 000: 工作目标 has 7 goals (1. 党建工作 … 7. 防疫卫生工作); 工作安排 has 7 departments'
        # arrangements (（一）…（七）) with 5+5+4+2+6+4+3 numbered items; no numeric target.
        ("000", 7, 29, 7, 0),
        # 001: 8 goals (党建引领强化 … 社团精品化), 6 areas （一）…（六） with 2+4+3+2+3+5 run-in
        # tasks; 16 targets in the goals and 5 in the tasks (党员1-3名, 达标率100%, 参与率达95%以上,
        # 满意度超95%以上, 应急演练4次以上).
        ("001", 6, 19, 8, 21),
        # 002: two chapters (一、党的建设 with 1.–6., 二、管理水平 with （一）（二）（二）); no
        # numeric target (its one aim, 再创佳绩, states no figure).
        ("002", 2, 9, 0, 0),
    ],
)
def test_seed_imports_into_a_plan_with_its_areas_and_quotas(
    number: str, areas: int, tasks: int, goals: int, quotas: int, tmp_path: Path
) -> None:
    source = _seed(number)
    plan, _, _ = reimport(source, tmp_path)
    assert len(plan.areas) == areas
    assert sum(len(a.tasks) for a in plan.areas) == tasks
    assert len(plan.goals) == goals
    assert len(plan.quotas) == quotas
    assert kept(source.read_text(encoding="utf-8"), render_markdown(plan)) >= 0.95


def test_seed_001_reads_title_targets_and_web_lines(tmp_path: Path) -> None:
    plan, text, _ = reimport(_seed("001"), tmp_path)
    assert plan.school.name == "高青县青城学区中心小学"
    assert (plan.period.academic_year, plan.period.term) == (2025, "year")
    assert plan.title == "高青县青城学区中心小学2025—2026学年工作计划"
    assert plan.document.issuer == "高青县教育和体育局"
    assert str(plan.document.date) == "2025-09-10"
    assert plan.headings.tasks is None and plan.headings.goals is None
    by_name = {q.name: q for q in plan.quotas}
    rule = by_name["学生行为规范达标率"]
    assert (rule.target, rule.unit, rule.compare, rule.text) == (
        98,
        "%",
        "at_least",
        "学生行为规范达标率98%以上",
    )
    assert (by_name["维修响应时间"].compare, by_name["维修响应时间"].target) == ("at_most", 2)
    assert (by_name["水电消耗"].compare, by_name["水电消耗"].target) == ("decrease", 5)
    clubs = by_name["特色社团"]
    assert (clubs.verb, clubs.target, clubs.unit, clubs.text) == ("打造", 12, "个", None)
    moral = plan.goals[1]
    assert moral.title == "德育实效提升" and moral.text == "构建“课程化、体系化、全员化”德育模式。"
    assert by_name["学生行为规范达标率"].id in moral.quotas
    # The web page's lines are not the plan's, but they are kept, as comments
    assert (
        f"# {LEFT_MARK}（网页或页眉中的文字）：索引号: 11370322004432986Y/2025-5537800 文号:"
        in text
    )


def test_seed_002_reads_chapters_and_yishi_items(tmp_path: Path) -> None:
    plan, _, _ = reimport(_seed("002"), tmp_path)
    assert plan.layout.areas == "top"
    assert [a.name for a in plan.areas] == ["全面加强党的建设", "不断提升管理水平"]
    first = plan.areas[0].tasks[0]
    assert first.title == "加强党委领导班子建设,健全议事决策制度"  # as written (render makes it ，)
    assert [s.title for s in first.steps] == ["健全决策机制", "健全督导机制"]
    assert plan.areas[0].summary.startswith("强化政治引领。")
    assert plan.title == "济南市长清区第二初级中学 2023-2024年工作计划"  # kept as written


def test_handwritten_plan_leadership_schedule_and_owners(tmp_path: Path) -> None:
    plan, _text, _ = reimport(DATA / "handwritten.md", tmp_path)
    assert (plan.period.term, plan.period.term_names) == ("first", "upper_lower")
    assert plan.document.recipients == "各处室、各年级组"
    group = plan.leadership
    assert group is not None and group.leader == "陈立（校长）"
    assert group.deputies == ["吴芳（副校长）", "郑涛（副校长）"]
    assert group.members == ["各处室主任", "各年级组长"]
    assert group.office == "领导小组办公室设在校长办公室"
    assert [(e.month, e.items[0].owner) for e in plan.schedule] == [
        (9, ["德育处", "少先队"]),
        (10, "体育组"),
        (11, "教导处"),
    ]
    assert {d.name for d in plan.departments} == {"德育处", "少先队", "体育组", "教导处"}
    assert plan.headings.schedule == "行事历" and plan.headings.schedule_time == "月份"
    study = plan.areas[0].tasks[1]
    assert [s.title for s in study.steps] == ["围绕单元整体设计研讨", "开展同课异构"]
    assert plan.sections[0].title == "其他事项" and plan.sections[0].after == "schedule"
    zero = next(q for q in plan.quotas if q.compare == "zero")
    assert zero.name == "校园安全责任事故" and zero.id in plan.areas[1].tasks[0].quotas
