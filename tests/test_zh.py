"""Tests for plangen.zh: the Chinese wording a reader sees in every generated plan."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plangen import zh
from plangen.zh import (
    academic_year_label,
    cn_number,
    decimal_marker,
    format_date,
    format_number,
    heading_marker,
    month_label,
    period_label,
    period_slug,
    previous_period_word,
    quota_change,
    quota_phrase,
    term_label,
)

EM_DASH = "\u2014"

# --- cn_number ---------------------------------------------------------------------

# fmt: off
ONE_TO_TWENTY_THREE = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
    "二十一", "二十二", "二十三",
]
# fmt: on


@pytest.mark.parametrize(("n", "expected"), list(enumerate(ONE_TO_TWENTY_THREE, start=1)))
def test_cn_number_one_to_twenty_three(n: int, expected: str) -> None:
    assert cn_number(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "零"),
        (10, "十"),
        (11, "十一"),
        (30, "三十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (2025, "二千零二十五"),
        (10000, "一万"),
        (10001, "一万零一"),
        (10010, "一万零一十"),
        (100010, "十万零一十"),
        (110000, "十一万"),
        (1001000, "一百万一千"),
        (100000000, "一亿"),
        (100000001, "一亿零一"),
        (1000010000, "十亿零一万"),
    ],
)
def test_cn_number_table(n: int, expected: str) -> None:
    assert cn_number(n) == expected


def test_cn_number_rejects_negative() -> None:
    with pytest.raises(ValueError):
        cn_number(-1)


@pytest.mark.parametrize("bad", [1.0, "3", True, None])
def test_cn_number_rejects_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        cn_number(bad)  # type: ignore[arg-type]


@given(st.integers(0, 9999), st.integers(0, 9999))
def test_cn_number_is_injective_below_ten_thousand(a: int, b: int) -> None:
    if a != b:
        assert cn_number(a) != cn_number(b)


@given(st.integers(0, 10**12))
def test_cn_number_never_has_double_zero_or_trailing_zero(n: int) -> None:
    text = cn_number(n)
    assert "零零" not in text
    assert n == 0 or not text.endswith("零")
    assert set(text) <= set("零一二三四五六七八九十百千万亿")


# --- heading markers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "n", "expected"),
    [
        (1, 1, "一、"),
        (1, 3, "三、"),
        (1, 10, "十、"),
        (1, 12, "十二、"),
        (2, 1, "（一）"),
        (2, 4, "（四）"),
        (2, 11, "（十一）"),
        (3, 1, "1."),
        (3, 12, "12."),
        (4, 1, "（1）"),
        (4, 12, "（12）"),
        (5, 1, "①"),
        (5, 10, "⑩"),
        (5, 20, "⑳"),
        (5, 21, "㉑"),
        (5, 35, "㉟"),
        (5, 36, "㊱"),
        (5, 50, "㊿"),
        (5, 51, "（51）"),
    ],
)
def test_heading_marker_every_level(level: int, n: int, expected: str) -> None:
    assert heading_marker(level, n) == expected


def test_heading_marker_circled_numbers_are_distinct_and_consecutive() -> None:
    markers = [heading_marker(5, n) for n in range(1, 51)]
    assert len(set(markers)) == 50
    assert all(len(m) == 1 for m in markers)


@pytest.mark.parametrize(("level", "n"), [(0, 1), (6, 1), (1, 0), (3, -1)])
def test_heading_marker_rejects_out_of_range(level: int, n: int) -> None:
    with pytest.raises(ValueError):
        heading_marker(level, n)


@given(st.sampled_from([2, 4]), st.integers(1, 5000))
def test_bracketed_markers_use_full_width_brackets(level: int, n: int) -> None:
    marker = heading_marker(level, n)
    assert "(" not in marker and ")" not in marker
    assert marker.startswith("\uff08") and marker.endswith("\uff09")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((1,), "1."),
        ((1, 2), "1.2."),
        ((1, 2, 1), "1.2.1."),
        ((1, 2, 2, 1), "1.2.2.1."),
        ([3, 10], "3.10."),
    ],
)
def test_decimal_marker(path: tuple[int, ...], expected: str) -> None:
    assert decimal_marker(path) == expected


@pytest.mark.parametrize("path", [(), (0,), (1, -2)])
def test_decimal_marker_rejects_bad_paths(path: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        decimal_marker(path)


# --- periods -----------------------------------------------------------------------


def test_academic_year_label_uses_em_dash() -> None:
    label = academic_year_label(2025)
    assert label == "2025\u20142026学年"
    assert "-" not in label and "\u2013" not in label


@pytest.mark.parametrize(
    ("term", "expected"), [("first", "第一学期"), ("second", "第二学期"), ("year", "")]
)
def test_term_label(term: str, expected: str) -> None:
    assert term_label(term) == expected


def test_term_label_rejects_unknown_term() -> None:
    with pytest.raises(ValueError, match="autumn"):
        term_label("autumn")


@pytest.mark.parametrize(
    ("kwargs", "label", "slug", "previous"),
    [
        (
            {"academic_year": 2025, "year": None, "term": "year"},
            f"2025{EM_DASH}2026学年",
            f"2025{EM_DASH}2026学年",
            "上学年",
        ),
        (
            {"academic_year": 2025, "year": None, "term": "first"},
            f"2025{EM_DASH}2026学年第一学期",
            f"2025{EM_DASH}2026学年第一学期",
            "上学期",
        ),
        (
            {"academic_year": 2025, "year": None, "term": "second"},
            f"2025{EM_DASH}2026学年第二学期",
            f"2025{EM_DASH}2026学年第二学期",
            "上学期",
        ),
        ({"academic_year": None, "year": 2026, "term": "year"}, "2026年", "2026年度", "上年度"),
    ],
)
def test_period_words(kwargs: dict, label: str, slug: str, previous: str) -> None:
    assert period_label(**kwargs) == label
    assert period_slug(**kwargs) == slug
    assert previous_period_word(**kwargs) == previous


def test_period_term_defaults_to_whole_year() -> None:
    assert period_label(academic_year=2024, year=None) == f"2024{EM_DASH}2025学年"


@pytest.mark.parametrize("func", [period_label, period_slug, previous_period_word])
@pytest.mark.parametrize(("academic_year", "year"), [(None, None), (2025, 2025)])
def test_period_needs_exactly_one_year(func, academic_year, year) -> None:
    with pytest.raises(ValueError):
        func(academic_year=academic_year, year=year, term="year")


def test_period_slug_has_no_path_separators() -> None:
    slug = period_slug(academic_year=2025, year=None, term="second")
    assert "/" not in slug and "\\" not in slug and ".." not in slug


# --- dates and months --------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2025, 9, 10), "2025年9月10日"),
        (datetime.date(2026, 1, 5), "2026年1月5日"),
        (datetime.date(2025, 12, 31), "2025年12月31日"),
        (datetime.datetime(2025, 3, 1, 8, 30), "2025年3月1日"),
    ],
)
def test_format_date_without_zero_padding(date: datetime.date, expected: str) -> None:
    assert format_date(date) == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        ([9], "九月份"),
        ([8, 9], "八、九月份"),
        ([10], "十月份"),
        ([11, 12], "十一、十二月份"),
        ([12, 1], "十二、一月份"),
        ((2, 3, 4), "二、三、四月份"),
    ],
)
def test_month_label(months: list[int], expected: str) -> None:
    assert month_label(months) == expected


@pytest.mark.parametrize("months", [[], [0], [13], [9, 13]])
def test_month_label_rejects_bad_months(months: list[int]) -> None:
    with pytest.raises(ValueError):
        month_label(months)


# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (98, "98"),
        (98.0, "98"),
        (98.5, "98.5"),
        (0.25, "0.25"),
        (0, "0"),
        (0.1 + 0.2, "0.3"),
        (2.675, "2.68"),
        (33.333333, "33.33"),
        (1e-05, "0"),
        (1e20, "100000000000000000000"),
        (-3.5, "-3.5"),
        (-0.001, "0"),
        (1200, "1200"),
    ],
)
def test_format_number(x: float, expected: str) -> None:
    assert format_number(x) == expected


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False))
def test_format_number_is_plain_with_at_most_two_decimals(x: float) -> None:
    text = format_number(x)
    assert "e" not in text.lower()
    _, _, frac = text.partition(".")
    assert len(frac) <= 2
    assert not frac.endswith("0")
    assert abs(float(text) - x) <= 0.005 + abs(x) * 1e-12


def test_format_number_rejects_nan() -> None:
    with pytest.raises(ValueError):
        format_number(float("nan"))


# --- quota phrases -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("学生行为规范达标率", 98, "%", "at_least"), "学生行为规范达标率达到98%以上"),
        (("维修响应时间", 2, "小时", "at_most"), "维修响应时间控制在2小时以内"),
        (("特色社团数量", 12, "个", "exact"), "特色社团数量达到12个"),
        (("安全责任事故", 0, "起", "zero"), "安全责任事故零发生"),
        (("安全责任事故", 5, "起", "zero"), "安全责任事故零发生"),
        (("家访次数", 5, "次", "at_least"), "家访次数达到5次以上"),
        (("开设选修课程", 8, "", "exact"), "开设选修课程达到8"),
        (("学生行为规范达标率", 98.0, "%", "at_least"), "学生行为规范达标率达到98%以上"),
        (("优良率", 92.5, "%", "at_least"), "优良率达到92.5%以上"),
    ],
)
def test_quota_phrase_shapes(args: tuple, expected: str) -> None:
    assert quota_phrase(*args) == expected


def test_quota_phrase_defaults_to_at_least_without_unit() -> None:
    assert quota_phrase("获奖人数", 30) == "获奖人数达到30以上"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {
                "name": "学生行为规范达标率",
                "target": 98,
                "unit": "%",
                "compare": "at_least",
                "baseline": 96,
            },
            "学生行为规范达标率达到98%以上（上学年96%，提高2个百分点）",
        ),
        (
            {"name": "近视新发率", "target": 5, "unit": "%", "compare": "at_most", "baseline": 8},
            "近视新发率控制在5%以内（上学年8%，降低3个百分点）",
        ),
        (
            {
                "name": "优良率",
                "target": 92.5,
                "unit": "%",
                "compare": "at_least",
                "baseline": 90.0,
            },
            "优良率达到92.5%以上（上学年90%，提高2.5个百分点）",
        ),
        (
            {
                "name": "特色社团数量",
                "target": 12,
                "unit": "个",
                "compare": "exact",
                "baseline": 10,
            },
            "特色社团数量达到12个（上学年10个，增加2个，同比增长20%）",
        ),
        (
            {
                "name": "维修响应时间",
                "target": 2,
                "unit": "小时",
                "compare": "at_most",
                "baseline": 3,
            },
            "维修响应时间控制在2小时以内（上学年3小时，缩短1小时，同比下降33.3%）",
        ),
        (
            {"name": "家访次数", "target": 5, "unit": "次", "compare": "at_least", "baseline": 0},
            "家访次数达到5次以上（上学年0次，增加5次）",
        ),
        (
            {
                "name": "学生行为规范达标率",
                "target": 96,
                "unit": "%",
                "compare": "at_least",
                "baseline": 96,
            },
            "学生行为规范达标率达到96%以上（上学年96%，与上学年持平）",
        ),
        (
            {
                "name": "特色社团数量",
                "target": 12,
                "unit": "个",
                "compare": "exact",
                "baseline": 12.0,
            },
            "特色社团数量达到12个（上学年12个，与上学年持平）",
        ),
        (
            {"name": "安全责任事故", "target": 0, "unit": "起", "compare": "zero", "baseline": 2},
            "安全责任事故零发生（上学年2起）",
        ),
        (
            {"name": "安全责任事故", "target": 0, "unit": "起", "compare": "zero", "baseline": 0},
            "安全责任事故零发生（上学年保持零发生）",
        ),
    ],
)
def test_quota_phrase_with_baseline(kwargs: dict, expected: str) -> None:
    assert quota_phrase(**kwargs) == expected


@pytest.mark.parametrize(
    ("baseline", "expected_ratio"),
    [(3, "同比增长33.3%"), (4, "同比增长25%"), (6, "同比增长16.7%"), (8, "同比增长12.5%")],
)
def test_quota_phrase_ratio_has_at_most_one_decimal(baseline: int, expected_ratio: str) -> None:
    phrase = quota_phrase("课题数", baseline + 1, "项", "at_least", baseline)
    assert phrase.endswith(f"，{expected_ratio}）")


@pytest.mark.parametrize("prev", ["上学期", "上年度"])
def test_quota_phrase_prev_replaces_academic_year_word(prev: str) -> None:
    phrase = quota_phrase("学生行为规范达标率", 98, "%", "at_least", 96, prev=prev)
    assert phrase == f"学生行为规范达标率达到98%以上（{prev}96%，提高2个百分点）"
    steady = quota_phrase("学生行为规范达标率", 96, "%", "at_least", 96, prev=prev)
    assert steady == f"学生行为规范达标率达到96%以上（{prev}96%，与{prev}持平）"
    assert "上学年" not in phrase + steady


def test_quota_phrase_brackets_are_full_width() -> None:
    phrase = quota_phrase("特色社团数量", 12, "个", "exact", 10)
    assert "(" not in phrase and ")" not in phrase and "," not in phrase
    assert "（" in phrase and "，" in phrase


def test_quota_phrase_rejects_unknown_compare() -> None:
    with pytest.raises(ValueError, match="more_than"):
        quota_phrase("达标率", 98, "%", "more_than")


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((98, "%", 96), {}, "较上学年提高2个百分点"),
        ((5, "%", 8), {"compare": "at_most"}, "较上学年降低3个百分点"),
        ((12, "个", 10), {}, "较上学年增加2个（增长20%）"),
        ((2, "小时", 3), {"compare": "at_most"}, "较上学年缩短1小时（下降33.3%）"),
        ((5, "次", 0), {}, "较上学年增加5次"),
        ((96, "%", 96), {}, "与上学年持平"),
        ((12, "个", 12.0), {"compare": "exact"}, "与上学年持平"),
        ((0, "起", 2), {"compare": "zero"}, "较上学年（2起）实现零发生"),
        ((98, "%", 96), {"prev": "上学期"}, "较上学期提高2个百分点"),
        ((12, "个", 10), {"prev": "上年度"}, "较上年度增加2个（增长20%）"),
        ((0, "起", 2), {"compare": "zero", "prev": "上学期"}, "较上学期（2起）实现零发生"),
        ((98, "%", None), {}, ""),
        ((0, "起", None), {"compare": "zero"}, ""),
    ],
)
def test_quota_change(args: tuple, kwargs: dict, expected: str) -> None:
    assert quota_change(*args, **kwargs) == expected


def test_quota_change_zero_baseline_zero_says_it_stays_zero() -> None:
    text = quota_change(0, "起", 0, compare="zero")
    assert "零发生" in text and "上学年" in text


def test_quota_numbers_never_show_point_zero() -> None:
    phrase = quota_phrase("特色社团数量", 12.0, "个", "exact", 10.0)
    change = quota_change(12.0, "个", 10.0)
    assert ".0" not in phrase and ".0" not in change


# --- template registration ---------------------------------------------------------


def test_filters_and_globals_point_at_the_helpers() -> None:
    assert zh.FILTERS["cn_number"] is cn_number
    assert zh.GLOBALS["quota_phrase"] is quota_phrase
    assert set(zh.FILTERS).isdisjoint(zh.GLOBALS)
    assert all(callable(f) for f in {**zh.FILTERS, **zh.GLOBALS}.values())


def test_time_quotas_shorten_and_term_comparisons_are_huanbi():
    assert (
        zh.quota_phrase("维修响应时间", 2, "小时", "at_most", 4)
        == "维修响应时间控制在2小时以内（上学年4小时，缩短2小时，同比下降50%）"
    )
    assert (
        zh.quota_phrase("社团", 12, "个", "at_least", 10, prev="上学期")
        == "社团达到12个以上（上学期10个，增加2个，环比增长20%）"
    )
    assert (
        zh.quota_phrase("社团", 12, "个", "at_least", 10, prev="上年度")
        == "社团达到12个以上（上年度10个，增加2个，同比增长20%）"
    )
