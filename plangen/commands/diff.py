"""diff: what changed between two plans, in Chinese lines a principal can read (`plangen diff`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from plangen.plan.model import Plan, Quota
from plangen.plan.period import shift_title_years, start_of
from plangen.zh import format_number

T = TypeVar("T")


def diff_plans(old: Plan, new: Plan) -> list[str]:
    """Returns one Chinese line per difference between `old` and `new` (period, school, title,
    vision, goals, quotas, areas and their tasks, departments, schedule); [] when none differ."""
    lines: list[str] = []
    if old.period.label != new.period.label:
        lines.append(f"周期：{old.period.label} → {new.period.label}")
    if old.school.name != new.school.name:
        lines.append(f"学校：{old.school.name} → {new.school.name}")
    if old.title != new.title and _moved_title(old, new) != new.title:
        lines.append(f"标题：{old.title} → {new.title}")
    if old.guiding_ideology != new.guiding_ideology:
        lines.append("指导思想：内容有修改")
    if old.vision != new.vision:
        lines.append(f"总体目标：{old.vision or '无'} → {new.vision or '无'}")
    lines += _goals(old, new)
    lines += _quotas(old, new)
    lines += _areas(old, new)
    lines += _departments(old, new)
    lines += _schedule(old, new)
    return lines


def _moved_title(old: Plan, new: Plan) -> str:
    """Returns `old`'s title as moving the plan to `new`'s period and school would write it: a
    title that changed only that way is not news."""
    (_, start), (_, end) = start_of(old.period), start_of(new.period)
    years = end - start if start is not None and end is not None else 0
    title, label = shift_title_years(old.title, years), shift_title_years(old.period.label, years)
    return title.replace(label, new.period.label).replace(old.school.name, new.school.name)


def _split(
    old: Iterable[T], new: Iterable[T], key: Callable[[T], object]
) -> tuple[list[T], list[T], list[tuple[T, T]]]:
    """Returns (removed, added, kept pairs) of two lists matched by `key`, in list order."""
    old_by = {key(x): x for x in old}
    new_by = {key(x): x for x in new}
    removed = [x for k, x in old_by.items() if k not in new_by]
    added = [x for k, x in new_by.items() if k not in old_by]
    kept = [(x, new_by[k]) for k, x in old_by.items() if k in new_by]
    return removed, added, kept


def _goals(old: Plan, new: Plan) -> list[str]:
    removed, added, kept = _split(old.goals, new.goals, lambda g: g.title)
    lines = [f"新增目标：{g.title}" for g in added]
    lines += [f"删除目标：{g.title}" for g in removed]
    lines += [f"目标“{a.title}”的说明有修改" for a, b in kept if a.text != b.text]
    return lines


def _baseline_text(quota: Quota) -> str:
    if quota.baseline is None:
        return "无"
    return format_number(quota.baseline) + quota.unit


def _quotas(old: Plan, new: Plan) -> list[str]:
    removed, added, kept = _split(old.quotas, new.quotas, lambda q: q.id)
    lines = [f"新增指标：{q.name}（目标 {q.target_text}）" for q in added]
    lines += [f"删除指标：{q.name}" for q in removed]
    for a, b in kept:
        if a.name != b.name:
            lines.append(f"指标更名：{a.name} → {b.name}")
        if a.target_text != b.target_text:
            lines.append(f"{b.name}：目标 {a.target_text} → {b.target_text}")
        if _baseline_text(a) != _baseline_text(b):
            lines.append(f"{b.name}：基线 {_baseline_text(a)} → {_baseline_text(b)}")
    return lines


def _areas(old: Plan, new: Plan) -> list[str]:
    removed, added, kept = _split(old.areas, new.areas, lambda a: a.id)
    lines = [f"新增工作领域：{a.name}" for a in added]
    lines += [f"删除工作领域：{a.name}" for a in removed]
    for a, b in kept:
        if a.name != b.name:
            lines.append(f"工作领域更名：{a.name} → {b.name}")
        gone, came, _ = _split(a.tasks, b.tasks, lambda t: t.title)
        lines += [f"{b.name}：新增任务“{t.title}”" for t in came]
        lines += [f"{b.name}：删除任务“{t.title}”" for t in gone]
    return lines


def _departments(old: Plan, new: Plan) -> list[str]:
    removed, added, kept = _split(old.departments, new.departments, lambda d: d.id)
    lines = [f"新增部门：{d.name}" for d in added]
    lines += [f"删除部门：{d.name}" for d in removed]
    lines += [f"部门更名：{a.name} → {b.name}" for a, b in kept if a.name != b.name]
    return lines


def _schedule(old: Plan, new: Plan) -> list[str]:
    def count(plan: Plan) -> tuple[int, int]:
        return len(plan.schedule), sum(len(e.items) for e in plan.schedule)

    (e1, i1), (e2, i2) = count(old), count(new)
    if (e1, i1) == (e2, i2):
        return []
    return [f"行事历：{e1} 个时间段、{i1} 项工作 → {e2} 个时间段、{i2} 项工作"]
