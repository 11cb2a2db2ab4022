"""`make bench`: the budgets of design.md §8, measured in one run and printed as one table.

Every figure stands beside its reference measured in the same run — the bare interpreter, the
import floor, pandoc converting the same Markdown — with the ratio, the budget and whether it is met.

    .venv/bin/python scripts/bench.py [--plans 200 | --full] [--repeat 7] [--jobs 2] [--clock cpu]
                                      [--profile]

Needs only what `make bench` installs (the `bench` extra: pypandoc-binary, pyinstrument); rows that
need a missing piece (pandoc, the .docx writer) show “—”.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plangen.plan.model import Plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "xinghe-primary.yaml"
# The libraries each command cannot do without, imported alone: what no work of plangen's own can
# go below. validate reads YAML and validates with pydantic; render --to docx adds Jinja (sandboxed),
# markdown-it and lxml (python-docx and Typer are not imported on a warm run).
VALIDATE_FLOOR = "from pydantic import BaseModel; import yaml"
RENDER_FLOOR = VALIDATE_FLOOR + "; import jinja2.sandbox, markdown_it, lxml.etree"
# Validating anything with pydantic at all: the libraries imported, one model of one field built
# and one value validated, with pydantic's plugins off as plangen runs it. Building the first model
# loads most of pydantic, which importing it does not.
ONE_MODEL_FLOOR = (
    "from plangen.cli import without_pydantic_plugins; without_pydantic_plugins()\n"
    "from pydantic import BaseModel, ConfigDict; import yaml\n"
    "class One(BaseModel):\n"
    "    model_config = ConfigDict(frozen=True, extra='forbid')\n"
    "    x: int = 0\n"
    "One.model_validate({'x': 1})\n"
)
MIB = 1024 * 1024
PANDOC_ARGS = ("-f", "markdown", "-t", "docx")


# --- measuring -------------------------------------------------------------------------------------


# How a run is timed: "wall" (elapsed seconds) or "cpu" (user + system seconds of the process
# and its workers: steadier on a machine that is busy with other work). Set by --clock.
CLOCK = "wall"
# The environment of every measured process (see child_environment).
CHILD_ENV: dict[str, str] | None = None


def child_environment(scratch: Path) -> tuple[dict[str, str], list[str]]:
    """Returns the environment to measure in, and notes about it: plangen's caches in the scratch
    folder (filled by each command's warm-up run, never the user's), and compiled bytecode kept
    (in the scratch folder) even when PYTHONDONTWRITEBYTECODE is set, as in a normal install —
    otherwise every run would compile plangen's source again."""
    env = dict(os.environ, PLANGEN_CACHE_DIR=str(scratch / "cache"))
    notes = []
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        env.setdefault("PYTHONPYCACHEPREFIX", str(scratch / "pycache"))
        notes.append(
            "已设置 PYTHONDONTWRITEBYTECODE：被测进程的字节码改存临时文件夹（与正常安装一样不必每次编译）"
        )
    return env, notes


def run_seconds(cmd: Sequence[str], cwd: Path) -> float:
    """Returns the seconds of one run of `cmd` (which must succeed) on the chosen clock."""
    start = time.perf_counter()
    child = subprocess.Popen(
        cmd, cwd=cwd, env=CHILD_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), list(cmd))
    return usage.ru_utime + usage.ru_stime if CLOCK == "cpu" else elapsed


def interleaved_medians(cmds: dict[str, Sequence[str]], cwd: Path, repeat: int) -> dict[str, float]:
    """Returns the median seconds of `repeat` runs of each command, after one unmeasured warm-up
    run of each. The commands take turns (round 1 of each, then round 2 …), so that a machine
    that gets busier or quieter meanwhile moves every figure alike and leaves their ratios be."""
    for cmd in cmds.values():
        run_seconds(cmd, cwd)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            times[name].append(run_seconds(cmd, cwd))
    return {name: statistics.median(values) for name, values in times.items()}


_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_mib(cmd: Sequence[str], cwd: Path) -> float:
    """Returns the peak resident memory (MiB) of `cmd` and its workers, run under a fresh parent
    so that no earlier child's peak is counted."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd],
        cwd=cwd,
        env=CHILD_ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    kib = int(out.split()[-1])
    return kib * 1024 / MIB if sys.platform != "darwin" else kib / MIB  # macOS reports bytes


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Returns the median milliseconds of `action` over `repeat` calls, after two warm-up calls."""
    clock = time.process_time if CLOCK == "cpu" else time.perf_counter
    action()
    action()
    times = []
    for _ in range(repeat):
        start = clock()
        action()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


# --- inputs ----------------------------------------------------------------------------------------


def plangen_command() -> list[str]:
    """Returns the command that starts plangen the way users start it (the console script)."""
    script = shutil.which("plangen", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from plangen.cli import main; main()"]


def pandoc_path() -> str | None:
    """Returns pandoc from pypandoc-binary, or None when the bench extra is not installed."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None


def make_plans(folder: Path, count: int) -> list[Path]:
    """Writes `count` variations of the example plan (own school name, year, order, targets)."""
    import yaml

    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        data = yaml.safe_load(yaml.safe_dump(base, allow_unicode=True))  # a deep copy
        data["school"]["name"] = f"{base['school']['name']}第{i + 1}分校"
        data["school"]["short_name"] = f"星河第{i + 1}分校"
        data["period"]["academic_year"] = 2020 + i % 10
        shift = i % len(data["areas"])
        data["areas"] = data["areas"][shift:] + data["areas"][:shift]
        for quota in data.get("quotas", []):
            if isinstance(quota.get("target"), int | float) and quota.get("unit") != "%":
                quota["target"] = quota["target"] + i % 7
        path = folder / f"plan-{i + 1:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


# --- the table ---------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    value: str  # plangen's figure, formatted
    reference: str = ""  # what it is compared with, formatted
    ratio: str = ""
    budget: str = ""
    met: bool | None = None  # None: no budget, or not measurable here


DASH = "—"


def seconds(value: float | None) -> str:
    return DASH if value is None else f"{value * 1000:.0f} ms"


def ratio(a: float | None, b: float | None) -> str:
    return DASH if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def print_table(rows: list[Row], notes: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="plangen 性能预算（design.md §8）", title_justify="left")
    for column, justify in (
        ("项目", "left"),
        ("plangen", "right"),
        ("参照", "right"),
        ("比值", "right"),
        ("预算", "left"),
        ("达标", "center"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        verdict = {True: "[green]✓[/]", False: "[red]✗[/]", None: ""}[row.met]
        table.add_row(row.name, row.value, row.reference, row.ratio, row.budget, verdict)
    console = Console(highlight=False)
    if not console.is_terminal or console.width < 150:
        console = Console(highlight=False, width=150)  # one line per row, also in a log file
    console.print(table)
    for note in notes:
        console.print(f"  {note}")


# --- the measurements -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="测量 design.md §8 的性能预算，与 pandoc 和解释器对比"
    )
    parser.add_argument("--plans", type=int, default=200, help="批量测试的计划数（默认 200）")
    parser.add_argument("--full", action="store_true", help="完整测试：1000 份计划")
    parser.add_argument("--repeat", type=int, default=7, help="整进程测量的重复次数（取中位数）")
    parser.add_argument("--jobs", type=int, default=2, help="批量生成的并行进程数（默认 2）")
    parser.add_argument(
        "--pandoc-sample", type=int, default=30, help="外推 pandoc 批量耗时的样本数"
    )
    parser.add_argument(
        "--profile", action="store_true", help="用 pyinstrument 剖析进程内的渲染与转换"
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="整进程计时方式：wall 实际耗时（默认），cpu 进程及其子进程的 CPU 时间（机器繁忙时更稳定）",
    )
    args = parser.parse_args(argv)
    global CLOCK, CHILD_ENV
    CLOCK = args.clock
    count = 1000 if args.full else args.plans

    from plangen.plan.load import load_plan
    from plangen.render.templates import builtin_styles, render_markdown

    has_docx = importlib.util.find_spec("plangen.docx.writer") is not None
    pandoc = pandoc_path()
    plangen = plangen_command()
    styles = list(builtin_styles())
    plan = load_plan(EXAMPLE)
    markdown = render_markdown(plan, "standard")
    rows: list[Row] = []
    notes = [
        (
            f"{platform.python_implementation()} {platform.python_version()}，{os.cpu_count()} 核；"
            f"计划：{EXAMPLE.name}（standard 风格 Markdown {len(markdown):,} 字）；"
            f"整进程取 {args.repeat} 次中位数（{'CPU 时间：用户态 + 内核态' if CLOCK == 'cpu' else '实际耗时'}）"
        )
    ]

    with tempfile.TemporaryDirectory(prefix="plangen-bench-") as scratch:
        work = Path(scratch)
        CHILD_ENV, env_notes = child_environment(work)
        notes += env_notes
        md_file = work / "plan.md"
        md_file.write_text(markdown, encoding="utf-8")

        # Whole processes, taking turns: every ratio below compares runs made side by side
        render = [*plangen, "render", str(EXAMPLE), "-q", "--to"]
        commands: dict[str, Sequence[str]] = {
            "bare": [sys.executable, "-c", "pass"],
            "validate_floor": [sys.executable, "-c", VALIDATE_FLOOR],
            "one_model_floor": [sys.executable, "-c", ONE_MODEL_FLOOR],
            "render_floor": [sys.executable, "-c", RENDER_FLOOR],
            "help": [*plangen, "--help"],
            "validate": [*plangen, "validate", str(EXAMPLE)],
            "md": [*render, "md", "-o", "out-md"],
        }
        if pandoc:
            commands["pandoc"] = [pandoc, *PANDOC_ARGS, "-o", "p.docx", str(md_file)]
        if has_docx:
            commands["docx"] = [*render, "docx", "-o", "out-docx"]
        whole = interleaved_medians(commands, work, args.repeat)
        bare, validate_floor, render_floor = (
            whole["bare"],
            whole["validate_floor"],
            whole["render_floor"],
        )
        pandoc_s = whole.get("pandoc")
        rows.append(Row("Python 空解释器（python -c pass）", seconds(bare)))
        rows.append(
            Row(
                "validate 的导入下限（只导入 pydantic、PyYAML）",
                seconds(validate_floor),
                seconds(bare),
                ratio(validate_floor, bare),
            )
        )
        rows.append(
            Row(
                "用 pydantic 校验的下限（再建一个单字段模型、校验一次）",
                seconds(whole["one_model_floor"]),
                seconds(bare),
                ratio(whole["one_model_floor"], bare),
            )
        )
        rows.append(
            Row(
                "render 的导入下限（再加 Jinja、markdown-it、lxml）",
                seconds(render_floor),
                seconds(pandoc_s),
                ratio(render_floor, pandoc_s),
            )
        )
        rows.append(Row("pandoc md→docx（整进程）", seconds(pandoc_s)))

        # Whole processes
        help_s = whole["help"]
        rows.append(
            Row(
                "plangen --help",
                seconds(help_s),
                seconds(bare),
                ratio(help_s, bare),
                "≤ 6× 空解释器",
                help_s <= 6 * bare,
            )
        )
        validate_s = whole["validate"]
        rows.append(
            Row(
                "plangen validate（整进程）",
                seconds(validate_s),
                seconds(bare),
                ratio(validate_s, bare),
                "≤ 10× 空解释器",
                validate_s <= 10 * bare,
            )
        )
        md_s = whole["md"]
        rows.append(
            Row(
                "plangen render --to md（整进程）",
                seconds(md_s),
                seconds(pandoc_s),
                ratio(md_s, pandoc_s),
            )
        )
        docx_s = whole.get("docx")
        rows.append(
            Row(
                "plangen render --to docx（整进程）",
                seconds(docx_s),
                seconds(pandoc_s),
                ratio(docx_s, pandoc_s),
                "≤ 2.5× pandoc（§8 终点 1.5×）",
                None if docx_s is None or pandoc_s is None else docx_s <= 2.5 * pandoc_s,
            )
        )

        # In process
        md_ms = median_ms(lambda: render_markdown(plan, "standard"), 50)
        rows.append(Row("进程内 Markdown 渲染（每份）", f"{md_ms:.1f} ms"))
        docx_ms = None
        pandoc_here = pandoc_s  # pandoc again, in turns with the conversions below
        if has_docx:
            from plangen.pipeline.document import render_docx

            conversions: list[float] = []
            pandoc_turns: list[float] = []
            for _ in range(10):
                if pandoc:
                    command = [pandoc, *PANDOC_ARGS, "-o", "p.docx", str(md_file)]
                    pandoc_turns.append(run_seconds(command, work))
                conversions.append(
                    median_ms(lambda: render_docx(plan, "standard", markdown=markdown), 5)
                )
            docx_ms = statistics.median(conversions)
            if pandoc_turns:
                pandoc_here = statistics.median(pandoc_turns)
        rows.append(
            Row(
                "进程内 .docx 转换（每份）",
                DASH if docx_ms is None else f"{docx_ms:.1f} ms",
                seconds(pandoc_here),
                ratio(None if docx_ms is None else docx_ms / 1000, pandoc_here),
                "≤ 0.1× pandoc",
                None
                if docx_ms is None or pandoc_here is None
                else docx_ms / 1000 <= 0.1 * pandoc_here,
            )
        )

        # Peak memory of one render
        render_cmd = [
            *plangen,
            "render",
            str(EXAMPLE),
            "--to",
            "docx" if has_docx else "md",
            "-o",
            "out-mem",
            "-q",
        ]
        render_mib = peak_mib(render_cmd, work)
        pandoc_mib = (
            peak_mib([pandoc, *PANDOC_ARGS, "-o", "p.docx", str(md_file)], work) if pandoc else None
        )
        rows.append(
            Row(
                "峰值内存：生成一份（整进程）",
                f"{render_mib:.0f} MiB",
                DASH if pandoc_mib is None else f"{pandoc_mib:.0f} MiB",
                ratio(render_mib, pandoc_mib),
                "≤ 0.5× pandoc",
                None if pandoc_mib is None else render_mib <= 0.5 * pandoc_mib,
            )
        )

        # Batch: N plans × all styles × md+docx on `jobs` processes, against pandoc once per document
        formats = "md,docx" if has_docx else "md"
        plans = make_plans(work / "plans", count)
        small = plans[: max(1, count // 5)]
        batch = [
            *plangen,
            "render",
            "--style",
            "all",
            "--to",
            formats,
            "-j",
            str(args.jobs),
            "--quiet",
        ]
        documents = count * len(styles)
        # pandoc's sample is taken half before and half after the batch, so that a machine
        # getting busier or quieter during the batch moves both rates alike.
        sample: list[float] = []

        def pandoc_runs(count: int) -> None:
            if pandoc:
                command = [pandoc, *PANDOC_ARGS, "-o", "s.docx", str(md_file)]
                sample.extend(run_seconds(command, work) for _ in range(count))

        pandoc_runs(args.pandoc_sample // 2)
        batch_s = run_seconds([*batch, "-o", "out-batch", *map(str, plans)], work)
        pandoc_runs(args.pandoc_sample - args.pandoc_sample // 2)
        # On the CPU clock, both rates assume ideal scaling over `jobs` cores.
        plangen_rate = documents / batch_s * (args.jobs if CLOCK == "cpu" else 1)
        pandoc_rate = None
        if sample:
            pandoc_rate = args.jobs / statistics.median(sample)  # ideal scaling over the same cores
        rows.append(
            Row(
                f"批量：{count} 份 × {len(styles)} 种风格 × {formats}（-j {args.jobs}）",
                f"{plangen_rate:.1f} 份/秒",
                DASH if pandoc_rate is None else f"{pandoc_rate:.1f} 份/秒",
                ratio(plangen_rate, pandoc_rate),
                "≥ 5× pandoc",
                None if pandoc_rate is None or not has_docx else plangen_rate >= 5 * pandoc_rate,
            )
        )
        small_mib = peak_mib([*batch, "-o", "out-small", *map(str, small)], work)
        big_mib = peak_mib([*batch, "-o", "out-big", *map(str, plans)], work)
        rows.append(
            Row(
                f"批量峰值内存：{len(small)} 份 → {count} 份",
                f"{big_mib:.0f} MiB",
                f"{small_mib:.0f} MiB",
                ratio(big_mib, small_mib),
                "不随份数增长（≤ 1.25×）",
                big_mib <= 1.25 * small_mib,
            )
        )
        notes.append(
            f"批量共 {documents:,} 份文档，用时 {batch_s:.1f} 秒{'（CPU，按理想并行折算速率）' if CLOCK == 'cpu' else ''}；pandoc 按 {args.pandoc_sample} 次单份转换（批量前后各一半）的"
            f"中位数、{args.jobs} 个进程理想并行外推"
        )

    if not has_docx:
        notes.append("plangen.docx.writer 尚未就绪：.docx 相关项显示“—”")
    if not pandoc:
        notes.append("未找到 pandoc（pypandoc-binary）：请用 make bench 安装 bench 依赖")
    print_table(rows, notes)
    if args.profile:
        profile(plan, markdown, has_docx)
    return 0


def profile(plan: Plan, markdown: str, has_docx: bool) -> None:
    """Prints pyinstrument profiles of the in-process Markdown render and .docx conversion."""
    from pyinstrument import Profiler

    from plangen.render.templates import render_markdown

    stages: list[tuple[str, Callable[[], object]]] = [
        ("Markdown 渲染", lambda: render_markdown(plan, "standard"))
    ]
    if has_docx:
        from plangen.pipeline.document import render_docx

        stages.append((".docx 转换", lambda: render_docx(plan, "standard", markdown=markdown)))
    for title, action in stages:
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(30):
                action()
        print(f"\n===== {title}（30 次） =====")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    sys.exit(main())
