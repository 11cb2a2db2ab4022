"""Paragraphs and runs as WordprocessingML elements, and the blocks the body is made of.

A paragraph names its style in w:pPr/w:pStyle; properties of its own (an indent, a keep-with-next)
follow the style in the w:pPr. Each segment of inline text becomes a w:r in its style and
emphasis; paragraphs and runs are copies of the prepared theme's templates (`plangen.docx.elements`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from plangen.docx.inline import Segment
from plangen.docx.ooxml import (
    W_BOTTOM,
    W_KEEP_NEXT,
    W_PBDR,
    W_VAL,
    set_run_text,
    sub_element,
    w_tag,
)
from plangen.docx.prepared import PreparedTheme


@dataclass
class Block:
    """One paragraph or table of the body, with its text, kept until the 落款 pass is done."""

    element: etree._Element
    is_plain_body: bool  # a body paragraph outside lists and quotes (a 落款 line may be one)
    text: str
    is_table: bool = False


def add_paragraph(parent: etree._Element, prep: PreparedTheme, key: str) -> etree._Element:
    """Appends an empty w:p in the style of theme key `key` to `parent` and returns it (its
    w:pPr is the first child)."""
    p = prep.elements.paragraph(key)
    parent.append(p)
    return p


def add_text_paragraph(
    parent: etree._Element, prep: PreparedTheme, key: str, pieces: Iterable[Segment]
) -> etree._Element:
    """Appends a w:p in style `key` holding `pieces` to `parent` and returns it."""
    filled = with_text(pieces)
    p = prep.elements.paragraph(key, lead_flags(filled))
    parent.append(p)  # before its runs are filled, so that each element moves into the tree once
    fill_runs(p, prep, key, filled)
    return p


def with_text(pieces: Iterable[Segment]) -> list[Segment]:
    """Returns the segments that hold text (each becomes one run)."""
    return [piece for piece in pieces if piece[0]]


def lead_flags(filled: list[Segment]) -> int | None:
    """Returns the flags of the first run for a paragraph template, None when it has no run.

    The first run comes with the paragraph's template: one copy instead of two, and most
    paragraphs have a single run."""
    return filled[0][1] if filled else None


def fill_runs(p: etree._Element, prep: PreparedTheme, key: str, filled: list[Segment]) -> None:
    """Writes `filled` (from `with_text`) into `p`, made with their `lead_flags`: the first
    segment into the run it came with, the others as new runs after it."""
    if not filled:
        return
    set_run_text(p[1], filled[0][0] or "")
    elements = prep.elements
    for text, flags in filled[1:]:
        r = elements.run(key, flags)
        set_run_text(r, text or "")
        p.append(r)


def keep_with_next(p: etree._Element) -> None:
    """Makes `p` keep with the next paragraph (w:keepNext right after w:pStyle, as ECMA-376
    orders the children of w:pPr), unless it already does."""
    ppr = p[0]
    if len(ppr) < 2 or ppr[1].tag != W_KEEP_NEXT:
        ppr.insert(1, etree.Element(W_KEEP_NEXT))


def add_rule(parent: etree._Element, prep: PreparedTheme) -> etree._Element:
    """Appends an empty Normal paragraph with a bottom border (a Markdown thematic break)."""
    p = add_paragraph(parent, prep, "normal")
    sub_element(
        sub_element(p[0], W_PBDR),
        W_BOTTOM,
        {W_VAL: "single", w_tag("sz"): "6", w_tag("space"): "1", w_tag("color"): "000000"},
    )
    return p


def page_break_before(p: etree._Element) -> None:
    """Makes `p` start a new page (w:pageBreakBefore after w:pStyle, w:keepNext and w:keepLines)."""
    ppr = p[0]
    at = 1
    while at < len(ppr) and ppr[at].tag in (W_KEEP_NEXT, w_tag("keepLines")):
        at += 1
    ppr.insert(at, etree.Element(w_tag("pageBreakBefore")))
