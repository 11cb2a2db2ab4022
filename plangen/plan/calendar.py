"""The plan's period and its 行事历 (schedule): when the plan runs and when each piece of work is done."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from plangen import zh
from plangen.plan.fields import YEAR_MAX, YEAR_MIN, Model, Owner, Term, TermNames


class Period(Model):
    # The word for the baseline period when it is not this period's own previous one: a term plan
    # made from a yearly plan (plan.term) compares with the year (上学年). Set by `measured_over`.
    _baseline_word: str | None = PrivateAttr(default=None)

    academic_year: int | None = Field(
        None,
        ge=YEAR_MIN,
        le=YEAR_MAX,
        description="学年起始年份：2025 表示“2025—2026学年”；与 year 二选一",
        examples=[2025],
    )
    term: Term = Field(
        "year",
        description="学期：year 全学年（默认）、first 第一学期（上学期）、second 第二学期（下学期）",
        examples=["year"],
    )
    year: int | None = Field(
        None,
        ge=YEAR_MIN,
        le=YEAR_MAX,
        description="年度计划的公历年份（如教育局年度计划）；与 academic_year 二选一",
        examples=[2026],
    )
    term_names: TermNames = Field(
        "first_second",
        description="学期的叫法：first_second 第一/第二学期（默认）、upper_lower 上/下学期、seasons 秋季/春季学期",
        examples=["upper_lower"],
    )
    label_text: str | None = Field(
        None,
        alias="label",
        min_length=1,
        description="周期的写法，代替自动生成的“2025—2026学年第一学期”，标题和正文处处使用",
        examples=["2025—2026学年度上学期"],
    )
    start: dt.date | None = Field(
        None,
        description="第一周的第一天，写作 2025-09-01；写了它，按周安排的行事历注明日期“第一周（9月1日—9月7日）”",
        examples=["2025-09-01"],
    )

    @property
    def label(self) -> str:
        """Returns the period as written in a title: 2025—2026学年第二学期, 2026年 (or `label`)."""
        return self.label_text or zh.period_label(
            academic_year=self.academic_year, year=self.year, term=self.term, names=self.term_names
        )

    @property
    def slug(self) -> str:
        """Returns the period as used in file names: 2025—2026学年, 2026年度."""
        return zh.period_slug(
            academic_year=self.academic_year, year=self.year, term=self.term, names=self.term_names
        )

    @property
    def previous(self) -> str:
        """Returns the word for the period before this one: 上学年, 上学期, 上年度."""
        return self._baseline_word or zh.previous_period_word(
            academic_year=self.academic_year, year=self.year, term=self.term, names=self.term_names
        )

    @property
    def made_from_year(self) -> bool:
        """Returns whether this is a term plan made from a yearly plan (`--term`)."""
        return self._baseline_word is not None

    def measured_over(self, word: str) -> None:
        """Names the period the baselines were measured over (上学年), when it is not the previous one."""
        self._baseline_word = word

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """Returns the first and last day of the plan's period."""
        return period_bounds(self.academic_year, self.year, self.term)

    @property
    def noun(self) -> str:
        """Returns how running text names this period: 本学年, 本学期, 本年度."""
        if self.year is not None:
            return "本年度"
        return "本学年" if self.term == "year" else "本学期"


class ScheduleItem(Model):
    text: str = Field(min_length=1, description="工作内容", examples=["开学安全大检查"])
    owner: Owner | None = Field(
        None,
        description="负责部门：部门 id 或名称，或其列表（联合负责：[jiaoyu, 团委]）",
        examples=["anquan"],
    )


class ScheduleEntry(Model):
    month: int | None = Field(None, ge=1, le=12, description="月份 1–12", examples=[9])
    months: list[int] | None = Field(
        None, min_length=1, description="合并的月份，如 [8, 9] 写作“八、九月份”", examples=[[8, 9]]
    )
    week: int | None = Field(None, ge=1, le=30, description="教学周次 1–30", examples=[1])
    term: Literal["first", "second"] | None = Field(
        None,
        description="全学年计划中 week 所属的学期：first 第一学期、second 第二学期，写作“第一学期第20周”",
        examples=["first"],
    )
    weeks: list[Annotated[int, Field(ge=1, le=30)]] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="连续的周次 [起, 止]，如 [1, 2] 写作“第一至二周”",
        examples=[[1, 2]],
    )
    date: dt.date | None = Field(
        None, description="具体日期，写作 2025-09-01", examples=["2025-09-01"]
    )
    time_label: str | None = Field(
        None,
        alias="label",
        min_length=1,
        description="自由的时间说明，代替 month/week/date，如“开学前”",
        examples=["开学前"],
    )
    items: list[ScheduleItem] = Field(
        min_length=1,
        description="该时间段的工作事项",
        examples=[[{"text": "开学安全大检查", "owner": "anquan"}]],
    )

    @field_validator("months")
    @classmethod
    def _months_in_range(cls, value: list[int] | None) -> list[int] | None:
        for m in value or []:
            if not 1 <= m <= 12:
                raise PydanticCustomError(
                    "month_range", "月份应在 1 到 12 之间，实际为 {m}", {"m": m}
                )
        return value

    @property
    def label(self) -> str:
        """Returns the time column text: 九月份, 八、九月份, 第1周, 2025年9月1日 (or `label`)."""
        if self.time_label:
            return self.time_label
        if self.weeks:
            return zh.week_label(
                self.weeks[0], self.weeks[1], zh.term_label(self.term) if self.term else ""
            )
        if self.months:
            return zh.month_label(self.months)
        if self.month is not None:
            return zh.month_label([self.month])
        if self.week is not None:
            return f"{zh.term_label(self.term) if self.term else ''}第{self.week}周"
        if self.date is not None:
            return zh.format_date(self.date)
        return ""


def period_bounds(
    academic_year: int | None, year: int | None, term: str | None
) -> tuple[dt.date, dt.date]:
    """Returns the first and last day of a period: a 学年 runs from 1 August to 31 July (its first
    term to 31 January, its second from 1 February), a calendar year from 1 January."""
    if year is not None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = academic_year or 2000
    if term == "first":
        return dt.date(start, 8, 1), dt.date(start + 1, 1, 31)
    if term == "second":
        return dt.date(start + 1, 2, 1), dt.date(start + 1, 7, 31)
    return dt.date(start, 8, 1), dt.date(start + 1, 7, 31)


def uses_calendar_v2(period: Period, schedule: list[ScheduleEntry]) -> bool:
    """Returns whether the 行事历 is written with the schema v2 calendar — Chinese week numerals
    (第一周), week dates, dates inside the period without the year, several items of a time
    numbered: when the plan sets `period.start` or has a `weeks` or `label` entry. Plans without
    them keep their 第1周 and full dates."""
    return period.start is not None or any(e.weeks or e.time_label for e in schedule)


def time_label(entry: ScheduleEntry, period: Period, v2: bool) -> str:
    """Returns the time column text of `entry` in a plan of `period`: with the v2 calendar
    “第一周（9月1日—9月7日）”, “第一至二周”, “开学前”, “2月24日” (inside the period)."""
    if not v2 or entry.time_label or entry.months or entry.month is not None:
        return entry.label
    if entry.date is not None:
        first, last = period.bounds
        return zh.format_date(entry.date, with_year=not first <= entry.date <= last)
    weeks = entry.weeks or ([entry.week] if entry.week is not None else [])
    if not weeks:
        return entry.label
    low, high = weeks[0], weeks[-1]
    term = zh.term_label(entry.term, period.term_names) if entry.term else ""
    text = zh.week_label(low, high, term)
    own_term = period.term if period.term != "year" else "first"
    if period.start is not None and (entry.term is None or entry.term == own_term):
        first_day = period.start + dt.timedelta(weeks=low - 1)
        last_day = period.start + dt.timedelta(weeks=high, days=-1)
        text += f"（{zh.day_span(first_day, last_day)}）"
    return text
