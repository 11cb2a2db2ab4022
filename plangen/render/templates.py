"""render: a validated Plan becomes Markdown through a style's Jinja template.

Templates get a `View` of the plan (user text already normalised and escaped for Markdown) and
helpers for Chinese numbering, periods and quota phrases; numbers in headings come from an item's
position, never from the YAML. A template's failure becomes a TemplateError naming its file and line.
"""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import MAX_RANGE

from plangen.errors import TemplateError, UsageError
from plangen.plan.model import Plan, has_source
from plangen.render import mdtext
from plangen.render.environment import environment, generate
from plangen.render.helpers import Outline
from plangen.render.slots import Slots, check_style_text
from plangen.render.styles import TEMPLATE_SUFFIX, builtin_styles, styles
from plangen.render.wording import Wording

# builtin_styles, environment and styles are imported from here by the pipeline and the CLI.
__all__ = ["builtin_styles", "environment", "render_markdown", "styles", "tidy"]


def render_markdown(
    plan: Plan,
    style: str = "standard",
    *,
    templates: Path | None = None,
    normalize: bool = True,
) -> str:
    """Returns the plan written as Markdown in `style` (design.md §4)."""
    available = styles(templates)
    if style not in available:
        raise UsageError(f"未知的风格“{style}”；可用的风格：{'、'.join(available)}")
    check_style_text(plan, available)
    if not has_source(plan):  # made in code, not by load_plan: the cross checks have not run
        _check_made_in_code(plan)
    env = environment(templates.resolve() if templates else None)
    chosen = available[style]
    try:
        template = env.get_template(chosen.path.name)
        text_of = mdtext.text_filter(normalize)
        # the built-in templates share one View between the renders of a plan (one_view_per_plan)
        view = (
            mdtext.shared_view(plan, text_of) if templates is None else mdtext.wrap(plan, text_of)
        )
        context = {
            "plan": view,
            "say": Wording(view, plan.period.noun, plan.period.previous),
            "h": Outline(),
            "slot": Slots(plan.style_text.get(style, {}), text_of),
            "prev": plan.period.previous,
            "noun": plan.period.noun,
        }
        text = generate(template, context, chosen.path)
    except TemplateError:
        raise
    except _PYTHON_FAILURES as exc:
        if templates is None:  # the built-in templates alone, trusted: a failure is plangen's bug
            raise
        raise template_error(exc, chosen.path) from None
    except _TEMPLATE_FAILURES as exc:
        raise template_error(exc, chosen.path) from None
    return tidy(text)


def _check_made_in_code(plan: Plan) -> None:
    """Raises InputError for the cross-field problems (unknown ids, duplicates …) of a plan a
    program built without load_plan, so that they read as problems of the plan, not as template
    failures."""
    from plangen.errors import InputError, Problem
    from plangen.plan.checks import check
    from plangen.source.problems import format_path

    found = check(plan.model_dump(mode="json", by_alias=True, exclude_defaults=True))
    if found:
        raise InputError(
            [Problem("<plan>", 0, 0, format_path(path), message) for path, message in found]
        )


# What a failing template raises: Jinja's errors, and Python's from the code a template runs —
# the latter are the template's fault only in a user's template.
_PYTHON_FAILURES = (TypeError, ValueError, AttributeError, LookupError, ArithmeticError)
_TEMPLATE_FAILURES = (jinja2.TemplateError, RecursionError, MemoryError, *_PYTHON_FAILURES)


def template_error(exc: BaseException, path: Path) -> TemplateError:
    """Returns the TemplateError, in Chinese and naming the template's file and line, for a failure
    of the template at `path`."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"{exc.filename or path}:{exc.lineno}: 模板语法错误：{exc.message}")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(
            f"{_template_location(exc, path)}: 模板使用了未定义的名称：{_undefined(exc)}"
        )
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return TemplateError(
            f"{_template_location(exc, path)}: 模板试图访问不安全的内容，已被沙箱拒绝：{_unsafe(exc)}"
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(
            f"{path}: 找不到模板“{exc.name}”（include/extends 只能引用模板文件夹中的文件）"
        )
    if isinstance(exc, jinja2.TemplateError):
        return TemplateError(f"{_template_location(exc, path)}: 模板错误：{exc}")
    if isinstance(exc, RecursionError):
        return TemplateError(f"{path}: 模板递归过深，已中止")
    if isinstance(exc, MemoryError):
        return TemplateError(f"{path}: 模板占用内存过多，已中止（可能生成了过长的文字）")
    return TemplateError(f"{_template_location(exc, path)}: 模板运行出错：{_range(exc)}")


_UNSAFE = re.compile(r"access to attribute '([^']*)' of '[^']*' object is unsafe")
_UNDEFINED = re.compile(r"'([^']*)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']*)'")


def _unsafe(exc: BaseException) -> str:
    """Returns the sandbox's refusal in Chinese."""
    found = _UNSAFE.search(str(exc))
    if found:
        return f"不允许访问“{found.group(1)}”（以下划线开头的名称属于程序内部，模板中不能使用）"
    return str(exc)


def _undefined(exc: jinja2.UndefinedError) -> str:
    """Returns which name was undefined, in Chinese."""
    text = exc.message or str(exc)
    found = _UNDEFINED.search(text)
    if found:
        return f"“{found.group(1)}”没有定义（请检查拼写；计划中的数据写作 plan.字段名）"
    found = _NO_ATTRIBUTE.search(text)
    if found:
        return f"没有名为“{found.group(1)}”的字段（可用字段见 plangen schema）"
    return text


def _range(exc: BaseException) -> str:
    """Returns a runtime error of a template in Chinese where Jinja's text is known."""
    if "Range too big" in str(exc):
        return f"range() 的范围过大：模板中最多 {MAX_RANGE:,} 项"
    if isinstance(exc, LookupError) and str(exc).startswith("unknown encoding"):
        return f"未知的编码名称：{str(exc).removeprefix('unknown encoding: ')}"
    if "integer string conversion" in str(exc):
        return f"整数过长，无法写成文字（最多 {sys.get_int_max_str_digits():,} 位）"
    return str(exc)


def _template_location(exc: BaseException, fallback: Path) -> str:
    """Returns FILE:LINE of the template frame where `exc` happened (Jinja rewrites tracebacks)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            return f"{frame.filename}:{frame.lineno}"
    return str(fallback)


_BLANKS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Returns Markdown with LF endings, no trailing spaces, one blank line between blocks, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"
