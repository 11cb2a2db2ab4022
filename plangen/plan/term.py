"""term: a semester plan made from a yearly plan (`--term first|second` on a `term: year` plan).

The term's plan keeps only that term's 行事历 — months 8 to 1 for the first term, 2 to 7 for the
second; weeks by their `term`; dates by date — and speaks of 本学期 and 第一学期. Its baselines were
measured over the year before, so they are still named for it (上学年), never 上学期 or 环比.

It works on the loaded mapping, before validation, as `period.override_period` does; a calendar-year
plan has no terms, so asking for one is a usage error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from plangen.errors import UsageError
from plangen.plan.calendar import period_bounds

if TYPE_CHECKING:
    from plangen.plan.model import Plan

FIRST_TERM_MONTHS = frozenset({8, 9, 10, 11, 12, 1})
SECOND_TERM_MONTHS = frozenset({2, 3, 4, 5, 6, 7})
_MONTHS = {"first": FIRST_TERM_MONTHS, "second": SECOND_TERM_MONTHS}
# The word for a baseline measured over the year a term plan was made from.
YEAR_BASELINE = "上学年"


def apply_term(data: MutableMapping[str, Any], term: str) -> bool:
    """Changes loaded plan data, in place, into the plan for `term`. Returns True when a yearly
    plan was cut down to one term (its baselines are then the year's: see `keep_year_baselines`).
    Raises UsageError for a calendar-year plan."""
    period = data.get("period")
    if not isinstance(period, MutableMapping):
        return False
    if period.get("year") is not None:
        raise UsageError(
            f"--term {term} 不适用于年度计划：period.year 是公历年度，不分学期；"
            "请去掉 --term，或改用学年计划（academic_year）"
        )
    was_year = period.get("term") in (None, "year")
    period["term"] = term
    if not was_year or term == "year":
        return False
    for key in ("label", "start") if term == "second" else ("label",):
        period.pop(key, None)  # the year's label, and a start that is the first term's week 1
    academic_year = period.get("academic_year")
    schedule = data.get("schedule")
    if isinstance(schedule, list):
        data["schedule"] = [
            e for e in (_entry_in_term(e, term, academic_year) for e in schedule) if e is not None
        ]
    return True


def _entry_in_term(entry: Any, term: str, academic_year: Any) -> Any:
    """Returns the schedule entry as the term's plan has it, or None when it is not in the term."""
    if not isinstance(entry, MutableMapping):
        return entry
    entry = dict(entry)
    months = _MONTHS[term]
    if isinstance(entry.get("month"), int):
        return entry if entry["month"] in months else None
    if isinstance(entry.get("months"), list):
        kept = [m for m in entry["months"] if m in months]
        if not kept:
            return None
        entry["months"] = kept
        return entry
    if entry.get("week") is not None or entry.get("weeks") is not None:
        own = entry.pop("term", None) or "first"  # a yearly plan's weeks count from the first term
        return entry if own == term else None
    day = entry.get("date")
    if isinstance(day, dt.date) and isinstance(academic_year, int):
        first, last = period_bounds(academic_year, None, term)
        return entry if first <= day <= last else None
    return entry


def keep_year_baselines(plan: Plan) -> None:
    """Names the baselines of a term plan made from a yearly plan for the year they were measured
    over (上学年)."""
    plan.period.measured_over(YEAR_BASELINE)
