"""The one exception root of plangen and its user-facing subclasses.

Library code raises these; only the CLI prints them and chooses exit codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a user's file, located as precisely as the YAML allows."""

    file: str
    line: int  # 1-based; 0 when unknown
    col: int  # 1-based; 0 when unknown
    path: str  # dotted field path such as "quotas[0].target"; "" for the whole file
    message: str  # Chinese, says what was expected, what was found and how to fix it

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class PlangenError(Exception):
    """Root of every error plangen reports to a user."""

    exit_code = 1


class InputError(PlangenError):
    """The user's plan file is unreadable or invalid; carries every problem found."""

    def __init__(self, problems: str | Problem | Iterable[Problem]):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            text = problems
        else:
            self.problems = [problems] if isinstance(problems, Problem) else list(problems)
            text = "\n".join(str(p) for p in self.problems)
        super().__init__(text)


class TemplateError(PlangenError):
    """A template failed to compile or render (syntax error, undefined name, sandbox refusal, limit)."""


class OutputError(PlangenError):
    """An output file could not be written."""


class UsageError(PlangenError):
    """The command line asked for something that does not exist (unknown style, theme, preset ...)."""

    exit_code = 2


class InternalError(PlangenError):
    """A bug in plangen, caught so that a batch goes on; the message asks for a report."""

    exit_code = 70  # EX_SOFTWARE: not the user's input
