"""Markdown → .docx under a theme: the only module that touches python-docx and OOXML.

One conversion: markdown-it-py tokens are walked once and written as WordprocessingML elements.
Per theme (and document language) a package skeleton is prepared once with python-docx — page
setup, document grid, odd/even footers with PAGE fields, named styles built from the theme, font
table — and cached as zip entries. Each call then only builds the body with lxml, writes the core
properties and zips the entries with fixed timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime
import io
import math
import re
import threading
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from plangen.theme import StyleSpec, Theme

__all__ = ["DocMeta", "markdown_to_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


W_P, W_PPR, W_PSTYLE, W_R, W_RPR, W_RFONTS = map(_w, ("p", "pPr", "pStyle", "r", "rPr", "rFonts"))
W_B, W_BCS, W_I, W_ICS, W_T, W_BR, W_TAB = map(_w, ("b", "bCs", "i", "iCs", "t", "br", "tab"))
W_JC, W_IND, W_SPACING, W_PBDR, W_BOTTOM = map(_w, ("jc", "ind", "spacing", "pBdr", "bottom"))
W_TBL, W_TBLPR, W_TBLGRID, W_GRIDCOL, W_TR, W_TRPR = map(
    _w, ("tbl", "tblPr", "tblGrid", "gridCol", "tr", "trPr")
)
W_TC, W_TCPR, W_TCW, W_VALIGN = map(_w, ("tc", "tcPr", "tcW", "vAlign"))
W_VAL, W_TYPE = _w("val"), _w("type")

_DOC_NSMAP = {"w": _W, "r": _R}
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
_HEADING_KEYS = {
    "h1": "title",
    "h2": "heading1",
    "h3": "heading2",
    "h4": "heading3",
    "h5": "heading4",
    "h6": "heading4",
}
_OUTLINE = {"heading1": 0, "heading2": 1, "heading3": 2, "heading4": 3}

# Characters XML 1.0 cannot carry; they are dropped from the text.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DATE_LINE = re.compile(r"^\S*[0-9０-９〇零一二三四五六七八九十]+年.*月.*日$")
_ALIGN_ATTR = re.compile(r"text-align:\s*(left|center|right)")

_BOLD, _ITALIC, _CODE = 1, 2, 4
_SOFT = None  # marks a soft line break in a segment list


@dataclass(frozen=True)
class DocMeta:
    """Facts about the document that are not in its Markdown text."""

    title: str
    author: str = ""  # issuer → core property author
    date: datetime.date | None = None  # → core created/modified at 00:00:00 UTC; None → 2000-01-01
    signature: tuple[str, ...] = ()  # trailing paragraphs (issuer, date) right-aligned as 落款
    doc_number: str = ""  # a paragraph with exactly this text is centred (文号)
    language: str = "zh-CN"  # zh-TW / zh-HK for Traditional output
    # Where a title too long for one line may break (GB/T 9704 §7.3.1: keep words whole), e.g.
    # ("青岚县星河实验小学", "2025—2026学年工作计划"); used only when the joined lines equal the title.
    title_lines: tuple[str, ...] = ()


def markdown_to_docx(markdown: str, theme: Theme, meta: DocMeta) -> bytes:
    """Returns the bytes of a .docx that carries exactly the Markdown's text, styled by `theme`.

    Never fails on odd Markdown: links keep their text, images their alt text, raw HTML is kept as
    literal text, code keeps its line breaks. The same arguments always give the same bytes.
    """
    prep = _prepared(theme, meta.language)
    tokens = _markdown_parser().parse(markdown)
    builder = _BodyBuilder(prep, meta)
    builder.walk(tokens)
    fresh = {"word/document.xml": builder.document_xml(), _CORE: _core_xml(meta)}
    return _zip((name, fresh.get(name, blob)) for name, blob in prep.parts)


# --- small helpers ---------------------------------------------------------------------------


def escape(text: str) -> str:
    """Returns text with &, < and > escaped for XML (xml.sax.saxutils would import urllib and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clean(text: str) -> str:
    """Returns text without the characters XML cannot hold (controls, lone surrogates, U+FFFE/F).

    U+0000 becomes U+FFFD, as CommonMark requires.
    """
    return _XML_INVALID.sub("", text.replace("\x00", "\ufffd"))


def _is_wide(ch: str) -> bool:
    """True for a character set in a full-width cell in Chinese text (incl. ambiguous punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "A") and ord(ch) > 0x7F


def _with_breaks(segments: list[Segment], lines: Sequence[str]) -> list[Segment]:
    """Returns `lines` as one segment joined by line breaks (w:br), keeping the first segment's flags."""
    flags = next((f for t, f in segments if t), 0)
    return [("\n".join(lines), flags)]


_CELL_MARGIN_TW = 108  # Word's default left/right cell margin
_SHORT_COLUMN_CHARS = 8  # a column whose entries are all this short is kept on one line


def _first_column_merges(rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]]) -> list[str]:
    """Returns, per row, "restart", "continue" or "" for merging the first column vertically.

    A body row whose first cell is empty continues the group above (as a 行事历 groups its items
    under one month), so the month spans its rows as a merged cell instead of blank boxes.
    """
    def first_text(cells: list[tuple[list[Segment], str | None]]) -> str:
        return "".join(t for t in _plain(cells[0][0]) if t).strip() if cells else ""

    marks = [""] * len(rows)
    for i in range(1, len(rows)):
        is_head, cells = rows[i]
        prev_head, prev_cells = rows[i - 1]
        if is_head or prev_head or len(cells) < 2 or first_text(cells):
            continue
        if not marks[i - 1]:
            if not first_text(prev_cells):
                continue
            marks[i - 1] = "restart"
        marks[i] = "continue"
    return marks


def _text_width(text: str) -> float:
    """Returns the width of `text` in characters: Chinese 1, half-width 0.5."""
    return sum(1.0 if _is_wide(ch) else 0.5 for ch in text)


_PARSER: Any = None
_PARSER_LOCK = threading.Lock()


def _markdown_parser() -> Any:
    """Returns the shared markdown-it parser (CommonMark plus GFM tables)."""
    global _PARSER
    if _PARSER is None:
        with _PARSER_LOCK:
            if _PARSER is None:
                from markdown_it import MarkdownIt

                _PARSER = MarkdownIt("commonmark").enable("table")
    return _PARSER


def _sub(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    return etree.SubElement(parent, tag, attrib) if attrib else etree.SubElement(parent, tag)


def _fmt(value: float) -> str:
    return str(round(value))


# --- resolved styles ----------------------------------------------------------------------------


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


def _rfonts(east_asia: str, latin: str) -> dict[str, str]:
    return {
        _w("ascii"): latin,
        _w("eastAsia"): east_asia,
        _w("hAnsi"): latin,
        _w("cs"): latin,
        _w("hint"): "eastAsia",
    }


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


# --- the per-theme package skeleton ----------------------------------------------------------

_CORE = "docProps/core.xml"


@dataclass
class _Prepared:
    """The cached package of one theme: zip entries in order, plus what body building needs."""

    theme: Theme
    parts: list[tuple[str, bytes]]
    sect_pr: etree._Element
    styles: dict[str, _Style]
    run_fonts: dict[tuple[str, bool], dict[str, str]] = field(default_factory=dict)
    type_width_tw: int = 0


_CACHE: dict[tuple[str, str], _Prepared] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_MAX = 16


def _prepared(theme: Theme, language: str) -> _Prepared:
    """Returns the cached skeleton for (theme, language), building it on first use."""
    key = (theme.model_dump_json(), language)
    prep = _CACHE.get(key)
    if prep is None:
        with _CACHE_LOCK:
            prep = _CACHE.get(key)
            if prep is None:
                prep = _build_skeleton(theme, language)
                if len(_CACHE) >= _CACHE_MAX:
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[key] = prep
    return prep


def _mm_tw(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _build_skeleton(theme: Theme, language: str) -> _Prepared:
    """Returns the package of an empty document under `theme`, as ordered zip entries."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Twips

    doc = docx.Document()
    keep = {RT.STYLES, RT.SETTINGS, RT.WEB_SETTINGS, RT.FONT_TABLE, RT.THEME, RT.NUMBERING}
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype not in keep:
            doc.part.drop_rel(rid)
    pkg_rels = doc.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rid]

    page = theme.page
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(_mm_tw(page.width_mm)), Twips(_mm_tw(page.height_mm))
    sec.top_margin, sec.bottom_margin = (
        Twips(_mm_tw(page.margin_top_mm)),
        Twips(_mm_tw(page.margin_bottom_mm)),
    )
    sec.left_margin, sec.right_margin = (
        Twips(_mm_tw(page.margin_left_mm)),
        Twips(_mm_tw(page.margin_right_mm)),
    )
    sec.header_distance, sec.footer_distance = (
        Twips(_mm_tw(page.header_mm)),
        Twips(_mm_tw(page.footer_mm)),
    )
    sec.gutter = Twips(0)
    sect_pr = sec._sectPr
    for attr in list(sect_pr.attrib):
        del sect_pr.attrib[attr]
    grid = sect_pr.find(_w("docGrid"))
    if grid is None:
        grid = _sub(sect_pr, _w("docGrid"))
    grid.attrib.clear()
    pitch, char_space = theme.line_pitch_tw(), theme.char_space()
    if pitch is not None:
        grid.set(W_TYPE, "lines" if char_space is None else "linesAndChars")
        grid.set(_w("linePitch"), str(pitch))
        if char_space is not None:
            grid.set(_w("charSpace"), str(char_space))
    else:
        grid.set(_w("linePitch"), "312")

    styles = _resolve_styles(theme)
    placement = theme.page_number.placement
    if placement != "none":
        doc.settings.odd_and_even_pages_header_footer = placement == "outside"
        sec.footer.is_linked_to_previous = False
        _fill_footer(sec.footer._element, theme, odd=True)
        if placement == "outside":
            sec.even_page_footer.is_linked_to_previous = False
            _fill_footer(sec.even_page_footer._element, theme, odd=False)
    _tune_settings(doc.settings.element, language)

    buf = io.BytesIO()
    doc.save(buf)
    type_width_tw = (
        _mm_tw(page.width_mm) - _mm_tw(page.margin_left_mm) - _mm_tw(page.margin_right_mm)
    )
    replacements = {
        "word/styles.xml": _styles_xml(theme, styles, language, type_width_tw),
        "word/fontTable.xml": None,
        "docProps/app.xml": _APP_XML,
        _CORE: b"",
    }
    parts = []
    with zipfile.ZipFile(buf) as zf:
        for info in zf.infolist():
            blob = zf.read(info.filename)
            if info.filename == "word/fontTable.xml":
                blob = _font_table(blob, theme, styles)
            elif info.filename in replacements:
                blob = replacements[info.filename] or blob
            parts.append((info.filename, blob))
    doc_root = etree.fromstring(dict(parts)["word/document.xml"])
    body_sect = doc_root.find(f"{_w('body')}/{_w('sectPr')}")
    prep = _Prepared(
        theme=theme, parts=parts, sect_pr=body_sect, styles=styles, type_width_tw=type_width_tw
    )
    code_latin = styles["code"].latin
    for key, st in styles.items():
        prep.run_fonts[(key, False)] = _run_fonts(theme, st.font, st.latin)
        prep.run_fonts[(key, True)] = _run_fonts(theme, st.font, code_latin)
    return prep


def _run_fonts(theme: Theme, east_asia: str, latin: str) -> dict[str, str]:
    return _rfonts(east_asia, latin) if theme.fonts_on_runs else {_w("hint"): "eastAsia"}


_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><TotalTime>0</TotalTime><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
)


def _tune_settings(settings: etree._Element, language: str) -> None:
    """Makes settings.xml modern (no compatibility mode) and East-Asian aware."""
    for tag in ("savePreviewPicture", "proofState", "rsids"):
        for el in settings.findall(_w(tag)):
            settings.remove(el)
    lang = settings.find(_w("themeFontLang"))
    if lang is not None:
        lang.set(_w("eastAsia"), language)
    for cs in settings.iter(_w("compatSetting")):
        if cs.get(_w("name")) == "compatibilityMode":
            cs.set(_w("val"), "15")


def _fill_footer(ftr: etree._Element, theme: Theme, odd: bool) -> None:
    """Writes the page-number paragraph ("— N —" around a real PAGE field) into a footer."""
    for child in list(ftr):
        ftr.remove(child)
    pn = theme.page_number
    p = _sub(ftr, W_P)
    ppr = _sub(p, W_PPR)
    _sub(ppr, W_PSTYLE, {W_VAL: "Footer"})
    indent = _fmt(pn.indent_chars * pn.size_pt * 20)
    chars = _fmt(pn.indent_chars * 100)
    placement = pn.placement
    if placement == "outside":
        placement = "right" if odd else "left"
    if placement == "right":
        _sub(ppr, W_IND, {_w("rightChars"): chars, _w("right"): indent})
    elif placement == "left":
        _sub(ppr, W_IND, {_w("leftChars"): chars, _w("left"): indent})
    _sub(ppr, W_JC, {W_VAL: placement})
    fonts = _rfonts(pn.font, pn.font)
    before, after = pn.format.split("{page}")

    def run() -> etree._Element:
        r = _sub(p, W_R)
        _sub(_sub(r, W_RPR), W_RFONTS, fonts)
        return r

    if before:
        _text(run(), before)
    _sub(run(), _w("fldChar"), {_w("fldCharType"): "begin"})
    instr = _sub(run(), _w("instrText"))
    instr.set(_XML_SPACE, "preserve")
    instr.text = " PAGE "
    _sub(run(), _w("fldChar"), {_w("fldCharType"): "separate"})
    _text(run(), "1")
    _sub(run(), _w("fldChar"), {_w("fldCharType"): "end"})
    if after:
        _text(run(), after)


def _text(r: etree._Element, text: str) -> None:
    """Appends text to run `r`: w:t pieces with w:br for line breaks and w:tab for tabs.

    Characters XML cannot carry are dropped here, after parsing, so that they cannot change how
    the Markdown around them is read.
    """
    for piece in re.split(r"(\n|\t)", _clean(text)):
        if piece == "\n":
            _sub(r, W_BR)
        elif piece == "\t":
            _sub(r, W_TAB)
        elif piece:
            t = _sub(r, W_T)
            t.text = piece
            if piece[0] == " " or piece[-1] == " " or "  " in piece:
                t.set(_XML_SPACE, "preserve")


def _font_table(blob: bytes, theme: Theme, styles: dict[str, _Style]) -> bytes:
    """Returns fontTable.xml listing the theme's fonts (GB2312 charset, altName fallbacks)."""
    root = etree.fromstring(blob)
    present = {f.get(_w("name")) for f in root.findall(_w("font"))}
    names: list[str] = []
    for st in styles.values():
        names += [st.font, st.latin]
    names.append(theme.page_number.font)
    for name in dict.fromkeys(names):
        if name in present:
            continue
        font = _sub(root, _w("font"), {_w("name"): name})
        alt = theme.font_fallbacks.get(name)
        if alt:
            _sub(font, _w("altName"), {W_VAL: alt})
        if any(_is_wide(ch) for ch in name) or name in theme.font_fallbacks:
            _sub(font, _w("charset"), {W_VAL: "86"})
        _sub(font, _w("family"), {W_VAL: "auto"})
        _sub(font, _w("pitch"), {W_VAL: "variable"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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


# --- body ------------------------------------------------------------------------------------


@dataclass
class _Block:
    """One paragraph or table written to the body, remembered for the 落款 pass."""

    element: etree._Element
    kind: str  # "body", "other"
    text: str


@dataclass
class _ListLevel:
    ordered: bool
    next_number: int


Segment = tuple[str | None, int]


def _segments(children: Sequence[Any]) -> list[Segment]:
    """Returns (text, flags) pieces of an inline token's children; None text = soft break."""
    out: list[Segment] = []
    strong = em = 0
    for tok in children:
        kind = tok.type
        flags = (_BOLD if strong else 0) | (_ITALIC if em else 0)
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
            out.append((tok.content, flags | _CODE))
        elif kind == "softbreak":
            out.append((_SOFT, flags))
        elif kind == "hardbreak":
            out.append(("\n", flags))
        elif kind == "image":
            alt = "".join(_plain(_segments(tok.children or ())))
            out.append((alt, flags))
        elif tok.content and not kind.endswith(("_open", "_close")):
            out.append((tok.content, flags))
    return _join_soft(out)


def _plain(segments: Iterable[Segment]) -> Iterable[str]:
    return (text for text, _ in segments if text)


def _join_soft(segments: list[Segment]) -> list[Segment]:
    """Resolves soft breaks (nothing between Chinese characters, else a space) and merges runs."""
    out: list[Segment] = []
    for i, (text, flags) in enumerate(segments):
        if text is None:
            before = next((t[-1] for t, _ in reversed(out) if t), "")
            after = next((t[0] for t, _ in segments[i + 1 :] if t), "")
            text = "" if (before and _is_wide(before)) or (after and _is_wide(after)) else " "
            if not text:
                continue
        if out and out[-1][1] == flags:
            out[-1] = (out[-1][0] + text, flags)  # type: ignore[operator]
        elif text:
            out.append((text, flags))
    return out


class _BodyBuilder:
    """Walks markdown-it tokens once and builds the w:body children."""

    def __init__(self, prep: _Prepared, meta: DocMeta) -> None:
        self.prep = prep
        self.theme = prep.theme
        self.meta = meta
        self.blocks: list[_Block] = []
        self.lists: list[_ListLevel] = []
        self.quote_depth = 0
        self.marker: str | None = None
        self.heading: str | None = None
        self.rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]] | None = None
        self.in_head = False
        self.cell_align: str | None = None

    # token walk

    def walk(self, tokens: Sequence[Any]) -> None:
        """Turns the token stream into body blocks."""
        for tok in tokens:
            kind = tok.type
            if kind == "inline":
                if self.rows is not None:
                    if self.rows:
                        self.rows[-1][1].append((_segments(tok.children or ()), self.cell_align))
                else:
                    self._paragraph(_segments(tok.children or ()))
            elif kind == "heading_open":
                self.heading = _HEADING_KEYS.get(tok.tag, "heading4")
            elif kind == "heading_close":
                self.heading = None
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._flush_marker()  # "3. - item": keep the outer "3." as its own line
                start = tok.attrs.get("start", 1) if tok.attrs else 1
                self.lists.append(_ListLevel(kind == "ordered_list_open", int(start)))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                if self.lists:
                    self.lists.pop()
            elif kind == "list_item_open":
                self._start_item(tok)
            elif kind == "list_item_close":
                if self.marker:
                    self._paragraph([])
                self.marker = None
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif kind in ("fence", "code_block"):
                self._flush_marker()
                self._code(tok.content)
            elif kind == "html_block":
                self._paragraph([(tok.content.rstrip("\n"), 0)])
            elif kind == "hr":
                self._flush_marker()
                self._rule()
            elif kind == "table_open":
                self._flush_marker()
                self.rows = []
            elif kind == "thead_open":
                self.in_head = True
            elif kind == "thead_close":
                self.in_head = False
            elif kind == "tr_open" and self.rows is not None:
                self.rows.append((self.in_head, []))
            elif kind in ("th_open", "td_open"):
                match = _ALIGN_ATTR.search(str(tok.attrs.get("style", ""))) if tok.attrs else None
                self.cell_align = match.group(1) if match else None
            elif kind == "table_close":
                if self.rows:
                    self._table(self.rows)
                self.rows = None

    def _start_item(self, tok: Any) -> None:
        if not self.lists:
            self.lists.append(_ListLevel(tok.markup in ".)", 1))
        level = self.lists[-1]
        if level.ordered:
            number = int(tok.info) if tok.info and tok.info.isdigit() else level.next_number
            self.marker = f"{number}{tok.markup or '.'}"
            level.next_number = number + 1
        else:
            self.marker = self.theme.lists.bullet

    def _flush_marker(self) -> None:
        if self.marker:
            self._paragraph([])
        self.marker = None

    # paragraphs

    def _paragraph(self, segments: list[Segment]) -> None:
        """Writes one paragraph (heading, list item, quote or body) with its runs."""
        marker, self.marker = self.marker, None
        if self.heading is not None:
            key = self.heading
        elif self.lists:
            key = "list"
        elif self.quote_depth:
            key = "quote"
        else:
            key = "body"
        if marker:
            first = next((t for t, _ in segments if t), "")
            ordered = bool(self.lists and self.lists[-1].ordered)
            gap = "" if ordered and first and _is_wide(first[0]) else " "
            segments = [(marker + (gap if first else ""), 0), *segments]
            segments = _join_soft(segments)
        text = "".join(_plain(segments))
        if key == "body" and self.meta.doc_number and text.strip() == self.meta.doc_number.strip():
            key = "doc_number"
        p = self._p(key)
        if key == "list" and len(self.lists) > 1:
            self._nested_indent(p[0], min(len(self.lists), 8) - 1)
        if key == "title" and self._title_needs_break(text):
            segments = _with_breaks(segments, self.meta.title_lines)
        self._runs(p, key, segments)
        kind = "body" if key == "body" and not self.lists and not self.quote_depth else "other"
        self.blocks.append(_Block(p, kind, text))

    def _title_needs_break(self, text: str) -> bool:
        """Returns whether the title is too wide for one line and has break points that fit it."""
        lines = self.meta.title_lines
        if len(lines) < 2 or "".join(lines) != text.strip():
            return False
        chars_per_line = self.prep.type_width_tw / (self.prep.styles["title"].size * 20)
        # A margin of 1.5 characters: digits and dashes are wider than half a character in many
        # fonts, and a title that only just fits leaves one or two characters alone on line two.
        return _text_width(text) > chars_per_line - 1.5

    def _p(self, key: str) -> etree._Element:
        p = etree.Element(W_P)
        ppr = _sub(p, W_PPR)
        _sub(ppr, W_PSTYLE, {W_VAL: _STYLE_IDS[key][0]})
        return p

    def _nested_indent(self, ppr: etree._Element, extra_levels: int) -> None:
        st = self.prep.styles["list"]
        left = st.left_chars + extra_levels * self.theme.lists.indent_chars
        _sub(
            ppr,
            W_IND,
            {
                _w("leftChars"): _fmt(left * 100),
                _w("left"): _fmt(left * st.size * 20),
                _w("firstLineChars"): _fmt(st.first_line_chars * 100),
                _w("firstLine"): _fmt(st.first_line_chars * st.size * 20),
            },
        )

    def _runs(self, p: etree._Element, key: str, segments: Iterable[Segment]) -> None:
        fonts = self.prep.run_fonts
        for text, flags in segments:
            if not text:
                continue
            r = _sub(p, W_R)
            rpr = _sub(r, W_RPR)
            _sub(rpr, W_RFONTS, fonts[(key, bool(flags & _CODE))])
            if flags & _BOLD:
                _sub(rpr, W_B)
                _sub(rpr, W_BCS)
            if flags & _ITALIC:
                _sub(rpr, W_I)
                _sub(rpr, W_ICS)
            _text(r, text)

    def _code(self, content: str) -> None:
        text = content.removesuffix("\n")
        p = self._p("code")
        self._runs(p, "code", [(text, _CODE)])
        self.blocks.append(_Block(p, "other", text))

    def _rule(self) -> None:
        p = etree.Element(W_P)
        ppr = _sub(p, W_PPR)
        _sub(ppr, W_PSTYLE, {W_VAL: "Normal"})
        _sub(
            _sub(ppr, W_PBDR),
            W_BOTTOM,
            {W_VAL: "single", _w("sz"): "6", _w("space"): "1", _w("color"): "000000"},
        )
        self.blocks.append(_Block(p, "other", ""))

    # tables

    def _table(self, rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]]) -> None:
        """Writes a Word table: fixed layout, widths by content, repeated bold header row."""
        ncols = max((len(cells) for _, cells in rows), default=0)
        if ncols == 0:
            return
        widths = self._column_widths(rows, ncols)
        total = self.prep.type_width_tw
        merge = _first_column_merges(rows)

        if self.blocks and self.blocks[-1].element.tag == W_TBL:
            # Word joins two tables that touch into one; keep them apart with an empty paragraph.
            self.blocks.append(_Block(self._p("normal"), "other", ""))
        tbl = etree.Element(W_TBL)
        tblpr = _sub(tbl, W_TBLPR)
        _sub(tblpr, _w("tblStyle"), {W_VAL: "PlanTable"})
        _sub(tblpr, _w("tblW"), {_w("w"): str(total), W_TYPE: "dxa"})
        _sub(tblpr, W_JC, {W_VAL: "center"})
        _borders(tblpr, "tblBorders", self.theme, _SIDES)
        _sub(tblpr, _w("tblLayout"), {W_TYPE: "fixed"})
        _sub(
            tblpr,
            _w("tblLook"),
            {
                W_VAL: "04A0",
                _w("firstRow"): "1",
                _w("lastRow"): "0",
                _w("firstColumn"): "0",
                _w("lastColumn"): "0",
                _w("noHBand"): "1",
                _w("noVBand"): "1",
            },
        )
        grid = _sub(tbl, W_TBLGRID)
        for width in widths:
            _sub(grid, W_GRIDCOL, {_w("w"): str(width)})
        texts = []
        cfg = self.theme.table
        for row_index, (is_head, cells) in enumerate(rows):
            tr = _sub(tbl, W_TR)
            trpr = _sub(tr, W_TRPR)
            if cfg.cant_split:
                _sub(trpr, _w("cantSplit"))
            if is_head and cfg.header_repeat:
                _sub(trpr, _w("tblHeader"))
            key = "table_header" if is_head else "table"
            for i in range(ncols):
                segments, align = cells[i] if i < len(cells) else ([], None)
                tc = _sub(tr, W_TC)
                tcpr = _sub(tc, W_TCPR)
                _sub(tcpr, W_TCW, {_w("w"): str(widths[i]), W_TYPE: "dxa"})
                if i == 0 and merge[row_index]:
                    _sub(tcpr, _w("vMerge"), {W_VAL: "restart"} if merge[row_index] == "restart" else {})
                _sub(tcpr, W_VALIGN, {W_VAL: "center"})
                p = _sub(tc, W_P)
                ppr = _sub(p, W_PPR)
                _sub(ppr, W_PSTYLE, {W_VAL: _STYLE_IDS[key][0]})
                if align:
                    _sub(ppr, W_JC, {W_VAL: align})
                self._runs(p, key, segments)
                texts.append("".join(_plain(segments)))
        self.blocks.append(_Block(tbl, "other", "\n".join(texts)))

    def _column_widths(self, rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]],
                       ncols: int) -> list[int]:
        """Returns column widths (twips) filling the type area: short columns (time, department)
        get room for their longest entry on one line, long text columns share the rest."""
        total = self.prep.type_width_tw
        char_tw = self.prep.styles["table"].size * 20
        natural = [2.0] * ncols
        for _, cells in rows:
            for i, (segments, _align) in enumerate(cells[:ncols]):
                natural[i] = max(natural[i], _text_width("".join(t for t in _plain(segments) if t)))
        need = [n * char_tw + 2 * _CELL_MARGIN_TW + char_tw / 2 for n in natural]
        short = [i for i in range(ncols) if natural[i] <= _SHORT_COLUMN_CHARS]
        long = [i for i in range(ncols) if i not in short]
        fixed = sum(need[i] for i in short)
        if sum(need) <= total:
            weights = need
        elif long and fixed <= total * 0.6:
            share = [min(natural[i], 30.0) for i in long]
            weights = [need[i] if i in short else (total - fixed) * share[long.index(i)] / sum(share)
                       for i in range(ncols)]
        else:
            weights = [min(n, 30.0) + 2 for n in natural]
        widths = [int(total * w / sum(weights)) for w in weights]
        widths[-1] += total - sum(widths)
        return widths

    # 落款 and the document

    def _signature(self) -> None:
        """Restyles the trailing paragraphs that hold the signature lines as 落款 (§7.3.5)."""
        wanted = {s.strip() for s in self.meta.signature if s.strip()}
        if not wanted:
            return
        start = len(self.blocks)
        while start > 0:
            block = self.blocks[start - 1]
            lines = [line.strip() for line in block.text.split("\n") if line.strip()]
            if block.kind != "body" or not lines or not all(line in wanted for line in lines):
                break
            start -= 1
        if start == len(self.blocks):
            return
        lines = [
            line.strip() for b in self.blocks[start:] for line in b.text.split("\n") if line.strip()
        ]
        del self.blocks[start:]
        st = self.prep.styles["signature"]
        for i, (line, right) in enumerate(zip(lines, self._signature_indents(lines))):
            p = self._p("signature")
            ppr = p[0]
            if i == 0 and self.theme.signature.space_before_lines:
                gap = self.theme.signature.space_before_lines * _line_height_tw(
                    self.prep.styles["body"], self.theme
                )
                _sub(ppr, W_SPACING, {_w("before"): _fmt(gap)})
            _sub(
                ppr,
                W_IND,
                {_w("rightChars"): _fmt(right * 100), _w("right"): _fmt(right * st.size * 20)},
            )
            self._runs(p, "signature", [(line, 0)])
            self.blocks.append(_Block(p, "other", line))

    def _signature_indents(self, lines: list[str]) -> list[float]:
        """Returns the right indent (chars) of each 落款 line per GB/T 9704 §7.3.5.2."""
        cfg = self.theme.signature
        right = cfg.right_chars
        dates = [_DATE_LINE.match(line) is not None for line in lines]
        if cfg.rule != "gbt9704" or all(dates) or not any(dates):
            return [right] * len(lines)
        issuer = max(_text_width(line) for line, d in zip(lines, dates) if not d)
        date = max(_text_width(line) for line, d in zip(lines, dates) if d)
        date_right = right + issuer - 2 - date
        issuer_right = right
        if date_right < right:
            issuer_right = right + (right - date_right)
            date_right = right
        return [date_right if d else issuer_right for d in dates]

    def document_xml(self) -> bytes:
        """Returns word/document.xml: the body blocks followed by the theme's section properties."""
        self._signature()
        root = etree.Element(_w("document"), nsmap=_DOC_NSMAP)
        body = _sub(root, _w("body"))
        for block in self.blocks:
            body.append(block.element)
        if not self.blocks or self.blocks[-1].element.tag == W_TBL:
            ppr = _sub(_sub(body, W_P), W_PPR)
            _sub(ppr, W_PSTYLE, {W_VAL: "Normal"})
        body.append(copy.deepcopy(self.prep.sect_pr))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- core properties and the zip -----------------------------------------------------------


def _core_xml(meta: DocMeta) -> bytes:
    """Returns docProps/core.xml with title, author and dates from `meta` (never the clock)."""
    day = meta.date or datetime.date(2000, 1, 1)
    stamp = f"{day.year:04d}-{day.month:02d}-{day.day:02d}T00:00:00Z"

    def esc(text: str) -> str:
        return escape(_clean(text))

    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(meta.title)}</dc:title>"
        "<dc:subject></dc:subject>"
        f"<dc:creator>{esc(meta.author)}</dc:creator>"
        "<cp:keywords></cp:keywords>"
        "<dc:description></dc:description>"
        f"<cp:lastModifiedBy>{esc(meta.author)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<dc:language>{esc(meta.language)}</dc:language>"
        "</cp:coreProperties>"
    )
    return xml.encode("utf-8")


def _zip(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """Returns a zip of `parts` in the given order with fixed timestamps and attributes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, blob)
    return buf.getvalue()
