"""Paragraphs and runs as WordprocessingML elements, and the blocks the body is made of.

A paragraph names its style in w:pPr/w:pStyle; properties of its own (an indent, a keep-with-next)
follow the style in the w:pPr. Each segment of inline text becomes a w:r, copied from the prepared
theme's template for its style and emphasis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from plangen.docx.inline import Segment
from plangen.docx.ooxml import (
    W_BOTTOM,
    W_KEEP_NEXT,
    W_P,
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
    return fill_paragraph(prep.elements.paragraph, parent, prep, key, pieces)


def fill_paragraph(
    make: Callable[[str, int | None], etree._Element],
    parent: etree._Element,
    prep: PreparedTheme,
    key: str,
    pieces: Iterable[Segment],
) -> etree._Element:
    """Appends `make(key, flags)` (a paragraph, or a cell holding one, with a first run of the
    first segment's flags) to `parent` and fills it with `pieces`; returns what it appended.

    The first run comes with the template (one copy instead of two, the usual paragraph has one
    run). Elements join the tree before their children are added, so each moves into it once.
    """
    filled = [piece for piece in pieces if piece[0]]
    made = make(key, filled[0][1] if filled else None)
    parent.append(made)
    p = made if made.tag == W_P else made[-1]
    if filled:
        set_run_text(p[1], filled[0][0] or "")
        append_runs(p, prep, key, filled[1:])
    return made


def append_runs(p: etree._Element, prep: PreparedTheme, key: str, pieces: Iterable[Segment]) -> None:
    """Appends one w:r per non-empty segment, in style `key` with the segment's emphasis."""
    elements = prep.elements
    for text, flags in pieces:
        if text:
            r = elements.run(key, flags)
            set_run_text(r, text)
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
