"""Problems located in a user's file: field paths as users read them, and where a value stands."""

from __future__ import annotations

from typing import Any

from plangen.errors import InputError, Problem
from plangen.source.locations import Locations, Mark
from plangen.source.scalars import visible


def format_path(path: tuple[str | int, ...]) -> str:
    """Returns a field path as users read it: quotas[0].target."""
    out = ""
    for part in path:
        out += (
            f"[{part}]"
            if isinstance(part, int)
            else (f".{visible(part)}" if out else visible(str(part)))
        )
    return out


def file_error(file: str, message: str, line: int = 0, col: int = 0) -> InputError:
    """Returns the InputError of one problem with the file as a whole (no field path)."""
    return InputError(Problem(file, line, col, "", message))


def error_at(mark: Mark | None, path: str, message: str) -> InputError:
    """Returns the InputError of one problem at `mark` (unknown place when None)."""
    if mark is None:
        return InputError(Problem("", 0, 0, path, message))
    return InputError(Problem(mark.file, mark.line, mark.col, path, message))


def problem_at(
    locs: Locations,
    data: Any,
    file: str,
    path: tuple[str | int, ...],
    message: str,
    *,
    key: bool = False,
) -> Problem:
    """Returns a Problem placed at the value at `path` in `data` (at its key when `key`), else at
    its nearest known parent; the file is the one that holds the value, even after a merge."""
    mark = locs.find(data, path, key=key)
    if mark is None:
        return Problem(file, 0, 0, format_path(path), message)
    return Problem(mark.file or file, mark.line, mark.col, format_path(path), message)


def sorted_problems(problems: list[Problem], file: str) -> list[Problem]:
    """Returns the problems without repeats, those of `file` first, each file's by line and column."""
    return sorted(
        set(problems), key=lambda p: (p.file != file, p.file, p.line, p.col, p.path, p.message)
    )


QUIET = (
    "被继承的文件在这里有错误；它不在当前文件所在的文件夹中，出于安全考虑不显示其内容，"
    "请打开这个文件检查这一处"
)


def redact(problems: list[Problem], locs: Locations) -> list[Problem]:
    """Returns `problems` with those in a quiet file (see `Locations.quiet`) reduced to their place
    and a generic message: nothing of such a file's content (no value, no key) is shown."""
    if not locs.quiet:
        return problems
    return [
        Problem(p.file, p.line, p.col, "", QUIET) if p.file in locs.quiet else p for p in problems
    ]
