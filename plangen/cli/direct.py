"""The common forms of `plangen render` and `plangen validate`, run without Typer.

Importing Typer and its Click costs about as much as checking a plan, and these two commands are
the ones run over and over (in editors, scripts and batch jobs). A command line made only of
their options written plainly — `--name value`, `--name=value`, `-x value`, flags, file names —
is read here and handed to `plangen.cli.actions`, the code the Typer commands call too. Anything
else (help, a mistake, an unusual spelling such as `-j2` or `--`, shell completion, Windows'
wildcards) returns None, and Typer reads it as ever, with its own checks and Chinese messages:
this path never decides what a command line means where Typer might decide otherwise.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

# What an option takes: nothing (a flag), text, a path, a whole number, or text that may be
# given several times (collected into a list).
FLAG, TEXT, PATH, NUMBER, TEXTS = "flag", "text", "path", "number", "texts"

# command → {option spelling: (parameter, kind)}; the spellings and kinds of the Typer commands
# (tests/test_cli_direct.py compares them with the Typer app, so that the two cannot drift).
OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "render": {
        "--style": ("style", TEXTS),
        "-s": ("style", TEXTS),
        "--to": ("to", TEXT),
        "-t": ("to", TEXT),
        "--out": ("out", PATH),
        "-o": ("out", PATH),
        "--theme": ("theme", TEXT),
        "--templates": ("templates", PATH),
        "--year": ("year", NUMBER),
        "--term": ("term", TEXT),
        "--front-matter": ("front_matter", FLAG),
        "--script": ("script", TEXT),
        "--keep-punctuation": ("no_normalize", FLAG),
        "--jobs": ("jobs", NUMBER),
        "-j": ("jobs", NUMBER),
        "--quiet": ("quiet", FLAG),
        "-q": ("quiet", FLAG),
        "--strict": ("strict", FLAG),
    },
    "validate": {
        "--year": ("year", NUMBER),
        "--strict": ("strict", FLAG),
        "--templates": ("templates", PATH),
    },
}
# Numbers Typer checks against a range: one outside it is left to Typer's message.
RANGES = {"jobs": (1, 64)}


def parse(argv: list[str]) -> tuple[str, dict[str, Any]] | None:
    """Returns (command, keyword arguments of its action) for a plain `render` or `validate`
    command line, or None when Typer should read it."""
    if not argv or argv[0] not in OPTIONS or sys.platform == "win32" or _completing():
        return None
    command, table = argv[0], OPTIONS[argv[0]]
    values: dict[str, Any] = {}
    plans: list[Path] = []
    rest = argv[1:]
    while rest:
        token = rest.pop(0)
        if not token or token == "--" or token in ("-h", "--help"):
            return None
        if token == "-" or not token.startswith("-"):
            plans.append(Path(token))
            continue
        name, joined, attached = token.partition("=")
        if name not in table or (joined and not name.startswith("--")):
            return None
        param, kind = table[name]
        if kind == FLAG:
            if joined:
                return None  # `--strict=yes`: Typer's message
            values[param] = True
            continue
        if joined:
            value = attached
        elif rest:
            value = rest.pop(0)
        else:
            return None  # a missing value: Typer's message
        if not value or (value.startswith("-") and value != "-"):
            return None
        converted = _convert(param, kind, value)
        if converted is None or (kind != TEXTS and param in values):
            return None  # a bad number, or one option given twice: Typer decides
        if kind == TEXTS:
            values.setdefault(param, []).append(converted)
        else:
            values[param] = converted
    if not plans:
        return None
    return command, {"plans": plans, **values}


def _convert(param: str, kind: str, value: str) -> object | None:
    if kind == PATH:
        return Path(value)
    if kind != NUMBER:
        return value
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    low, high = RANGES.get(param, (number, number))
    return number if low <= number <= high else None


def _completing() -> bool:
    """Returns whether a shell is asking for completions (Typer answers those)."""
    return any(name.startswith(("_PLANGEN_COMPLETE", "_TYPER_COMPLETE")) for name in os.environ)


def run(argv: list[str]) -> int | None:
    """Runs a plain `render` or `validate` command line and returns its exit code, or returns
    None without doing anything when Typer should read it. Errors become messages and exit codes
    exactly as at the Typer app's boundary (`plangen.cli.boundary`)."""
    parsed = parse(argv)
    if parsed is None:
        return None
    command, arguments = parsed
    _import_quietly(command, arguments)
    from plangen.cli import actions, report
    from plangen.errors import PlangenError

    action: Callable[..., None] = actions.render if command == "render" else actions.validate
    try:
        action(**arguments)
    except PlangenError as exc:
        return report.show_failure(exc)
    except (KeyboardInterrupt, EOFError) as exc:
        if isinstance(exc, EOFError):
            sys.stderr.write("\n")  # as Click does before it gives up
        return report.show_interrupted()
    except BrokenPipeError:  # the reader went away (`| head`): say nothing more, as Click does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0


def _import_quietly(command: str, arguments: dict[str, Any]) -> None:
    """Imports the modules the command will use with the garbage collector off, then sets
    everything they made apart from it (`gc.freeze`).

    Importing them builds the plan's and the theme's models, compiles patterns and creates
    hundreds of thousands of objects that live as long as the process: the collector would scan
    them again and again and find nothing to free. The work itself runs with the collector on,
    as ever (a user's template may make cyclic garbage). Which modules these are only decides
    how fast the command starts, never what it does."""
    import gc
    import importlib

    modules = ["plangen.pipeline.build", "plangen.plan.load", "plangen.cli.report"]
    if command == "render":
        modules.append("plangen.render.templates")
        if "docx" in str(arguments.get("to", "")):
            modules += ["plangen.docx.theme", "plangen.docx.writer"]
    enabled = gc.isenabled()
    gc.disable()
    try:
        for name in modules:
            importlib.import_module(name)
    finally:
        if enabled:
            gc.enable()
        gc.freeze()
