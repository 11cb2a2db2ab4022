"""The plan's period and its 行事历 (schedule): when the plan runs and when each piece of work is done."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from plangen.plan.fields import Model, Owner, Term
from plangen.render import zh


class Period(Model):
    academic_year: int | None = Field(
        None,
        ge=1949,
        le=2200,
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
        ge=1949,
        le=2200,
        description="年度计划的公历年份（如教育局年度计划）；与 academic_year 二选一",
        examples=[2026],
    )

    @property
    def label(self) -> str:
        """Returns the period as written in a title: 2025—2026学年第二学期, 2026年."""
        return zh.period_label(academic_year=self.academic_year, year=self.year, term=self.term)

    @property
    def slug(self) -> str:
        """Returns the period as used in file names: 2025—2026学年, 2026年度."""
        return zh.period_slug(academic_year=self.academic_year, year=self.year, term=self.term)

    @property
    def previous(self) -> str:
        """Returns the word for the period before this one: 上学年, 上学期, 上年度."""
        return zh.previous_period_word(
            academic_year=self.academic_year, year=self.year, term=self.term
        )

    @property
    def noun(self) -> str:
        """Returns how running text names this period: 本学年, 本学期, 本年度."""
        if self.year is not None:
            return "本年度"
        return "本学年" if self.term == "year" else "本学期"


class ScheduleItem(Model):
    text: str = Field(min_length=1, description="工作内容", examples=["开学安全大检查"])
    owner: Owner | None = Field(None, description="负责部门：部门 id 或名称，或其列表（联合负责：[jiaoyu, 团委]）",
                                examples=["anquan"])


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
    date: dt.date | None = Field(None, description="具体日期，写作 2025-09-01", examples=["2025-09-01"])
    items: list[ScheduleItem] = Field(min_length=1, description="该时间段的工作事项",
                                      examples=[[{"text": "开学安全大检查", "owner": "anquan"}]])

    @field_validator("months")
    @classmethod
    def _months_in_range(cls, value: list[int] | None) -> list[int] | None:
        for m in value or []:
            if not 1 <= m <= 12:
                raise PydanticCustomError("month_range", "月份应在 1 到 12 之间，实际为 {m}", {"m": m})
        return value

    @property
    def label(self) -> str:
        """Returns the time column text: 九月份, 八、九月份, 第1周, 2025年9月1日."""
        if self.months:
            return zh.month_label(self.months)
        if self.month is not None:
            return zh.month_label([self.month])
        if self.week is not None:
            return f"{zh.term_label(self.term) if self.term else ''}第{self.week}周"
        if self.date is not None:
            return zh.format_date(self.date)
        return ""
