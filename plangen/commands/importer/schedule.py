"""A 行事历 table read back: time labels (九月份, 八、九月份, 第一周（9月1日—9月7日）, 第一至二周,
第3周, 2025年9月1日, free labels), numbered items, joint owners, and the school's column names."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from plangen import zh
from plangen.commands.importer import frames as f

_WEEK_DATES = re.compile(r"^(?P<label>.+?周)（(?P<m>\d{1,2})月(?P<d>\d{1,2})日—.*）$")
_WEEK_DIGITS = re.compile(r"^(?P<term>第[一二]学期)?第(?P<n>\d{1,2})周$")
_SHORT_DATE = re.compile(r"^(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_NUMBERED = re.compile(r"^\d+\.(?=\S)")
_TERMS = {"第一学期": "first", "第二学期": "second"}


def _time_labels() -> dict[str, dict[str, Any]]:
    """Returns the time entry that each label plangen writes stands for, made by plangen's own
    wording functions (so the two cannot drift apart)."""
    labels: dict[str, dict[str, Any]] = {}
    for m in range(1, 13):
        labels[zh.month_label([m])] = {"month": m}
        nxt = m % 12 + 1
        labels[zh.month_label([m, nxt])] = {"months": [m, nxt]}
    for term, key in [("", None), *_TERMS.items()]:
        extra = {"term": key} if key else {}
        for low in range(1, 31):
            labels[zh.week_label(low, None, term)] = {"weeks_single": low, **extra}
            for high in range(low + 1, min(low + 4, 31)):
                labels[zh.week_label(low, high, term)] = {"weeks": [low, high], **extra}
    return labels


def time_entry(
    label: str, period: dict[str, Any], labels: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], dt.date | None]:
    """Returns the schedule fields of a time label and the week-1 start date it shows, if any."""
    start = None
    dated = _WEEK_DATES.match(label)
    if dated:
        label = dated.group("label")
        year = period.get("academic_year") or period.get("year") or 2000
        month, day = int(dated.group("m")), int(dated.group("d"))
        start = dt.date(year + (1 if month < 8 and period.get("academic_year") else 0), month, day)
    if label in labels:
        first = labels[label].get("weeks", [labels[label].get("weeks_single", 1)])[0]
        start = start - dt.timedelta(days=7 * (first - 1)) if start else None
        entry = dict(labels[label])
        if "weeks_single" in entry:
            entry["week"] = entry.pop("weeks_single")
            entry["_v2"] = True
        return entry, start
    digits = _WEEK_DIGITS.match(label)
    if digits:
        week: dict[str, Any] = {"week": int(digits.group("n"))}
        if digits.group("term"):
            week["term"] = _TERMS[digits.group("term")]
        return week, None
    date = _SHORT_DATE.match(label)
    if date:
        year = int(date.group("y")) if date.group("y") else None
        if year is None:
            base = period.get("academic_year") or period.get("year") or 2000
            year = base + (1 if int(date.group("m")) < 8 and period.get("academic_year") else 0)
        try:
            return {"date": dt.date(year, int(date.group("m")), int(date.group("d")))}, None
        except ValueError:
            pass
    return {"label": label}, None


def read_schedule(tables: list[Any], builder: Any) -> None:
    """Sets `schedule` (and the column `headings`) of `builder`'s plan from 行事历 tables."""
    labels = _time_labels()
    data = builder.data
    period = data.get("period", {})
    entries: list[dict[str, Any]] = []
    headings = data.setdefault("headings", {})
    for table in tables:
        rows = [r for r in table.rows if any(c.strip() for c in r)]
        if not rows:
            continue
        header, body = rows[0], rows[1:]
        kind = data.get("school", {}).get("kind") or ""
        defaults = [
            f.SCHEDULE_COLUMNS["schedule_time"],
            f.SCHEDULE_COLUMNS["schedule_work"],
            f.SCHEDULE_OWNER_COLUMN.get(kind, f.SCHEDULE_OWNER_COLUMN[""]),
        ]
        for key, value, default in zip(
            ("schedule_time", "schedule_work", "schedule_owner"), header, defaults, strict=False
        ):
            if value and value != default:
                headings[key] = value
        for row in body:
            cells = [*row, "", "", ""][:3]
            time, work, owner = (c.strip() for c in cells)
            if time or not entries:
                entry, start = time_entry(time or "（未写时间）", period, labels)
                if start and "start" not in period:
                    period["start"] = start
                if entry.pop("_v2", False) and "start" not in period:
                    builder.notes.guessed("行事历周次", "“第一周”写法按 schema v2 读取")
                entries.append({**entry, "items": []})
            if not work:
                continue
            item: dict[str, Any] = {"text": work}
            if owner:
                item["owner"] = builder.owner(owner)
            entries[-1]["items"].append(item)
    for entry in entries:
        if len(entry["items"]) > 1 and all(_NUMBERED.match(i["text"]) for i in entry["items"]):
            for i in entry["items"]:
                i["text"] = _NUMBERED.sub("", i["text"], count=1)
    data["schedule"] = [e for e in entries if e["items"]]
