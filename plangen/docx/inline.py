"""Inline Markdown as text segments: what each run of a paragraph says and how it is emphasised.

An inline token's children become (text, flags) segments. Soft line breaks are resolved the way
Chinese text wants them (nothing between Chinese characters, a space elsewhere) and neighbours
with the same flags are merged, so each segment becomes one w:r.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from plangen.docx.ooxml import is_wide

BOLD, ITALIC, CODE = 1, 2, 4  # segment flags, combined with |

Segment = tuple[str | None, int]  # (text, flags); None text marks a soft break until joined


def segments(children: Sequence[Any]) -> list[Segment]:
    """Returns the (text, flags) pieces of an inline token's children, soft breaks resolved."""
    out: list[Segment] = []
    strong = em = 0
    for tok in children:
        kind = tok.type
        flags = (BOLD if strong else 0) | (ITALIC if em else 0)
        if kind == "text" or kind == "html_inline" or kind == "text_special":
            out.append((tok.content, flags))
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong = max(0, strong - 1)
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em = max(0, em - 1)
        elif kind == "code_inline":
            out.append((tok.content, flags | CODE))
        elif kind == "softbreak":
            out.append((None, flags))
        elif kind == "hardbreak":
            out.append(("\n", flags))
        elif kind == "image":
            out.append((plain_text(segments(tok.children or ())), flags))
        elif tok.content and not kind.endswith(("_open", "_close")):
            out.append((tok.content, flags))
    return join_soft(out)


def plain_text(pieces: Iterable[Segment]) -> str:
    """Returns the text of `pieces` without their emphasis."""
    return "".join(text for text, _ in pieces if text)


def join_soft(pieces: list[Segment]) -> list[Segment]:
    """Resolves soft breaks (nothing between Chinese characters, else a space) and merges runs."""
    out: list[Segment] = []
    for i, (text, flags) in enumerate(pieces):
        if text is None:
            before = next((t[-1] for t, _ in reversed(out) if t), "")
            after = next((t[0] for t, _ in pieces[i + 1 :] if t), "")
            text = "" if (before and is_wide(before)) or (after and is_wide(after)) else " "
            if not text:
                continue
        if out and out[-1][1] == flags:
            out[-1] = (out[-1][0] + text, flags)  # type: ignore[operator]
        elif text:
            out.append((text, flags))
    return out


def text_width(text: str) -> float:
    """Returns the width of `text` in characters: Chinese 1, half-width 0.5."""
    return sum(1.0 if is_wide(ch) else 0.5 for ch in text)


def set_width(text: str) -> float:
    """Returns the width `text` takes when set, in characters: as `text_width`, with digits and Latin
    letters a little wider than half a character (most Chinese fonts' figures are) and a quarter
    character for the automatic space between Chinese and digits or Latin (autoSpaceDE/DN)."""
    width = 0.0
    previous: bool | None = None
    prev_alnum = False
    for ch in text:
        wide = is_wide(ch)
        width += 1.0 if wide else 0.55 if ch.isalnum() else 0.5
        if previous is not None and wide != previous and (ch.isalnum() or prev_alnum):
            width += 0.25
        previous, prev_alnum = wide, ch.isalnum()
    return width
