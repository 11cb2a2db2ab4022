"""The building blocks of the plan model: the base model, field types and enumerations, and
the link from a loaded plan back to where its values were written."""

import math
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError, PydanticKnownError

from plangen.errors import Problem

MAX_STEP_DEPTH = 4
YEAR_MIN, YEAR_MAX = 1949, 2200  # the years a plan may name (period, --year, roll --to)

SchoolKind = Literal[
    "primary", "junior", "senior", "nine_year", "kindergarten", "vocational", "bureau", "other"
]
Term = Literal["year", "first", "second"]
Compare = Literal["at_least", "at_most", "exact", "zero", "increase", "decrease"]
TermNames = Literal["first_second", "upper_lower", "seasons"]
AreaLayout = Literal["nested", "top"]
# The built-in sections a plan may rename (`headings`) or place an extra section after (`sections`).
SECTION_KEYS = (
    "guiding_ideology",
    "goals",
    "tasks",
    "leadership",
    "departments",
    "schedule",
    "safeguards",
    "evaluation",
    "closing",
)
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


# Chinese-keyboard slips (issue 13.4) are refused with a message that shows the corrected text,
# never read silently: a 公文 must say what the user meant, and only the user knows it.
# A list separator typed with the Chinese keyboard: the full-width comma, the enumeration comma
# 、, the full-width semicolon; inside brackets (袁芳（局党组成员、副局长）) it is text.
_IME_SEPARATOR = re.compile(r"\s*[，、；]\s*")
_OPEN, _CLOSE = "（(【〔[“‘「『《", "）)】〕]”’」』》"
# Quotes around a whole value, as a Chinese keyboard types them (or doubled ASCII quotes).
_IME_QUOTES = {
    "“": "”",
    "”": "”",
    "‘": "’",
    "＂": "＂",
    "＇": "＇",
    "「": "」",
    "『": "』",
    '"': '"',
    "'": "'",
}


def split_ime_list(text: str) -> list[str] | None:
    """Returns the items of one list item that holds several, joined by a full-width comma, 、 or
    ；outside brackets (家长委员会，所在社区 → [家长委员会, 所在社区]); None when it holds one."""
    depth, parts, start = 0, [], 0
    for found in re.finditer(f"[{re.escape(_OPEN + _CLOSE)}]|{_IME_SEPARATOR.pattern}", text):
        mark = found.group().strip()
        if mark and mark in _OPEN:
            depth += 1
        elif mark and mark in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(text[start : found.start()])
            start = found.end()
    parts.append(text[start:])
    parts = [p.strip() for p in parts if p.strip()]
    return parts if len(parts) > 1 else None


def ime_list_message(field: str, written: list[str], index: int, parts: list[str]) -> str:
    """Returns the message for item `index` of list `field` that holds `parts`: it names the
    separator and shows the whole list as it should be written."""
    fixed = [*written[:index], *parts, *written[index + 1 :]]
    return (
        f"“{written[index]}”里有全角逗号或顿号（中文输入法下的“，”“、”），会被当作一项；"
        f"列表各项之间请用半角逗号“,”分隔，写作 {field}: [{', '.join(fixed)}]"
    )


def ime_id_message(
    path: tuple[str | int, ...], value: Any, siblings: list[Any] | None, *, many: bool = False
) -> str | None:
    """Returns the message for an unknown id that is several ids joined by a full-width comma or
    、 (`quotas: [a，b]`, `owner: deyu，jiaowu`); None for any other unknown id. `siblings` is the
    list the id stands in (None for a single value); `many` says a single value may also be a
    list (owner), else it holds one id (area)."""
    parts = split_ime_list(str(value))
    if parts is None:
        return None
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    if siblings is not None and isinstance(path[-1], int):
        return ime_list_message(field, [str(v) for v in siblings], path[-1], parts)
    if many:
        return ime_list_message(field, [str(value)], 0, parts)
    return (
        f"“{value}”里有全角逗号或顿号（中文输入法下的“，”“、”）；{field} 只能写一个 id，"
        f"如 {field}: {parts[0]}"
    )


def _one_as_list(value: Any, info: ValidationInfo) -> Any:
    """Accepts a single name where a list of names is expected (`partners: 社区`), and refuses an
    item that holds several names joined by a full-width comma or 、 (`[家长委员会，所在社区]`)."""
    items = [value] if isinstance(value, str) else value
    if isinstance(items, list):
        texts = [str(item) for item in items]
        for index, item in enumerate(items):
            parts = split_ime_list(item) if isinstance(item, str) else None
            if parts:
                raise PydanticCustomError(
                    "ime_separator",
                    ime_list_message(info.field_name or "列表", texts, index, parts),
                )
    return items


def _unit_without_quotes(value: Any) -> Any:
    """Refuses a unit written inside quotes that are part of the value (`unit: “%”`, `'"%"'`),
    which would print as 98“%”以上."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) >= 2 and _IME_QUOTES.get(text[0]) == text[-1]:
            inner = text[1:-1].strip()
            raise PydanticCustomError(
                "unit_quotes",
                "单位 {value} 两边的引号成了单位的一部分（会连引号一起印进文档，如 98{value}以上）；"
                '请用半角引号 "" 或不加引号：写作 unit: "{inner}"',
                {"value": text, "inner": inner},
            )
    return value


def _lines_as_text(value: Any) -> Any:
    """Accepts paragraphs written as a YAML list of lines where a text is expected."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n".join(value)
    return value


# A list of free-text names (not ids): one name alone is accepted as a one-item list.
Names = Annotated[list[str], BeforeValidator(_one_as_list)]
# A quota's unit (%、次、个); quotes typed around it are refused.
Unit = Annotated[str, BeforeValidator(_unit_without_quotes)]
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
TARGET_SCHEMA = {
    "type": ["number", "array", "null"],
    "minimum": -1e12,
    "maximum": 1e12,
    "items": {"type": "number", "minimum": -1e12, "maximum": 1e12},
    "minItems": 2,
    "maxItems": 2,
}


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
                '应为数字，不要带百分号：请写成 {field}: {number}，并另写 unit: "%"',
                {"number": number or "98", "field": field},
            )
        try:
            return float(text)
        except ValueError:
            raise PydanticCustomError(
                "not_a_number", "应为数字（如 98、2、0.5），实际为“{text}”", {"text": text}
            ) from None
    if isinstance(value, bool):
        raise PydanticCustomError(
            "not_a_number", "应为数字，实际为 {text}", {"text": str(value).lower()}
        )
    return value


# Factories for empty defaults. Python functions rather than the builtins `list` and `dict`:
# pydantic reads a default factory's signature, and a builtin's must be parsed from its text
# signature with the tokenizer — about 5 ms of every run over the plan's 45 such fields.
def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[Any, Any]:
    return {}
