"""load: a plan file becomes a validated `Plan`, or an `InputError` listing every problem at once.

    read bytes → decode → parse YAML (with locations) → resolve extends (deep merge)
    → apply --year/--term overrides → cross-field checks + pydantic validation → Plan

Reading, merging and the Chinese messages are those of `plangen.source`, shared with themes.
"""

from __future__ import annotations

import difflib
import functools
from pathlib import Path
from typing import Any

from plangen import resources
from plangen.plan.checks import check
from plangen.plan.model import Plan, keep_source
from plangen.plan.period import override_period
from plangen.plan.term import apply_term, keep_year_baselines
from plangen.source.kind import FileKind
from plangen.source.locations import Locations, Mark
from plangen.source.merge import load_chain
from plangen.source.problems import error_at, problem_at
from plangen.source.validation import validate as validate_into

PLAN_FILE = FileKind(
    model=Plan,
    noun="计划文件",
    typical_size="几十 KB",
    typical_depth=15,
    top_keys="school:、period:",
    empty="文件是空的（或只有注释）；请至少写上 school 和 period，可用 plangen new 生成一个模板",
    free_keys=frozenset({"extra", "front_matter"}),
    unknown_top="自定义数据请放在 extra: 下",
)


def load_plan(path: str | Path, *, year: int | None = None, term: str | None = None) -> Plan:
    """Returns the validated plan in `path`; `year`/`term` override its period (yearly regeneration)."""
    path = Path(path)
    locs = Locations()
    data = load_data(path, locs)
    located = functools.partial(
        problem_at, locs, data, str(path), key=True
    )  # before overrides copy `data`
    yearly = apply_term(data, term) if term is not None else False  # before the term is set
    if year is not None or term is not None:
        data = override_period(data, year=year, term=term)
    plan = validate(data, locs, str(path))
    if yearly:
        keep_year_baselines(plan)
    keep_source(plan, located)
    return plan


def load_data(path: Path, locs: Locations) -> dict:
    """Returns the file's data with its `extends:` chain merged in (this file wins)."""
    return load_chain(path, PLAN_FILE, locs, key="extends", resolve=resolve_extends)


def resolve_extends(ref: Any, path: Path, mark: Mark | None) -> Path:
    """Returns the file an `extends:` value names: `preset:NAME` or a path relative to `path`."""
    if not isinstance(ref, str) or not ref.strip():
        raise error_at(
            mark,
            "extends",
            "extends 应为预设名（如 preset:primary-school）或相对路径（如 ../base.yaml）",
        )
    ref = ref.strip()
    if ref.startswith("preset:"):
        name = ref.removeprefix("preset:").strip()
        preset = resources.preset_path(name)
        if preset is None:
            known = resources.preset_names()
            close = difflib.get_close_matches(name, known, n=1)
            hint = (
                f"，是否想写“preset:{close[0]}”？" if close else f"；可用的预设：{'、'.join(known)}"
            )
            raise error_at(mark, "extends", f"没有名为“{name}”的预设{hint}")
        return preset
    target = path.parent / ref
    if (
        not target.exists()
    ):  # a folder, pipe or device is refused by `load_chain`, before it is opened
        raise error_at(mark, "extends", f"找不到被继承的文件“{ref}”（相对于 {path.parent or '.'}）")
    return target


def validate(data: dict, locs: Locations, file: str) -> Plan:
    """Returns the Plan for loaded data, or raises InputError with every problem found."""
    problems = [problem_at(locs, data, file, path, message) for path, message in check(data)]
    plan: Plan = validate_into(PLAN_FILE, data, locs, file, problems)
    return plan
