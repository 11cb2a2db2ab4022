"""Cross-field checks on the loaded data: unique ids, references, periods, schedule, step depth.

They run on the raw data (tolerant of wrong types, which pydantic reports) so that every problem of
a file is found in one run, each at the path of its own value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

from plangen.plan.calendar import period_bounds
from plangen.plan.fields import MAX_STEP_DEPTH, SECTION_KEYS, ime_id_message

Path = tuple[str | int, ...]
Found = tuple[Path, str]  # (path of the offending value, Chinese message)


def _items(data: dict, key: str) -> list[tuple[int, dict]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _ids(data: dict, key: str) -> dict[str, int]:
    return {
        str(item["id"]): i
        for i, item in _items(data, key)
        if "id" in item and item["id"] is not None
    }


def check(data: dict) -> list[Found]:
    """Returns every cross-field problem of a plan's data, with the path of each."""
    found: list[Found] = []
    found += _duplicate_ids(data)
    found += _period(data)
    found += list(_references(data))
    found += list(_schedule(data))
    found += list(_finite_numbers(data))
    found += list(_quota_targets(data))
    found += list(_weeks(data))
    found += list(_sections(data))
    found += list(_layout(data))
    for ai, area in _items(data, "areas"):
        for ti, task in _items(area, "tasks"):
            found += list(_step_depth(task, ("areas", ai, "tasks", ti), 0))
    return found


_LIST_NAMES = {"quotas": "指标", "departments": "部门", "areas": "领域"}


def _duplicate_ids(data: dict) -> list[Found]:
    found: list[Found] = []
    for key, noun in _LIST_NAMES.items():
        seen: dict[str, int] = {}
        for i, item in _items(data, key):
            ident = item.get("id")
            if ident is None:
                continue
            ident = str(ident)
            if ident in seen:
                found.append(
                    (
                        (key, i, "id"),
                        f"{noun} id“{ident}”重复（{key}[{seen[ident]}] 已使用）；id 在列表中必须唯一",
                    )
                )
            else:
                seen[ident] = i
    return found


def _period(data: dict) -> list[Found]:
    period = data.get("period")
    if not isinstance(period, dict):
        return []
    has_ay = period.get("academic_year") is not None
    has_year = period.get("year") is not None
    if has_ay and has_year:
        return [
            (
                ("period", "year"),
                (
                    "academic_year 与 year 只能二选一：学年计划写 academic_year"
                    "（如 2025 表示 2025—2026学年），年度计划写 year；请删除其中一个"
                ),
            )
        ]
    if not has_ay and not has_year:
        return [
            (
                ("period",),
                "缺少 academic_year 或 year：学年计划写 academic_year: 2025，年度计划写 year: 2026",
            )
        ]
    if has_year and period.get("term") not in (None, "year"):
        return [(("period", "term"), "年度计划（year）不分学期，请删除 term 或改用 academic_year")]
    return []


def _suggest(value: str, known: dict[str, int]) -> str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    if close:
        return f"，是否想写“{close[0]}”？"
    if known:
        listed = "、".join(list(known)[:8])
        return f"；可用的 id：{listed}"
    return "；请先在对应列表中定义它"


def _ref(
    value: Any,
    path: Path,
    known: dict[str, int],
    noun: str,
    listname: str,
    siblings: list | None = None,
) -> Iterator[Found]:
    if value is None or isinstance(value, (dict, list)):
        return
    if str(value) not in known:
        yield (
            path,
            (
                ime_id_message(path, value, siblings)  # a full-width comma between ids
                or f"未知的{noun} id“{value}”：{listname} 中没有它{_suggest(str(value), known)}"
            ),
        )


def _ref_list(
    values: Any, path: Path, known: dict[str, int], noun: str, listname: str
) -> Iterator[Found]:
    if isinstance(values, list):
        for i, value in enumerate(values):
            yield from _ref(value, (*path, i), known, noun, listname, values)


def _department_keys(data: dict) -> tuple[dict[str, int], dict[str, int]]:
    """Returns the departments' ids and names (a department written as a bare name is both)."""
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    value = data.get("departments")
    for i, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            ids.setdefault(str(item), i)
            names.setdefault(str(item), i)
        elif isinstance(item, dict):
            if item.get("id") is not None:
                ids.setdefault(str(item["id"]), i)
            if item.get("name") is not None:
                names.setdefault(str(item["name"]), i)
    return ids, names


def _owner_hint(value: str, ids: dict[str, int], names: dict[str, int]) -> str:
    """Returns the nearest department id or name as a question, else the list of ids."""
    import difflib

    close = difflib.get_close_matches(value, list(dict.fromkeys([*ids, *names])), n=1, cutoff=0.6)
    return f"，是否想写“{close[0]}”？" if close else _suggest(value, ids)


def _owner_refs(
    value: Any, path: Path, ids: dict[str, int], names: dict[str, int]
) -> Iterator[Found]:
    """An owner is a department's id or name, or a list of them; an unknown one gets the nearest
    id or name suggested."""
    values = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
    for i, one in values:
        if one is None or isinstance(one, dict | list) or str(one) in ids or str(one) in names:
            continue
        here = path if i is None else (*path, i)
        yield (
            here,
            (
                ime_id_message(here, one, value if i is not None else None, many=True)
                or f"未知的部门 id“{one}”：departments 中没有它{_owner_hint(str(one), ids, names)}"
            ),
        )


def _references(data: dict) -> Iterator[Found]:
    areas, quotas = _ids(data, "areas"), _ids(data, "quotas")
    dept_ids, dept_names = _department_keys(data)

    def owner(item: dict, path: Path) -> Iterator[Found]:
        yield from _owner_refs(item.get("owner"), (*path, "owner"), dept_ids, dept_names)

    for i, goal in _items(data, "goals"):
        yield from _ref(goal.get("area"), ("goals", i, "area"), areas, "领域", "areas")
        yield from _ref_list(goal.get("quotas"), ("goals", i, "quotas"), quotas, "指标", "quotas")
    for i, quota in _items(data, "quotas"):
        yield from _ref(quota.get("area"), ("quotas", i, "area"), areas, "领域", "areas")
        yield from owner(quota, ("quotas", i))
    for ai, area in _items(data, "areas"):
        yield from owner(area, ("areas", ai))
        for ti, task in _items(area, "tasks"):
            tpath: Path = ("areas", ai, "tasks", ti)
            yield from owner(task, tpath)
            yield from _ref_list(task.get("quotas"), (*tpath, "quotas"), quotas, "指标", "quotas")
            yield from _step_owners(task, tpath, dept_ids, dept_names)
    for si, entry in _items(data, "schedule"):
        for ii, item in _items(entry, "items"):
            yield from owner(item, ("schedule", si, "items", ii))


def _step_owners(
    parent: dict, path: Path, ids: dict[str, int], names: dict[str, int]
) -> Iterator[Found]:
    for i, step in _items(parent, "steps"):
        spath = (*path, "steps", i)
        yield from _owner_refs(step.get("owner"), (*spath, "owner"), ids, names)
        yield from _step_owners(step, spath, ids, names)


_WHEN_KEYS = ("month", "months", "week", "weeks", "date", "label")


def _schedule(data: dict) -> Iterator[Found]:
    for i, entry in _items(data, "schedule"):
        given = [k for k in _WHEN_KEYS if entry.get(k) is not None]
        if not given:
            yield (
                ("schedule", i),
                "缺少时间：请写 month（1–12）、months（如 [8, 9]）、week（周次）或 date（日期）之一",
            )
        elif len(given) > 1:
            yield (
                ("schedule", i, given[1]),
                f"{given[0]} 与 {given[1]} 只能写一个：一条行事历只对应一个时间",
            )
        if (
            entry.get("term") is not None
            and entry.get("week") is None
            and entry.get("weeks") is None
        ):
            yield (
                ("schedule", i, "term"),
                "term 只用于注明 week（周次）所属的学期；按月份或日期安排时请删除 term",
            )


def _finite_numbers(data: dict) -> Iterator[Found]:
    for i, quota in _items(data, "quotas"):
        for key in ("target", "baseline"):
            value = quota.get(key)
            if isinstance(value, float) and not math.isfinite(value):
                yield (
                    ("quotas", i, key),
                    "应为普通数字（如 98），不能是无穷大或非数值（.inf、.nan）",
                )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _weeks(data: dict) -> Iterator[Found]:
    """A `weeks` range runs forwards; with `period.start`, no week may end after the term."""
    period: dict = given if isinstance(given := data.get("period"), dict) else {}
    start = period.get("start")
    bounds = None
    if isinstance(start, dt.date) and (
        _int(period.get("academic_year")) or _int(period.get("year"))
    ):
        term = period.get("term") if period.get("term") in ("first", "second") else "year"
        bounds = period_bounds(_int(period.get("academic_year")), _int(period.get("year")), term)
    for i, entry in _items(data, "schedule"):
        weeks = entry.get("weeks")
        if isinstance(weeks, list) and len(weeks) == 2 and all(_int(w) for w in weeks):
            if weeks[0] > weeks[1]:
                yield (
                    ("schedule", i, "weeks"),
                    f"周次范围的起始周 {weeks[0]} 大于结束周 {weeks[1]}：请写作 [{weeks[1]}, {weeks[0]}]",
                )
                continue
            key, last = "weeks", weeks[1]
        elif _int(entry.get("week")):
            key, last = "week", entry["week"]
        else:
            continue
        if bounds is None or (
            entry.get("term") == "second" and period.get("term") in (None, "year")
        ):
            continue
        assert isinstance(start, dt.date)  # bounds are only set for a date start
        end_day = start + dt.timedelta(weeks=last, days=-1)
        if end_day > bounds[1]:
            yield (
                (("schedule", i, key)),
                f"第{last}周（至{end_day.year}年{end_day.month}月{end_day.day}日）超出计划周期"
                f"（{bounds[1].year}年{bounds[1].month}月{bounds[1].day}日结束）：请检查周次或 period.start",
            )


_SECTION_PLACES = (*SECTION_KEYS, "start", "end")
_SECTION_DATA: dict[str, str | tuple[str, ...] | None] = {
    "guiding_ideology": "guiding_ideology",
    "goals": ("goals", "quotas", "vision"),
    "tasks": "areas",
    "leadership": "leadership",
    "departments": "departments",
    "schedule": "schedule",
    "safeguards": "safeguards",
    "evaluation": "evaluation",
    "closing": None,
}


def _sections(data: dict) -> Iterator[Found]:
    """`after` names a built-in section the plan has, or start / end."""
    for i, section in _items(data, "sections"):
        after = section.get("after")
        if after is None or not isinstance(after, str):
            continue
        if after not in _SECTION_PLACES:
            import difflib

            close = difflib.get_close_matches(after, _SECTION_PLACES, n=1, cutoff=0.6)
            hint = f"，是否想写“{close[0]}”？" if close else f"；可写 {'、'.join(_SECTION_PLACES)}"
            yield ("sections", i, "after"), f"after“{after}”不是计划的任何部分{hint}"
            continue
        keys = _SECTION_DATA.get(after)
        keys = (keys,) if isinstance(keys, str) else keys
        if keys and not any(data.get(k) for k in keys):
            yield (
                ("sections", i, "after"),
                f"after: {after}，但计划中没有这一部分（{'、'.join(keys)} 未填写）：请改写为计划中有的部分，或 start、end",
            )


def _layout(data: dict) -> Iterator[Found]:
    layout = data.get("layout")
    if (
        isinstance(layout, dict)
        and layout.get("continuous") is True
        and layout.get("areas") != "top"
    ):
        yield (
            ("layout", "continuous"),
            "continuous 只用于 areas: top（每个领域是一章）：请同时写 areas: top，或删除 continuous",
        )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _quota_targets(data: dict) -> Iterator[Found]:
    """The schema v2 rules of a target: a range low ≤ high, `each` with a count, a positive change,
    and a target unless the phrase is written out in `text` (or the quota is a zero target)."""
    for i, quota in _items(data, "quotas"):
        target, compare = quota.get("target"), quota.get("compare")
        if target is None:
            if quota.get("each"):
                yield (
                    ("quotas", i, "each"),
                    "each: true 需要一个数量：请写 target（如 target: 2）和 unit（如 所），或删除 each",
                )
            elif not quota.get("text") and compare != "zero":
                yield (
                    ("quotas", i),
                    "缺少 target：请写目标值（如 target: 98），或用 text 写出整句指标（如 text: 争创1个省级德育品牌）",
                )
            continue
        if isinstance(target, list) and len(target) == 2:
            low, high = _number(target[0]), _number(target[1])
            if low is not None and high is not None and low > high:
                yield (
                    ("quotas", i, "target"),
                    f"范围的下限 {_show(low)} 大于上限 {_show(high)}：请写作 [{_show(high)}, {_show(low)}]",
                )
            continue
        value = _number(target)
        if compare in ("increase", "decrease") and value is not None and value < 0:
            word, other = ("提高", "decrease") if compare == "increase" else ("降低", "increase")
            yield (
                ("quotas", i, "target"),
                f"compare: {compare} 的 target 是{word}的幅度，应为正数，实际为 {_show(value)}；"
                f"方向相反请写 compare: {other}",
            )


def _step_depth(parent: dict, path: Path, depth: int) -> Iterator[Found]:
    for i, step in _items(parent, "steps"):
        spath = (*path, "steps", i)
        if depth + 1 > MAX_STEP_DEPTH:
            yield spath, f"步骤嵌套超过 {MAX_STEP_DEPTH} 级；请把这一级并入上一级，或拆成单独的任务"
            continue
        yield from _step_depth(step, spath, depth + 1)
