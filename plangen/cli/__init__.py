"""The command line: options in, one error boundary, results out through rich."""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point: answers `--version` and known help pages at once, else runs
    the Typer app (`plangen.cli.app`)."""
    from plangen.cli.fast import answer

    if answer(sys.argv[1:]):
        return
    from plangen.cli.app import run

    run()
