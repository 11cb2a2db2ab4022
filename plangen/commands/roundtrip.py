"""roundtrip: a plan file edited as the user wrote it — read, change in place, write back, check.

`roll` and `new` edit a user's YAML through ruamel.yaml's round trip: comments, quotes, flow style,
key order and indentation survive. The indentation is guessed from the text, verified once by
writing the unchanged data back, and only when that differs are the other usual layouts tried.
A result is written only after it loads as a plan (`write_checked`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plangen.errors import InputError, OutputError, Problem
from plangen.pipeline.output import describe_os_error

if TYPE_CHECKING:
    from ruamel.yaml import YAML

    from plangen.plan.model import Plan

Layout = tuple[int, int, int]  # (mapping, sequence, offset), as ruamel's YAML.indent takes them
# Tried, in this order, when the guessed layout does not write the file back as it was.
USUAL_LAYOUTS: tuple[Layout, ...] = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))


def guess_layout(text: str) -> Layout:
    """Returns the indentation `text` is written in: the mapping step of its first nested block
    mapping (else 2) and, from its first block sequence item, where items' content and dashes
    stand relative to their key (else 4 and 2)."""
    mapping: int | None = None
    sequence: tuple[int, int] | None = None
    key_indent = 0  # indentation of the last `key:` line that opens a block
    opener: int | None = None  # that line's indentation, while the next line may be its mapping
    for line in text.splitlines():
        content = line.lstrip(" ")
        if not content.strip() or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        if (
            opener is not None
            and mapping is None
            and indent > opener
            and not content.startswith("-")
        ):
            mapping = indent - opener
        opener = None
        if content.startswith("- "):
            item = content[1:].lstrip(" ")
            if sequence is None and item and not item.startswith("#"):
                dash = indent - key_indent
                sequence = (max(len(line) - len(item) - key_indent, dash + 2), dash)
        elif content.split("#", 1)[0].rstrip().endswith(":"):
            key_indent = opener = indent
        if mapping is not None and sequence is not None:
            break
    return (mapping or 2, *(sequence or (4, 2)))


def _yaml(layout: Layout, *, explicit_start: bool) -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold long Chinese lines
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # keep [{text: a}] as written
    yaml.explicit_start = explicit_start
    return yaml


def round_trip_dump(yaml: YAML, data: Any) -> str:
    """Returns `data` written back as YAML text by the YAML from `round_trip_load`."""
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _load(yaml: YAML, text: str, name: str) -> Any:
    from ruamel.yaml.error import YAMLError

    try:
        return yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"无法在保留注释和格式的情况下读取这个文件：{exc}"
        raise InputError(Problem(name, line, col, "", message)) from None


def _changed_lines(out: str, text: str) -> int:
    changed = sum(a != b for a, b in zip(out.splitlines(), text.splitlines(), strict=False))
    return changed + abs(out.count("\n") - text.count("\n"))


def round_trip_load(text: str, name: str) -> tuple[YAML, Any]:
    """Returns a ruamel YAML configured to write `text` back as written and the round-trip data
    of `text` (from file `name`). The guessed layout is used when it writes the unchanged data
    back exactly; else the usual layout that changes the fewest lines."""
    explicit_start = text.lstrip("\n").startswith("---")
    guess = guess_layout(text)
    yaml = _yaml(guess, explicit_start=explicit_start)
    data = _load(yaml, text, name)
    changed = _changed_lines(round_trip_dump(yaml, data), text)
    best = (changed, yaml, data)
    for layout in USUAL_LAYOUTS:
        if best[0] == 0:
            break
        if layout == guess:
            continue
        yaml = _yaml(layout, explicit_start=explicit_start)
        data = _load(yaml, text, name)
        changed = _changed_lines(round_trip_dump(yaml, data), text)
        if changed < best[0]:
            best = (changed, yaml, data)
    return best[1], best[2]


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


def _relabel(exc: InputError, temp: str, path: Path) -> InputError:
    """Returns `exc` with the temporary file's name replaced by the destination's."""
    if not exc.problems:
        return InputError(str(exc).replace(temp, str(path)))
    return InputError(
        [dataclasses.replace(p, file=str(path)) if p.file == temp else p for p in exc.problems]
    )


def write_checked(path: Path, text: str) -> Plan:
    """Writes `text` to `path` atomically after checking that it loads as a plan (from a temporary
    file in the same folder, so relative `extends:` resolve as they will); returns that plan.
    Raises InputError, located in `path`, if it does not load; OutputError if it cannot be
    written. On any failure `path` is left as it was."""
    from plangen.plan.load import load_plan

    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".yaml", dir=folder)
    except OSError as exc:
        raise OutputError(f"{folder}: 输出文件夹不可写：{describe_os_error(exc)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        try:
            plan = load_plan(temp)
        except InputError as exc:
            raise _relabel(exc, temp, path) from None
        os.chmod(temp, 0o644)
        os.replace(temp, path)
        return plan
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: 写入失败：{describe_os_error(exc)}") from None
        raise
