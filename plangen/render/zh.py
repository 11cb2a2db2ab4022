"""Chinese numbering, periods, dates and quota phrases for templates.

Every function here is pure and dependency-free; templates reach them through
:data:`FILTERS` and :data:`GLOBALS`. Wording follows design.md §3 and gongwen.md §5:
学年 ranges use the 一字线 (U+2014), dates are not zero-padded, numbers never show
``98.0`` or ``1e-05``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

__all__ = [
    "FILTERS",
    "GLOBALS",
    "academic_year_label",
    "cn_number",
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
    "term_label",
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
_PREVIOUS_TERM_WORDS = {"first": "上学期", "second": "上学期", "year": "上学年"}
_PREVIOUS_YEAR_WORD = "上年度"


def academic_year_label(start: int) -> str:
    """Return the 学年 name starting in ``start``: 2025 → ``2025—2026学年`` (U+2014)."""
    _check_int(start, "学年起始年份")
    return f"{start}{EM_DASH}{start + 1}学年"


def term_label(term: str) -> str:
    """Return 第一学期 / 第二学期 for ``first`` / ``second``, and ``""`` for a whole ``year``."""
    try:
        return _TERM_LABELS[term]
    except (KeyError, TypeError):
        raise ValueError(f"未知的学期 {term!r}（可选 {'、'.join(_TERM_LABELS)}）") from None


def _period_kind(academic_year: int | None, year: int | None) -> str:
    """Return ``"academic"`` or ``"calendar"``; exactly one of the two years must be given."""
    if (academic_year is None) == (year is None):
        raise ValueError("学年（academic_year）与年度（year）必须且只能填写一个")
    return "academic" if academic_year is not None else "calendar"


def period_label(*, academic_year: int | None, year: int | None, term: str = "year") -> str:
    """Return the period for running text: ``2025—2026学年第二学期``, ``2025—2026学年``, ``2026年``.

    ``term`` only applies to academic years; calendar-year plans have no terms.
    """
    if _period_kind(academic_year, year) == "calendar":
        return f"{_check_int(year, '年度')}年"
    return academic_year_label(academic_year) + term_label(term)  # type: ignore[arg-type]


def period_slug(*, academic_year: int | None, year: int | None, term: str = "year") -> str:
    """Return the period for file names: ``2025—2026学年``, ``2025—2026学年第二学期``, ``2026年度``."""
    if _period_kind(academic_year, year) == "calendar":
        return f"{_check_int(year, '年度')}年度"
    return academic_year_label(academic_year) + term_label(term)  # type: ignore[arg-type]


def previous_period_word(*, academic_year: int | None, year: int | None, term: str = "year") -> str:
    """Return the word for the baseline period: 上学期 (a term), 上学年, or 上年度 (calendar year)."""
    if _period_kind(academic_year, year) == "calendar":
        return _PREVIOUS_YEAR_WORD
    term_label(term)  # validates the term
    return _PREVIOUS_TERM_WORDS[term]


# --- Dates and months --------------------------------------------------------------


def format_date(d: datetime.date) -> str:
    """Return the 成文日期 form without zero padding: 2025-09-10 → ``2025年9月10日``."""
    return f"{d.year}年{d.month}月{d.day}日"


def month_label(months: Sequence[int]) -> str:
    """Return months in the given order as ``九月份`` or ``十二、一月份``."""
    if not months:
        raise ValueError("月份列表不能为空")
    for month in months:
        _check_int(month, "月份")
        if not 1 <= month <= 12:
            raise ValueError(f"月份必须在 1 到 12 之间，而不是 {month}")
    return "、".join(cn_number(month) for month in months) + "月份"


# --- Numbers -----------------------------------------------------------------------


def _to_decimal(x: float | Decimal) -> Decimal:
    """Return ``x`` as the Decimal of its shortest repr (0.1 → 0.1, not 0.1000000000000000055…)."""
    if isinstance(x, bool) or not isinstance(x, (int, float, Decimal)):
        raise TypeError(f"数值必须是数字，而不是 {x!r}")
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(f"数值必须是有限的数字，而不是 {x!r}")
    return Decimal(str(x)) if isinstance(x, float) else Decimal(x)


def format_number(x: float | Decimal, digits: int = 2) -> str:
    """Return ``x`` rounded half-up to at most ``digits`` decimals, without trailing zeros.

    98 → ``98``, 98.0 → ``98``, 98.5 → ``98.5``, 1e-05 → ``0``, 1e20 → ``100000000000000000000``.
    """
    exact = _to_decimal(x)
    with localcontext() as ctx:
        ctx.prec = max(28, exact.adjusted() + digits + 2)  # quantize needs every integer digit
        value = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- Quota phrases -----------------------------------------------------------------

_PERCENT_UNITS = frozenset({"%", "％"})

_QUOTA_SHAPES = {
    "at_least": "{name}达到{value}以上",
    "at_most": "{name}控制在{value}以内",
    "exact": "{name}达到{value}",
    "zero": "{name}零发生",
}

# Change words by (kind of unit, direction): the amount verb and the ratio verb.
_CHANGE_WORDS = {
    ("percent", 1): ("提高", ""),
    ("percent", -1): ("降低", ""),
    ("count", 1): ("增加", "增长"),
    ("count", -1): ("减少", "下降"),
    ("time", 1): ("增加", "增长"),
    ("time", -1): ("缩短", "下降"),  # 响应时间缩短2小时, not 减少2小时
}
_TIME_UNITS = frozenset({"秒", "分钟", "分", "小时", "时", "天", "日", "周", "个月", "月", "年", "个工作日", "工作日"})

# How a change reads inside a quota phrase's bracket and as an OKR comparison.
_CHANGE_FORMS = {
    # (form, is_percent, has_ratio) -> template
    ("bracket", True, False): "{verb}{diff}个百分点",
    ("bracket", False, False): "{verb}{diff}{unit}",
    ("bracket", False, True): "{verb}{diff}{unit}，{ratio_word}{ratio_verb}{ratio}%",
    ("change", True, False): "较{prev}{verb}{diff}个百分点",
    ("change", False, False): "较{prev}{verb}{diff}{unit}",
    ("change", False, True): "较{prev}{verb}{diff}{unit}（{ratio_verb}{ratio}%）",
}

_STEADY = "与{prev}持平"
_ZERO_FORMS = {
    # (form, baseline was zero) -> template
    ("bracket", False): "{prev}{baseline}{unit}",
    ("bracket", True): "{prev}保持零发生",
    ("change", False): "较{prev}（{baseline}{unit}）实现零发生",
    ("change", True): "与{prev}持平，保持零发生",
}


def _check_compare(compare: str) -> None:
    """Raise ``ValueError`` unless ``compare`` is one of the quota comparison kinds."""
    if compare not in _QUOTA_SHAPES:
        raise ValueError(f"未知的比较方式 {compare!r}（可选 {'、'.join(_QUOTA_SHAPES)}）")


def _describe_change(
    form: str, target: float, unit: str, baseline: float, prev: str, compare: str
) -> str:
    """Return the comparison of ``target`` with ``baseline`` in the bracket or OKR ``form``."""
    if compare == "zero":
        key = (form, _to_decimal(baseline) == 0)
        return _ZERO_FORMS[key].format(prev=prev, baseline=format_number(baseline), unit=unit)
    diff = _to_decimal(target) - _to_decimal(baseline)
    if format_number(abs(diff)) == "0":
        return _STEADY.format(prev=prev)
    is_percent = unit in _PERCENT_UNITS
    kind = "percent" if is_percent else "time" if unit in _TIME_UNITS else "count"
    verb, ratio_verb = _CHANGE_WORDS[(kind, 1 if diff > 0 else -1)]
    base = _to_decimal(baseline)
    has_ratio = not is_percent and base != 0
    ratio = format_number(abs(diff) / abs(base) * 100, digits=1) if has_ratio else ""
    return _CHANGE_FORMS[(form, is_percent, has_ratio)].format(
        prev=prev,
        verb=verb,
        diff=format_number(abs(diff)),
        unit=unit,
        ratio_verb=ratio_verb,
        ratio=ratio,
        # 同比 compares with the same period a year before; against the previous term it is 环比
        ratio_word="环比" if prev == "上学期" else "同比",
    )


def quota_phrase(
    name: str,
    target: float,
    unit: str = "",
    compare: str = "at_least",
    baseline: float | None = None,
    prev: str = "上学年",
) -> str:
    """Return a quota as one phrase, e.g. ``学生行为规范达标率达到98%以上（上学年96%，提高2个百分点）``.

    ``compare`` is at_least (…以上), at_most (…以内), exact (达到…) or zero (零发生, target ignored);
    with a ``baseline`` a full-width bracket compares against ``prev`` (上学年 / 上学期 / 上年度).
    """
    _check_compare(compare)
    value = "" if compare == "zero" else format_number(target) + unit
    phrase = _QUOTA_SHAPES[compare].format(name=name, value=value)
    if baseline is None:
        return phrase
    if compare == "zero":
        return f"{phrase}（{_describe_change('bracket', 0, unit, baseline, prev, compare)}）"
    change = _describe_change("bracket", target, unit, baseline, prev, compare)
    return f"{phrase}（{prev}{format_number(baseline)}{unit}，{change}）"


def quota_change(
    target: float,
    unit: str,
    baseline: float | None,
    prev: str = "上学年",
    compare: str = "at_least",
) -> str:
    """Return the comparison alone for OKR key results, e.g. ``较上学年提高2个百分点``.

    Returns ``""`` without a baseline.
    """
    _check_compare(compare)
    if baseline is None:
        return ""
    effective = 0 if compare == "zero" else target
    return _describe_change("change", effective, unit, baseline, prev, compare)


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
