"""build: the whole pipeline for one plan file — load → render → (convert) → write.

    plan.yaml ─load─▶ Plan ─render─▶ Markdown ─write─▶ .md
                                         └──convert──▶ .docx
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plangen.errors import InputError, InternalError, OutputError, PlangenError, Problem
from plangen.pipeline.document import (
    docx_theme,
    in_script,
    markdown_file,
    markdown_text,
    render_docx,
)
from plangen.pipeline.output import inside, output_stem, write_atomic
from plangen.plan.load import load_plan
from plangen.plan.warnings import plan_warnings

FORMATS = ("md", "docx", "pdf")  # pdf: the .docx converted by LibreOffice (plangen.pipeline.pdf)
SCRIPTS = ("hans", "hant", "hant-tw", "hant-hk")


@dataclass(frozen=True)
class Options:
    """What to build from each plan file."""

    styles: tuple[str, ...] = ("standard",)
    formats: tuple[str, ...] = ("md",)
    out_dir: Path = Path(".")
    theme: str = "gongwen"
    templates: Path | None = None
    year: int | None = None
    term: str | None = None
    front_matter: bool = False
    script: str = "hans"
    normalize: bool = True
    strict: bool = False  # warnings are errors


@dataclass(frozen=True)
class Output:
    """One file to write: where, and its bytes."""

    path: Path
    data: bytes


@dataclass
class Result:
    """What one plan file produced: its files (prepared, then written), or the error that
    stopped it."""

    source: Path
    outputs: list[Output] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error: PlangenError | None = None

    @property
    def exit_code(self) -> int:
        return self.error.exit_code if self.error else 0


def prepare(source: Path, options: Options) -> tuple[list[Output], list[Problem]]:
    """Returns the files one plan file gives in every requested style and format, unwritten,
    and the warnings about the plan (raised as errors when `options.strict`)."""
    plan = load_plan(source, year=options.year, term=options.term)
    warnings = plan_warnings(plan, str(source))
    if warnings and options.strict:
        raise InputError(warnings)
    outputs = []
    for style in options.styles:
        markdown = markdown_text(plan, style, templates=options.templates,
                                 normalize=options.normalize, script=options.script)
        stem = in_script(output_stem(plan.school.display_name, plan.period.slug, style), options.script)
        for fmt in options.formats:
            path = options.out_dir / f"{stem}.{fmt}"
            if not inside(options.out_dir, path):
                raise OutputError(f"{path}: 输出文件名不安全，已拒绝写入")
            if fmt == "md":
                data = markdown_file(plan, markdown, front_matter=options.front_matter,
                                     script=options.script)
            elif fmt == "docx":
                data = render_docx(plan, style, theme=options.theme, markdown=markdown,
                                   script=options.script)
            else:
                from plangen.pipeline.pdf import docx_to_pdf

                docx = next((o.data for o in outputs if o.path == path.with_suffix(".docx")), None)
                data = docx_to_pdf(docx or render_docx(plan, style, theme=options.theme, markdown=markdown,
                                                       script=options.script), name=str(path))
            outputs.append(Output(path, data))
    return outputs, warnings


def build(source: Path, options: Options) -> list[Path]:
    """Renders one plan file in every requested style and format; returns the files written."""
    outputs, _warnings = prepare(source, options)
    for output in outputs:
        write_atomic(output.path, output.data)
    return [output.path for output in outputs]


def prepare_one(source: Path, options: Options) -> Result:
    """Returns the Result of preparing one file: its outputs, or the error that stopped it (a
    batch goes on with the other files)."""
    try:
        outputs, warnings = prepare(source, options)
        return Result(source, outputs, warnings=warnings)
    except PlangenError as exc:
        return Result(source, error=exc)
    except Exception as exc:  # a bug must not stop the other files of a batch
        return Result(source, error=InternalError(
            f"{source}: 内部错误（请把这条信息报告给 plangen 维护者）：{type(exc).__name__}: {exc}"))


def warm_up(options: Options) -> None:
    """Compiles the chosen templates and prepares the .docx skeleton once, so that worker
    processes forked afterwards inherit them instead of each doing the work again."""
    from plangen.render.templates import environment, styles

    env = environment(options.templates.resolve() if options.templates else None)
    available = styles(options.templates)
    for style in options.styles:
        if style in available:
            env.get_template(available[style].path.name)
    if "docx" in options.formats:
        from plangen.docx.writer import DocMeta, markdown_to_docx
        from plangen.render.hant import LANGUAGES

        theme = docx_theme(options.theme, options.script)
        markdown_to_docx("# plangen\n", theme, DocMeta(title="plangen", language=LANGUAGES[options.script]))
