"""Answers that need no command-line framework: `--version`, and help pages once seen.

Importing Typer costs several times a bare interpreter start, and a help page never changes for
a given plangen, command and terminal width. The first `plangen render -h` lays the page out
with Typer and keeps the text in the cache folder; later ones print it without importing Typer.
"""

from __future__ import annotations

import os
import sys

HELP_FLAGS = ("-h", "--help")
WIDTH_MIN, WIDTH_MAX = 60, 100
_CLI = os.path.dirname(os.path.abspath(__file__))


def width() -> int:
    """Returns the width to lay help out for: $COLUMNS, else the terminal's, within 60–100."""
    columns = 80
    if os.environ.get("COLUMNS", "").isdigit():
        columns = int(os.environ["COLUMNS"])
    else:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            pass
    return max(WIDTH_MIN, min(WIDTH_MAX, columns))


def answer(argv: list[str]) -> bool:
    """Answers `argv` from what is known without Typer; returns False when it cannot."""
    from plangen import __version__

    if argv in (["--version"], ["-V"]):
        sys.stdout.write(f"plangen {__version__}\n")
        return True
    command = _help_request(argv)
    if command is None:
        return False
    path = _cache_path(command)
    if path is None:
        return False
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError):
        text = _remember(command, path)
    if not text:
        return False
    sys.stdout.write(text)
    return True


def _help_request(argv: list[str]) -> str | None:
    """Returns the command whose help `argv` asks for ('' for plangen itself), or None."""
    if not argv or argv in (["-h"], ["--help"]):
        return ""
    if len(argv) == 2 and argv[1] in HELP_FLAGS and not argv[0].startswith("-"):
        return argv[0]
    return None


def _cache_path(command: str) -> str | None:
    """Returns the cache file of this help page: plangen's version, the command, the width and
    the CLI modules' modification times (an edited help text is laid out again)."""
    import zlib

    from plangen import __version__
    from plangen.cache import cache_folder

    folder = cache_folder("help")
    if folder is None or (not command.isidentifier() and command):
        return None
    stamps = "-".join(
        str(os.stat(os.path.join(_CLI, name)).st_mtime_ns)
        for name in sorted(os.listdir(_CLI))
        if name.endswith(".py")
    )
    key = f"{__version__}-{command or 'plangen'}-{width()}-{zlib.crc32(stamps.encode()):08x}"
    return os.path.join(folder, f"{key}.txt")


def _remember(command: str, path: str) -> str:
    """Returns the help page of `command` laid out by Typer, kept at `path` for next time
    ('' when there is no such command: the normal path then says so)."""
    import typer.main
    from typer import _click

    from plangen.cli.app import app
    from plangen.cli.help import help_page

    group = typer.main.get_command(app)
    ctx = _click.Context(group, info_name="plangen", **group.context_settings)
    if command:
        sub = group.commands.get(command)  # type: ignore[attr-defined]
        if sub is None:
            return ""
        ctx = _click.Context(sub, info_name=command, parent=ctx, **sub.context_settings)
        group = sub
    text = help_page(group, ctx).rstrip("\n") + "\n"
    from pathlib import Path

    from plangen.errors import OutputError
    from plangen.pipeline.output import write_atomic

    try:
        write_atomic(Path(path), text.encode("utf-8"))
    except OutputError:
        pass  # only a cache: the page is shown all the same
    return text
