"""The body of every style: 工作领域 (areas), their 重点任务 (tasks) and the steps under them."""

from pydantic import Field

from plangen.plan.fields import Id, Model, Names, Owner, Tag, empty_list


class Step(Model):
    title: str = Field(min_length=1, description="步骤名称", examples=["主题教育"])
    text: str | None = Field(None, description="步骤内容", examples=["每月开展一次主题教育活动"])
    when: str | None = Field(None, description="时间安排（自由文字）", examples=["每月1次"])
    owner: Owner | None = Field(
        None, description="负责部门：部门 id 或名称，或其列表", examples=["zhengjiao"]
    )
    steps: list["Step"] = Field(
        default_factory=empty_list,
        description="下一级步骤（连同本级最多4级）",
        examples=[[{"title": "方案制定", "when": "9月"}]],
    )


class Task(Model):
    title: str = Field(min_length=1, description="任务名称", examples=["构建特色德育体系"])
    text: str | None = Field(None, description="任务内容与措施", examples=["开发校本德育课程……"])
    owner: Owner | None = Field(
        None,
        description="牵头部门：部门 id 或名称，或其列表（如 [jiaoyu, 团委]）",
        examples=["zhengjiao"],
    )
    partners: Names = Field(
        default_factory=empty_list, description="协作单位或合作方", examples=[["红色教育基地"]]
    )
    when: str | None = Field(None, description="时间安排（自由文字）", examples=["每学期1次"])
    quotas: list[Id] = Field(
        default_factory=empty_list,
        description="该任务推动的量化指标 id 列表",
        examples=[["behavior_rate"]],
    )
    tags: list[Tag] = Field(
        default_factory=empty_list,
        description="风格提示：innovation 创新、collaboration 协同、routine 常规",
        examples=[["innovation"]],
    )
    steps: list["Step"] = Field(
        default_factory=empty_list,
        description="具体步骤，最多4级",
        examples=[[{"title": "主题教育", "text": "每月开展一次主题教育活动", "when": "每月1次"}]],
    )


class Area(Model):
    id: Id = Field(min_length=1, description="领域 id，在 areas 中唯一", examples=["moral"])
    name: str = Field(
        min_length=1, description="领域名称（标题文字，不含序号）", examples=["德育工作"]
    )
    summary: str | None = Field(
        None, description="一句话导语", examples=["德育是学校工作的首位，本学年以习惯养成为抓手。"]
    )
    objective: str | None = Field(
        None,
        description="领域目标（OKR 目标、项目目标、协作目标）",
        examples=["促进学生全面发展与身心健康"],
    )
    owner: Owner | None = Field(
        None, description="牵头部门：部门 id 或名称，或其列表", examples=["zhengjiao"]
    )
    partners: Names = Field(
        default_factory=empty_list, description="校外协作单位", examples=[["家长委员会", "社区"]]
    )
    tasks: list[Task] = Field(
        default_factory=empty_list,
        description="重点任务，按顺序",
        examples=[
            [{"title": "构建特色德育体系", "owner": "zhengjiao", "steps": [{"title": "主题教育"}]}]
        ],
    )
