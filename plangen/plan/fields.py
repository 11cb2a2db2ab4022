"""The building blocks of the plan model: the base model, field types and enumerations, and
the link from a loaded plan back to where its values were written."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError, PydanticKnownError

from plangen.errors import Problem

MAX_STEP_DEPTH = 4

SchoolKind = Literal[
    "primary", "junior", "senior", "nine_year", "kindergarten", "vocational", "bureau", "other"
]
Term = Literal["year", "first", "second"]
Compare = Literal["at_least", "at_most", "exact", "zero", "increase", "decrease"]
TermNames = Literal["first_second", "upper_lower", "seasons"]
AreaLayout = Literal["nested", "top"]
# The built-in sections a plan may rename (`headings`) or place an extra section after (`sections`).
SECTION_KEYS = ("guiding_ideology", "goals", "tasks", "leadership", "departments", "schedule",
                "safeguards", "evaluation", "closing")
SCHEDULE_COLUMN_KEYS = ("schedule_time", "schedule_work", "schedule_owner")
Tag = Literal["innovation", "collaboration", "routine"]


class Verbatim:
    """Marks a text that is not prose (an id, a file reference): templates get it as written,
    never normalised or escaped for Markdown. Enumerations (`Literal` types) are verbatim too."""

    def __repr__(self) -> str:
        return "Verbatim()"


Id = Annotated[str, Verbatim()]  # ascii-ish identifier, unique within its list
# Who is responsible: a department's id or name, or a list of them (joint owners: 教育处、团委).
Owner = Annotated[str | list[str], Verbatim()]


def _one_as_list(value: Any) -> Any:
    """Accepts a single name where a list of names is expected (`partners: 社区`)."""
    return [value] if isinstance(value, str) else value


def _lines_as_text(value: Any) -> Any:
    """Accepts paragraphs written as a YAML list of lines where a text is expected."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n".join(value)
    return value


# A list of free-text names (not ids): one name alone is accepted as a one-item list.
Names = Annotated[list[str], BeforeValidator(_one_as_list)]
# Text of one or more paragraphs: a list of lines is accepted and joined.
Paragraphs = Annotated[str, BeforeValidator(_lines_as_text)]


class Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
    )


class SourceLocator:
    """Where a loaded plan's values were written: `locate(path, message)` returns a located Problem.
    It takes no part in equality: the same plan read from two files is the same plan."""

    def __init__(self, locate: Callable[[tuple[str | int, ...], str], Problem]) -> None:
        self.locate = locate

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceLocator)

    def __hash__(self) -> int:
        return 0


Number = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]
# A target is one number or a [low, high] range: one JSON type list, so an editor says
# “'98%' is not of type 'number'” rather than “not valid under any of the given schemas”.
TARGET_SCHEMA = {"type": ["number", "array", "null"], "minimum": -1e12, "maximum": 1e12,
                  "items": {"type": "number", "minimum": -1e12, "maximum": 1e12}, "minItems": 2, "maxItems": 2}


_TARGET_LIMIT = 1e12


def bounded_target(value: Any) -> float:
    """Returns a target number checked as `Number` checks it (finite, within ±1e12)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticKnownError("float_type")
    if not math.isfinite(value):
        raise PydanticKnownError("finite_number")
    if value < -_TARGET_LIMIT:
        raise PydanticKnownError("greater_than_equal", {"ge": -_TARGET_LIMIT})
    if value > _TARGET_LIMIT:
        raise PydanticKnownError("less_than_equal", {"le": _TARGET_LIMIT})
    return float(value)


def as_number(value: Any, field: str) -> Any:
    """Returns a target or baseline written as text as a number, or raises the Chinese error."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("%", "％")):
            number = text.rstrip("%％").strip()
            raise PydanticCustomError(
                "number_with_percent",
                "应为数字，不要带百分号：请写成 {field}: {number}，并另写 unit: \"%\"",
                {"number": number or "98", "field": field},
            )
        try:
            return float(text)
        except ValueError:
            raise PydanticCustomError(
                "not_a_number", "应为数字（如 98、2、0.5），实际为“{text}”", {"text": text}
            ) from None
    if isinstance(value, bool):
        raise PydanticCustomError("not_a_number", "应为数字，实际为 {text}", {"text": str(value).lower()})
    return value
