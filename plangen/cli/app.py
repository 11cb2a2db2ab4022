"""The command line: options in, a library call, results out through rich.

Heavy modules (pydantic, jinja2, python-docx, OpenCC, ruamel) are imported inside the commands
that need them, so `plangen --help` stays fast. Library code raises `PlangenError`; the one place
that turns it into a message and an exit code is `plangen.cli.boundary.Boundary` (for plain
`render` and `validate` command lines read without Typer, `plangen.cli.direct`, which shows it
through the same `report.show_failure`). What `render` and `validate` do is `plangen.cli.actions`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plangen import __version__
from plangen.cli import actions, report
from plangen.cli.boundary import Boundary, Command

if TYPE_CHECKING:
    pass


app = typer.Typer(
    name="plangen",
    cls=Boundary,
    pretty_exceptions_enable=False,
    help="plangen：用一份 YAML 生成学校工作计划（Markdown 与 Word .docx）。\n\n"
    "示例：plangen render plan.yaml --style all --to md,docx -o 输出",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"plangen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="显示版本号并退出"),
    ] = False,
) -> None:
    """plangen：用一份 YAML 生成学校工作计划。"""


@app.command(
    cls=Command,
    epilog="示例：plangen render 星河小学.yaml --style all --to md,docx -o 输出/2025\n\n"
    "　　　plangen render schools/*.yaml --year 2027 -o out/2027 -j 2",
)
def render(
    plans: Annotated[
        list[Path],
        typer.Argument(
            metavar="计划.yaml",
            help="一个或多个计划 YAML 文件；- 表示从标准输入读取",
            show_default=False,
        ),
    ],
    style: Annotated[
        list[str],
        typer.Option(
            "--style",
            "-s",
            help="风格名或中文名（见 plangen styles，如 okr 或 目标与关键结果），可用逗号分隔多个；all 表示全部",
        ),
    ] = ["standard"],
    to: Annotated[
        str,
        typer.Option(
            "--to", "-t", help="输出格式：md、docx、pdf（经 LibreOffice 转换），或 md,docx,pdf"
        ),
    ] = "md",
    out: Annotated[
        Path, typer.Option("--out", "-o", help="输出文件夹；- 表示把 Markdown 写到标准输出")
    ] = Path("."),
    theme: Annotated[
        str,
        typer.Option(
            "--theme", help="docx 版式：gongwen（公文，默认）、plain，或自定义 theme.yaml 路径"
        ),
    ] = "gongwen",
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="自定义模板文件夹（同名覆盖内置风格，新名称增加风格）"),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="改用这一年（学年起始年或年度），不必修改文件")
    ] = None,
    term: Annotated[
        str | None, typer.Option("--term", help="改用这个学期：first、second 或 year")
    ] = None,
    front_matter: Annotated[
        bool,
        typer.Option(
            "--front-matter", help="在 Markdown 开头写入 YAML front matter（标题、日期等）"
        ),
    ] = False,
    script: Annotated[
        str,
        typer.Option(
            "--script",
            help="文字：hans 简体（默认）、hant 繁体、hant-tw 台湾繁体、hant-hk 香港繁体",
        ),
    ] = "hans",
    no_normalize: Annotated[
        bool, typer.Option("--keep-punctuation", help="保留用户文字中的半角标点（默认转为全角）")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, max=64, help="并行进程数（批量生成时）")
    ] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度和汇总")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="把警告（占位文字、过期年份等）当作错误，不生成")
    ] = False,
) -> None:
    """把计划 YAML 生成为 Markdown / Word 文档。"""
    actions.render(
        plans,
        style=style,
        to=to,
        out=out,
        theme=theme,
        templates=templates,
        year=year,
        term=term,
        front_matter=front_matter,
        script=script,
        no_normalize=no_normalize,
        jobs=jobs,
        quiet=quiet,
        strict=strict,
    )


@app.command(cls=Command, epilog="示例：plangen validate plan.yaml schools/*.yaml")
def validate(
    plans: Annotated[
        list[Path],
        typer.Argument(metavar="计划.yaml", help="一个或多个计划 YAML 文件", show_default=False),
    ],
    year: Annotated[int | None, typer.Option("--year", help="按这一年检查")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="有警告（占位文字、过期年份等）也算错误")
    ] = False,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="也按这个文件夹中的自定义模板检查 style_text")
    ] = None,
) -> None:
    """检查计划文件，一次列出所有错误（文件:行:列: 字段: 说明）。"""
    actions.validate(plans, year=year, strict=strict, templates=templates)


@app.command(cls=Command, epilog="示例：plangen styles --templates 我的模板")
def styles(
    templates: Annotated[
        Path | None, typer.Option("--templates", help="同时列出这个文件夹中的自定义模板")
    ] = None,
) -> None:
    """列出可用的风格：名称、中文名、说明、来源。"""
    from plangen.render.templates import styles as available_styles

    rows = [
        (s.name, s.title, s.description, s.source) for s in available_styles(templates).values()
    ]
    report.Out().table("可用风格", ("名称", "中文名", "说明", "来源"), rows)


@app.command(cls=Command, epilog="示例：plangen presets")
def presets() -> None:
    """列出内置预设：名称、中文名、用途。"""
    from plangen.commands.new import preset_catalogue

    rows = [(entry.name, entry.title, entry.purpose) for entry in preset_catalogue()]
    report.Out().table(
        "内置预设（plangen new 计划.yaml --preset 名称）", ("名称", "中文名", "用途"), rows
    )


@app.command(
    cls=Command,
    epilog="示例：plangen schema > plan.schema.json\n\n"
    "　　　plangen schema --write 计划文件夹（写出 plan.schema.json，供 VS Code 等编辑器使用）",
)
def schema(
    write: Annotated[
        Path | None,
        typer.Option(
            "--write", metavar="文件夹", help="把 plan.schema.json 写到这个文件夹，而不是输出到屏幕"
        ),
    ] = None,
) -> None:
    """输出计划文件的 JSON Schema（供编辑器补全和检查）。"""
    from plangen.commands.schema import schema_json, write_schema

    if write is None:
        sys.stdout.write(schema_json())
        return
    path = write_schema(write)
    report.Out(stderr=True).line(
        f"已写入 {path}；在计划文件第一行写 # yaml-language-server: $schema=./{path.name}"
    )


@app.command(cls=Command, epilog="示例：plangen demo -o plangen-demo")
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="输出文件夹")] = Path("plangen-demo"),
) -> None:
    """用内置示例生成全部风格的 Markdown 与 Word 文档。"""
    from plangen import resources
    from plangen.pipeline.build import Options
    from plangen.render.templates import builtin_styles

    examples = sorted(resources.data_dir("examples").glob("*.yaml"))
    options = Options(styles=tuple(builtin_styles()), formats=("md", "docx"), out_dir=out)
    report.run(examples, options)
    report.Out().line(f"已生成到 {out}/")


@app.command(
    cls=Command,
    epilog="示例：plangen new 星河小学.yaml --school 星河小学 --year 2026\n\n"
    "　　　在终端中不写 --school 时逐项询问全称、简称和落款（--yes 不询问）",
)
def new(
    file: Annotated[
        Path, typer.Argument(metavar="计划.yaml", help="要创建的计划文件", show_default=False)
    ],
    preset: Annotated[
        str, typer.Option("--preset", "-p", help="预设名（见 plangen presets）")
    ] = "primary-school",
    school: Annotated[str | None, typer.Option("--school", help="学校（单位）全称")] = None,
    short_name: Annotated[
        str | None, typer.Option("--short-name", help="正文中使用的简称（默认同全称）")
    ] = None,
    issuer: Annotated[
        str | None, typer.Option("--issuer", help="落款（发文单位，默认同全称）")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="学年起始年或年度（默认按今天的日期：8 月起为本学年）"),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不询问，直接使用预设中的值")] = False,
    force: Annotated[bool, typer.Option("--force", "-f", help="覆盖已有文件")] = False,
) -> None:
    """从预设创建带注释、可直接编辑的计划 YAML，旁边写出 plan.schema.json。"""
    from plangen.commands import new as creating
    from plangen.errors import OutputError

    if file.exists() and not force:
        raise OutputError(f"{file} 已存在；如要覆盖请加 --force")
    if school is None and not yes and creating.is_interactive():
        school, short_name, issuer = creating.ask_names(
            preset, short_name, issuer, ask=typer.prompt
        )
    start = year if year is not None else creating.default_year(preset)
    schema = creating.new_plan(
        file, preset, school=school, year=start, short_name=short_name, issuer=issuer
    )
    report.Out().line(
        f"已创建 {file}（{start} 起）和 {schema}：请编辑后运行 plangen validate {file}"
    )


@app.command(
    cls=Command,
    epilog="示例：plangen roll 2025.yaml --to 2026 -o 2026.yaml --targets-to-baselines",
)
def roll(
    plan: Annotated[
        Path, typer.Argument(metavar="计划.yaml", help="今年的计划文件", show_default=False)
    ],
    to: Annotated[
        int,
        typer.Option(
            "--to", "--year", help="新的学年起始年或年度（--year 与 render 的同名选项一致）"
        ),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="新文件（默认：原文件名加年份）")
    ] = None,
    targets_to_baselines: Annotated[
        bool, typer.Option("--targets-to-baselines", help="把今年的目标值写入 baseline")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="覆盖已有文件；也允许往回滚动到更早的年份")
    ] = False,
) -> None:
    """生成下一年的计划 YAML：只改年份、日期、文号和标题中的年份，其余原样保留。"""
    from plangen.commands.roll import default_roll_path, roll_plan
    from plangen.errors import OutputError

    target = out or default_roll_path(plan, to)
    if target.exists() and not force:
        raise OutputError(f"{target} 已存在；如要覆盖请加 --force")
    changes = roll_plan(plan, to, target, targets_to_baselines=targets_to_baselines, force=force)
    for line in [*(changes or ["没有需要修改的内容。"]), f"已写入 {target}"]:
        report.Out().line(line)


@app.command(
    cls=Command,
    epilog="示例：plangen diff 2025.yaml 2026.yaml\n\n"
    "　　　plangen diff 2025.yaml 2026.yaml --format json > 差异.json",
)
def diff(
    old: Annotated[Path, typer.Argument(metavar="旧计划.yaml", help="旧计划", show_default=False)],
    new_file: Annotated[
        Path, typer.Argument(metavar="新计划.yaml", help="新计划", show_default=False)
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="输出格式：text（逐条中文）或 json（供脚本使用）")
    ] = "text",
) -> None:
    """逐字段用中文列出两份计划的差异（有差异退出码为 1，无差异为 0）。"""
    from plangen.commands.diff import NO_DIFFERENCE, changes_json, compare_files
    from plangen.errors import UsageError

    if fmt not in ("text", "json"):
        raise UsageError(f"未知的输出格式“{fmt}”；可用：text、json")
    changes = compare_files(old, new_file)
    if fmt == "json":
        sys.stdout.write(changes_json(changes))
    for line in [] if fmt == "json" else [c.text for c in changes] or [NO_DIFFERENCE]:
        report.Out().line(line)
    if changes:
        raise report.Reported(1)


@app.command(
    "import",
    cls=Command,
    epilog="示例：plangen import 去年的计划.docx -o 计划.yaml\n\n"
    "　　　不写 -o 时把 YAML 写到标准输出；报告（找到、推测、未能归类）写到标准错误",
)
def import_(
    source: Annotated[
        Path,
        typer.Argument(metavar="旧计划", help="已有的计划：.docx、.md 或 .txt", show_default=False),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="要写出的计划 YAML（默认写到标准输出）")
    ] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="覆盖已有文件")] = False,
) -> None:
    """把学校已有的计划（Word、Markdown 或纯文本）转成带注释的计划 YAML。"""
    from plangen.commands.importer.write import import_file

    report.Out(stderr=True).line(import_file(source, out, force=force))


def run() -> None:
    """Runs the app on sys.argv (the console script `plangen` goes through `plangen.cli.main`)."""
    app(prog_name="plangen")
