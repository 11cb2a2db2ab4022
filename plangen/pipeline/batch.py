"""Many plan files at once: optional worker processes, a progress bar on a terminal, a summary.

Every good file is written even when others fail; the exit code is non-zero if any failed.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from plangen.pipeline.build import Options, Result, build_one, warm_up

if TYPE_CHECKING:
    from rich.console import Console


def _results(sources: list[Path], options: Options, jobs: int) -> Iterator[Result]:
    if jobs <= 1 or len(sources) <= 1:
        for source in sources:
            yield build_one(source, options)
        return
    try:
        warm_up(options)  # before the fork: workers inherit compiled templates and the skeleton
    except Exception:
        pass  # only a speed-up; a real problem is reported per file by build_one
    # fork (Linux) lets the workers inherit the warmed-up state; elsewhere the platform default
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(build_one, sources, [options] * len(sources), chunksize=max(1, len(sources) // (jobs * 8)))


def run_batch(sources: list[Path], options: Options, *, jobs: int, quiet: bool, console: Console) -> int:
    """Builds every source; prints errors, progress (terminal only) and a summary; returns the exit code."""
    from rich.markup import escape

    interactive = console.is_terminal and not quiet
    results: list[Result] = []
    if interactive and (len(sources) > 1 or len(options.styles) > 1):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("生成中", total=len(sources))
            for result in _results(sources, options, jobs):
                results.append(result)
                bar.advance(task)
    else:
        results = list(_results(sources, options, jobs))

    failed = [r for r in results if r.error]
    for result in failed:
        for line in (result.error or "").splitlines():
            console.print(escape(line), style="red" if not line.startswith(str(result.source)) else None)
    if not quiet:
        _summary(results, options, console)
    if not failed:
        return 0
    return max(r.exit_code for r in failed)


def _summary(results: list[Result], options: Options, console: Console) -> None:
    from rich.markup import escape

    written = sum(len(r.written) for r in results)
    failed = sum(1 for r in results if r.error)
    if len(results) <= 1:
        for result in results:
            for path in result.written:
                console.print(f"已生成 {escape(str(path))}")
        return
    from rich.table import Table

    table = Table(title="生成结果")
    table.add_column("文件")
    table.add_column("结果")
    table.add_column("生成文件数", justify="right")
    for result in results:
        status = "[red]失败[/]" if result.error else "[green]成功[/]"
        table.add_row(escape(str(result.source)), status, str(len(result.written)))
    console.print(table)
    console.print(f"共 {len(results)} 个计划，成功 {len(results) - failed} 个，失败 {failed} 个，写出 {written} 个文件，"
                  f"输出文件夹：{escape(str(options.out_dir))}")
