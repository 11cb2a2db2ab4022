"""style_text: the framing paragraphs a plan replaces, per style and slot (design.md §2).

Which slots a style has is declared in its template's header (see `plangen.render.styles`); a style
name or slot under `style_text` that no available style declares is an error at its own line, with
the name the user probably meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping

from plangen.errors import InputError, Problem
from plangen.plan.model import Plan, located_problem
from plangen.render.styles import Style


class Slots:
    """What templates call `slot`: `slot("intro", default)` is the plan's
    `style_text.<style>.intro` (normalised and escaped, as paragraphs), else `default`."""

    # Underscored, so that a sandboxed template cannot reach the raw (unescaped) texts.
    __slots__ = ("_text_of", "_texts")

    def __init__(self, given: Mapping[str, str], text_of: Callable[[str], str]) -> None:
        self._texts = dict(given)
        self._text_of = text_of

    def __call__(self, name: str, default: str = "") -> str:
        if name in self._texts:
            from plangen.render.helpers import paragraphs  # here: `validate` renders nothing

            return paragraphs(self._text_of(self._texts[name]))
        return default

    def given(self, name: str) -> bool:
        """Returns whether the plan replaces slot `name` (even with an empty text)."""
        return name in self._texts


def check_style_text(plan: Plan, available: Mapping[str, Style]) -> None:
    """Raises InputError listing every style and slot under `style_text` that no available style has."""
    problems: list[tuple[tuple[str, ...], str]] = []
    for style, texts in plan.style_text.items():
        if style not in available:
            problems.append(
                (
                    ("style_text", style),
                    f"未知的风格“{style}”{_hint(style, list(available), '可用的风格')}",
                )
            )
            continue
        slots = available[style].slots
        for name in texts:
            if name not in slots:
                hint = _hint(name, list(slots), f"{style} 风格可替换的槽位")
                problems.append((("style_text", style, name), f"未知的槽位“{name}”{hint}"))
    if not problems:
        return
    located = [located_problem(plan, path, message) for path, message in problems]
    if all(isinstance(p, Problem) for p in located):
        raise InputError([p for p in located if p is not None])
    raise InputError("\n".join(f"{'.'.join(path)}: {message}" for path, message in problems))


def _hint(name: str, known: list[str], what: str) -> str:
    """Returns "；您是不是要写“intro”？" for a near miss, else the list of what is known."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"；您是不是要写“{close[0]}”？"
    return f"；{what}：{'、'.join(known)}"
