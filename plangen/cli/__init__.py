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


PYDANTIC_LOADER = "pydantic.plugin._loader"


def without_pydantic_plugins() -> None:
    """Turns pydantic's plugins off unless the user set PYDANTIC_DISABLE_PLUGINS: plangen uses
    none, and looking for them reads every installed package's metadata when the first model is
    built. With all plugins off, pydantic's loader answers “none” without looking; it is put in
    place here as that answer alone, so that importlib.metadata (and the email package it
    imports) is not loaded either: a tenth of `validate`. tests/test_cli_direct.py checks that
    `get_plugins` is all pydantic asks of its loader."""
    if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") != "__all__":
        return
    if PYDANTIC_LOADER not in sys.modules:
        import types

        loader = types.ModuleType(PYDANTIC_LOADER, "pydantic's plugin loader, all plugins off")
        loader.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> ()
        sys.modules[PYDANTIC_LOADER] = loader
