"""The command line: options in, a library call, results out through rich.

Heavy modules (pydantic, jinja2, python-docx, OpenCC, ruamel) are imported inside the commands
that need them, so `plangen --help` stays fast. Only this module prints and chooses exit codes:
0 success, 1 invalid input or failed output, 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plangen import __version__

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="plangen",
    help="plangen：用一份 YAML 生成学校工作计划（Markdown 与 Word .docx）。\n\n"
    "示例：plangen render plan.yaml --style all --to md,docx -o 输出",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    from rich.markup import escape

    _console(stderr=True).print(f"[bold red]错误：[/]{escape(message)}")
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"plangen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="显示版本号并退出")
    ] = False,
) -> None:
    """plangen：用一份 YAML 生成学校工作计划。"""


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@app.command(
    epilog="示例：plangen render 星河小学.yaml --style all --to md,docx -o 输出/2025\n\n"
    "　　　plangen render schools/*.yaml --year 2027 -o out/2027 -j 2",
)
def render(
    plans: Annotated[list[Path], typer.Argument(metavar="计划.yaml", help="一个或多个计划 YAML 文件", show_default=False)],
    style: Annotated[list[str], typer.Option("--style", "-s", help="风格名（见 plangen styles），可用逗号分隔多个；all 表示全部")] = ["standard"],
    to: Annotated[str, typer.Option("--to", "-t", help="输出格式：md、docx，或 md,docx")] = "md",
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("."),
    theme: Annotated[str, typer.Option("--theme", help="docx 版式：gongwen（公文，默认）、plain，或自定义 theme.yaml 路径")] = "gongwen",
    templates: Annotated[Path | None, typer.Option("--templates", help="自定义模板文件夹（同名覆盖内置风格，新名称增加风格）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="改用这一年（学年起始年或年度），不必修改文件")] = None,
    term: Annotated[str | None, typer.Option("--term", help="改用这个学期：first、second 或 year")] = None,
    front_matter: Annotated[bool, typer.Option("--front-matter", help="在 Markdown 开头写入 YAML front matter（标题、日期等）")] = False,
    script: Annotated[str, typer.Option("--script", help="文字：hans 简体（默认）、hant 繁体、hant-tw 台湾繁体、hant-hk 香港繁体")] = "hans",
    no_normalize: Annotated[bool, typer.Option("--keep-punctuation", help="保留用户文字中的半角标点（默认转为全角）")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="并行进程数（批量生成时）")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度和汇总")] = False,
) -> None:
    """把计划 YAML 生成为 Markdown / Word 文档。"""
    from plangen.errors import InputError, PlangenError
    from plangen.pipeline.build import FORMATS, SCRIPTS, Options
    from plangen.render.templates import styles as available_styles

    formats = tuple(dict.fromkeys(_split([to])))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise _fail(f"未知的输出格式“{'、'.join(bad) or to}”；可用：md、docx、md,docx", EXIT_USAGE)
    if term is not None and term not in ("first", "second", "year"):
        raise _fail(f"未知的学期“{term}”；可用：first、second、year", EXIT_USAGE)
    if script not in SCRIPTS:
        raise _fail(f"未知的文字“{script}”；可用：{'、'.join(SCRIPTS)}", EXIT_USAGE)
    try:
        known = available_styles(templates)
        if "docx" in formats:
            from plangen.docx.theme import load_theme

            load_theme(theme)
    except InputError as exc:  # a broken theme file: its lines, exactly as for a plan
        from rich.markup import escape

        for line in str(exc).splitlines():
            _console(stderr=True).print(escape(line))
        raise typer.Exit(exc.exit_code) from None
    except PlangenError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    chosen = _split(style)
    names = list(known) if "all" in chosen else list(dict.fromkeys(chosen))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise _fail(f"未知的风格“{'、'.join(unknown)}”；可用：{'、'.join(known)}、all", EXIT_USAGE)
    options = Options(
        styles=tuple(names), formats=formats, out_dir=out, theme=theme, templates=templates,
        year=year, term=term, front_matter=front_matter, script=script, normalize=not no_normalize,
    )
    from plangen.pipeline.batch import run_batch

    code = run_batch(list(plans), options, jobs=jobs, quiet=quiet, console=_console(stderr=True))
    raise typer.Exit(code)


@app.command(epilog="示例：plangen validate plan.yaml schools/*.yaml")
def validate(
    plans: Annotated[list[Path], typer.Argument(metavar="计划.yaml", help="一个或多个计划 YAML 文件", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="按这一年检查")] = None,
) -> None:
    """检查计划文件，一次列出所有错误（文件:行:列: 字段: 说明）。"""
    from rich.markup import escape

    from plangen.errors import InputError
    from plangen.plan.load import load_plan

    out, err = _console(), _console(stderr=True)
    failed = 0
    for path in plans:
        try:
            plan = load_plan(path, year=year)
        except InputError as exc:
            failed += 1
            for line in str(exc).splitlines():
                err.print(escape(line))
            continue
        tasks = sum(len(a.tasks) for a in plan.areas)
        out.print(f"[green]✓[/] {escape(str(path))}：有效（{len(plan.areas)} 个领域、{tasks} 项任务、"
                  f"{len(plan.quotas)} 个指标）")
    if failed:
        err.print(f"[red]{failed} 个文件有错误[/]")
        raise typer.Exit(EXIT_INPUT)


@app.command(epilog="示例：plangen styles --templates 我的模板")
def styles(
    templates: Annotated[Path | None, typer.Option("--templates", help="同时列出这个文件夹中的自定义模板")] = None,
) -> None:
    """列出可用的风格：名称、中文名、说明、来源。"""
    from rich.table import Table

    from plangen.errors import PlangenError
    from plangen.render.templates import styles as available_styles

    try:
        found = available_styles(templates)
    except PlangenError as exc:
        raise _fail(str(exc), EXIT_USAGE) from None
    table = Table(title="可用风格")
    for column in ("名称", "中文名", "说明", "来源"):
        table.add_column(column)
    for style in found.values():
        table.add_row(style.name, style.title, style.description, style.source)
    _console().print(table)


@app.command(epilog="示例：plangen presets")
def presets() -> None:
    """列出内置预设：名称、中文名、用途。"""
    from rich.table import Table

    from plangen.commands.new import preset_catalogue

    table = Table(title="内置预设（plangen new 计划.yaml --preset 名称）")
    for column in ("名称", "中文名", "用途"):
        table.add_column(column)
    for entry in preset_catalogue():
        table.add_row(entry.name, entry.title, entry.purpose)
    _console().print(table)


@app.command(epilog="示例：plangen schema > plan.schema.json")
def schema() -> None:
    """输出计划文件的 JSON Schema（供编辑器补全和检查）。"""
    from plangen.commands.schema import schema_json

    sys.stdout.write(schema_json())


@app.command(epilog="示例：plangen demo -o plangen-demo")
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("plangen-demo"),
) -> None:
    """用内置示例生成全部风格的 Markdown 与 Word 文档。"""
    from plangen import resources
    from plangen.pipeline.batch import run_batch
    from plangen.pipeline.build import Options
    from plangen.render.templates import builtin_styles

    examples = sorted(resources.data_dir("examples").glob("*.yaml"))
    options = Options(styles=tuple(builtin_styles()), formats=("md", "docx"), out_dir=out)
    code = run_batch(examples, options, jobs=1, quiet=False, console=_console(stderr=True))
    if code == EXIT_OK:
        _console().print(f"已生成到 {out}/")
    raise typer.Exit(code)


@app.command(epilog="示例：plangen new 星河小学.yaml --preset primary-school --school 星河小学 --year 2026")
def new(
    file: Annotated[Path, typer.Argument(help="要创建的计划文件", show_default=False)],
    preset: Annotated[str, typer.Option("--preset", "-p", help="预设名（见 plangen presets）")] = "primary-school",
    school: Annotated[str | None, typer.Option("--school", help="学校（单位）全称")] = None,
    year: Annotated[int | None, typer.Option("--year", help="学年起始年或年度")] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="覆盖已有文件")] = False,
) -> None:
    """从预设创建一份带注释、可直接编辑的计划 YAML。"""
    from plangen.commands.new import new_plan
    from plangen.errors import PlangenError

    if file.exists() and not force:
        raise _fail(f"{file} 已存在；如要覆盖请加 --force", EXIT_INPUT)
    try:
        new_plan(file, preset, school=school, year=year)
    except PlangenError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    _console().print(f"已创建 {file}：请编辑后运行 plangen validate {file}")


@app.command(epilog="示例：plangen roll 2025.yaml --to 2026 -o 2026.yaml --targets-to-baselines")
def roll(
    plan: Annotated[Path, typer.Argument(help="今年的计划文件", show_default=False)],
    to: Annotated[int, typer.Option("--to", help="新的学年起始年或年度")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="新文件（默认：原文件名加年份）")] = None,
    targets_to_baselines: Annotated[bool, typer.Option("--targets-to-baselines", help="把今年的目标值写入 baseline")] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="覆盖已有文件")] = False,
) -> None:
    """生成下一年的计划 YAML，保留注释、键顺序和引号，日期顺延。"""
    from plangen.commands.roll import default_roll_path, roll_plan
    from plangen.errors import PlangenError

    target = out or default_roll_path(plan, to)
    if target.exists() and not force:
        raise _fail(f"{target} 已存在；如要覆盖请加 --force", EXIT_INPUT)
    try:
        roll_plan(plan, to, target, targets_to_baselines=targets_to_baselines)
    except PlangenError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    _console().print(f"已写入 {target}")


@app.command(epilog="示例：plangen diff 2025.yaml 2026.yaml")
def diff(
    old: Annotated[Path, typer.Argument(help="旧计划", show_default=False)],
    new_file: Annotated[Path, typer.Argument(metavar="NEW", help="新计划", show_default=False)],
) -> None:
    """用中文列出两份计划的差异：目标、指标（旧值 → 新值）、任务增删。"""
    from rich.markup import escape

    from plangen.commands.diff import diff_plans
    from plangen.errors import PlangenError
    from plangen.plan.load import load_plan

    try:
        lines = diff_plans(load_plan(old), load_plan(new_file))
    except PlangenError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    console = _console()
    for line in lines or ["两份计划没有差异。"]:
        console.print(escape(line))


def main() -> None:
    """Console-script entry point: runs the app, turning unexpected library errors into exit 1."""
    try:
        app()
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
