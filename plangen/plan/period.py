"""period: moving a plan to another year — the one set of rules behind `--year` and `plangen roll`.

A plan moves by whole years. Its period's start year (`period.academic_year`, or `period.year` in a
calendar-year plan) is set, and every value that names a day or a year of the old period moves by
the same number of years:

- `document.date` and each `schedule[].date` (a YAML date or a quoted "2025-09-10"); 29 February
  becomes 28 February in a common year;
- the years written in `document.title` (2025—2026学年, 2025-2026 学年, 2026年, 2025学年);
- the year in the brackets of `document.doc_number` (星小发〔2025〕12号, [2025], （2025）).

A start year outside YEAR_MIN..YEAR_MAX is refused (UsageError), and so is a date that would leave
the calendar (9999-12-31 moved on a year): InputError, naming the field.

The rules work on plain mappings, changed in place, so that the same code moves the data
`load_plan` validates (`--year`) and the ruamel round-trip document `roll` writes back (where a value
replaced in place keeps its comment, and a string keeps its quotes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, Literal

from plangen.errors import InputError, UsageError
from plangen.plan.fields import YEAR_MAX, YEAR_MIN

if TYPE_CHECKING:
    from plangen.plan.model import Period


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# 2025—2026学年, 2025-2026 学年, 2025至2026学年 (both years move) or 2026年 / 2026年度 / 2025学年.
_TITLE_YEARS = re.compile(
    r"(?<!\d)(?P<a>\d{4})(?P<sep>\s*[—–\-－~～至到]\s*)(?P<b>\d{4})(?P<tail>\s*学?年)"
    r"|(?<!\d)(?P<y>\d{4})(?P<ytail>\s*(?:学年|年))"
)


# A year in the brackets of a 文号: 〔2025〕, [2025], ［2025］, （2025）, (2025), 【2025】.
_DOC_NUMBER_YEAR = re.compile(r"(?<=[〔\[［（(【])\s*(\d{4})\s*(?=[〕\]］）)】])")


def check_year(year: int) -> None:
    """Raises UsageError unless `year` is a plausible start year of a plan."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        shown = str(year) if len(str(year)) <= 12 else f"{str(year)[:8]}…（{len(str(year))} 位数）"
        raise UsageError(
            f"年份 {shown} 超出范围：应在 {YEAR_MIN} 到 {YEAR_MAX} 之间（学年写起始年，如 2026）"
        )


def shift_date(day: dt.date, years: int) -> dt.date:
    """Returns `day` moved by whole years (29 February becomes 28 February in a common year).
    Raises InputError when the year would leave 1..9999."""
    if not dt.MINYEAR <= day.year + years <= dt.MAXYEAR:
        raise InputError(
            f"日期 {day.isoformat()} 无法移动 {years} 年：结果超出公元 1 到 9999 年的范围；请改正这个日期"
        )
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def doc_number_years(doc_number: str) -> list[int]:
    """Returns the years in the brackets of a 文号, the ones `shift_doc_number` moves."""
    return [int(found.group(1)) for found in _DOC_NUMBER_YEAR.finditer(doc_number)]


def shift_doc_number(doc_number: str, years: int) -> str:
    """Returns a 文号 with the four-digit year in its brackets moved by `years`:
    星小发〔2025〕12号 → 星小发〔2026〕12号; the serial number and any other digits stay."""

    def move(found: re.Match[str]) -> str:
        old = found.group(1)
        return found.group(0).replace(old, str(int(old) + years))

    return _DOC_NUMBER_YEAR.sub(move, doc_number)


def shift_date_value(value: Any, years: int, field: str = "") -> Any:
    """Returns a date value of a plan moved by `years`: a date (or datetime), or a "2025-09-10"
    string (as the same string type); any other value, or an impossible date, as it is.
    A date that would leave the calendar raises InputError (naming `field` when given)."""
    try:
        return _shift_date_value(value, years)
    except InputError as exc:
        raise InputError(f"{field}: {exc}" if field else str(exc)) from None


def _shift_date_value(value: Any, years: int) -> Any:
    if isinstance(value, dt.date):
        return shift_date(value, years)
    if isinstance(value, str):
        found = _ISO_DATE.match(value)
        if found:
            try:
                day = dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:
                return value
            return same_kind(value, shift_date(day, years).isoformat())
    return value


def title_years(title: str) -> list[tuple[int, int | None]]:
    """Returns the years a title writes, as `shift_title_years` sees them: (2025, 2026) for
    2025—2026学年, (2026, None) for 2026年 or 2026学年."""
    found: list[tuple[int, int | None]] = []
    for match in _TITLE_YEARS.finditer(title):
        if match.group("a"):
            found.append((int(match.group("a")), int(match.group("b"))))
        else:
            found.append((int(match.group("y")), None))
    return found


def shift_title_years(title: str, years: int) -> str:
    """Returns `title` with its 学年/年 years moved by `years`:
    2025—2026学年 → 2026—2027学年, 2026年 → 2027年; other numbers (2022版) stay."""

    def move(found: re.Match[str]) -> str:
        if found.group("a"):
            return (
                f"{int(found.group('a')) + years}{found.group('sep')}"
                f"{int(found.group('b')) + years}{found.group('tail')}"
            )
        return f"{int(found.group('y')) + years}{found.group('ytail')}"

    return _TITLE_YEARS.sub(move, title)


def same_kind(old: Any, new: str) -> Any:
    """Returns `new` as the same string type as `old`, so that a ruamel quoted string keeps its
    quotes when it is written back."""
    return type(old)(new) if isinstance(old, str) and type(old) is not str else new


def start_of(period: Period) -> tuple[Literal["academic_year", "year"], int | None]:
    """Returns which field of a validated period holds its start year (year in a calendar-year
    plan, else academic_year) and that year (None only when neither is set)."""
    if period.year is not None:
        return "year", period.year
    return "academic_year", period.academic_year


def start_key(period: MutableMapping[str, Any]) -> str:
    """Returns the key of a period mapping that holds its start year: `year` when it is set (a
    calendar-year plan), else `academic_year`."""
    return "year" if period.get("year") is not None else "academic_year"


def _as_year(value: Any) -> int | None:
    """Returns a start year written as a number or as digits; None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def move_plan(data: MutableMapping[str, Any], year: int) -> int:
    """Moves the plan mapping `data`, in place, to the period starting in `year`: the start year
    is set and the dates and title years move with it. Returns the number of years moved (0 when
    the old start year is missing or not a number: then only the period is set)."""
    period = data.get("period")
    if not isinstance(period, MutableMapping):
        return 0
    check_year(year)
    key = start_key(period)
    old = _as_year(period.get(key))
    period[key] = year
    years = year - old if old is not None else 0
    if years:
        _move_document(data.get("document"), years)
        _move_schedule(data.get("schedule"), years)
    return years


def _move_document(document: Any, years: int) -> None:
    if not isinstance(document, MutableMapping):
        return
    if "date" in document:
        document["date"] = shift_date_value(document["date"], years, "document.date")
    for key, shift in (("title", shift_title_years), ("doc_number", shift_doc_number)):
        value = document.get(key)
        if isinstance(value, str):
            document[key] = same_kind(value, shift(value, years))


def _move_schedule(schedule: Any, years: int) -> None:
    if not isinstance(schedule, list):
        return
    moved: set[int] = set()  # an entry written once and repeated through a YAML alias moves once
    for index, entry in enumerate(schedule):
        if isinstance(entry, MutableMapping) and "date" in entry and id(entry) not in moved:
            moved.add(id(entry))
            entry["date"] = shift_date_value(entry["date"], years, f"schedule[{index}].date")


def override_period(data: Any, *, year: int | None, term: str | None) -> Any:
    """Returns loaded plan data changed, in place, into the plan for the period starting in
    `year` (moved by `move_plan`) and/or for `term` (ignored in a calendar-year plan): what
    `load_plan(path, year=..., term=...)` applies before validation."""
    period = data.get("period") if isinstance(data, MutableMapping) else None
    if not isinstance(period, MutableMapping):
        return data
    if year is not None:
        move_plan(data, year)
    if term is not None and period.get("year") is None:
        period["term"] = term
    return data
