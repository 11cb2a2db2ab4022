"""The building blocks of the plan model: the base model, field types and enumerations, and
the link from a loaded plan back to where its values were written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict

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
