"""roll: next year's plan file from this year's, keeping the user's comments, key order and quoting.

The file is edited through ruamel.yaml's round trip (comments, quotes, flow style and indentation
survive); only the period, explicit dates, the years in `document.title` and, on request, quota
baselines change. The result is loaded with `load_plan` before it replaces anything, so a roll never
leaves a half-written or invalid file behind. `plangen new` (plangen.commands.new) shares these helpers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangen.errors import InputError, OutputError, Problem, UsageError
from plangen.plan.load import shift_date

if TYPE_CHECKING:
    from ruamel.yaml import YAML

YEAR_MIN, YEAR_MAX = 1949, 2200
_YEAR = re.compile(r"(?<!\d)(19\d\d|2[01]\d\d)(?!\d)")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
# 2025—2026学年, 2025-2026 学年, 2025至2026学年 (both years shift) or 2026年 / 2026年度 / 2025学年.
_TITLE_YEARS = re.compile(
    r"(?<!\d)(?P<a>\d{4})(?P<sep>\s*[—–\-－~～至到]\s*)(?P<b>\d{4})(?P<tail>\s*学?年)"
    r"|(?<!\d)(?P<y>\d{4})(?P<ytail>\s*(?:学年|年))"
)
MODELINE = re.compile(r"^(#\s*yaml-language-server:\s*\$schema=)(\S*)(.*)$")


def check_year(year: int) -> None:
    """Raises UsageError unless `year` is a plausible start year of a plan."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise UsageError(
            f"年份 {year} 超出范围：应在 {YEAR_MIN} 到 {YEAR_MAX} 之间（学年写起始年，如 2026）"
        )


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


def roll_plan(src: Path, year: int, dest: Path, *, targets_to_baselines: bool) -> None:
    """Writes to `dest` the plan in `src` moved to the period starting in `year`: academic_year or
    year set, explicit dates shifted by the year difference (29 February → 28 February), the years
    in document.title rewritten, relative `extends:` and `$schema` references adjusted to `dest`'s
    folder and, with `targets_to_baselines`, each quota's target copied to its baseline.
    Raises InputError if `src` (or the result) does not load; UsageError for an absurd year."""
    from plangen.plan.load import PLAN_FILE, load_plan
    from plangen.source.text import read_text

    src, dest = Path(src), Path(dest)
    check_year(year)
    plan = load_plan(src)
    period = plan.period
    kind = "year" if period.year is not None else "academic_year"
    old = period.year if period.year is not None else period.academic_year
    assert old is not None  # a valid plan has one of the two
    yaml, data = round_trip_load(read_text(src, PLAN_FILE), str(src))
    move_period(data, kind=kind, year=year, shift=year - old)
    if plan.document.date is not None and year != old:
        _pin_inherited_date(data, shift_date(plan.document.date, year - old))
    if targets_to_baselines:
        copy_targets_to_baselines(data)
    _relocate_extends(data, src, dest)
    text = relocate_modeline(round_trip_dump(yaml, data), src, dest)
    write_checked(dest, text)


# --- ruamel round trip ----------------------------------------------------------------------


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold long Chinese lines
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # keep [{text: a}] as written
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def round_trip_load(text: str, name: str) -> tuple[YAML, Any]:
    """Returns a ruamel YAML configured to write `text` back as written (its indentation guessed
    by trying the usual layouts) and the round-trip data of `text` (from file `name`)."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _, seq_indent, offset = load_yaml_guess_indent(text)
    except Exception:
        seq_indent, offset = None, None
    layouts = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4)]
    if seq_indent is not None and offset is not None:
        layouts.insert(0, (2, max(seq_indent, offset + 2), offset))
    explicit_start = text.lstrip("\n").startswith("---")
    best: tuple[int, YAML, Any] | None = None
    for mapping, sequence, off in dict.fromkeys(layouts):
        yaml = _yaml(mapping, sequence, off)
        yaml.explicit_start = explicit_start
        try:
            data = yaml.load(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            message = f"无法在保留注释和格式的情况下读取这个文件：{exc}"
            raise InputError(Problem(name, line, col, "", message)) from None
        out = _dump(yaml, data)
        if out == text:
            return yaml, data
        changed = sum(a != b for a, b in zip(out.splitlines(), text.splitlines(), strict=False))
        changed += abs(out.count("\n") - text.count("\n"))
        if best is None or changed < best[0]:
            best = (changed, yaml, data)
    assert best is not None
    return best[1], best[2]


def round_trip_dump(yaml: YAML, data: Any) -> str:
    """Returns `data` written back as YAML text by the YAML from `round_trip_load`."""
    return _dump(yaml, data)


def same_kind(old: Any, new: str) -> Any:
    """Returns `new` as the same ruamel string type as `old`, so its quoting style survives."""
    from ruamel.yaml.scalarstring import ScalarString

    return type(old)(new) if isinstance(old, ScalarString) else new


def _tail(node: Any) -> tuple[Any, Any, int] | None:
    """Returns (container, key, slot) of the comment that follows the last line of a block node."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and len(node) and not node.fa.flow_style():
        key = list(node)[-1]
        child = _tail(node[key])
        return child or (node, key, 2)
    if isinstance(node, CommentedSeq) and len(node) and not node.fa.flow_style():
        index = len(node) - 1
        child = _tail(node[index])
        return child or (node, index, 0)
    return None


def insert_after(mapping: Any, after: str | None, key: str, value: Any) -> None:
    """Inserts `key: value` into a ruamel mapping right after `after` (at the start when None or
    missing). Comment lines that followed `after` (they describe what comes next) move below the
    new entry, so they keep their place in the file."""
    from ruamel.yaml.tokens import CommentToken

    keys = list(mapping)
    position = keys.index(after) + 1 if after in keys else 0
    holder = None
    if after in keys:
        holder = _tail(mapping[after]) or (mapping, after, 2)
    mapping.insert(position, key, value)
    if holder is None:
        return
    container, item, slot = holder
    entry = container.ca.items.get(item)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or not isinstance(getattr(token, "value", None), str):
        return
    first, newline, rest = token.value.partition("\n")
    if not rest:  # only an end-of-line comment: it stays with `after`
        return
    if first.strip():
        token.value = first + newline
    else:
        entry[slot] = None
    target = _tail(value) or (mapping, key, 2)
    t_container, t_item, t_slot = target
    empty = [None, None, None, None] if t_slot == 2 else [None, None]
    slots = t_container.ca.items.setdefault(t_item, empty)
    slots[t_slot] = CommentToken("\n" + rest, token.start_mark, None)


# --- the edits ----------------------------------------------------------------------------


def _shift_date_value(value: Any, years: int) -> Any:
    """Returns a YAML date (or a quoted "2025-09-10" string) moved by `years`; others as is."""
    if isinstance(value, dt.date):  # also datetime
        return shift_date(value, years)
    if isinstance(value, str):
        found = _ISO_DATE.match(value)
        if found:
            try:
                day = dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:
                return value
            return same_kind(value, shift_date(day, years).isoformat())
    return value


def shift_title_years(title: str, years: int) -> str:
    """Returns `title` with its 学年/年 years moved by `years`:
    2025—2026学年 → 2026—2027学年, 2026年 → 2027年."""

    def move(found: re.Match[str]) -> str:
        if found.group("a"):
            return (f"{int(found.group('a')) + years}{found.group('sep')}"
                    f"{int(found.group('b')) + years}{found.group('tail')}")
        return f"{int(found.group('y')) + years}{found.group('ytail')}"

    return _TITLE_YEARS.sub(move, title)


def move_period(data: Any, *, kind: str, year: int, shift: int) -> None:
    """Sets the file's period to start in `year` (adding `period:` when the file inherits it) and
    shifts the file's explicit dates and title years by `shift` years."""
    from ruamel.yaml.comments import CommentedMap

    period = data.get("period")
    if isinstance(period, CommentedMap):
        if period.get("year") is not None:
            period["year"] = year
        elif period.get("academic_year") is not None:
            period["academic_year"] = year
        else:
            period.insert(0, kind, year)
    else:
        after = "school" if "school" in data else ("extends" if "extends" in data else None)
        insert_after(data, after, "period", CommentedMap([(kind, year)]))
    if not shift:
        return
    document = data.get("document")
    if isinstance(document, dict):
        if "date" in document:
            document["date"] = _shift_date_value(document["date"], shift)
        title = document.get("title")
        if isinstance(title, str):
            document["title"] = same_kind(title, shift_title_years(title, shift))
    schedule = data.get("schedule")
    if isinstance(schedule, list):
        for entry in schedule:
            if isinstance(entry, dict) and "date" in entry:
                entry["date"] = _shift_date_value(entry["date"], shift)


def _pin_inherited_date(data: Any, day: dt.date) -> None:
    """Writes document.date into a file that inherits it (from a preset or base), so the new
    year's plan does not carry last year's date."""
    from ruamel.yaml.comments import CommentedMap

    document = data.get("document")
    if isinstance(document, CommentedMap):
        if "date" not in document:
            document["date"] = day
        return
    if "document" in data:  # an explicit null or a wrong type: leave it for validation to report
        return
    after = next((k for k in ("period", "school", "extends") if k in data), None)
    insert_after(data, after, "document", CommentedMap([("date", day)]))


def copy_targets_to_baselines(data: Any) -> None:
    """Sets `baseline` to `target` for every quota written in this file (targets stay as they are,
    for the user to raise). A new baseline goes right after target/unit/compare."""
    quotas = data.get("quotas")
    if not isinstance(quotas, list):
        return
    for quota in quotas:
        if not isinstance(quota, dict) or "target" not in quota or quota.get("remove") is True:
            continue
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


# --- writing ------------------------------------------------------------------------------


def _relabel(exc: InputError, temp: str, path: Path) -> InputError:
    """Returns `exc` with the temporary file's name replaced by the destination's."""
    if not exc.problems:
        return InputError(str(exc).replace(temp, str(path)))
    return InputError(
        [dataclasses.replace(p, file=str(path)) if p.file == temp else p for p in exc.problems]
    )


def write_checked(path: Path, text: str) -> None:
    """Writes `text` to `path` atomically after checking that it loads as a plan (from a temporary
    file in the same folder, so relative `extends:` resolve as they will). Raises InputError,
    located in `path`, if it does not load; OutputError if it cannot be written. On any failure
    `path` is left as it was."""
    from plangen.plan.load import load_plan

    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".yaml", dir=folder)
    except OSError as exc:
        raise OutputError(f"{folder}: 输出文件夹不可写：{exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        try:
            load_plan(temp)
        except InputError as exc:
            raise _relabel(exc, temp, path) from None
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: 写入失败：{exc.strerror or exc}") from None
        raise
