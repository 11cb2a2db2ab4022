"""A theme's styles as Word sees them: resolved style values and the whole of word/styles.xml.

Each theme style key maps to a Word style (built-in names such as Normal, Title and heading N where
Word has one); values a style leaves unset are inherited from `styles.normal`. The table borders
written here are shared with the tables in the body.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from plangen.docx.headings import char_style_id
from plangen.docx.numbering import HEADINGS
from plangen.docx.ooxml import (
    W_B,
    W_BCS,
    W_I,
    W_ICS,
    W_IND,
    W_JC,
    W_NS,
    W_PPR,
    W_RFONTS,
    W_RPR,
    W_SPACING,
    W_TBLPR,
    W_TYPE,
    W_VAL,
    W_W,
    rfonts_attrs,
    rounded,
    sub_element,
    w_tag,
)
from plangen.docx.theme import StyleSpec, Theme

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}

# Theme style key → (Word styleId, Word style name). Built-in names (Normal, Title, heading N)
# keep Word's navigation pane, outline levels and table of contents working.
STYLE_IDS: dict[str, tuple[str, str]] = {
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
    "issuer_mark": ("PlanIssuerMark", "发文机关标志"),
    "subtitle": ("Subtitle", "Subtitle"),
    "recipients": ("PlanRecipients", "主送机关"),
    "attachment": ("PlanAttachment", "附件说明"),
    "imprint": ("PlanImprint", "版记"),
}
_OUTLINE = {"heading1": 0, "heading2": 1, "heading3": 2, "heading4": 3}


@dataclass(frozen=True)
class ResolvedStyle:
    """A theme style with everything inherited from normal filled in."""

    key: str
    style_id: str
    font: str
    latin: str
    size: float
    first_line_chars: float
    left_chars: float
    spec: StyleSpec


def resolve_styles(theme: Theme) -> dict[str, ResolvedStyle]:
    """Returns every style key resolved against styles.normal."""
    normal = theme.styles.normal
    out = {}
    for key, spec in theme.styles:
        font = spec.font or normal.font or "宋体"
        latin = spec.latin_font or normal.latin_font or font
        out[key] = ResolvedStyle(
            key=key,
            style_id=STYLE_IDS[key][0],
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
        return {w_tag("line"): str(theme.line_pitch_tw()), w_tag("lineRule"): "exact"}
    if isinstance(value, str):
        return {w_tag("line"): rounded(float(value[:-2]) * 20), w_tag("lineRule"): "exact"}
    return {w_tag("line"): rounded(240 * value), w_tag("lineRule"): "auto"}


def line_height_tw(style: ResolvedStyle, theme: Theme) -> float:
    """Returns the height of one line of `style` in twips (for a blank-line gap)."""
    value = style.spec.line_spacing or theme.styles.normal.line_spacing
    if value == "grid":
        return float(theme.line_pitch_tw() or style.size * 20)
    if isinstance(value, str):
        return float(value[:-2]) * 20
    return float(value or 1) * style.size * 20 * 1.2


# --- styles.xml --------------------------------------------------------------------------------


def styles_xml(theme: Theme, styles: dict[str, ResolvedStyle], language: str) -> bytes:
    """Returns a styles.xml holding exactly the named styles of the theme, free of theme fonts."""
    root = etree.Element(w_tag("styles"), nsmap={"w": W_NS})
    normal = styles["normal"]
    defaults = sub_element(root, w_tag("docDefaults"))
    rpr = sub_element(sub_element(defaults, w_tag("rPrDefault")), W_RPR)
    sub_element(rpr, W_RFONTS, rfonts_attrs(normal.font, normal.latin))
    sub_element(rpr, w_tag("sz"), {W_VAL: rounded(normal.size * 2)})
    sub_element(rpr, w_tag("szCs"), {W_VAL: rounded(normal.size * 2)})
    sub_element(
        rpr, w_tag("lang"), {W_VAL: "en-US", w_tag("eastAsia"): language, w_tag("bidi"): "ar-SA"}
    )
    sub_element(sub_element(defaults, w_tag("pPrDefault")), W_PPR)
    for st in styles.values():
        _paragraph_style(root, theme, st)
    _footer_style(root, theme)
    char = _style_head(
        root, "character", "DefaultParagraphFont", "Default Paragraph Font", default=True
    )
    sub_element(char, w_tag("uiPriority"), {W_VAL: "1"})
    sub_element(char, w_tag("semiHidden"))
    sub_element(char, w_tag("unhideWhenUsed"))
    for key in _OUTLINE:
        _heading_char_style(root, styles[key])
    _table_styles(root, theme, styles["table"])
    numbering = _style_head(root, "numbering", "NoList", "No List", default=True)
    sub_element(numbering, w_tag("uiPriority"), {W_VAL: "99"})
    sub_element(numbering, w_tag("semiHidden"))
    sub_element(numbering, w_tag("unhideWhenUsed"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _style_head(
    root: etree._Element, kind: str, style_id: str, name: str, default: bool = False
) -> etree._Element:
    attrs = {W_TYPE: kind}
    if default:
        attrs[w_tag("default")] = "1"
    attrs[w_tag("styleId")] = style_id
    el = sub_element(root, w_tag("style"), attrs)
    sub_element(el, w_tag("name"), {W_VAL: name})
    return el


def _paragraph_style(root: etree._Element, theme: Theme, st: ResolvedStyle) -> None:
    """Appends one paragraph style; only properties the theme sets are written (rest inherits)."""
    spec, key = st.spec, st.key
    el = _style_head(root, "paragraph", st.style_id, STYLE_IDS[key][1], default=key == "normal")
    if key != "normal":
        sub_element(el, w_tag("basedOn"), {W_VAL: "Normal"})
    if key in ("title", "heading1", "heading2", "heading3", "heading4", "doc_number"):
        sub_element(el, w_tag("next"), {W_VAL: "PlanBody"})
    if key in _OUTLINE:
        sub_element(el, w_tag("link"), {W_VAL: char_style_id(st.style_id)})
    sub_element(el, w_tag("uiPriority"), {W_VAL: "1" if key in ("normal", "body") else "9"})
    sub_element(el, w_tag("qFormat"))
    ppr = sub_element(el, W_PPR)
    if spec.keep_with_next is not None:
        sub_element(ppr, w_tag("keepNext"), None if spec.keep_with_next else {W_VAL: "0"})
    if spec.keep_lines is not None:
        sub_element(ppr, w_tag("keepLines"), None if spec.keep_lines else {W_VAL: "0"})
    if spec.widow_control is not None:
        sub_element(ppr, w_tag("widowControl"), None if spec.widow_control else {W_VAL: "0"})
    if key in _OUTLINE and theme.numbering == "native":
        # The 公文 ladder as Word numbering (plangen.docx.numbering): the number is not in the text.
        num = sub_element(ppr, w_tag("numPr"))
        sub_element(num, w_tag("ilvl"), {W_VAL: str(_OUTLINE[key])})
        sub_element(num, w_tag("numId"), {W_VAL: str(HEADINGS)})
    if spec.hanging_punctuation is not None:
        # w:overflowPunct: whether “。” and “，” may hang past the right edge of the type area.
        sub_element(ppr, w_tag("overflowPunct"), None if spec.hanging_punctuation else {W_VAL: "0"})
    if key == "signature":
        # No automatic gaps between digits and Chinese, so "2025年9月10日" has the width the
        # §7.3.5.2 indents are computed from.
        sub_element(ppr, w_tag("autoSpaceDE"), {W_VAL: "0"})
        sub_element(ppr, w_tag("autoSpaceDN"), {W_VAL: "0"})
    if spec.snap_to_grid is not None:
        sub_element(ppr, w_tag("snapToGrid"), None if spec.snap_to_grid else {W_VAL: "0"})
    spacing: dict[str, str] = {}
    if spec.space_before_pt is not None:
        spacing[w_tag("before")] = rounded(spec.space_before_pt * 20)
    if spec.space_after_pt is not None:
        spacing[w_tag("after")] = rounded(spec.space_after_pt * 20)
    spacing.update(_spacing_attrs(spec.line_spacing, theme))
    if spacing:
        sub_element(ppr, W_SPACING, spacing)
    ind: dict[str, str] = {}
    for attr, chars in (
        ("left", spec.left_chars),
        ("right", spec.right_chars),
        ("firstLine", spec.first_line_chars),
    ):
        if chars is not None:
            ind[w_tag(attr + "Chars")] = rounded(chars * 100)
            ind[w_tag(attr)] = rounded(chars * st.size * 20)
    if ind:
        sub_element(ppr, W_IND, ind)
    if spec.align is not None:
        sub_element(ppr, W_JC, {W_VAL: _JC[spec.align]})
    if key in _OUTLINE:
        sub_element(ppr, w_tag("outlineLvl"), {W_VAL: str(_OUTLINE[key])})
    rpr = sub_element(el, W_RPR)
    sub_element(rpr, W_RFONTS, rfonts_attrs(st.font, st.latin))
    for flag, tags in ((spec.bold, (W_B, W_BCS)), (spec.italic, (W_I, W_ICS))):
        if flag is not None:
            for tag in tags:
                sub_element(rpr, tag, None if flag else {W_VAL: "0"})
    if spec.color is not None:
        sub_element(rpr, w_tag("color"), {W_VAL: spec.color.upper()})
    elif key == "normal":
        sub_element(rpr, w_tag("color"), {W_VAL: "000000"})
    if key == "normal":
        condense = grid_condense(theme)
        if condense:
            sub_element(rpr, W_SPACING, {W_VAL: str(-condense)})
    if key == "normal" or spec.size_pt is not None:
        sub_element(rpr, w_tag("sz"), {W_VAL: rounded(st.size * 2)})
        sub_element(rpr, w_tag("szCs"), {W_VAL: rounded(st.size * 2)})


def _heading_char_style(root: etree._Element, st: ResolvedStyle) -> None:
    """Appends the character style linked to heading style `st`: its fonts, size, bold and italic,
    for the lead of a run-in heading (plangen.docx.headings)."""
    el = _style_head(root, "character", char_style_id(st.style_id), STYLE_IDS[st.key][1] + " Char")
    el.set(w_tag("customStyle"), "1")
    sub_element(el, w_tag("basedOn"), {W_VAL: "DefaultParagraphFont"})
    sub_element(el, w_tag("link"), {W_VAL: st.style_id})
    sub_element(el, w_tag("uiPriority"), {W_VAL: "9"})
    rpr = sub_element(el, W_RPR)
    sub_element(rpr, W_RFONTS, rfonts_attrs(st.font, st.latin))
    for flag, tags in ((st.spec.bold, (W_B, W_BCS)), (st.spec.italic, (W_I, W_ICS))):
        if flag is not None:
            for tag in tags:
                sub_element(rpr, tag, None if flag else {W_VAL: "0"})
    if st.spec.size_pt is not None:
        sub_element(rpr, w_tag("sz"), {W_VAL: rounded(st.size * 2)})
        sub_element(rpr, w_tag("szCs"), {W_VAL: rounded(st.size * 2)})


def grid_condense(theme: Theme) -> int:
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
    sub_element(el, w_tag("basedOn"), {W_VAL: "Normal"})
    sub_element(el, w_tag("uiPriority"), {W_VAL: "99"})
    sub_element(el, w_tag("unhideWhenUsed"))
    ppr = sub_element(el, W_PPR)
    sub_element(ppr, w_tag("snapToGrid"), {W_VAL: "0"})
    sub_element(
        ppr,
        W_SPACING,
        {
            w_tag("before"): "0",
            w_tag("after"): "0",
            w_tag("line"): "240",
            w_tag("lineRule"): "auto",
        },
    )
    sub_element(ppr, W_IND, {w_tag("firstLineChars"): "0", w_tag("firstLine"): "0"})
    sub_element(ppr, W_JC, {W_VAL: "center"})
    rpr = sub_element(el, W_RPR)
    sub_element(rpr, W_RFONTS, rfonts_attrs(pn.font, pn.font))
    sub_element(rpr, W_SPACING, {W_VAL: "0"})
    sub_element(rpr, w_tag("sz"), {W_VAL: rounded(pn.size_pt * 2)})
    sub_element(rpr, w_tag("szCs"), {W_VAL: rounded(pn.size_pt * 2)})


_TABLE_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def append_table_borders(tblpr: etree._Element, theme: Theme) -> None:
    """Appends the w:tblBorders of the theme's tables (all six sides) to a w:tblPr."""
    size = theme.table.border_pt
    el = sub_element(tblpr, w_tag("tblBorders"))
    for side in _TABLE_BORDER_SIDES:
        if size > 0:
            sub_element(
                el,
                w_tag(side),
                {
                    W_VAL: "single",
                    w_tag("sz"): rounded(size * 8),
                    w_tag("space"): "0",
                    w_tag("color"): "000000",
                },
            )
        else:
            sub_element(el, w_tag(side), {W_VAL: "nil"})


def _table_styles(root: etree._Element, theme: Theme, table: ResolvedStyle) -> None:
    """Appends Normal Table (the default) and 计划表格 (0.5 pt single borders)."""
    el = _style_head(root, "table", "TableNormal", "Normal Table", default=True)
    sub_element(el, w_tag("uiPriority"), {W_VAL: "99"})
    sub_element(el, w_tag("semiHidden"))
    sub_element(el, w_tag("unhideWhenUsed"))
    sub_element(sub_element(el, W_RPR), W_RFONTS, rfonts_attrs(table.font, table.latin))
    tblpr = sub_element(el, W_TBLPR)
    sub_element(tblpr, w_tag("tblInd"), {W_W: "0", W_TYPE: "dxa"})
    mar = sub_element(tblpr, w_tag("tblCellMar"))
    for side, width in (("top", "0"), ("left", "108"), ("bottom", "0"), ("right", "108")):
        sub_element(mar, w_tag(side), {W_W: width, W_TYPE: "dxa"})

    el = _style_head(root, "table", "PlanTable", "计划表格")
    sub_element(el, w_tag("basedOn"), {W_VAL: "TableNormal"})
    sub_element(el, w_tag("uiPriority"), {W_VAL: "59"})
    ppr = sub_element(el, W_PPR)
    sub_element(ppr, w_tag("snapToGrid"), {W_VAL: "0"})
    sub_element(ppr, W_SPACING, {w_tag("line"): "240", w_tag("lineRule"): "auto"})
    sub_element(ppr, W_IND, {w_tag("firstLineChars"): "0", w_tag("firstLine"): "0"})
    sub_element(sub_element(el, W_RPR), W_RFONTS, rfonts_attrs(table.font, table.latin))
    tblpr = sub_element(el, W_TBLPR)
    append_table_borders(tblpr, theme)
    mar = sub_element(tblpr, w_tag("tblCellMar"))
    for side, width in (("top", "28"), ("left", "108"), ("bottom", "28"), ("right", "108")):
        sub_element(mar, w_tag(side), {W_W: width, W_TYPE: "dxa"})
