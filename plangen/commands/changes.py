"""changes: what `roll` changed, one Chinese line per value, for the clerk to check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plangen.zh import format_date, format_number

if TYPE_CHECKING:
    from plangen.plan.model import Period, Plan, Quota


def _period(period: Period) -> str:
    if period.year is not None:
        return str(period.year)
    start = period.academic_year or 0
    return f"{start}—{start + 1}"


def _baseline(quota: Quota) -> str:
    return "无" if quota.baseline is None else format_number(quota.baseline) + quota.unit


def roll_changes(old: Plan, new: Plan) -> list[str]:
    """Returns one line per value that differs between a plan and its rolled file: the period
    (学年：2025—2026 → 2026—2027), the document's date, 文号 and title, each schedule date and
    each quota's baseline; duplicates (an entry repeated through an alias) once."""
    lines = []
    if _period(old.period) != _period(new.period):
        word = "年度" if new.period.year is not None else "学年"
        lines.append(f"{word}：{_period(old.period)} → {_period(new.period)}")
    a, b = old.document, new.document
    if a.date != b.date and a.date is not None and b.date is not None:
        lines.append(f"成文日期：{format_date(a.date)} → {format_date(b.date)}")
    if a.doc_number != b.doc_number:
        lines.append(f"文号：{a.doc_number or '无'} → {b.doc_number or '无'}")
    if a.title != b.title:
        lines.append(f"标题：{a.title or '无'} → {b.title or '无'}")
    for x, y in zip(old.schedule, new.schedule, strict=False):
        if x.date != y.date and x.date is not None and y.date is not None:
            lines.append(f"行事历日期：{format_date(x.date)} → {format_date(y.date)}")
    new_quotas = new.quota_by_id
    for quota in old.quotas:
        moved = new_quotas.get(quota.id)
        if moved is not None and _baseline(quota) != _baseline(moved):
            lines.append(f"{quota.name}：基线 {_baseline(quota)} → {_baseline(moved)}")
    return list(dict.fromkeys(lines))
