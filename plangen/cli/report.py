"""What the command line shows: consoles, error lines, batch progress and the summary table."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from plangen.pipeline.build import Options, Result


def console(stderr: bool = False) -> Console:
    """Returns a rich console that neither highlights nor wraps (messages stay copyable)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def show_error(message: str) -> None:
    """Prints one error message (possibly several lines) to stderr."""
    from rich.markup import escape

    console(stderr=True).print(f"[bold red]错误：[/]{escape(message)}")


def show_lines(text: str, out: Console, source: str = "") -> None:
    """Prints located problem lines; a line not about `source` (a note) is shown in red."""
    from rich.markup import escape

    for line in text.splitlines():
        out.print(escape(line), style="red" if source and not line.startswith(source) else None)


def collect(results: Iterable[Result], total: int, out: Console, *, progress: bool) -> list[Result]:
    """Returns all results, showing a progress bar while they arrive when `progress` is set."""
    if not progress:
        return list(results)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    done: list[Result] = []
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=out, transient=True) as bar:
        task = bar.add_task("生成中", total=total)
        for result in results:
            done.append(result)
            bar.advance(task)
    return done


def show_batch(results: list[Result], options: Options, out: Console, *, quiet: bool) -> None:
    """Prints every failed file's problems, then (unless quiet) what was written."""
    from rich.markup import escape

    for result in results:
        if result.error:
            show_lines(str(result.error), out, str(result.source))
    if quiet:
        return
    if len(results) <= 1:
        for result in results:
            for path in result.written:
                out.print(f"已生成 {escape(str(path))}")
        return
    from rich.table import Table

    table = Table(title="生成结果")
    table.add_column("文件")
    table.add_column("结果")
    table.add_column("生成文件数", justify="right")
    for result in results:
        status = "[red]失败[/]" if result.error else "[green]成功[/]"
        table.add_row(escape(str(result.source)), status, str(len(result.written)))
    out.print(table)
    written = sum(len(r.written) for r in results)
    failed = sum(1 for r in results if r.error)
    out.print(f"共 {len(results)} 个计划，成功 {len(results) - failed} 个，失败 {failed} 个，写出 {written} 个文件，"
              f"输出文件夹：{escape(str(options.out_dir))}")
