"""The command group and commands plangen's CLI is made of: Chinese help pages and the one error
boundary — the only place where a `PlangenError` or a command-line mistake becomes a message and
an exit code (0 success, 1 invalid input or failed output, 2 usage error, 70 a bug of plangen,
130 interrupted). Plain `render` and `validate` command lines run without Typer
(`plangen.cli.direct`) end the same way, through the same `report.show_failure`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

from plangen.cli import report

if TYPE_CHECKING:
    from typer import _click as click

EXIT_OK = 0


class ChineseHelp:
    """Help pages in Chinese, laid out by display width (mixed into the group and its commands)."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from plangen.cli.help import help_page

        formatter.write(help_page(self, ctx))  # type: ignore[arg-type]

    def get_help_option(self, ctx: click.Context) -> Any:
        from plangen.cli.help import HELP_TEXT

        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(ChineseHelp, TyperCommand):
    """One subcommand."""


class Boundary(ChineseHelp, TyperGroup):
    """The command group: its `main` and `invoke` are the CLI's one error boundary."""

    _COMPLETION_HELP = {
        "install_completion": "为当前 shell（bash、zsh、fish、PowerShell）安装命令补全",
        "show_completion": "显示当前 shell 的补全脚本，可复制后自行安装",
    }

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        for param in params:
            if param.name in self._COMPLETION_HELP:
                param.help = self._COMPLETION_HELP[param.name]  # type: ignore[attr-defined]
        return params

    def invoke(self, ctx: click.Context) -> object:
        from plangen.errors import PlangenError

        try:
            return super().invoke(ctx)
        except PlangenError as exc:
            raise typer.Exit(report.show_failure(exc)) from None

    def main(  # type: ignore[override]  # Click's signature, with its options passed on as they are
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from typer import _click

        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.exceptions.NoArgsIsHelpError as exc:  # `plangen` alone: its help, exit 0
            _click.echo(exc.ctx.get_help() if exc.ctx else "")
            code = EXIT_OK
        except _click.exceptions.ClickException as exc:
            from plangen.cli.help import mistake

            ctx = getattr(exc, "ctx", None)
            if ctx is not None:
                from plangen.cli.help import usage

                _click.echo(usage(ctx.command, ctx), err=True)
            path = ctx.command_path if ctx is not None else prog_name or "plangen"
            _click.echo(f"运行“{path} -h”查看帮助。", err=True)
            report.show_error(mistake(exc))
            code = exc.exit_code
        except typer.Abort:
            code = report.EXIT_INTERRUPTED
        code = code if isinstance(code, int) else EXIT_OK
        if code == report.EXIT_INTERRUPTED:  # Typer turns Ctrl-C into exit 130 without a word
            report.show_interrupted()
        if standalone_mode:
            sys.exit(code)
        return code
