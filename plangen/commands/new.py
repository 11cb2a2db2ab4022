"""Built-in presets: the catalogue (`plangen presets`) and new plans made from them (`new`).

The catalogue comes from each preset's comment header (`# 预设：…` and `# 用途：…`). A new
plan is the preset's own text edited through ruamel.yaml's round trip, so the preset's comments —
the instructions for the user — stay in the file the user edits.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plangen import resources
from plangen.errors import UsageError

PLACEHOLDER = "某某"  # every preset's fictional names start with it: 某某小学, 某某县教育和体育局


@dataclass(frozen=True)
class PresetInfo:
    """One built-in preset as `plangen presets` lists it."""

    name: str  # file stem, used in `--preset NAME` and `extends: preset:NAME`
    title: str  # 中文名
    purpose: str  # 用途


def available_presets() -> list[str]:
    """Returns the names of the preset files, sorted (files starting with `_` are not presets)."""
    return resources.preset_names()


# The order `plangen presets` lists them in: schools by level, then the term plan and the bureau.
ORDER = (
    "primary-school",
    "junior-middle",
    "senior-high",
    "kindergarten",
    "semester",
    "bureau-safety",
)
_HEADER = re.compile(r"^#\s*(预设|用途)：(.+?)\s*$", re.MULTILINE)


def _header(path: Path) -> dict[str, str]:
    """Returns the `# 预设：中文名（name）` and `# 用途：…` lines of a preset's comment header."""
    head = path.read_text(encoding="utf-8")[:2000]
    found = {key: value for key, value in _HEADER.findall(head)}
    if "预设" in found:
        found["预设"] = re.sub(r"（[\w-]+）$", "", found["预设"])
    return found


def preset_catalogue() -> list[PresetInfo]:
    """Returns every built-in preset with the Chinese name and purpose its header states."""
    present = available_presets()
    names = [n for n in ORDER if n in present] + [n for n in present if n not in ORDER]
    out = []
    for name in names:
        header = _header(resources.data_dir("presets") / f"{name}.yaml")
        out.append(PresetInfo(name, header.get("预设", name), header.get("用途", "").rstrip("。")))
    return out


def find_preset(name: str) -> Path:
    """Returns the file of preset `name`; else raises UsageError with a suggestion and the list."""
    known = available_presets()
    path = resources.preset_path(name)
    if path is not None:
        return path
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"是否想写“{close[0]}”？" if close else ""
    raise UsageError(
        f"没有名为“{name}”的预设。{hint}可用的预设：{'、'.join(known)}（plangen presets 查看说明）"
    )


def schema_reference(plan_file: Path) -> str:
    """Returns how a bundled `plan_file` names the shipped JSON Schema in its modeline: a relative
    path when the file lies in the tree that holds the schema (a source checkout, where presets and
    examples say ../schema/plan.schema.json), else a file:// URI. `new` does not use it: it writes
    the schema beside the new plan."""
    import os

    schema = (resources.data_dir("schema") / "plan.schema.json").resolve()
    folder = plan_file.resolve().parent
    try:
        folder.relative_to(schema.parent.parent)
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:
        return schema.as_uri()


def is_interactive() -> bool:
    """Returns whether `new` may ask questions: standard input and output are both terminals."""
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


def today() -> dt.date:
    """Returns today's date (a function, so that tests can choose the day)."""
    return dt.date.today()


def default_year(preset: str, on: dt.date | None = None) -> int:
    """Returns the start year a new plan from `preset` gets on day `on` (default today): the
    current calendar year for a calendar-year preset (a bureau's 年度计划); else the academic year
    under way — this year from August on, last year before (2026-03 → 2025—2026学年)."""
    from plangen.plan.load import load_plan

    day = on or today()
    if load_plan(find_preset(preset)).period.year is not None:
        return day.year
    return day.year if day.month >= 8 else day.year - 1


@dataclass(frozen=True)
class Identity:
    """Who issues a plan: the names `new` asks for on a terminal."""

    school: str  # 学校（单位）全称
    short_name: str  # 简称
    issuer: str  # 落款


def preset_identity(preset: str) -> Identity:
    """Returns the placeholder names `preset` is written with (某某小学, 某某小学, 某某小学)."""
    from plangen.plan.load import load_plan

    plan = load_plan(find_preset(preset))
    return Identity(
        plan.school.name,
        plan.school.short_name or plan.school.name,
        plan.document.issuer or plan.school.name,
    )


def ask_names(
    preset: str, short_name: str | None, issuer: str | None, ask: Callable[..., str]
) -> tuple[str, str, str]:
    """Returns (school, short name, issuer) as answered to `ask` (typer.prompt on a terminal):
    each with the preset's value as default — for the short name and the issuer (unless given),
    the answered name where the preset has a placeholder (某某…). An unknown preset is refused
    first."""
    preset_names = preset_identity(preset)
    school = ask("学校（单位）全称", default=preset_names.school)

    def default(value: str) -> str:
        return school if PLACEHOLDER in value else value

    return (
        school,
        short_name or ask("简称（正文中使用）", default=default(preset_names.short_name)),
        issuer or ask("落款（发文单位）", default=default(preset_names.issuer)),
    )


def new_plan(
    path: Path,
    preset: str,
    *,
    school: str | None,
    year: int | None,
    short_name: str | None = None,
    issuer: str | None = None,
) -> Path:
    """Writes to `path` a commented plan ready to edit, made from `preset`: the preset's text with
    school.name set to `school` (a placeholder short_name and issuer too, unless `short_name` or
    `issuer` are given), the period moved to `year` with its dates, and plan.schema.json written
    beside it, named by the first line (`# yaml-language-server: $schema=./plan.schema.json`), so
    that an editor finds it wherever the folder goes. Returns the schema's path.
    Raises UsageError for an unknown preset, an empty name or an absurd year."""
    from plangen.commands.roll import move_file, set_modeline
    from plangen.commands.roundtrip import round_trip_dump, round_trip_load, write_checked
    from plangen.commands.schema import SCHEMA_FILE, write_schema
    from plangen.plan.load import PLAN_FILE, load_plan
    from plangen.plan.period import check_year
    from plangen.source.text import read_text

    path = Path(path)
    source = find_preset(preset)
    names = {"--school": school, "--short-name": short_name, "--issuer": issuer}
    for option, value in names.items():
        if value is not None and not value.strip():
            raise UsageError(f"{option} 不能为空：{_EXAMPLES[option]}")
    if year is not None:
        check_year(year)
    yaml, data = round_trip_load(read_text(source, PLAN_FILE), str(source))
    _set_school(
        data,
        school and school.strip(),
        short_name and short_name.strip(),
        issuer and issuer.strip(),
    )
    if year is not None:
        move_file(data, load_plan(source), year)
    text = set_modeline(round_trip_dump(yaml, data), f"./{SCHEMA_FILE}")
    write_checked(path, text)
    return write_schema(path.parent)


_EXAMPLES = {
    "--school": "请写学校（单位）全称，如 --school 青岚县星河实验小学",
    "--short-name": "请写正文中使用的简称，如 --short-name 星河小学",
    "--issuer": "请写落款（发文单位），如 --issuer 青岚县星河实验小学",
}


def _set_school(data: dict, school: str | None, short_name: str | None, issuer: str | None) -> None:
    """Puts `school` where the preset has its placeholder name: school.name, and a placeholder
    short_name and document.issuer unless `short_name` or `issuer` name them."""
    from plangen.plan.period import same_kind

    info = data.get("school")
    if not isinstance(info, dict):
        return
    placeholder = info.get("name")
    if school is not None:
        info["name"] = same_kind(placeholder, school)
    short = info.get("short_name")
    if short_name is not None:
        info["short_name"] = same_kind(short, short_name)
    elif (
        school is not None
        and isinstance(short, str)
        and (short == placeholder or PLACEHOLDER in short)
    ):
        info["short_name"] = same_kind(short, school)
    document = data.get("document")
    if not isinstance(document, dict):
        return
    old = document.get("issuer")
    if issuer is not None:
        document["issuer"] = same_kind(old, issuer)
    elif (
        school is not None
        and isinstance(old, str)
        and (old == placeholder or old.startswith(PLACEHOLDER))
    ):
        document["issuer"] = same_kind(old, school)
