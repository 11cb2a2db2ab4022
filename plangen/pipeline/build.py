"""build: the whole pipeline for one plan file — load → render → (convert) → write.

plan.yaml ─load─▶ Plan ─render─▶ Markdown ─write─▶ .md
                                     └──convert──▶ .docx
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plangen.errors import InputError, InternalError, OutputError, PlangenError, Problem
from plangen.pipeline.output import inside, output_stem
from plangen.plan.load import load_plan
from plangen.plan.model import Plan
from plangen.plan.warnings import plan_warnings
from plangen.render.hant import LANGUAGES

FORMATS = ("md", "docx", "pdf")  # pdf: the .docx converted by LibreOffice (plangen.pipeline.pdf)
SCRIPTS = tuple(LANGUAGES)  # hans, hant, hant-tw, hant-hk


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
    counts: tuple[int, int, int] = (0, 0, 0)  # areas, tasks, quotas of the plan
    error: PlangenError | None = None

    @property
    def exit_code(self) -> int:
        return self.error.exit_code if self.error else 0


def check(source: Path, options: Options) -> tuple[Plan, list[Problem]]:
    """Returns the loaded plan and the warnings about it, after every check a render makes
    (`style_text` against the styles at hand); with `options.strict`, warnings are errors."""
    from plangen.render.slots import check_style_text
    from plangen.render.styles import styles

    plan = load_plan(source, year=options.year, term=options.term)
    check_style_text(plan, styles(options.templates))
    warnings = plan_warnings(plan, str(source))
    if warnings and options.strict:
        raise InputError(warnings)
    return plan, warnings


def prepare(source: Path, options: Options) -> Result:
    """Returns what one plan file gives in every requested style and format (unwritten), with
    the warnings about the plan; nothing but the checks when no format is asked for."""
    plan, warnings = check(source, options)
    tasks = sum(len(area.tasks) for area in plan.areas)
    counts = (len(plan.areas), tasks, len(plan.quotas))
    if not options.formats:  # `validate`: no Jinja, markdown-it or .docx layer to import
        return Result(source, warnings=warnings, counts=counts)
    from plangen.render.mdtext import one_view_per_plan

    with one_view_per_plan():
        outputs = _outputs(plan, options)
    return Result(source, outputs, warnings=warnings, counts=counts)


def _outputs(plan: Plan, options: Options) -> list[Output]:
    """Returns the files of `plan` in every requested style and format (unwritten)."""
    from plangen.pipeline.document import in_script, markdown_file, markdown_text, render_docx

    outputs: list[Output] = []
    for style in options.styles:
        markdown = markdown_text(
            plan,
            style,
            templates=options.templates,
            normalize=options.normalize,
            script=options.script,
        )
        stem = in_script(
            output_stem(plan.school.display_name, plan.period.slug, style), options.script
        )
        for fmt in options.formats:
            path = options.out_dir / f"{stem}.{fmt}"
            if not inside(options.out_dir, path):
                raise OutputError(f"{path}: 输出文件名不安全，已拒绝写入")
            if fmt == "md":
                data = markdown_file(
                    plan, markdown, front_matter=options.front_matter, script=options.script
                )
            elif fmt == "docx":
                data = render_docx(
                    plan, style, theme=options.theme, markdown=markdown, script=options.script
                )
            else:
                from plangen.pipeline.pdf import docx_to_pdf

                docx = next((o.data for o in outputs if o.path == path.with_suffix(".docx")), None)
                data = docx_to_pdf(
                    docx
                    or render_docx(
                        plan, style, theme=options.theme, markdown=markdown, script=options.script
                    ),
                    name=str(path),
                )
            outputs.append(Output(path, data))
    return outputs


def prepare_one(source: Path, options: Options) -> Result:
    """Returns the Result of preparing one file: its outputs, or the error that stopped it (a
    batch goes on with the other files). A bug in plangen becomes an InternalError whose
    message carries the traceback when PLANGEN_DEBUG is set."""
    try:
        return prepare(source, options)
    except PlangenError as exc:
        return Result(source, error=exc)
    except Exception as exc:  # a bug must not stop the other files of a batch
        import os
        import traceback

        detail = "".join(traceback.format_exception(exc)) if os.environ.get("PLANGEN_DEBUG") else ""
        hint = "" if detail else "；设置环境变量 PLANGEN_DEBUG=1 可看到调用栈"
        return Result(
            source,
            error=InternalError(
                f"{source}: 内部错误（请把这条信息报告给 plangen 维护者{hint}）：{type(exc).__name__}: {exc}"
                + (f"\n{detail.rstrip()}" if detail else "")
            ),
        )


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
        from plangen.pipeline.document import docx_theme
        from plangen.render.hant import LANGUAGES

        theme = docx_theme(options.theme, options.script)
        markdown_to_docx(
            "# plangen\n", theme, DocMeta(title="plangen", language=LANGUAGES[options.script])
        )
