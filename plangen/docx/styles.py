"""A theme's styles as Word sees them: resolved style values and the whole of word/styles.xml.

Each theme style key maps to a Word style (built-in names such as Normal, Title and heading N where
Word has one); values a style leaves unset are inherited from `styles.normal`. The table borders
written here are shared with the tables in the body.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from plangen.docx.ooxml import (
    _W,
    W_B,
    W_BCS,
    W_I,
    W_ICS,
    W_IND,
    W_JC,
    W_PPR,
    W_RFONTS,
    W_RPR,
    W_SPACING,
    W_TBLPR,
    W_TYPE,
    W_VAL,
    _fmt,
    _rfonts,
    _sub,
    _w,
)
from plangen.docx.theme import StyleSpec, Theme

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}

# Theme style key → (Word styleId, Word style name). Built-in names (Normal, Title, heading N)
# keep Word's navigation pane, outline levels and table of contents working.
_STYLE_IDS: dict[str, tuple[str, str]] = {
    "normal": ("Normal", "Normal"),
    "body": ("PlanBody", "计划正文"),
    "title": ("Title", "Title"),
    "heading1": ("Heading1", "heading 1"),
    "heading2": ("Heading2", "heading 2"),
    "heading3": ("Heading3", "heading 3"),
    "heading4": ("Heading4", "heading 4"),
    "list": ("PlanList", "计划列表"),
    "quote": ("PlanQuote", "计划引文"),
    "code": ("PlanCode", "计划代码"),
    "table": ("PlanTableText", "表格文字"),
    "table_header": ("PlanTableHeader", "表格标题行"),
    "signature": ("PlanSignature", "落款"),
    "doc_number": ("PlanDocNumber", "文号"),
}
_OUTLINE = {"heading1": 0, "heading2": 1, "heading3": 2, "heading4": 3}


@dataclass(frozen=True)
class _Style:
    """A theme style with everything inherited from normal filled in."""

    key: str
    style_id: str
    font: str
    latin: str
    size: float
    first_line_chars: float
    left_chars: float
    spec: StyleSpec


def _resolve_styles(theme: Theme) -> dict[str, _Style]:
    """Returns every style key resolved against styles.normal."""
    normal = theme.styles.normal
    out = {}
    for key, spec in theme.styles:
        font = spec.font or normal.font or "宋体"
        latin = spec.latin_font or normal.latin_font or font
        out[key] = _Style(
            key=key,
            style_id=_STYLE_IDS[key][0],
            font=font,
            latin=latin,
            size=spec.size_pt or normal.size_pt or 12,
            first_line_chars=spec.first_line_chars or 0,
            left_chars=spec.left_chars or 0,
            spec=spec,
        )
    return out


def _spacing_attrs(value: float | str | None, theme: Theme) -> dict[str, str]:
    """Returns w:spacing line/lineRule attributes for a theme line-spacing value."""
    if value is None:
        return {}
    if value == "grid":
        return {_w("line"): str(theme.line_pitch_tw()), _w("lineRule"): "exact"}
    if isinstance(value, str):
        return {_w("line"): _fmt(float(value[:-2]) * 20), _w("lineRule"): "exact"}
    return {_w("line"): _fmt(240 * value), _w("lineRule"): "auto"}


def _line_height_tw(style: _Style, theme: Theme) -> float:
    """Returns the height of one line of `style` in twips (for a blank-line gap)."""
    value = style.spec.line_spacing or theme.styles.normal.line_spacing
    if value == "grid":
        return float(theme.line_pitch_tw() or style.size * 20)
    if isinstance(value, str):
        return float(value[:-2]) * 20
    return float(value or 1) * style.size * 20 * 1.2


# --- styles.xml --------------------------------------------------------------------------------


def _styles_xml(theme: Theme, styles: dict[str, _Style], language: str, type_width: int) -> bytes:
    """Returns a styles.xml holding exactly the named styles of the theme, free of theme fonts."""
    root = etree.Element(_w("styles"), nsmap={"w": _W})
    normal = styles["normal"]
    defaults = _sub(root, _w("docDefaults"))
    rpr = _sub(_sub(defaults, _w("rPrDefault")), W_RPR)
    _sub(rpr, W_RFONTS, _rfonts(normal.font, normal.latin))
    _sub(rpr, _w("sz"), {W_VAL: _fmt(normal.size * 2)})
    _sub(rpr, _w("szCs"), {W_VAL: _fmt(normal.size * 2)})
    _sub(rpr, _w("lang"), {W_VAL: "en-US", _w("eastAsia"): language, _w("bidi"): "ar-SA"})
    _sub(_sub(defaults, _w("pPrDefault")), W_PPR)
    _sub(
        root,
        _w("latentStyles"),
        {
            _w("defLockedState"): "0",
            _w("defUIPriority"): "99",
            _w("defSemiHidden"): "0",
            _w("defUnhideWhenUsed"): "0",
            _w("defQFormat"): "0",
            _w("count"): "376",
        },
    )
    for key, st in styles.items():
        _paragraph_style(root, theme, st, key)
    _footer_style(root, theme)
    char = _style_head(
        root, "character", "DefaultParagraphFont", "Default Paragraph Font", default=True
    )
    _sub(char, _w("uiPriority"), {W_VAL: "1"})
    _sub(char, _w("semiHidden"))
    _sub(char, _w("unhideWhenUsed"))
    _table_styles(root, theme, styles["table"])
    numbering = _style_head(root, "numbering", "NoList", "No List", default=True)
    _sub(numbering, _w("uiPriority"), {W_VAL: "99"})
    _sub(numbering, _w("semiHidden"))
    _sub(numbering, _w("unhideWhenUsed"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _style_head(
    root: etree._Element, kind: str, style_id: str, name: str, default: bool = False
) -> etree._Element:
    attrs = {W_TYPE: kind}
    if default:
        attrs[_w("default")] = "1"
    attrs[_w("styleId")] = style_id
    el = _sub(root, _w("style"), attrs)
    _sub(el, _w("name"), {W_VAL: name})
    return el


def _paragraph_style(root: etree._Element, theme: Theme, st: _Style, key: str) -> None:
    """Appends one paragraph style; only properties the theme sets are written (rest inherits)."""
    spec = st.spec
    el = _style_head(root, "paragraph", st.style_id, _STYLE_IDS[key][1], default=key == "normal")
    if key != "normal":
        _sub(el, _w("basedOn"), {W_VAL: "Normal"})
    if key in ("title", "heading1", "heading2", "heading3", "heading4", "doc_number"):
        _sub(el, _w("next"), {W_VAL: "PlanBody"})
    _sub(el, _w("uiPriority"), {W_VAL: "1" if key in ("normal", "body") else "9"})
    _sub(el, _w("qFormat"))
    ppr = _sub(el, W_PPR)
    if spec.keep_with_next is not None:
        _sub(ppr, _w("keepNext"), None if spec.keep_with_next else {W_VAL: "0"})
    if spec.widow_control is not None:
        _sub(ppr, _w("widowControl"), None if spec.widow_control else {W_VAL: "0"})
    if key == "signature":
        # No automatic gaps between digits and Chinese, so "2025年9月10日" has the width the
        # §7.3.5.2 indents are computed from.
        _sub(ppr, _w("autoSpaceDE"), {W_VAL: "0"})
        _sub(ppr, _w("autoSpaceDN"), {W_VAL: "0"})
    if spec.snap_to_grid is not None:
        _sub(ppr, _w("snapToGrid"), None if spec.snap_to_grid else {W_VAL: "0"})
    spacing: dict[str, str] = {}
    if spec.space_before_pt is not None:
        spacing[_w("before")] = _fmt(spec.space_before_pt * 20)
    if spec.space_after_pt is not None:
        spacing[_w("after")] = _fmt(spec.space_after_pt * 20)
    spacing.update(_spacing_attrs(spec.line_spacing, theme))
    if spacing:
        _sub(ppr, W_SPACING, spacing)
    ind: dict[str, str] = {}
    for attr, chars in (
        ("left", spec.left_chars),
        ("right", spec.right_chars),
        ("firstLine", spec.first_line_chars),
    ):
        if chars is not None:
            ind[_w(attr + "Chars")] = _fmt(chars * 100)
            ind[_w(attr)] = _fmt(chars * st.size * 20)
    if ind:
        _sub(ppr, W_IND, ind)
    if spec.align is not None:
        _sub(ppr, W_JC, {W_VAL: _JC[spec.align]})
    if key in _OUTLINE:
        _sub(ppr, _w("outlineLvl"), {W_VAL: str(_OUTLINE[key])})
    rpr = _sub(el, W_RPR)
    _sub(rpr, W_RFONTS, _rfonts(st.font, st.latin))
    for flag, tags in ((spec.bold, (W_B, W_BCS)), (spec.italic, (W_I, W_ICS))):
        if flag is not None:
            for tag in tags:
                _sub(rpr, tag, None if flag else {W_VAL: "0"})
    if key == "normal":
        _sub(rpr, _w("color"), {W_VAL: "000000"})
        condense = _grid_condense(theme)
        if condense:
            _sub(rpr, W_SPACING, {W_VAL: str(-condense)})
    if key == "normal" or spec.size_pt is not None:
        _sub(rpr, _w("sz"), {W_VAL: _fmt(st.size * 2)})
        _sub(rpr, _w("szCs"), {W_VAL: _fmt(st.size * 2)})


def _grid_condense(theme: Theme) -> int:
    """Returns how much (in 1/20 pt) Normal's characters are condensed for grid.chars_by "spacing".

    28 characters in a 156 mm line leave 15.79 pt per character, less than a 16 pt character.
    Word's character grid squeezes them (chars_by "grid"); LibreOffice's grid cannot. Condensing
    Normal by slightly more than the difference fits the same count in Word, WPS and LibreOffice.
    """
    chars = theme.grid.chars_per_line
    size = theme.styles.normal.size_pt or 0
    if chars is None or theme.grid.chars_by != "spacing":
        return 0
    excess = size - theme.type_width_pt() / chars
    return math.ceil(excess * 20) + 1 if excess > 0 else 0


def _footer_style(root: etree._Element, theme: Theme) -> None:
    """Appends the Footer style: page-number font, single spacing, no indent, off the grid."""
    pn = theme.page_number
    el = _style_head(root, "paragraph", "Footer", "footer")
    _sub(el, _w("basedOn"), {W_VAL: "Normal"})
    _sub(el, _w("uiPriority"), {W_VAL: "99"})
    _sub(el, _w("unhideWhenUsed"))
    ppr = _sub(el, W_PPR)
    _sub(ppr, _w("snapToGrid"), {W_VAL: "0"})
    _sub(
        ppr,
        W_SPACING,
        {_w("before"): "0", _w("after"): "0", _w("line"): "240", _w("lineRule"): "auto"},
    )
    _sub(ppr, W_IND, {_w("firstLineChars"): "0", _w("firstLine"): "0"})
    _sub(ppr, W_JC, {W_VAL: "center"})
    rpr = _sub(el, W_RPR)
    _sub(rpr, W_RFONTS, _rfonts(pn.font, pn.font))
    _sub(rpr, W_SPACING, {W_VAL: "0"})
    _sub(rpr, _w("sz"), {W_VAL: _fmt(pn.size_pt * 2)})
    _sub(rpr, _w("szCs"), {W_VAL: _fmt(pn.size_pt * 2)})


def _borders(parent: etree._Element, tag: str, theme: Theme, sides: Iterable[str]) -> None:
    size = theme.table.border_pt
    el = _sub(parent, _w(tag))
    for side in sides:
        if size > 0:
            _sub(
                el,
                _w(side),
                {
                    W_VAL: "single",
                    _w("sz"): _fmt(size * 8),
                    _w("space"): "0",
                    _w("color"): "000000",
                },
            )
        else:
            _sub(el, _w(side), {W_VAL: "nil"})


_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _table_styles(root: etree._Element, theme: Theme, table: _Style) -> None:
    """Appends Normal Table (the default) and 计划表格 (0.5 pt single borders)."""
    el = _style_head(root, "table", "TableNormal", "Normal Table", default=True)
    _sub(el, _w("uiPriority"), {W_VAL: "99"})
    _sub(el, _w("semiHidden"))
    _sub(el, _w("unhideWhenUsed"))
    _sub(_sub(el, W_RPR), W_RFONTS, _rfonts(table.font, table.latin))
    tblpr = _sub(el, W_TBLPR)
    _sub(tblpr, _w("tblInd"), {_w("w"): "0", W_TYPE: "dxa"})
    mar = _sub(tblpr, _w("tblCellMar"))
    for side, width in (("top", "0"), ("left", "108"), ("bottom", "0"), ("right", "108")):
        _sub(mar, _w(side), {_w("w"): width, W_TYPE: "dxa"})

    el = _style_head(root, "table", "PlanTable", "计划表格")
    _sub(el, _w("basedOn"), {W_VAL: "TableNormal"})
    _sub(el, _w("uiPriority"), {W_VAL: "59"})
    ppr = _sub(el, W_PPR)
    _sub(ppr, _w("snapToGrid"), {W_VAL: "0"})
    _sub(ppr, W_SPACING, {_w("line"): "240", _w("lineRule"): "auto"})
    _sub(ppr, W_IND, {_w("firstLineChars"): "0", _w("firstLine"): "0"})
    _sub(_sub(el, W_RPR), W_RFONTS, _rfonts(table.font, table.latin))
    tblpr = _sub(el, W_TBLPR)
    _borders(tblpr, "tblBorders", theme, _SIDES)
    mar = _sub(tblpr, _w("tblCellMar"))
    for side, width in (("top", "28"), ("left", "108"), ("bottom", "28"), ("right", "108")):
        _sub(mar, _w(side), {_w("w"): width, W_TYPE: "dxa"})
