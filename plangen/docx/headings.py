"""One heading style per level of the 公文 ladder (GB/T 9704 §7.3.3: 一、（一）1.（1）).

A heading takes the style of its number's level, whatever its `#` count, so that （一） is a
heading 2 in every section and every style. A body paragraph that opens with a bold numbered
lead (“**（一）党建引领更加有力**。……”) is a run-in heading: its lead takes the character style
linked to that level's heading (its fonts), and the paragraph that level's outline level, so it
shows in Word's navigation pane.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from plangen.docx.ooxml import W_RPR, W_VAL, sub_element, w_tag

if TYPE_CHECKING:
    from plangen.docx.inline import Segment

_LADDER = (
    re.compile(r"^[一二三四五六七八九十百]+、"),
    re.compile(r"^（[一二三四五六七八九十百]+）"),
    re.compile(r"^[0-9]+[.．](?![0-9])"),
    re.compile(r"^（[0-9]+）"),
)
# Every character a number of the ladder can start with (the first character of each pattern).
_LADDER_FIRST = frozenset("一二三四五六七八九十百（0123456789")


def ladder_level(text: str) -> int:
    """Returns the ladder level (1–4) of the number `text` starts with, 0 when it has none."""
    stripped = text.lstrip()
    if stripped[:1] not in _LADDER_FIRST:
        return 0  # most paragraphs: no number can start here
    return next((i for i, rx in enumerate(_LADDER, 1) if rx.match(stripped)), 0)


def strip_number(pieces: list[Segment]) -> list[Segment]:
    """Returns heading segments without the ladder number their text starts with (the number
    Word's list numbering writes under `numbering: native`)."""
    if not pieces:
        return pieces
    first, flags = pieces[0]
    assert first is not None  # soft breaks are resolved (join_soft) before a heading is made
    stripped = first.lstrip()
    for rx in _LADDER:
        found = rx.match(stripped)
        if found:
            return [(stripped[found.end() :], flags), *pieces[1:]]
    return pieces


def char_style_id(heading_style_id: str) -> str:
    """Returns the id of the character style linked to a heading paragraph style."""
    return heading_style_id + "Char"


def mark_run_in(p: etree._Element, heading_style_id: str, level: int) -> None:
    """Makes paragraph `p` a run-in heading of `level`: its first run in the heading's character
    style, the paragraph at that outline level."""
    run = p.find(w_tag("r"))
    if run is not None:
        rpr = run.find(W_RPR)
        if rpr is None:
            rpr = etree.Element(W_RPR)
            run.insert(0, rpr)
        style = etree.Element(w_tag("rStyle"), {W_VAL: char_style_id(heading_style_id)})
        rpr.insert(0, style)
    sub_element(p[0], w_tag("outlineLvl"), {W_VAL: str(level - 1)})
