"""plangen: a school's YAML plan becomes a finished 学校工作计划 in Markdown and .docx.

Library use::

    from plangen import load_plan, render_markdown
    plan = load_plan("plan.yaml")
    text = render_markdown(plan, "standard")
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (it costs `--help` 5 ms)

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "Plan",
    "PlangenError",
    "__version__",
    "load_plan",
    "render_docx",
    "render_markdown",
]

if TYPE_CHECKING:
    from typing import Any

    from plangen.errors import InputError, PlangenError
    from plangen.pipeline.document import render_docx
    from plangen.plan.load import load_plan
    from plangen.plan.model import Plan
    from plangen.render.templates import render_markdown

_LAZY = {
    "load_plan": "plangen.plan.load",
    "Plan": "plangen.plan.model",
    "render_markdown": "plangen.render.templates",
    "render_docx": "plangen.pipeline.document",
    "InputError": "plangen.errors",
    "PlangenError": "plangen.errors",
}


def __getattr__(name: str) -> Any:
    # Lazy so that `plangen --help` does not import pydantic, jinja2 or python-docx.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
