"""Built-in presets: the catalogue (`plangen presets`) and new plans made from them (`new`).

The catalogue comes from each preset's comment header (`# 预设：…` and `# 用途：…`). A new
plan is the preset's own text edited through ruamel.yaml's round trip, so the preset's comments —
the instructions for the user — stay in the file the user edits.
"""

from __future__ import annotations

import difflib
import re
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
ORDER = ("primary-school", "junior-middle", "senior-high", "kindergarten", "semester", "bureau-safety")
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
    """Returns how `plan_file` should name the shipped JSON Schema in its modeline: a relative path
    when the file lies in the tree that holds the schema (a source checkout), else a file:// URI."""
    import os

    schema = (resources.data_dir("schema") / "plan.schema.json").resolve()
    folder = plan_file.resolve().parent
    try:
        folder.relative_to(schema.parent.parent)
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:
        return schema.as_uri()


def new_plan(path: Path, preset: str, *, school: str | None, year: int | None) -> None:
    """Writes to `path` a commented plan ready to edit, made from `preset`: the preset's text with
    school.name (and a placeholder short_name and issuer) set to `school`, the period moved to
    `year` with its dates, and the `$schema` modeline pointing at the installed schema.
    Raises UsageError for an unknown preset, an empty school or an absurd year."""
    from plangen.commands.roll import check_year, move_file, set_modeline
    from plangen.commands.roundtrip import round_trip_dump, round_trip_load, write_checked
    from plangen.plan.load import PLAN_FILE, load_plan
    from plangen.source.text import read_text

    path = Path(path)
    source = find_preset(preset)
    if school is not None:
        school = school.strip()
        if not school:
            raise UsageError(
                "--school 不能为空：请写学校（单位）全称，如 --school 青岚县星河实验小学"
            )
    if year is not None:
        check_year(year)
    yaml, data = round_trip_load(read_text(source, PLAN_FILE), str(source))
    if school is not None:
        _set_school(data, school)
    if year is not None:
        move_file(data, load_plan(source), year)
    text = set_modeline(round_trip_dump(yaml, data), schema_reference(path))
    write_checked(path, text)


def _set_school(data: dict, school: str) -> None:
    """Puts `school` where the preset has its placeholder name: school.name, a placeholder
    short_name and document.issuer."""
    from plangen.plan.period import same_kind

    info = data.get("school")
    if not isinstance(info, dict):
        return
    placeholder = info.get("name")
    info["name"] = same_kind(placeholder, school)
    short = info.get("short_name")
    if isinstance(short, str) and (short == placeholder or PLACEHOLDER in short):
        info["short_name"] = same_kind(short, school)
    document = data.get("document")
    if isinstance(document, dict):
        issuer = document.get("issuer")
        if isinstance(issuer, str) and (issuer == placeholder or issuer.startswith(PLACEHOLDER)):
            document["issuer"] = same_kind(issuer, school)
