"""The command line: options in, one error boundary, results out through rich."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry point: answers `--version` and known help pages at once, runs plain
    `render` and `validate` command lines directly (`plangen.cli.direct`), else runs the Typer app
    (`plangen.cli.app`)."""
    from plangen.cli.fast import answer

    argv = sys.argv[1:]
    if answer(argv):
        return
    without_pydantic_plugins()
    from plangen.cli.direct import run as run_directly

    code = run_directly(argv)
    if code is not None:
        sys.exit(code)
    from plangen.cli.app import run

    run()


def without_pydantic_plugins() -> None:
    """Turns pydantic's plugins off unless the user set PYDANTIC_DISABLE_PLUGINS: plangen uses
    none, and looking for them reads every installed package's metadata when the first model is
    built. This is pydantic's own switch; while it says "all off", a stand-in answers for
    pydantic's plugin loader (`plangen.cli.plugins`)."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from plangen.cli.plugins import stand_in_for_the_loader

    stand_in_for_the_loader()
