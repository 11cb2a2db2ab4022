"""The smaller parts of a plan: the school, the 公文 document facts, the leadership group, titled
items, extra sections and the layout."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from plangen.plan.fields import Model, Names, SchoolKind


class School(Model):
    name: str = Field(
        min_length=1,
        description="学校（单位）全称，用于标题，如“高青县青城学区中心小学”",
        examples=["高青县青城学区中心小学"],
    )
    short_name: str | None = Field(
        None, description="简称，用于正文和输出文件名；不填则用全称", examples=["青城中心小学"]
    )
    kind: SchoolKind | None = Field(
        None,
        description="学校类型：primary 小学、junior 初中、senior 高中、nine_year 九年一贯制、"
        "kindergarten 幼儿园、vocational 职业学校、bureau 教育行政部门、other 其他",
        examples=["primary"],
    )
    region: str | None = Field(None, description="所在地区", examples=["山东省淄博市高青县"])
    motto: str | None = Field(None, description="办学理念或校训", examples=["和谐、创新、优质、开放"])

    @property
    def display_name(self) -> str:
        """Returns the name used in running text: the short name, else the full name."""
        return self.short_name or self.name


class Document(Model):
    title: str | None = Field(None, description="文档标题；不填则自动生成“单位全称+周期+主题+工作计划”",
                              examples=["青城中心小学2025—2026学年德育工作计划"])
    subject: str | None = Field(
        None,
        description="计划主题，写入自动生成的标题：如“教育督导”得到“××局2026年教育督导工作计划”；换年份时标题随之更新",
        examples=["安全"],
    )
    issuer: str | None = Field(None, description="落款（发文机关或学校）", examples=["高青县教育和体育局"])
    date: dt.date | None = Field(None, description="成文日期，写作 2025-09-10", examples=["2025-09-10"])
    doc_number: str | None = Field(None, description="发文字号", examples=["青小发〔2025〕3号"])
    front_matter: dict[str, Any] = Field(
        default_factory=dict, description="Markdown 文件头（front matter）的附加键值",
        examples=[{"permalink": "/article/plan-2025/"}],
    )


class Leadership(Model):
    name: str | None = Field(None, description="领导小组名称", examples=["学校工作领导小组"])
    leader: str | None = Field(None, description="组长", examples=["王强（校长）"])
    deputies: Names = Field(default_factory=list, description="副组长", examples=[["张华（副校长）"]])
    members: Names = Field(default_factory=list, description="成员", examples=[["各处室主任", "各年级组长"]])
    office: str | None = Field(None, description="办公室设置", examples=["领导小组办公室设在校长办公室"])


class Titled(Model):
    title: str = Field(min_length=1, description="标题", examples=["组织保障"])
    text: str | None = Field(None, description="内容", examples=["成立工作领导小组，定期研究部署重点工作。"])
