"""Numbers and quota phrases in Chinese: the one place where a quota's wording is decided.

The wording rules (design.md §2a) are data where possible: the shapes of a phrase by comparison,
the change verbs by kind of unit, and the count units that read 不少于 after a verb.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import cast

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
_TIME_UNITS = frozenset(
    {"秒", "分钟", "分", "小时", "时", "天", "日", "周", "个月", "月", "年", "个工作日", "工作日"}
)

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


# --- Schema v2 wording: verbs, ranges, each, increase/decrease, written-out text ----------------

RANGE_DASH = "～"  # 1～2名 (GB/T 15835: a range of numbers takes the wave dash)

# With a `verb` the amount follows the name: 培养骨干教师1～2名, 开展主题班会不少于6次.
_VERB_SHAPES = {
    ("at_least", "count"): "{verb}{name}{each}不少于{value}",
    ("at_least", "other"): "{verb}{name}{each}达到{value}以上",
    ("at_most", "count"): "{verb}{name}{each}不超过{value}",
    ("at_most", "other"): "{verb}{name}{each}控制在{value}以内",
    ("exact", "count"): "{verb}{name}{each}{value}",
    ("exact", "other"): "{verb}{name}{each}达到{value}",
    ("zero", "count"): "{verb}{name}零发生",
    ("zero", "other"): "{verb}{name}零发生",
}
# Without a verb (the shapes every plan had before, so the wording of existing plans stays).
_PLAIN_SHAPES = {
    "at_least": "{name}{each}达到{value}以上",
    "at_most": "{name}{each}控制在{value}以内",
    "exact": "{name}{each}达到{value}",
    "zero": "{name}零发生",
}
# A range is a target band, not a floor: 1～2名, whatever the comparison.
_RANGE_SHAPES = {True: "{verb}{name}{each}{value}", False: "{name}{each}达到{value}"}
# Units that count things (activities, people, schools): after a verb, at_least reads 不少于.
COUNT_UNITS = frozenset(
    {
        "次",
        "个",
        "项",
        "名",
        "人",
        "所",
        "节",
        "门",
        "篇",
        "场",
        "期",
        "件",
        "家",
        "支",
        "本",
        "册",
        "课",
        "届",
        "批",
        "类",
        "处",
        "条",
        "份",
        "部",
        "套",
        "位",
    }
)
# increase / decrease: the verb of the change by kind of unit.
_SCORE_UNITS = frozenset({"分"})
_INCREASE_WORDS = {
    ("percent", 1): "提升",
    ("percent", -1): "降低",
    ("score", 1): "提高",
    ("score", -1): "降低",
    ("time", 1): "增加",
    ("time", -1): "缩短",
    ("count", 1): "增加",
    ("count", -1): "减少",
    ("other", 1): "提高",
    ("other", -1): "降低",
}
_INCREASE_SHAPE = "{verb}{name}较{against}{change}{value}"
_INCREASE_TABLE = "{change}{value}"


def _unit_kind(unit: str) -> str:
    if unit in _PERCENT_UNITS:
        return "percent"
    if unit in _SCORE_UNITS:
        return "score"
    if unit in _TIME_UNITS:
        return "time"
    return "count" if unit in COUNT_UNITS else "other"


def target_value(target: float | Sequence[float], unit: str, *, change: bool = False) -> str:
    """Returns a target with its unit: 98%, 1～2名; a change of a rate is counted in 个百分点."""
    unit_text = "个百分点" if change and unit in _PERCENT_UNITS else unit
    if isinstance(target, (list, tuple)):
        low, high = target
        return f"{format_number(low)}{RANGE_DASH}{format_number(high)}{unit_text}"
    return format_number(cast(float, target)) + unit_text  # a range is a list or tuple


def change_word(compare: str, unit: str) -> str:
    """Returns the verb of an increase or decrease for `unit`: 提升 (a rate), 提高 (分), 缩短 (时长)."""
    return _INCREASE_WORDS[(_unit_kind(unit), 1 if compare == "increase" else -1)]


def quota_words(
    name: str,
    target: float | Sequence[float] | None,
    unit: str = "",
    compare: str = "at_least",
    baseline: float | None = None,
    prev: str = "上学年",
    *,
    verb: str | None = None,
    each: bool = False,
    against: str | None = None,
    text: str | None = None,
    bare: bool = False,
) -> str:
    """Returns a quota phrase under every rule of schema v2 (the README's “指标的写法”):

    - `text` is the phrase as written (争创1个省级、2个市级德育品牌);
    - increase / decrease: 各学科平均分较上学期提高5分, 优秀率较原有基础提升2个百分点;
    - a `verb` puts the amount after the name: 培养骨干教师1～2名, 开展家访不少于2次 (count units);
    - a range [low, high] is a band: 1～2名; `each` reads 各: 创建书香校园、温馨校园各2所;
    - anything else keeps the phrases of `quota_phrase` (达到98%以上, 控制在2小时以内, 零发生).
    `bare` leaves out the baseline bracket.
    """
    if text:
        return text
    if target is None and compare != "zero":
        return name
    each_text = "各" if each else ""
    verb_text = verb or ""
    if compare in ("increase", "decrease"):
        assert target is not None  # None returned `name` above (compare is not "zero")
        phrase = _INCREASE_SHAPE.format(
            verb=verb_text,
            name=name,
            against=against or prev,
            change=change_word(compare, unit),
            value=target_value(target, unit, change=True),
        )
        if baseline is not None and not bare:
            phrase += f"（{prev}{format_number(baseline)}{unit}）"
        return phrase
    ranged = isinstance(target, (list, tuple))
    if not (verb or each or ranged):
        return quota_phrase(name, target or 0, unit, compare, None if bare else baseline, prev)  # type: ignore[arg-type]
    value = "" if compare == "zero" else target_value(target, unit)  # type: ignore[arg-type]
    if ranged:
        shape = _RANGE_SHAPES[bool(verb)]
    elif verb:
        shape = _VERB_SHAPES[(compare, "count" if unit in COUNT_UNITS else "other")]
    else:
        shape = _PLAIN_SHAPES[compare]
    phrase = shape.format(verb=verb_text, name=name, each=each_text, value=value)
    if baseline is not None and not bare and not ranged and compare != "zero":
        phrase += f"（{prev}{format_number(baseline)}{unit}，{_describe_change('bracket', target, unit, baseline, prev, compare)}）"  # type: ignore[arg-type]
    return phrase


def quota_target(
    target: float | Sequence[float] | None,
    unit: str = "",
    compare: str = "at_least",
    *,
    verb: str | None = None,
    each: bool = False,
    text: str | None = None,
) -> str:
    """Returns the target as a table cell shows it: 98%以上, 1～2名, 提高5分, 各2所, 不少于6次, 零发生."""
    if compare == "zero":
        return "零发生"
    if target is None:
        return "见指标说明" if text else ""
    each_text = "各" if each else ""
    if compare in ("increase", "decrease"):
        return _INCREASE_TABLE.format(
            change=change_word(compare, unit), value=target_value(target, unit, change=True)
        )
    value = target_value(target, unit)
    if isinstance(target, (list, tuple)):
        return each_text + value
    if verb and unit in COUNT_UNITS and compare in ("at_least", "at_most"):
        return each_text + {"at_least": "不少于", "at_most": "不超过"}[compare] + value
    return each_text + value + {"at_least": "以上", "at_most": "以内", "exact": ""}[compare]
