"""The indents of a list item, by the theme's `lists.wrap` rule, and its Word bullet.

GB/T 9704 §7.3.3 asks for 回行顶格: every paragraph starts two characters in and its wrapped
lines return to the left margin. `wrap: margin` keeps that for nested steps too, showing the
level by a deeper first line instead of a staircase of left indents; `wrap: hanging` sets
wrapped lines under the item's text, as lists in ordinary documents do.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from plangen.docx.inline import set_width
from plangen.docx.numbering import BULLETS
from plangen.docx.ooxml import W_IND, W_VAL, rounded, sub_element, w_tag
from plangen.docx.prepared import PreparedTheme


def list_layout(
    ppr: etree._Element, prep: PreparedTheme, depth: int, bullet: bool, marker: str
) -> None:
    """Writes the indent of a list item `depth` levels deep (from 1) into its w:pPr, and its Word
    bullet when `bullet`; `marker` is the item's typed marker with its gap ("" if none)."""
    key = (depth, bullet, marker)
    made = prep.list_elements.get(key)
    if made is None:
        made = _list_elements(prep, depth, bullet, marker)
        if len(prep.list_elements) < _KEPT:
            prep.list_elements[key] = made
    num, ind = made
    if num is not None:
        ppr.insert(1, num.__copy__())  # as copy.copy(num), without its dispatch
    if ind is not None:
        ppr.append(ind.__copy__())


_KEPT = 256  # (depth, bullet, marker) kept per theme: a plan has a few dozen


def _list_elements(
    prep: PreparedTheme, depth: int, bullet: bool, marker: str
) -> tuple[Any, Any]:  # (w:numPr or None, w:ind or None); Any: lxml-stubs lack __copy__
    """Returns the w:numPr (None without a Word bullet) and w:ind (None for the style's own) of a
    list item, to be copied into its w:pPr."""
    num = ind = None
    st = prep.styles["list"]
    cfg = prep.theme.lists
    if bullet:
        num = etree.Element(w_tag("numPr"))
        sub_element(num, w_tag("ilvl"), {W_VAL: str(depth - 1)})
        sub_element(num, w_tag("numId"), {W_VAL: str(BULLETS)})
    deeper = (depth - 1) * cfg.indent_chars
    if cfg.wrap == "margin":
        left, first = 0.0, st.first_line_chars + st.left_chars + deeper
    elif cfg.wrap == "hanging":
        hang = set_width(marker) if marker else (1.5 if bullet else 0.0)
        left, first = st.left_chars + deeper + hang, -hang
    else:
        if depth == 1:
            return num, ind  # the style's own indent
        left, first = st.left_chars + deeper, st.first_line_chars
    attrs = {w_tag("leftChars"): rounded(left * 100), w_tag("left"): rounded(left * st.size * 20)}
    if first < 0:
        attrs[w_tag("hangingChars")] = rounded(-first * 100)
        attrs[w_tag("hanging")] = rounded(-first * st.size * 20)
    else:
        attrs[w_tag("firstLineChars")] = rounded(first * 100)
        attrs[w_tag("firstLine")] = rounded(first * st.size * 20)
    ind = etree.Element(W_IND, attrs)
    return num, ind
