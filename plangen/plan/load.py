"""load: a plan file becomes a validated `Plan`, or an `InputError` listing every problem at once.

    read bytes → decode → parse YAML (with locations) → resolve extends (deep merge)
    → apply --year/--term overrides → cross-field checks + pydantic validation → Plan
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from plangen import resources
from plangen.errors import InputError, Problem
from plangen.plan.checks import check
from plangen.plan.model import Plan, keep_source
from plangen.source.yamlnodes import Locations, Mark, parse_yaml, read_text

MAX_EXTENDS_DEPTH = 10


def load_plan(path: str | Path, *, year: int | None = None, term: str | None = None) -> Plan:
    """Returns the validated plan in `path`; `year`/`term` override its period (yearly regeneration)."""
    path = Path(path)
    locs = Locations()
    data = load_data(path, locs)
    located = functools.partial(_problem, locs, data, str(path), key=True)  # before overrides copy `data`
    if year is not None or term is not None:
        data = override_period(data, year=year, term=term)
    plan = validate(data, locs, str(path))
    keep_source(plan, located)
    return plan


def load_data(path: Path, locs: Locations, _chain: tuple[Path, ...] = ()) -> dict:
    """Returns the file's data with its `extends:` chain merged in (this file wins)."""
    data = parse_yaml(read_text(path), str(path), locs)
    parent_ref = data.get("extends")
    if parent_ref is None:
        return data
    mark = locs.find(data, ("extends",))
    parent_path = resolve_extends(parent_ref, path, mark)
    resolved = parent_path.resolve()
    if resolved in _chain or resolved == path.resolve():
        names = " → ".join(p.name for p in (*_chain, path.resolve(), resolved))
        raise _at(mark, "extends", f"继承形成了循环：{names}；请去掉其中一处 extends")
    if len(_chain) >= MAX_EXTENDS_DEPTH:
        raise _at(mark, "extends", f"继承层次过多（超过 {MAX_EXTENDS_DEPTH} 层）")
    parent = load_data(parent_path, locs, (*_chain, path.resolve()))
    child = {k: v for k, v in data.items() if k != "extends"}
    locs.register_map(child, {k: v for k, v in locs.maps[id(data)].items() if k != "extends"})
    merged = merge(parent, child, locs)
    locs.roots[id(merged)] = Mark(str(path), 1, 1)
    return merged


def resolve_extends(ref: Any, path: Path, mark: Mark | None) -> Path:
    """Returns the file an `extends:` value names: `preset:NAME` or a path relative to `path`."""
    if not isinstance(ref, str) or not ref.strip():
        raise _at(mark, "extends", "extends 应为预设名（如 preset:primary-school）或相对路径（如 ../base.yaml）")
    ref = ref.strip()
    if ref.startswith("preset:"):
        name = ref.removeprefix("preset:").strip()
        preset = resources.preset_path(name)
        if preset is None:
            known = resources.preset_names()
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"，是否想写“preset:{close[0]}”？" if close else f"；可用的预设：{'、'.join(known)}"
            raise _at(mark, "extends", f"没有名为“{name}”的预设{hint}")
        return preset
    target = (path.parent / ref)
    if not target.is_file():
        raise _at(mark, "extends", f"找不到被继承的文件“{ref}”（相对于 {path.parent or '.'}）")
    return target


def merge(parent: Any, child: Any, locs: Locations, path: tuple[str | int, ...] = ()) -> Any:
    """Returns `child` deep-merged onto `parent`: mappings merge, lists of items with `id` merge by
    id (`remove: true` drops an item), any other value is replaced by the child's."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        entries = dict(locs.maps.get(id(parent), {}))
        child_entries = locs.maps.get(id(child), {})
        for key, value in child.items():
            out[key] = merge(parent[key], value, locs, (*path, key)) if key in parent else value
            if key in child_entries:
                entries[key] = child_entries[key]
        locs.register_map(out, entries)
        return out
    if _is_id_list(parent) and _is_id_list(child):
        return _merge_by_id(parent, child, locs, path)
    return child


def _is_id_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) and "id" in i for i in value)


def _merge_by_id(parent: list, child: list, locs: Locations, path: tuple[str | int, ...]) -> list:
    out = list(parent)
    marks = list(locs.seqs.get(id(parent), [Mark("", 0, 0)] * len(parent)))
    child_marks = locs.seqs.get(id(child), [Mark("", 0, 0)] * len(child))
    position = {str(item["id"]): i for i, item in enumerate(parent)}
    removed: set[int] = set()
    for i, (item, mark) in enumerate(zip(child, child_marks, strict=True)):
        remove = item.get("remove") is True
        clean = {k: v for k, v in item.items() if k != "remove"}
        locs.register_map(clean, {k: v for k, v in locs.maps.get(id(item), {}).items() if k != "remove"})
        index = position.get(str(item["id"]))
        if index is None and remove:
            raise InputError(Problem(mark.file, mark.line, mark.col, format_path((*path, i, "remove")),
                                     f"要删除的 id“{item['id']}”在被继承的文件中不存在；请检查 id 的拼写"))
        if index is None:
            if not remove:
                out.append(clean)
                marks.append(mark)
            continue
        if remove:
            removed.add(index)
        else:
            out[index] = merge(out[index], clean, locs, (*path, index))
            marks[index] = mark
    kept = [i for i in range(len(out)) if i not in removed]
    result = [out[i] for i in kept]
    locs.register_seq(result, [marks[i] for i in kept])
    return result


def override_period(data: dict, *, year: int | None, term: str | None) -> dict:
    """Returns data whose period starts in `year` (and is `term`), shifting dates by the difference."""
    period = data.get("period")
    if not isinstance(period, dict):
        return data
    period = dict(period)
    shift = 0
    if year is not None:
        key = "year" if period.get("year") is not None else "academic_year"
        old = period.get(key)
        shift = year - old if isinstance(old, int) else 0
        period[key] = year
    if term is not None and period.get("year") is None:
        period["term"] = term
    out = {**data, "period": period}
    document = data.get("document")
    if shift and isinstance(document, dict) and isinstance(document.get("date"), dt.date):
        out["document"] = {**document, "date": shift_date(document["date"], shift)}
    if shift and isinstance(data.get("schedule"), list):
        out["schedule"] = [
            {**e, "date": shift_date(e["date"], shift)} if isinstance(e, dict) and isinstance(e.get("date"), dt.date) else e
            for e in data["schedule"]
        ]
    return out


def shift_date(day: dt.date, years: int) -> dt.date:
    """Returns `day` moved by whole years (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validate(data: dict, locs: Locations, file: str) -> Plan:
    """Returns the Plan for loaded data, or raises InputError with every problem found."""
    problems: list[Problem] = []
    for path, message in check(data):
        problems.append(_problem(locs, data, file, path, message))
    plan: Plan | None = None
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # `shcool:` is one mistake: say "did you mean school", not also "school is missing".
        suggested = {(*e["loc"][:-1], _suggestion(tuple(e["loc"]))) for e in errors if e["type"] == "extra_forbidden"}
        for error in errors:
            if error["type"] == "missing" and tuple(error["loc"]) in suggested:
                continue
            problems.append(_from_pydantic(dict(error), locs, data, file))
    if problems:
        unique = sorted(set(problems), key=lambda p: (p.file != file, p.file, p.line, p.col, p.path))
        raise InputError(unique)
    assert plan is not None
    return plan


def _at(mark: Mark | None, path: str, message: str) -> InputError:
    if mark is None:
        return InputError(Problem("", 0, 0, path, message))
    return InputError(Problem(mark.file, mark.line, mark.col, path, message))


def format_path(path: tuple[str | int, ...]) -> str:
    """Returns a field path as users read it: quotas[0].target."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(locs: Locations, data: dict, file: str, path: tuple, message: str, *, key: bool = False) -> Problem:
    mark = locs.find(data, path, key=key)
    if mark is None:
        return Problem(file, 0, 0, format_path(path), message)
    return Problem(mark.file or file, mark.line, mark.col, format_path(path), message)


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, (int, float)):
        text = str(value)
        if len(text) > 20:  # 10**400 must not fill the screen
            text = f"{text[:12]}……（共 {len(text.lstrip('-'))} 位）" if isinstance(value, int) else f"{value:.6g}"
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


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """Returns the model of the mapping at pydantic location `loc`, if it is one."""
    model: Any = Plan
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _fields_at(loc: tuple) -> list[str]:
    """Returns the field names allowed in the mapping at pydantic location `loc`."""
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _suggestion(loc: tuple) -> str:
    """Returns the known field an unknown key at `loc` was probably meant to be, or ''."""
    close = difflib.get_close_matches(str(loc[-1]), _fields_at(loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else ""


def _description(loc: tuple) -> str:
    """Returns the schema's description of the field at `loc` ('' if none)."""
    model = _model_at(loc[:-1])
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


def _from_pydantic(error: dict, locs: Locations, data: dict, file: str) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field_name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    key = False
    if kind == "missing":
        mark = locs.find(data, loc[:-1])
        description = _description(loc)
        message = f"缺少必填字段“{field_name}”" + (f"：{description}" if description else "")
        if mark is None:
            return Problem(file, 0, 0, format_path(loc), message)
        return Problem(mark.file or file, mark.line, mark.col, format_path(loc), message)
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        close = _suggestion(loc)
        if close:
            message = f"未知字段“{field_name}”，是否想写“{close}”？"
        elif loc[:-1]:
            message = f"未知字段“{field_name}”；这里可用的字段：{'、'.join(allowed)}"
        else:
            message = f"未知字段“{field_name}”；自定义数据请放在 extra: 下"
        key = True
    elif value is None and kind in ("string_type", "int_type", "float_type", "list_type", "dict_type",
                                    "model_type", "date_type"):
        message = "不能为空：请填写内容，或删除这一行"
    elif kind in ("string_type",):
        message = f"应为文字，实际为{_describe(value)}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"应为整数，实际为{_describe(value)}"
    elif kind == "finite_number":
        message = "应为普通数字（如 98），不能是无穷大或非数值（.inf、.nan）"
    elif kind in ("float_type", "float_parsing"):
        message = f"应为数字，实际为{_describe(value)}"
    elif kind == "list_type":
        message = f"应为列表（每项以“- ”开头，或写作 [a, b]），实际为{_describe(value)}"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = f"应为“键: 值”的映射，实际为{_describe(value)}"
    elif kind == "literal_error":
        options = "、".join(_ENUM_VALUES.findall(str(ctx.get("expected", ""))))
        message = f"取值“{value}”无效，应为 {options} 之一"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if field_name == "month":
            message = f"月份应在 1 到 12 之间，实际为 {value}"
        elif field_name == "week":
            message = f"周次应在 1 到 30 之间，实际为 {value}"
        else:
            bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
            word = "不小于" if kind.startswith("greater") else "不大于"
            if isinstance(bound, float) and bound.is_integer():
                bound = int(bound)  # 1000000000000, not 1000000000000.0
            message = f"应{word} {bound:,}，实际为 {_describe(value).removeprefix('数字 ')}"
    elif kind == "too_short":
        message = "不能为空：至少需要一项" if isinstance(value, list) else "不能为空：请填写内容"
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"应为日期，写作 2025-09-10，实际为{_describe(value)}"
    elif kind == "bool_type" or kind == "bool_parsing":
        message = f"应为 true 或 false，实际为{_describe(value)}"
    else:
        message = error.get("msg", "取值无效")
        message = message.removeprefix("Value error, ")
    return _problem(locs, data, file, loc, message, key=key)
