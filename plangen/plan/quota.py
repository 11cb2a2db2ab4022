"""A 量化指标 of the plan: its target, how it compares, and the phrases an office writes for it."""

from typing import Annotated, Any

from pydantic import Field, ValidationInfo, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from plangen import zh
from plangen.plan.fields import (
    TARGET_SCHEMA,
    Compare,
    Id,
    Model,
    Number,
    Owner,
    Unit,
    as_number,
    bounded_target,
)


class Quota(Model):
    id: Id = Field(
        min_length=1, description="指标 id，在 quotas 中唯一", examples=["behavior_rate"]
    )
    name: str = Field(min_length=1, description="指标名称", examples=["学生行为规范达标率"])
    target: Annotated[Number | tuple[Number, Number] | None, WithJsonSchema(TARGET_SCHEMA)] = Field(
        None,
        description="目标值，只写数字，单位写在 unit 中；范围写作 [1, 2]（“1～2名”）；"
        "increase/decrease 时为变化量；写了 text 时可省略",
        examples=[98],
    )
    unit: Unit = Field("", description="单位：%、次、个、项、名、小时、门、节等", examples=["%"])
    compare: Compare = Field(
        "at_least",
        description="比较方式：at_least 达到…以上、at_most 控制在…以内、exact 达到…、zero 零发生、"
        "increase 较…提高（target 为提高量，% 写作“个百分点”）、decrease 较…降低（时长为缩短）",
        examples=["at_least"],
    )
    baseline: Number | None = Field(
        None, description="上一周期的实际值，用于“较上学年提高2个百分点”", examples=[96]
    )
    against: str | None = Field(
        None,
        description="increase/decrease 的比较基准，如“原有基础”；不填则为上一周期（上学期、上学年）",
        examples=["原有基础"],
    )
    verb: str | None = Field(
        None,
        description="动词，写在名称前，数量写在名称后：“培养”得到“培养校内学科骨干教师1～2名”",
        examples=["培养"],
    )
    each: bool = Field(
        False,
        description="名称列了几项、各有这个数量：“创建省级书香校园、乡村温馨校园各2所”",
        examples=[True],
    )
    text: str | None = Field(
        None,
        description="写好的整句指标，原样使用，如“争创1个省级、2个市级德育品牌”；此时 target 可省略",
        examples=["争创1个省级、2个市级德育品牌"],
    )
    area: Id | None = Field(None, description="所属工作领域的 id", examples=["moral"])
    owner: Owner | None = Field(
        None,
        description="负责部门：部门 id 或名称，或其列表（如 [jiaoyu, 团委]）",
        examples=["zhengjiao"],
    )

    @field_validator("baseline", mode="before")
    @classmethod
    def _number_not_text(cls, value: Any, info: ValidationInfo) -> Any:
        return as_number(value, info.field_name or "baseline")

    @field_validator("target", mode="wrap")
    @classmethod
    def _target(cls, value: Any, handler: Any) -> Any:
        # A number or a [low, high] range, checked here so that a wrong value gets one message
        # (the union's members would each report it).
        if value is None:
            return None
        if isinstance(value, list | tuple):
            if len(value) != 2:
                raise PydanticCustomError(
                    "range_shape",
                    "范围应写作 [最低, 最高]，如 [1, 2]，实际有 {n} 项",
                    {"n": len(value)},
                )
            return tuple(bounded_target(as_number(item, "target")) for item in value)
        return bounded_target(as_number(value, "target"))

    def _words(self, prev: str, *, bare: bool) -> str:
        return zh.quota_words(
            self.name,
            self.target,
            self.unit,
            self.compare,
            self.baseline,
            prev,
            verb=self.verb,
            each=self.each,
            against=self.against,
            text=self.text,
            bare=bare,
        )

    def phrase(self, prev: str = "上学年") -> str:
        """Returns the full quota phrase with its baseline, e.g. 学生行为规范达标率达到98%以上（上学年96%，提高2个百分点）."""
        return self._words(prev, bare=False)

    def bare_phrase(self, prev: str = "上学年") -> str:
        """Returns the quota phrase without the baseline comparison."""
        return self._words(prev, bare=True)

    def change(self, prev: str = "上学年") -> str:
        """Returns the comparison with the baseline alone (较上学年提高2个百分点), or ''."""
        if (
            self.text
            or self.target is None
            or isinstance(self.target, tuple)
            or self.compare in ("increase", "decrease")
        ):
            return ""
        return zh.quota_change(self.target, self.unit, self.baseline, prev, self.compare)

    @property
    def target_text(self) -> str:
        """Returns the target as written in a table cell: 98%以上, 2小时以内, 零发生, 1～2名, 提高5分."""
        return zh.quota_target(
            self.target, self.unit, self.compare, verb=self.verb, each=self.each, text=self.text
        )
