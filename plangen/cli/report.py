"""What the command line shows: messages, problems, batch progress and the summary table.

Messages are written as plain text when the stream is not a terminal (scripts, pipes, CI), so
that rich — a tenth of a second to import — is loaded only to colour a terminal or draw a table.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from plangen.errors import PlangenError

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from plangen.pipeline.build import Options, Result

Part = str | tuple[str, str]  # plain text, or (text, rich style) coloured on a terminal


class Reported(PlangenError):
    """The problems were shown one by one already; the command ends with this exit code."""

    def __init__(self, exit_code: int):
        super().__init__("")
        self.exit_code = exit_code


class Out:
    """One output stream (stdout or stderr) that colours only on a terminal."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr
        self._console: Console | None = None

    @property
    def stream(self) -> IO[str]:
        return sys.stderr if self.stderr else sys.stdout  # looked up late: tests swap them

    @property
    def is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    @property
    def console(self) -> Console:
        """Returns the rich console of this stream (for tables and progress bars)."""
        if self._console is None or self._console.file is not self.stream:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False, soft_wrap=True)
        return self._console

    def line(self, *parts: Part) -> None:
        """Writes one line made of `parts`; a (text, style) part is coloured on a terminal."""
        if not self.is_terminal:
            self.stream.write("".join(p if isinstance(p, str) else p[0] for p in parts) + "\n")
            return
        from rich.text import Text

        text = Text()
        for part in parts:
            text.append(*((part,) if isinstance(part, str) else part))
        self.console.print(text)

    def table(self, title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
        """Draws a table; a cell may be (text, style)."""
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title)
        for column in columns:
            table.add_column(
                column, justify="right" if column.endswith("数") else "left", overflow="fold"
            )
        for row in rows:
            table.add_row(
                *(Text(*cell) if isinstance(cell, tuple) else Text(str(cell)) for cell in row)
            )
        self.console.print(table)


def show_error(message: str) -> None:
    """Prints one error message (possibly several lines) to stderr."""
    Out(stderr=True).line(("错误：", "bold red"), message)


EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a process stopped by SIGINT


def show_interrupted() -> int:
    """Says that the command was interrupted (Ctrl-C) and returns its exit code."""
    sys.stderr.write("已中断\n")
    sys.stderr.flush()
    return EXIT_INTERRUPTED


def show_failure(exc: PlangenError) -> int:
    """Shows what stopped a command and returns its exit code: located problems one line each
    (as for a plan in a batch), any other error as one message (none for `Reported`)."""
    from plangen.errors import InputError

    if isinstance(exc, InputError):
        show_lines(str(exc), Out(stderr=True))
    elif str(exc):
        show_error(str(exc))
    return exc.exit_code


def show_warnings(warnings: Iterable[object], out: Out) -> None:
    """Prints each warning as “警告：FILE: field: message”."""
    for warning in warnings:
        out.line(("警告：", "bold yellow"), str(warning))


def show_lines(text: str, out: Out, source: str = "") -> None:
    """Prints located problem lines; a line not about `source` (a note) is shown in red."""
    for line in text.splitlines():
        out.line((line, "red") if source and not line.startswith(source) else line)


def collect(results: Iterable[Result], total: int, out: Out, *, progress: bool) -> list[Result]:
    """Returns all results, showing a progress bar while they arrive when `progress` is set."""
    if not progress:
        return list(results)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    done: list[Result] = []
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=out.console, transient=True) as bar:
        task = bar.add_task("生成中", total=total)
        for result in results:
            done.append(result)
            bar.advance(task)
    return done


def show_batch(results: list[Result], options: Options, out: Out, *, quiet: bool) -> None:
    """Prints every failed file's problems, then (unless quiet) what was written; with many
    files, a table and the problems once more below it, so that none scrolls away."""
    for result in results:
        show_warnings(result.warnings, out)
    failed = [r for r in results if r.error]
    for result in failed:
        show_lines(str(result.error), out, str(result.source))
    if quiet:
        return
    if len(results) <= 1:
        for result in results:
            for path in result.written:
                out.line(f"已生成 {path}")
        return
    rows = [
        (str(r.source), ("失败", "red") if r.error else ("成功", "green"), len(r.written))
        for r in results
    ]
    out.table("生成结果", ("文件", "结果", "生成文件数"), rows)
    written = sum(len(r.written) for r in results)
    out.line(
        f"共 {len(results)} 个计划，成功 {len(results) - len(failed)} 个，失败 {len(failed)} 个，"
        f"写出 {written} 个文件，输出文件夹：{options.out_dir}"
    )
    if failed:
        out.line(("以下文件有错误：", "bold red"))
        for result in failed:
            show_lines(str(result.error), out, str(result.source))


def show_checks(results: list[Result], out: Out, err: Out) -> None:
    """Prints what `validate` found: per file its warnings and problems, or a ✓ line with its size."""
    for result in results:
        show_warnings(result.warnings, err)
        if result.error:
            show_lines(str(result.error), err)
            continue
        areas, tasks, quotas = result.counts
        out.line(
            ("✓", "green"),
            f" {result.source}：有效（{areas} 个领域、{tasks} 项任务、{quotas} 个指标）",
        )
    failed = sum(1 for r in results if r.error)
    if failed:
        err.line((f"{failed} 个文件有错误", "red"))


def run(
    plans: list[Path],
    options: Options,
    *,
    jobs: int = 1,
    quiet: bool = False,
    to_stdout: bool = False,
    checking: bool = False,
) -> None:
    """Builds (or, `checking`, only checks) `plans`: progress on a terminal, then every file's
    warnings and problems and a summary; ends with the worst exit code of the files. With
    `to_stdout`, the Markdown goes to standard output."""
    from plangen.pipeline.batch import run_batch

    err = Out(stderr=True)
    many = len(plans) > 1 or len(options.styles) > 1
    results = run_batch(plans, options, jobs=jobs, write=not to_stdout)
    if to_stdout:
        results = _documents_to_stdout(results)
    done = collect(results, len(plans), err, progress=err.is_terminal and not quiet and many)
    if checking:
        show_checks(done, Out(), err)
    else:
        show_batch(done, options, err, quiet=quiet or to_stdout)
    code = max((r.exit_code for r in done), default=0)
    if code:
        raise Reported(code)


def _documents_to_stdout(results: Iterable[Result]) -> Iterator[Result]:
    """Writes each result's documents to standard output as they come, passing the results on."""
    stream = getattr(sys.stdout, "buffer", None)
    for result in results:
        for output in result.outputs:
            if stream is not None:
                stream.write(output.data)
            else:
                sys.stdout.write(output.data.decode("utf-8"))
        result.outputs = []
        yield result
    if stream is not None:
        stream.flush()
