"""What `render` and `validate` do once their options are read, free of any command-line
framework: the Typer app (`plangen.cli.app`) and the direct path (`plangen.cli.direct`) both call
these, so that a command means the same whichever way its options were parsed.

The defaults here are those of the Typer commands' signatures; tests/test_cli_direct.py checks
that the two agree, option by option.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from plangen.cli import report


def split(values: Sequence[str]) -> list[str]:
    """Returns the comma-separated parts of every value (`--to md,docx`, `-s okr -s standard`)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def render(
    plans: list[Path],
    style: Sequence[str] = ("standard",),
    to: str = "md",
    out: Path = Path("."),
    theme: str = "gongwen",
    templates: Path | None = None,
    year: int | None = None,
    term: str | None = None,
    front_matter: bool = False,
    script: str = "hans",
    no_normalize: bool = False,
    jobs: int = 1,
    quiet: bool = False,
    strict: bool = False,
) -> None:
    """`plangen render`: checks the options, then builds every plan in every style and format."""
    import typing

    from plangen.errors import UsageError
    from plangen.pipeline.build import FORMATS, SCRIPTS, Options
    from plangen.plan.fields import Term
    from plangen.render.templates import styles as available_styles

    formats = tuple(dict.fromkeys(split([to])))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"未知的输出格式“{'、'.join(bad) or to}”；可用：md、docx、md,docx")
    terms = typing.get_args(Term)
    if term is not None and term not in terms:
        raise UsageError(f"未知的学期“{term}”；可用：{'、'.join(terms)}")
    if script not in SCRIPTS:
        raise UsageError(f"未知的文字“{script}”；可用：{'、'.join(SCRIPTS)}")
    known = available_styles(templates)
    if "docx" in formats:
        from plangen.docx.theme import load_theme

        load_theme(theme)
    titles = {s.title: name for name, s in known.items()}  # 规范版 → standard
    chosen = [titles.get(name, name) for name in split(style)]
    names = list(known) if {"all", "全部"} & set(chosen) else list(dict.fromkeys(chosen))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(
            f"未知的风格“{'、'.join(unknown)}”；可用：{'、'.join(known)}、all"
            f"（也可写中文名：{'、'.join(titles)}）"
        )
    to_stdout = str(out) == "-"
    if to_stdout and formats != ("md",):
        raise UsageError("-o - 只能把 Markdown 写到标准输出；生成 .docx 请用 -o 指定文件夹")
    options = Options(
        styles=tuple(names),
        formats=formats,
        out_dir=Path(".") if to_stdout else out,
        theme=theme,
        templates=templates,
        year=year,
        term=term,
        front_matter=front_matter,
        script=script,
        normalize=not no_normalize,
        strict=strict,
    )
    report.run(list(plans), options, jobs=jobs, quiet=quiet, to_stdout=to_stdout)


def validate(
    plans: list[Path], year: int | None = None, strict: bool = False, templates: Path | None = None
) -> None:
    """`plangen validate`: checks every plan, listing all problems at once."""
    from plangen.pipeline.build import Options

    options = Options(formats=(), year=year, templates=templates, strict=strict)
    report.run(list(plans), options, checking=True)
