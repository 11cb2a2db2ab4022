"""Element templates of a theme: empty paragraphs, runs and table cells in its styles.

The body is made of copies of these rather than of elements built one by one: lxml copies a small
tree in about the time it takes to create one element from its tag name. Templates are made on
first use and kept with the prepared theme; each method returns a fresh copy to fill in.
"""

from __future__ import annotations

import copy

from lxml import etree

from plangen.docx.inline import BOLD, CODE, ITALIC
from plangen.docx.ooxml import (
    W_B,
    W_BCS,
    W_I,
    W_ICS,
    W_JC,
    W_NS,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RFONTS,
    W_RPR,
    W_T,
    W_TBLPR,
    W_TC,
    W_TCPR,
    W_TCW,
    W_TYPE,
    W_VAL,
    W_VALIGN,
    W_W,
    rfonts_attrs,
    sub_element,
    w_tag,
)
from plangen.docx.styles import ResolvedStyle, append_table_borders
from plangen.docx.theme import Theme

_NSMAP = {"w": W_NS}


class ElementTemplates:
    """Copies of the theme's empty paragraphs (optionally holding one empty run), runs, table
    cells and table properties."""

    def __init__(self, theme: Theme, styles: dict[str, ResolvedStyle], type_width_tw: int) -> None:
        self._theme = theme
        self._styles = styles
        self._code_latin = styles["code"].latin
        self._made: dict[tuple[str, str, int | None], etree._Element] = {}
        self._table_properties = _table_properties(theme, type_width_tw)

    def paragraph(self, key: str, run_flags: int | None = None) -> etree._Element:
        """Returns a w:p in style `key` (w:pPr/w:pStyle first); with `run_flags`, it also holds
        one run with those flags whose last child is an empty w:t."""
        return self._copy("p", key, run_flags)

    def run(self, key: str, flags: int) -> etree._Element:
        """Returns a w:r in style `key` with `flags` (bold, italic, code), ending in an empty w:t."""
        return self._copy("r", key, flags)

    def cell(self, key: str, run_flags: int | None = None) -> etree._Element:
        """Returns a w:tc (w:tcPr with width 0 and centred, then a paragraph as `paragraph` makes)."""
        return self._copy("tc", key, run_flags)

    def table_properties(self) -> etree._Element:
        """Returns the w:tblPr of the theme's tables: full type width, centred, fixed layout."""
        return copy.copy(self._table_properties)  # lxml copies an element with its children

    def _copy(self, kind: str, key: str, flags: int | None) -> etree._Element:
        made = self._made.get((kind, key, flags))
        if made is None:
            made = self._made[(kind, key, flags)] = self._make(kind, key, flags)
        return made.__copy__()  # type: ignore[attr-defined]  # copy.copy(made) minus its dispatch

    def _make(self, kind: str, key: str, flags: int | None) -> etree._Element:
        if kind == "r":
            assert flags is not None
            return self._make_run(key, flags)
        p = etree.Element(W_P, nsmap=_NSMAP)
        sub_element(sub_element(p, W_PPR), W_PSTYLE, {W_VAL: self._styles[key].style_id})
        if flags is not None:
            p.append(self._make_run(key, flags))
        if kind == "p":
            return p
        tc = etree.Element(W_TC, nsmap=_NSMAP)
        tcpr = sub_element(tc, W_TCPR)
        sub_element(tcpr, W_TCW, {W_W: "0", W_TYPE: "dxa"})
        sub_element(tcpr, W_VALIGN, {W_VAL: "center"})
        tc.append(p)
        return tc

    def _make_run(self, key: str, flags: int) -> etree._Element:
        """Returns a run whose w:rPr has the style's fonts (inline code takes the code style's
        Latin font), bold and italic."""
        st = self._styles[key]
        latin = self._code_latin if flags & CODE else st.latin
        if self._theme.fonts_on_runs:
            fonts = rfonts_attrs(st.font, latin)
        elif latin != st.latin:  # inline code: only the Latin font differs from the style's
            fonts = {w_tag("ascii"): latin, w_tag("hAnsi"): latin, w_tag("hint"): "eastAsia"}
        else:  # the fonts come from the named style; a change of the style in Word changes the text
            fonts = {w_tag("hint"): "eastAsia"}
        r = etree.Element(W_R, nsmap=_NSMAP)
        rpr = sub_element(r, W_RPR)
        sub_element(rpr, W_RFONTS, fonts)
        if flags & BOLD:
            sub_element(rpr, W_B)
            sub_element(rpr, W_BCS)
        if flags & ITALIC:
            sub_element(rpr, W_I)
            sub_element(rpr, W_ICS)
        sub_element(r, W_T)
        return r


def _table_properties(theme: Theme, type_width_tw: int) -> etree._Element:
    tblpr = etree.Element(W_TBLPR, nsmap=_NSMAP)
    sub_element(tblpr, w_tag("tblStyle"), {W_VAL: "PlanTable"})
    sub_element(tblpr, w_tag("tblW"), {W_W: str(type_width_tw), W_TYPE: "dxa"})
    sub_element(tblpr, W_JC, {W_VAL: "center"})
    append_table_borders(tblpr, theme)
    sub_element(tblpr, w_tag("tblLayout"), {W_TYPE: "fixed"})
    sub_element(
        tblpr,
        w_tag("tblLook"),
        {
            W_VAL: "04A0",
            w_tag("firstRow"): "1",
            w_tag("lastRow"): "0",
            w_tag("firstColumn"): "0",
            w_tag("lastColumn"): "0",
            w_tag("noHBand"): "1",
            w_tag("noVBand"): "1",
        },
    )
    return tblpr
