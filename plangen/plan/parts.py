"""The smaller parts of a plan: the school, the 公文 document facts, the leadership group, titled
items, extra sections and the layout."""

import datetime as dt
from typing import Any

from pydantic import Field, create_model

from plangen.plan.fields import (
    SCHEDULE_COLUMN_KEYS,
    SECTION_KEYS,
    AreaLayout,
    Model,
    Names,
    Paragraphs,
    SchoolKind,
    empty_dict,
    empty_list,
)


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
    motto: str | None = Field(
        None, description="办学理念或校训", examples=["和谐、创新、优质、开放"]
    )

    @property
    def display_name(self) -> str:
        """Returns the name used in running text: the short name, else the full name."""
        return self.short_name or self.name


class Document(Model):
    title: str | None = Field(
        None,
        description="文档标题；不填则自动生成“单位全称+周期+主题+工作计划”",
        examples=["青城中心小学2025—2026学年德育工作计划"],
    )
    subject: str | None = Field(
        None,
        description="计划主题，写入自动生成的标题：如“教育督导”得到“××局2026年教育督导工作计划”；换年份时标题随之更新",
        examples=["安全"],
    )
    issuer: str | None = Field(
        None, description="落款（发文机关或学校）", examples=["高青县教育和体育局"]
    )
    date: dt.date | None = Field(
        None, description="成文日期，写作 2025-09-10", examples=["2025-09-10"]
    )
    doc_number: str | None = Field(None, description="发文字号", examples=["青小发〔2025〕3号"])
    front_matter: dict[str, Any] = Field(
        default_factory=empty_dict,
        description="Markdown 文件头（front matter）的附加键值",
        examples=[{"permalink": "/article/plan-2025/"}],
    )
    subtitle: str | None = Field(
        None,
        description="副标题：标题下单独居中的一行",
        examples=["——张桥中心小学2019—2020学年第二学期学校工作计划"],
    )
    header: str | None = Field(
        None, description="发文机关标志（红头），在文号之上", examples=["常熟市张桥中心小学文件"]
    )
    recipients: str | None = Field(
        None, description="主送：正文前单独一行，写作“各位老师：”", examples=["各位老师"]
    )
    notice: Paragraphs | None = Field(
        None,
        description="印发通知的正文：文档先是“关于印发《标题》的通知”，计划另起一页",
        examples=["现将《张桥中心小学学校工作计划》印发给你们，请结合实际认真贯彻执行。"],
    )
    attachments: Names = Field(
        default_factory=empty_list,
        description="附件名称，正文之后写作“附件：1. 学校行事历”",
        examples=[["学校行事历"]],
    )
    cc: Names = Field(
        default_factory=empty_list,
        description="抄送机关，写在版记中",
        examples=[["县教育局", "县教研室"]],
    )
    printed_by: str | None = Field(
        None, description="印发机关，写在版记中", examples=["张桥中心小学办公室"]
    )
    printed_date: dt.date | None = Field(
        None, description="印发日期，写作 2020-03-23", examples=["2020-03-23"]
    )


class Leadership(Model):
    name: str | None = Field(None, description="领导小组名称", examples=["学校工作领导小组"])
    leader: str | None = Field(None, description="组长", examples=["王强（校长）"])
    deputies: Names = Field(
        default_factory=empty_list, description="副组长", examples=[["张华（副校长）"]]
    )
    members: Names = Field(
        default_factory=empty_list, description="成员", examples=[["各处室主任", "各年级组长"]]
    )
    office: str | None = Field(
        None, description="办公室设置", examples=["领导小组办公室设在校长办公室"]
    )


class Titled(Model):
    title: str = Field(min_length=1, description="标题", examples=["组织保障"])
    text: str | None = Field(
        None, description="内容", examples=["成立工作领导小组，定期研究部署重点工作。"]
    )


class Section(Model):
    title: str = Field(min_length=1, description="标题", examples=["工作要求"])
    after: str = Field(
        "end",
        description="放在哪个内置部分之后：guiding_ideology goals tasks leadership departments schedule "
        "safeguards evaluation closing，或 start（最前）、end（落款之前，默认）",
        examples=["safeguards"],
    )
    text: Paragraphs | None = Field(
        None, description="内容，可写多段", examples=["各处室要对照计划细化措施。"]
    )
    items: list[Titled] = Field(
        default_factory=empty_list,
        description="编号的小项",
        examples=[[{"title": "提高认识", "text": "……"}]],
    )


class Layout(Model):
    areas: AreaLayout = Field(
        "nested",
        description="工作领域的层级：nested 作为“重点任务”下的（一）（二）（默认）；top 每个领域是一章“一、”",
        examples=["top"],
    )
    continuous: bool = Field(
        False, description="与 areas: top 同用：下一级（一）（二）……跨章连续编号", examples=[True]
    )


_HEADING_WORDS = {
    "guiding_ideology": ("指导思想", "工作思路"),
    "goals": ("工作目标", "目标任务"),
    "tasks": ("重点任务与措施", "主要工作"),
    "leadership": ("组织领导", "组织机构"),
    "departments": ("部门职责", "处室职责"),
    "schedule": ("工作安排", "各月工作安排"),
    "safeguards": ("保障措施", "工作保障"),
    "evaluation": ("考核评价", "督查考核"),
    "closing": ("结语", "工作要求"),
    "schedule_time": ("行事历的时间列", "时间"),
    "schedule_work": ("行事历的内容列", "工作内容"),
    "schedule_owner": ("行事历的负责部门列", "责任处室"),
}
assert set(_HEADING_WORDS) == set(SECTION_KEYS) | set(SCHEDULE_COLUMN_KEYS)

_HEADING_FIELDS: dict[str, Any] = {
    key: (
        str | None,
        Field(None, min_length=1, description=f"“{what}”改名，如“{example}”", examples=[example]),
    )
    for key, (what, example) in _HEADING_WORDS.items()
}
Headings = create_model(
    "Headings",
    __base__=Model,
    __doc__="New names for the built-in sections and the 行事历 columns, wherever a style shows them.",
    **_HEADING_FIELDS,
)
