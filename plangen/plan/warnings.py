"""Warnings: a valid plan that is probably not what the office means to print.

Each is something a clerk overlooks in the yearly cycle — a placeholder left from a preset, a
target that equals its baseline after `roll --targets-to-baselines`, a 文号 or title still naming
last year, a date outside the plan's period. They are shown as “警告：” and do not stop the
render; `--strict` makes them errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from plangen import zh
from plangen.errors import Problem
from plangen.plan.model import Plan, located_problem
from plangen.plan.period import doc_number_years, title_years
from plangen.source.problems import format_path

PLACEHOLDERS = ("某某", "××", "XXX", "xxx")


Path = tuple[str | int, ...]


def plan_warnings(plan: Plan, file: str) -> list[Problem]:
    """Returns the warnings about `plan` (read from `file`), in the order of its fields, each
    placed at the line that holds the value when the plan was loaded from a file."""
    found = [
        *_placeholders(plan, ()),
        *_unchanged_targets(plan),
        *_stale_years(plan),
        *_dates_outside(plan),
    ]
    return [
        located_problem(plan, path, message) or Problem(file, 0, 0, format_path(path), message)
        for path, message in found
    ]


def _placeholders(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        if any(p in value for p in PLACEHOLDERS):
            yield path, f"仍是预设里的占位文字“{_short(value)}”，请改为实际内容"
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name in ("extends", "extra", "style_text"):
                continue
            yield from _placeholders(getattr(value, name), (*path, name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _placeholders(item, (*path, index))


def _short(text: str, limit: int = 30) -> str:
    text = text.strip().replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "……"


def _unchanged_targets(plan: Plan) -> Iterator[tuple[Path, str]]:
    for index, quota in enumerate(plan.quotas):
        if (
            quota.baseline is not None
            and quota.compare != "zero"
            and quota.target == quota.baseline
        ):
            figure = zh.format_number(quota.target) + quota.unit
            yield (
                ("quotas", index, "target"),
                f"“{quota.name}”的目标与上一周期的基数相同（{figure}），文中会写“持平”；"
                "如要提出新目标，请修改 target",
            )


def _years(plan: Plan) -> tuple[set[int], str]:
    """Returns the years a 文号 of this plan may carry, and how the period is written."""
    period = plan.period
    if period.year is not None:
        return {period.year - 1, period.year}, f"{period.year}年"
    start = period.academic_year or 0
    return {start, start + 1}, period.label


def _stale_years(plan: Plan) -> Iterator[tuple[Path, str]]:
    allowed, label = _years(plan)
    if plan.document.date:
        allowed = {plan.document.date.year}
    number = plan.document.doc_number or ""
    for found in doc_number_years(number):
        if found not in allowed:
            yield (
                ("document", "doc_number"),
                f"文号“{number}”中的年份 {found} 与计划周期（{label}）或成文日期不符，"
                "请改为今年的文号",
            )
    title = plan.document.title or ""
    period = plan.period
    for first, second in title_years(title):
        if period.academic_year is not None:
            if second is not None and first != period.academic_year:
                yield (
                    ("document", "title"),
                    f"标题“{_short(title)}”写的是 {first}—{second}学年，而计划周期是{label}",
                )
        elif period.year is not None:
            stale = [y for y in (first, second) if y is not None and y != period.year]
            if stale:
                yield (
                    ("document", "title"),
                    f"标题“{_short(title)}”写的是 {stale[0]}年，而计划周期是{label}",
                )


def tolerated_dates(plan: Plan) -> tuple[dt.date, dt.date]:
    """Returns the first and last day a date of the plan may fall on without a warning: the
    period's own bounds, with a month's grace where school terms overlap in practice (a first
    term's exams run into February, a second term starts preparing in January, a 学年 closes in
    August)."""
    period = plan.period
    first, last = period.bounds
    if period.year is not None:
        return first, last
    if period.term == "second":
        first = _months_before(first, 1)
    # The last day of the month after `last`: 31 January → 28 or 29 February, 31 July → 31 August.
    following = _months_before(last, -2) - dt.timedelta(days=1)
    return first, following


def _dates_outside(plan: Plan) -> Iterator[tuple[Path, str]]:
    first, last = tolerated_dates(plan)
    date = plan.document.date
    # A plan is dated before its period starts at the earliest by a few months (issued in the
    # summer or in December), never after it ends.
    if date is not None and not (_months_before(first, 5) <= date <= last):
        yield (
            ("document", "date"),
            f"成文日期 {zh.format_date(date)} 不在计划周期（{_years(plan)[1]}）前后，请检查年份",
        )
    for index, entry in enumerate(plan.schedule):
        if entry.date is not None and not first <= entry.date <= last:
            yield (
                ("schedule", index, "date"),
                f"日期 {zh.format_date(entry.date)} 不在计划周期（{_years(plan)[1]}）之内，请检查年份",
            )


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 - months, 12)
    return dt.date(day.year + year, month + 1, 1)
