"""Many plan files at once, optionally in worker processes.

Every good file is written even when others fail: each file's outcome is a `Result`, and the caller
(the CLI) reports them. Nothing here prints.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from plangen.pipeline.build import Options, Result, build_one, warm_up


def run_batch(sources: list[Path], options: Options, *, jobs: int = 1) -> Iterator[Result]:
    """Yields the Result of building each source, in order, with up to `jobs` worker processes."""
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
        chunk = max(1, len(sources) // (jobs * 8))
        yield from pool.map(build_one, sources, [options] * len(sources), chunksize=chunk)
