"""pydantic's validation errors in the user's words: Chinese Problems placed at the value to fix.

The same translation serves every kind of file (plans, themes): what was expected, what was found,
and for an unknown key the field that was probably meant.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from plangen.errors import InputError, Problem
from plangen.source.kind import FileKind
from plangen.source.locations import Locations
from plangen.source.problems import format_path, problem_at, redact, sorted_problems
from plangen.source.scalars import invisible_characters, visible


def validate(
    kind: FileKind, data: dict, locs: Locations, file: str, problems: Iterable[Problem] = ()
) -> Any:
    """Returns `data` validated into `kind.model`, or raises InputError with `problems` (found by the
    caller's own checks) and every validation problem, sorted."""
    found = list(problems)
    result = None
    try:
        result = kind.model.model_validate(data)
    except ValidationError as exc:
        found += _validation_problems(exc, kind, data, locs, file)
    if found:
        raise InputError(sorted_problems(redact(found, locs), file))
    return result


def _validation_problems(
    exc: ValidationError, kind: FileKind, data: dict, locs: Locations, file: str
) -> list[Problem]:
    """Returns one located Chinese Problem for each error of `exc` (raised validating `data`)."""
    errors: list[
        tuple[tuple, bool, dict[str, Any]]
    ] = []  # (field loc, loc named a union member, error)
    for raw in exc.errors(include_url=False):
        loc = _field_loc(raw["loc"], data)
        errors.append((loc, loc != tuple(raw["loc"]), dict(raw)))
    # `shcool:` is one mistake: say "did you mean school", not also "school is missing".
    suggested = {
        (*loc[:-1], _suggestion(kind, loc))
        for loc, _, e in errors
        if e["type"] == "extra_forbidden"
    }
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for loc, union, error in errors:
        if error["type"] == "missing" and loc in suggested:
            continue
        if loc in seen and union:
            continue  # one message for a value no member of a union accepts
        seen.add(loc)
        problems.append(_from_pydantic(loc, error, kind, locs, data, file))
    return problems


_UNION_MEMBERS = frozenset({"str", "int", "float", "bool", "none"})
_TAGGED = re.compile(r"^[\w-]+\[.*\]$", re.DOTALL)  # function-after[…], list[…], literal[…]


def _field_loc(loc: tuple, data: Any) -> tuple:
    """Returns pydantic's `loc` without the names it gives the members of a union ("float", "str",
    "function-after[…]"): a part that names no key of the user's data and looks like such a name."""
    out: list[Any] = []
    node = data
    for part in loc:
        in_data = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if in_data:
            node = node[part]  # type: ignore[index]
        elif isinstance(part, str) and (part in _UNION_MEMBERS or _TAGGED.match(part)):
            continue
        else:
            node = None
        out.append(part)
    return tuple(out)


def _describe(value: Any) -> str:
    """Returns what a value is, in the user's words: 文字“…”, 数字 3, 列表 …"""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if (
        isinstance(value, int) and value.bit_length() > 200
    ):  # str() of 4,300 digits raises ValueError
        return f"数字（约 {int(value.bit_length() * 0.30103) + 1:,} 位）"
    if isinstance(value, (int, float)):
        text = str(value)
        if len(text) > 20:  # 10**400 must not fill the screen
            text = (
                f"{text[:12]}……（共 {len(text.lstrip('-'))} 位）"
                if isinstance(value, int)
                else f"{value:.6g}"
            )
        return f"数字 {text}"
    if isinstance(value, str):
        short = value if len(value) <= 20 else value[:20] + "……"
        return f"文字“{short}”"
    if isinstance(value, dict):
        return "映射（键: 值）"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dt.date):
        return f"日期 {value.isoformat()}"
    return type(value).__name__


def _model_at(kind: FileKind, loc: tuple) -> type[BaseModel] | None:
    """Returns the model of the mapping at pydantic location `loc`, if it is one."""
    model: Any = kind.model
    for part in loc:
        if isinstance(part, int):
            continue
        if (
            not (isinstance(model, type) and issubclass(model, BaseModel))
            or part not in model.model_fields
        ):
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _fields_at(kind: FileKind, loc: tuple) -> list[str]:
    """Returns the field names allowed in the mapping at pydantic location `loc`."""
    model = _model_at(kind, loc)
    return list(model.model_fields) if model else []


def _suggestion(kind: FileKind, loc: tuple) -> str:
    """Returns the known field an unknown key at `loc` was probably meant to be, or ''."""
    fields = _fields_at(kind, loc[:-1])
    written = str(loc[-1]).partition(":")[0]
    if written in fields:  # `school:name: …` without a space
        return written
    close = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.6)
    return close[0] if close else ""


def _description(kind: FileKind, loc: tuple) -> str:
    """Returns the schema's description of the field at `loc` ('' if none)."""
    model = _model_at(kind, loc[:-1])
    info = model.model_fields.get(str(loc[-1])) if model else None
    return (info.description or "") if info else ""


def _inner_model(annotation: Any) -> Any:
    for arg in typing.get_args(annotation) or ():
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list):
        return None
    return annotation


_ENUM_VALUES = re.compile(r"'([^']*)'")
_TYPES = {  # pydantic error type → what was expected
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "list_type": "应为列表（每项以“- ”开头，或写作 [a, b]）",
    "dict_type": "应为“键: 值”的映射",
    "model_type": "应为“键: 值”的映射",
    "model_attributes_type": "应为“键: 值”的映射",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
}
_EMPTY_TYPES = frozenset(
    {"string_type", "int_type", "float_type", "list_type", "dict_type", "model_type", "date_type"}
)
_BOUNDS = {
    "greater_than": ("gt", "大于"),
    "greater_than_equal": ("ge", "不小于"),
    "less_than": ("lt", "小于"),
    "less_than_equal": ("le", "不大于"),
}


def _from_pydantic(
    loc: tuple, error: dict[str, Any], kind: FileKind, locs: Locations, data: dict, file: str
) -> Problem:
    error_type = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if error_type == "missing":
        description = _description(kind, loc)
        message = f"缺少必填字段“{field_name}”" + (f"：{description}" if description else "")
        mark = locs.find(data, loc[:-1])
        if mark is None:
            return Problem(file, 0, 0, format_path(loc), message)
        return Problem(mark.file or file, mark.line, mark.col, format_path(loc), message)
    if error_type == "extra_forbidden":
        close = _suggestion(kind, loc)
        written, colon, rest = field_name.partition(":")
        hidden = invisible_characters(field_name)
        if hidden:
            message = f"键“{visible(field_name)}”中有不可见的字符 {'、'.join(hidden)}（如零宽空格、BOM）；请删除它"
            cleaned = "".join(c for c in field_name if visible(c) == c)
            if cleaned in _fields_at(kind, loc[:-1]):
                message += f"，写作“{cleaned}”"
        elif not field_name:
            message = "键名是空的；请在冒号前写上字段名，或删除这一行"
        elif colon and close == written:  # `page:margin_top_mm: 30` is read as one key
            message = (
                f"键“{written}”后面的冒号后缺少空格；请在冒号后加一个空格，写作“{written}: {rest}”"
            )
        elif close:
            message = f"未知字段“{field_name}”，是否想写“{close}”？"
        elif loc[:-1] or not kind.unknown_top:
            message = (
                f"未知字段“{field_name}”；这里可用的字段：{'、'.join(_fields_at(kind, loc[:-1]))}"
            )
        else:
            message = f"未知字段“{field_name}”；{kind.unknown_top}"
        return problem_at(locs, data, file, loc, message, key=True)
    message = _value_message(error_type, value, ctx, field_name, error)
    if isinstance(value, bool) and error_type in ("string_type", "literal_error"):
        mark = locs.find(data, loc)
        literal = locs.literals.get(mark) if mark else None
        if literal:
            message += f'（YAML 把不带引号的 {literal} 读作布尔值）；若要写文字 {literal}，请加引号："{literal}"'
    return problem_at(locs, data, file, loc, message)


def _value_message(error_type: str, value: Any, ctx: dict, field_name: str, error: dict) -> str:
    """Returns the Chinese message for a value of the wrong type or out of range."""
    if value is None and error_type in _EMPTY_TYPES:
        return "不能为空：请填写内容，或删除这一行"
    if error_type in _TYPES:
        return f"{_TYPES[error_type]}，实际为{_describe(value)}"
    if error_type == "finite_number":
        return "应为普通数字（如 98），不能是无穷大或非数值（.inf、.nan）"
    if error_type == "literal_error":
        options = "、".join(_ENUM_VALUES.findall(str(ctx.get("expected", ""))))
        return f"取值“{value}”无效，应为 {options} 之一"
    if error_type in _BOUNDS:
        if field_name == "month":
            return f"月份应在 1 到 12 之间，实际为 {value}"
        if field_name == "week":
            return f"周次应在 1 到 30 之间，实际为 {value}"
        name, word = _BOUNDS[error_type]
        bound = ctx.get(name)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # 1000000000000, not 1000000000000.0
        big = isinstance(bound, int | float) and abs(bound) >= 10_000
        shown = f"{bound:,}" if big else str(bound)  # a year is 2200, not 2,200
        return f"应{word} {shown}，实际为 {_describe(value).removeprefix('数字 ')}"
    if error_type == "too_short":
        return "不能为空：至少需要一项" if isinstance(value, list) else "不能为空：请填写内容"
    if error_type == "string_too_short":
        return "不能为空：请填写内容"
    if error_type == "string_too_long":
        return f"文字过长：最多 {ctx.get('max_length')} 个字，实际为 {len(value)} 个"
    if error_type.startswith("date") or error_type.startswith("datetime"):
        return f"应为日期，写作 2025-09-10，实际为{_describe(value)}"
    return str(error.get("msg", "取值无效")).removeprefix("Value error, ")
