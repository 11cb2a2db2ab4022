"""Chinese numbering, periods, dates and quota phrases: the wording the plan model and the
templates share (a leaf module: it imports nothing of plangen but zh_quota).

Every function here is pure and dependency-free; templates reach them through
:data:`FILTERS` and :data:`GLOBALS`. Wording follows design.md §3 and gongwen.md §5:
学年 ranges use the 一字线 (U+2014), dates are not zero-padded, numbers never show
``98.0`` or ``1e-05``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from plangen.zh_quota import (
    format_number,
    quota_change,
    quota_phrase,
    quota_target,
    quota_words,
)

__all__ = [
    "FILTERS",
    "GLOBALS",
    "academic_year_label",
    "cn_number",
    "day_span",
    "decimal_marker",
    "format_date",
    "format_number",
    "heading_marker",
    "month_label",
    "period_label",
    "period_slug",
    "previous_period_word",
    "quota_change",
    "quota_phrase",
    "quota_target",
    "quota_words",
    "term_label",
    "week_label",
]

EM_DASH = "\u2014"

# --- Chinese numerals -------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"
_SMALL_UNITS = ("", "十", "百", "千")  # within one four-digit group
_BIG_UNITS = ("", "万", "亿", "万亿")  # one per four-digit group
_CN_LIMIT = 10 ** (4 * len(_BIG_UNITS))


def _check_int(n: object, what: str) -> int:
    """Return ``n`` if it is a real ``int`` (not ``bool``); raise ``TypeError`` otherwise."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what}必须是整数，而不是 {n!r}")
    return n


def _cn_group(group: int) -> str:
    """Return the reading of ``1 <= group <= 9999`` with inner zeros collapsed to one 零."""
    out: list[str] = []
    pending_zero = False
    for pos in range(3, -1, -1):
        digit = group // 10**pos % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + _SMALL_UNITS[pos])
    return "".join(out)


def cn_number(n: int) -> str:
    """Return the Chinese numeral for ``n`` (0 → 零, 10 → 十, 101 → 一百零一, 10001 → 一万零一).

    Raises ``ValueError`` for negative numbers or numbers of 10^16 and above.
    """
    _check_int(n, "数字")
    if n < 0:
        raise ValueError(f"不能把负数 {n} 写成中文数字")
    if n >= _CN_LIMIT:
        raise ValueError(f"数字 {n} 太大，无法写成中文数字")
    if n == 0:
        return _DIGITS[0]
    parts: list[str] = []
    need_zero = False  # a gap (zeros) sits between the previous group and this one
    for idx in range(len(_BIG_UNITS) - 1, -1, -1):
        group = n // 10 ** (4 * idx) % 10**4
        if group == 0:
            need_zero = need_zero or bool(parts)
            continue
        if parts and (need_zero or group < 1000):
            parts.append("零")
        parts.append(_cn_group(group) + _BIG_UNITS[idx])
        need_zero = False
    text = "".join(parts)
    # A leading 一十 is read 十 (十, 十一, 十万), but 一百一十 keeps its 一.
    return text[1:] if text.startswith("一十") else text


# --- Heading and list markers ------------------------------------------------------

_CIRCLED_RANGES = ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))


def _circled(n: int) -> str:
    """Return ①..㊿ for 1..50 and the full-width ``（n）`` beyond."""
    for low, high, first in _CIRCLED_RANGES:
        if low <= n <= high:
            return chr(first + n - low)
    return f"（{n}）"


_HEADING_MARKERS: dict[int, Callable[[int], str]] = {
    1: lambda n: f"{cn_number(n)}、",
    2: lambda n: f"（{cn_number(n)}）",
    3: lambda n: f"{n}.",
    4: lambda n: f"（{n}）",
    5: _circled,
}


def heading_marker(level: int, n: int) -> str:
    """Return the 公文 sequence marker for item ``n`` (1-based) at ``level`` 1–5.

    Level 1 → 一、, 2 → （一）, 3 → 1., 4 → （1）, 5 → ① (``（n）`` beyond 50).
    """
    _check_int(level, "标题层级")
    _check_int(n, "序号")
    if level not in _HEADING_MARKERS:
        raise ValueError(f"标题层级必须在 1 到 {len(_HEADING_MARKERS)} 之间，而不是 {level}")
    if n < 1:
        raise ValueError(f"序号从 1 开始，而不是 {n}")
    return _HEADING_MARKERS[level](n)


def decimal_marker(path: Sequence[int]) -> str:
    """Return the decimal marker for a position path: ``(1, 2, 2, 1)`` → ``1.2.2.1.``."""
    if not path:
        raise ValueError("编号路径不能为空")
    for part in path:
        _check_int(part, "序号")
        if part < 1:
            raise ValueError(f"序号从 1 开始，而不是 {part}")
    return "".join(f"{part}." for part in path)


# --- Periods -----------------------------------------------------------------------

_TERM_LABELS = {"first": "第一学期", "second": "第二学期", "year": ""}
# period.term_names: how the plan names its two terms (first_second is the default).
TERM_NAMES = {
    "first_second": _TERM_LABELS,
    "upper_lower": {"first": "上学期", "second": "下学期", "year": ""},
    "seasons": {"first": "秋季学期", "second": "春季学期", "year": ""},
}
_PREVIOUS_TERM_WORDS = {"first": "上学期", "second": "上学期", "year": "上学年"}
# A 上学期 plan cannot compare with “上学期”: it says 上一学期.
_PREVIOUS_TERM_WORDS_BY_NAMES = {
    "upper_lower": {"first": "上一学期", "second": "上学期", "year": "上学年"}
}
_PREVIOUS_YEAR_WORD = "上年度"


def academic_year_label(start: int) -> str:
    """Return the 学年 name starting in ``start``: 2025 → ``2025—2026学年`` (U+2014)."""
    _check_int(start, "学年起始年份")
    return f"{start}{EM_DASH}{start + 1}学年"


def term_label(term: str, names: str = "first_second") -> str:
    """Return 第一学期 / 第二学期 for ``first`` / ``second``, and ``""`` for a whole ``year``;
    ``names`` upper_lower gives 上学期 / 下学期, seasons 秋季学期 / 春季学期."""
    try:
        return TERM_NAMES[names][term]
    except (KeyError, TypeError):
        raise ValueError(f"未知的学期 {term!r}（可选 {'、'.join(_TERM_LABELS)}）") from None


def _period_kind(academic_year: int | None, year: int | None) -> str:
    """Return ``"academic"`` or ``"calendar"``; exactly one of the two years must be given."""
    if (academic_year is None) == (year is None):
        raise ValueError("学年（academic_year）与年度（year）必须且只能填写一个")
    return "academic" if academic_year is not None else "calendar"


def period_label(
    *, academic_year: int | None, year: int | None, term: str = "year", names: str = "first_second"
) -> str:
    """Return the period for running text: ``2025—2026学年第二学期``, ``2025—2026学年``, ``2026年``.

    ``term`` only applies to academic years; calendar-year plans have no terms.
    """
    if _period_kind(academic_year, year) == "calendar":
        return f"{_check_int(year, '年度')}年"
    return academic_year_label(academic_year) + term_label(term, names)  # type: ignore[arg-type]


def period_slug(
    *, academic_year: int | None, year: int | None, term: str = "year", names: str = "first_second"
) -> str:
    """Return the period for file names: ``2025—2026学年``, ``2025—2026学年第二学期``, ``2026年度``."""
    if _period_kind(academic_year, year) == "calendar":
        return f"{_check_int(year, '年度')}年度"
    return academic_year_label(academic_year) + term_label(term, names)  # type: ignore[arg-type]


def previous_period_word(
    *, academic_year: int | None, year: int | None, term: str = "year", names: str = "first_second"
) -> str:
    """Return the word for the baseline period: 上学期 (a term), 上学年, or 上年度 (calendar year)."""
    if _period_kind(academic_year, year) == "calendar":
        return _PREVIOUS_YEAR_WORD
    term_label(term)  # validates the term
    return _PREVIOUS_TERM_WORDS_BY_NAMES.get(names, _PREVIOUS_TERM_WORDS)[term]


# --- Dates and months --------------------------------------------------------------


def format_date(d: datetime.date, *, with_year: bool = True) -> str:
    """Return the 成文日期 form without zero padding: 2025-09-10 → ``2025年9月10日``
    (``9月10日`` without the year, for a date inside the plan's own period)."""
    return f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"


def day_span(first: datetime.date, last: datetime.date) -> str:
    """Return the days of a week or weeks: ``3月1日—3月7日`` (the year is the plan's own)."""
    return f"{format_date(first, with_year=False)}{EM_DASH}{format_date(last, with_year=False)}"


def week_label(first: int, last: int | None = None, term: str = "") -> str:
    """Return 第一周, 第一至二周 (a range), with a term before it: 第二学期第三周."""
    if last is not None and last != first:
        return f"{term}第{cn_number(first)}至{cn_number(last)}周"
    return f"{term}第{cn_number(first)}周"


def month_label(months: Sequence[int]) -> str:
    """Return months in the given order as ``九月份`` or ``十二、一月份``."""
    if not months:
        raise ValueError("月份列表不能为空")
    for month in months:
        _check_int(month, "月份")
        if not 1 <= month <= 12:
            raise ValueError(f"月份必须在 1 到 12 之间，而不是 {month}")
    return "、".join(cn_number(month) for month in months) + "月份"


FILTERS: dict[str, Callable[..., Any]] = {
    "cn_number": cn_number,
    "decimal_marker": decimal_marker,
    "format_date": format_date,
}
"""Jinja filters, by name."""

GLOBALS: dict[str, Callable[..., Any]] = {
    "heading_marker": heading_marker,
    "quota_phrase": quota_phrase,
}
"""Jinja globals, by name."""
