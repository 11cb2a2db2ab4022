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
    # pydantic looks for plugins in every installed package's metadata when the first model is
    # built (a fifth of `validate`); plangen uses none. A user who wants them sets the variable.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from plangen.cli.direct import run as run_directly

    code = run_directly(argv)
    if code is not None:
        sys.exit(code)
    from plangen.cli.app import run

    run()
