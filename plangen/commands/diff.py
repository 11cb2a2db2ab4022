"""diff: what changed between two plans, field by field, in Chinese lines a principal can read.

The comparison walks the two validated plans (`model_dump()`), so a field added to the model is
compared without a line of code here; only what a reader needs said differently is data below:
the Chinese name of each field (plangen.commands.schema.FIELD_TITLES, the same names an editor
shows), how the items of each list are matched, and the few summaries that read better than a
field list (a quota's target phrase, a generated title that only followed the period).

Lists of entries with ids (quotas, departments, areas) are matched by id. Lists of titled entries
(goals, tasks, steps, schedule entries and their items, safeguards, evaluation) are matched by
position AND title — an alignment of the two title sequences — so that removing one of two tasks
with the same title is one removal, and inserting a task does not make every later task “changed”.

Why not deepdiff: its paths would still need this table to become Chinese, its list matching
(by position, or by hash with ignore_order) is neither of the two rules above, and it would be a
new dependency for ~200 lines of plain recursion that state the rules directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from plangen.commands.compare import (
    SECTION_TITLES,
    Change,
    Differ,
    ListRule,
    Where,
    align,
    changes_json,
    entry_label,
    escape,
    nth,
    show,
    title_of,
)
from plangen.plan.model import Plan, Quota
from plangen.plan.period import shift_title_years, start_of
from plangen.zh import format_number

__all__ = ["NO_DIFFERENCE", "Change", "changes_json", "compare_files", "diff_plans", "plan_changes"]

NO_DIFFERENCE = "两份计划没有差异。"
# Names that differ from the editor's field titles where a change is reported.
TOP_TITLED = {"safeguards": "保障措施", "evaluation": "评价与复盘"}


def plan_changes(old: Plan, new: Plan) -> list[Change]:
    """Returns every difference between `old` and `new`, field by field, in reading order:
    period, school, title and document, guiding ideology, vision, goals, quotas, areas and their
    tasks, departments, schedule, leadership, safeguards, evaluation, closing, style_text, extra."""
    a, b = old.model_dump(), new.model_dump()
    d = Differ()
    if old.period.label != new.period.label:
        d.add("period", a["period"], b["period"], f"周期：{old.period.label} → {new.period.label}")
    if old.school.name != new.school.name:
        d.add(
            "school.name",
            old.school.name,
            new.school.name,
            f"学校：{show(old.school.name)} → {show(new.school.name)}",
        )
    d.fields(Where("学校", "school"), a["school"], b["school"], skip=frozenset({"name"}))
    if old.title != new.title and _moved_title(old, new) != new.title:
        d.add(
            "document.title", old.title, new.title, f"标题：{show(old.title)} → {show(new.title)}"
        )
    d.fields(
        Where("", "document", titles=SECTION_TITLES["document"]),
        a["document"],
        b["document"],
        skip=frozenset({"title"}),
    )
    if old.guiding_ideology != new.guiding_ideology:
        d.add(
            "guiding_ideology", old.guiding_ideology, new.guiding_ideology, "指导思想：内容有修改"
        )
    if old.vision != new.vision:
        d.add(
            "vision", old.vision, new.vision, f"总体目标：{show(old.vision)} → {show(new.vision)}"
        )
    _goals(d, a["goals"], b["goals"])
    _quotas(d, a["quotas"], b["quotas"])
    _by_id(d, "areas", "工作领域", a["areas"], b["areas"])
    _by_id(d, "departments", "部门", a["departments"], b["departments"])
    _schedule(d, a["schedule"], b["schedule"])
    d.fields(Where("领导小组", "leadership"), a["leadership"] or {}, b["leadership"] or {})
    for key, noun in TOP_TITLED.items():
        rule = ListRule(title_of, noun, frozenset({"title"}))
        d.titled(rule, Where("", ""), key, a[key], b[key])
    handled = {
        "school",
        "period",
        "document",
        "guiding_ideology",
        "vision",
        "goals",
        "quotas",
        "areas",
        "departments",
        "schedule",
        "leadership",
        *TOP_TITLED,
    }
    d.fields(
        Where("", ""),
        {k: v for k, v in a.items() if k not in handled},
        {k: v for k, v in b.items() if k not in handled},
    )
    return d.changes


def compare_files(old: Path, new: Path) -> list[Change]:
    """Returns the changes from the plan in file `old` to the plan in `new`. A file that does not
    load raises its InputError with exit code 2: as with diff(1), 1 means only “they differ”."""
    from plangen.errors import InputError
    from plangen.plan.load import load_plan

    try:
        return plan_changes(load_plan(old), load_plan(new))
    except InputError as exc:
        exc.exit_code = 2
        raise


def diff_plans(old: Plan, new: Plan) -> list[str]:
    """Returns one Chinese line per difference between `old` and `new`; [] when none differ."""
    return [change.text for change in plan_changes(old, new)]


def _moved_title(old: Plan, new: Plan) -> str:
    """Returns `old`'s title as moving the plan to `new`'s period and school would write it: a
    title that changed only that way is not news."""
    (_, start), (_, end) = start_of(old.period), start_of(new.period)
    years = end - start if start is not None and end is not None else 0
    title, label = shift_title_years(old.title, years), shift_title_years(old.period.label, years)
    return title.replace(label, new.period.label).replace(old.school.name, new.school.name)


def _goals(d: Differ, old: list[dict], new: list[dict]) -> None:
    rule = ListRule(
        title_of, "目标", frozenset({"title"}), (("text", "目标“{title}”的说明有修改"),)
    )
    d.titled(rule, Where("", ""), "goals", old, new)


def _quota_target(q: dict) -> str:
    return Quota.model_validate(q).target_text


def _quota_baseline(q: dict) -> str:
    return "无" if q.get("baseline") is None else format_number(q["baseline"]) + q.get("unit", "")


def _quotas(d: Differ, old: list[dict], new: list[dict]) -> None:
    """Adds the changes of the quotas: the id rules of `_by_id`, with targets and baselines."""

    def targets(path: str, name: str, x: dict, y: dict) -> None:
        if _quota_target(x) != _quota_target(y):
            d.add(
                f"{path}.target",
                x["target"],
                y["target"],
                f"{name}：目标 {_quota_target(x)} → {_quota_target(y)}",
            )
        if _quota_baseline(x) != _quota_baseline(y):
            d.add(
                f"{path}.baseline",
                x.get("baseline"),
                y.get("baseline"),
                f"{name}：基线 {_quota_baseline(x)} → {_quota_baseline(y)}",
            )

    _by_id(
        d,
        "quotas",
        "指标",
        old,
        new,
        added=lambda q: f"（目标 {_quota_target(q)}）",
        compare=targets,
        skip=frozenset({"id", "name", "target", "unit", "compare", "baseline"}),
    )


def _by_id(
    d: Differ,
    key: str,
    noun: str,
    old: list[dict],
    new: list[dict],
    *,
    added: Callable[[dict], str] = lambda _x: "",
    compare: Callable[[str, str, dict, dict], None] | None = None,
    skip: frozenset[str] = frozenset({"id", "name"}),
) -> None:
    """Adds the changes of a list of entries with ids (quotas, areas, departments): additions,
    removals, renames, then each kept entry's own comparisons (`compare`) and other fields (an
    area's tasks by position and title)."""
    by_a, by_b = {x["id"]: x for x in old}, {x["id"]: x for x in new}
    index_b = {x["id"]: i for i, x in enumerate(new)}
    index_a = {x["id"]: i for i, x in enumerate(old)}
    for xid, x in by_b.items():
        if xid not in by_a:
            d.add(f"{key}[{index_b[xid]}]", None, x, f"新增{noun}：{escape(x['name'])}{added(x)}")
    for xid, x in by_a.items():
        if xid not in by_b:
            d.add(f"{key}[{index_a[xid]}]", x, None, f"删除{noun}：{escape(x['name'])}")
    for xid, x in by_a.items():
        y = by_b.get(xid)
        if y is None:
            continue
        path = f"{key}[{index_b[xid]}]"
        if x["name"] != y["name"]:
            d.add(
                f"{path}.name",
                x["name"],
                y["name"],
                f"{noun}更名：{escape(x['name'])} → {escape(y['name'])}",
            )
        if compare is not None:
            compare(path, escape(y["name"]), x, y)
        label = f"{noun}“{escape(y['name'])}”" if key == "departments" else escape(y["name"])
        d.fields(Where(label, path, entry=True), x, y, skip=skip)


def _schedule(d: Differ, old: list[dict], new: list[dict]) -> None:
    """Adds the changes of the schedule: entries aligned by position and time, then their items
    by position and text."""
    rule = ListRule(entry_label, "时间段")
    labels_a, labels_b = [entry_label(e) for e in old], [entry_label(e) for e in new]
    added, removed, kept = align(old, new, labels_a, labels_b)
    where = Where("行事历", "")
    for j in added:
        d.add(f"schedule[{j}]", None, new[j], rule.added(where, labels_b[j]) + nth(labels_b, j))
    for i in removed:
        d.add(f"schedule[{i}]", old[i], None, rule.removed(where, labels_a[i]) + nth(labels_a, i))
    for i, j in kept:
        d.fields(Where(f"行事历{labels_b[j]}", f"schedule[{j}]", entry=True), old[i], new[j])
