"""Many plan files at once, optionally in worker processes.

Workers load and render; this process writes, so that two plans that would give the same file
are caught before the second one overwrites the first. Every good file is written even when
others fail: each file's outcome is a `Result`, and the caller (the CLI) reports them. Nothing
here prints.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from plangen.errors import OutputError
from plangen.pipeline.build import Options, Result, prepare_one, warm_up
from plangen.pipeline.output import write_atomic


def run_batch(
    sources: list[Path], options: Options, *, jobs: int = 1, write: bool = True
) -> Iterator[Result]:
    """Yields the Result of each source, in order, its files written (unless `write` is false:
    then the caller takes `Result.outputs`). Up to `jobs` worker processes, never more than
    there are sources."""
    claimed: dict[str, Path] = {}
    for result in _prepared(sources, options, min(jobs, len(sources))):
        if write and result.error is None:
            _write(result, claimed)
        yield result


# A plan's documents make young objects by the hundred thousand: during a batch the collector's
# youngest generation is collected every GC_YOUNG allocations instead of every 700.
GC_YOUNG = 20_000


def _prepared(sources: list[Path], options: Options, jobs: int) -> Iterator[Result]:
    if len(sources) > 1:
        try:
            warm_up(options)  # before a fork: workers inherit compiled templates and the skeleton
        except Exception:
            pass  # only a speed-up; a real problem is reported per file by prepare_one
    # What is alive once templates and the skeleton are warm (modules, models, compiled
    # templates) outlives the batch: set apart from the collector for the batch's duration, it is
    # not scanned again at every full collection, and forked workers do not write to (and so copy)
    # its pages. Left alone when the caller manages frozen objects itself.
    many = len(sources) > 1
    frozen = many and gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    raise_young = many and threshold[0] != 0  # 0: the caller turned automatic collection off
    if frozen:
        gc.freeze()
    if raise_young:
        gc.set_threshold(max(threshold[0], GC_YOUNG), *threshold[1:])
    try:
        yield from _results(sources, options, jobs)
    finally:
        if raise_young:
            gc.set_threshold(*threshold)
        if frozen:
            gc.unfreeze()


def _results(sources: list[Path], options: Options, jobs: int) -> Iterator[Result]:
    if jobs <= 1:
        for source in sources:
            yield prepare_one(source, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork (Linux) lets the workers inherit the warmed-up state; elsewhere the platform default
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # One plan a task: a plan's six styles take a third of a second or more, so sending it
        # costs nothing worth saving, and a result waiting for the one before it holds one plan's
        # documents, not a chunk's — memory stays flat however many plans there are.
        yield from pool.map(prepare_one, sources, [options] * len(sources))


def _key(path: Path) -> str:
    """Returns what makes two output paths the same file, also on case-insensitive disks."""
    return os.path.normcase(os.path.abspath(path)).casefold()


def _write(result: Result, claimed: dict[str, Path]) -> None:
    """Writes a result's files unless another plan of this batch already wrote one of them."""
    for output in result.outputs:
        other = claimed.get(_key(output.path))
        if other is not None and other != result.source:
            result.error = OutputError(
                f"{result.source}: 与 {other} 要写出同一个文件 {output.path}，未写入（两份计划的学校简称、"
                "学年和风格相同）；请在其中一份填写不同的 school.short_name，或用 -o 分别输出到不同文件夹"
            )
            result.outputs = []
            return
    try:
        for output in result.outputs:
            write_atomic(output.path, output.data)
            claimed[_key(output.path)] = result.source
            result.written.append(output.path)
    except OutputError as exc:
        result.error = exc
    result.outputs = []
