"""roll: next year's plan file from this year's, keeping the user's comments, key order and quoting.

The file is edited through its ruamel round trip (plangen.commands.roundtrip), and moved by the
rules of plangen.plan.period — the same code `render --year` applies — after the values the file
inherits and the move changes are written into it. So rendering the rolled file gives exactly what
`--year` gives on this one. On request quota targets become baselines; relative `extends:` and
`$schema` references follow the file to its new folder. The result is loaded before it replaces
anything, so a roll never leaves a half-written or invalid file behind. `plangen new`
(plangen.commands.new) moves a preset to a year the same way.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangen.commands.roundtrip import insert_after, round_trip_dump, round_trip_load, write_checked
from plangen.errors import InputError, PlangenError
from plangen.plan.period import (
    check_year,
    move_plan,
    same_kind,
    shift_doc_number,
    shift_title_years,
    start_of,
)

if TYPE_CHECKING:
    from plangen.plan.model import Plan

_YEAR = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)")
MODELINE = re.compile(r"^(#\s*yaml-language-server:\s*\$schema=)(\S*)(.*)$")


class RollRefused(PlangenError):
    """A roll that would go backwards in time without --force (exit 1)."""


def default_roll_path(plan_path: Path, year: int) -> Path:
    """Returns where `plangen roll` writes by default: the file name with its year(s) moved to
    `year` (星河小学-2025.yaml → 星河小学-2026.yaml, 2025-2026学年.yaml → 2026-2027学年.yaml),
    else the name with `-{year}` appended (plan.yaml → plan-2026.yaml)."""
    suffix = plan_path.suffix if plan_path.suffix.lower() in (".yaml", ".yml") else ""
    stem = plan_path.name[: len(plan_path.name) - len(suffix)] if suffix else plan_path.name
    found = _YEAR.search(stem)
    if found is None:
        return plan_path.with_name(f"{stem}-{year}{suffix}")
    shift = year - int(found.group(1))
    return plan_path.with_name(_YEAR.sub(lambda m: str(int(m.group(1)) + shift), stem) + suffix)


def roll_plan(
    src: Path, year: int, dest: Path, *, targets_to_baselines: bool, force: bool = False
) -> list[str]:
    """Writes to `dest` the plan in `src` moved to the period starting in `year` (see
    `move_file`), relative `extends:` and `$schema` references adjusted to `dest`'s folder and,
    with `targets_to_baselines`, each quota's target copied to its baseline. Every line it does not
    change keeps its bytes (BOM and CRLF included). Returns one Chinese line per change.
    Raises InputError if `src` (or the result) does not load or a date cannot move; UsageError for
    an absurd year; RollRefused for a year before the plan's own, unless `force`."""
    from plangen.commands.inplace import RawText, edit_in_place, keep_unchanged_lines, merge_onto
    from plangen.plan.load import PLAN_FILE, load_plan
    from plangen.source.text import read_text

    src, dest = Path(src), Path(dest)
    check_year(year)
    plan = load_plan(src)
    key, start = start_of(plan.period)
    assert start is not None  # a loaded plan has academic_year or year
    if year < start and not force:
        raise RollRefused(
            f"{src}: 计划的{'年度' if key == 'year' else '学年'}起始年是 {start}，--to {year} 是往回滚动；"
            "如确实要生成往年的计划，请加 --force"
        )
    text = read_text(src, PLAN_FILE)
    stored = RawText.from_bytes(src.read_bytes(), text)
    try:
        edited = None
        if not _moves_extends(text, src, dest):  # the stored text itself, newlines and all
            edited = edit_in_place(
                stored.text,
                year,
                inherited=_inherited(text, plan, year - start),
                baselines=targets_to_baselines,
                newline=stored.newline,
            )
        if edited is None:
            yaml, data = round_trip_load(text, str(src))
            base = round_trip_dump(yaml, data)
            move_file(data, plan, year)
            if targets_to_baselines:
                copy_targets_to_baselines(data)
            _relocate_extends(data, src, dest)
            edited = keep_unchanged_lines(
                stored, merge_onto(text, base, round_trip_dump(yaml, data))
            )
    except InputError as exc:  # a date that cannot move: say in which file
        raise InputError(str(exc) if exc.problems else f"{src}: {exc}") from None
    rolled = write_checked(dest, stored.encode(relocate_modeline(edited, src, dest)))
    from plangen.commands.changes import roll_changes

    return roll_changes(plan, rolled)


def _inherited(text: str, plan: Plan, years: int) -> set[str]:
    """Returns which values that a move by `years` changes the file does not write itself."""
    from plangen.commands.inplace import load_plain

    own = load_plain(text)
    document = own.get("document") if isinstance(own, dict) else None
    document = document if isinstance(document, dict) else {}
    wanted = _pins(plan, document, years)
    out = {f"document.{k}" for k in wanted}
    if "schedule" not in own and any(entry.date is not None for entry in plan.schedule):
        out.add("schedule")
    return out


def _moves_extends(text: str, src: Path, dest: Path) -> bool:
    """Returns whether a relative `extends:` must be rewritten for `dest`'s folder."""
    return "extends:" in text and src.parent.resolve() != dest.parent.resolve()


# --- the edits ----------------------------------------------------------------------------


def move_file(data: Any, plan: Plan, year: int) -> None:
    """Moves the round-trip data of a plan file, whose loaded plan is `plan`, to the period
    starting in `year` by `plangen.plan.period.move_plan`. What the file inherits (through
    `extends:`) and the move changes is first written into it — the period's start year, the
    document date, a title with years in it, a schedule with dates — so that the new file does
    not carry last year's values and renders as `--year` renders the old one."""
    key, start = start_of(plan.period)
    assert start is not None  # a loaded plan has academic_year or year
    _pin_period(data, key, start)
    years = year - start
    if years:
        _pin_document(data, plan, years)
        _pin_schedule(data, plan)
    move_plan(data, year)


def _pin_period(data: Any, key: str, start: int) -> None:
    from ruamel.yaml.comments import CommentedMap

    period = data.get("period")
    if isinstance(period, CommentedMap):
        if period.get("year") is None and period.get("academic_year") is None:
            period.insert(0, key, start)
        return
    after = "school" if "school" in data else ("extends" if "extends" in data else None)
    insert_after(data, after, "period", CommentedMap([(key, start)]))


def _pin_document(data: Any, plan: Plan, years: int) -> None:
    from ruamel.yaml.comments import CommentedMap

    document = data.get("document")
    if "document" in data and not isinstance(document, CommentedMap):
        return  # an explicit null or a wrong type: left for validation to report
    pins = _pins(plan, document if document is not None else {}, years)
    if not pins:
        return
    if document is None:
        after = next((k for k in ("period", "school", "extends") if k in data), None)
        insert_after(data, after, "document", CommentedMap(pins))
        return
    if "title" in pins:
        insert_after(document, None, "title", pins["title"])
    for key in ("date", "doc_number"):
        if key in pins:
            document[key] = pins[key]


def _pins(plan: Plan, own: Any, years: int) -> dict[str, Any]:
    """Returns the document values a move by `years` changes that `own` (the file's document
    mapping) does not write: an inherited title or 文号 with a year in it, an inherited date."""
    pins: dict[str, Any] = {}
    title, day, number = plan.document.title, plan.document.date, plan.document.doc_number
    if title is not None and "title" not in own and shift_title_years(title, years) != title:
        pins["title"] = title
    if day is not None and "date" not in own:
        pins["date"] = day
    if number is not None and "doc_number" not in own and shift_doc_number(number, years) != number:
        pins["doc_number"] = number
    return pins


def _pin_schedule(data: Any, plan: Plan) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if "schedule" in data or not any(entry.date is not None for entry in plan.schedule):
        return
    entries = CommentedSeq()
    for entry in plan.schedule:
        fields = entry.model_dump(exclude_defaults=True)
        fields["items"] = CommentedSeq(CommentedMap(item) for item in fields["items"])
        entries.append(CommentedMap(fields))
    insert_after(data, list(data)[-1] if len(data) else None, "schedule", entries)


def copy_targets_to_baselines(data: Any) -> None:
    """Sets `baseline` to `target` for every quota written in this file (targets stay as they are,
    for the user to raise). A new baseline goes right after target/unit/compare."""
    quotas = data.get("quotas")
    if not isinstance(quotas, list):
        return
    for quota in quotas:
        if not isinstance(quota, dict) or "target" not in quota or quota.get("remove") is True:
            continue
        if isinstance(quota["target"], list) or quota.get("compare") in ("increase", "decrease"):
            continue  # schema v2: a range or a change is no level a baseline could take
        if "baseline" in quota:
            quota["baseline"] = quota["target"]
            continue
        order = list(quota)
        after = max((k for k in ("target", "unit", "compare") if k in quota), key=order.index)
        insert_after(quota, after, "baseline", quota["target"])


def _relative(target: Path, folder: Path) -> str | None:
    """Returns `target` relative to `folder` (with /), or None when they share only the root."""
    target, folder = target.resolve(), folder.resolve()
    try:
        common = Path(os.path.commonpath([target, folder]))
        if common == Path(common.anchor):
            return None
        return Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return None


def _relocate_extends(data: Any, src: Path, dest: Path) -> None:
    """Rewrites a relative `extends:` so that it still names the same file from `dest`'s folder."""
    ref = data.get("extends")
    if not isinstance(ref, str) or ref.strip().startswith("preset:"):
        return
    if Path(ref.strip()).is_absolute():
        return
    if src.parent.resolve() == dest.parent.resolve():
        return
    moved = _relative(src.parent / ref.strip(), dest.parent)
    data["extends"] = same_kind(ref, moved or (src.parent / ref.strip()).resolve().as_posix())


def relocate_modeline(text: str, src: Path, dest: Path) -> str:
    """Returns `text` whose relative `# yaml-language-server: $schema=` path, if it named an
    existing file from `src`'s folder, names the same file from `dest`'s folder."""
    first, newline, rest = text.partition("\n")
    found = MODELINE.match(first)
    if not found or "://" in found.group(2) or not found.group(2):
        return text
    ref = Path(found.group(2))
    if ref.is_absolute() or not (src.parent / ref).is_file():
        return text
    moved = _relative(src.parent / ref, dest.parent) or (src.parent / ref).resolve().as_uri()
    if moved == found.group(2):
        return text
    return found.group(1) + moved + found.group(3) + newline + rest


def set_modeline(text: str, schema_ref: str) -> str:
    """Returns `text` whose first line is `# yaml-language-server: $schema=<schema_ref>`
    (replacing an existing modeline, else adding one)."""
    line = f"# yaml-language-server: $schema={schema_ref}"
    first, newline, rest = text.partition("\n")
    if MODELINE.match(first):
        return line + newline + rest
    return line + "\n" + text
