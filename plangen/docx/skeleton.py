"""The package of an empty document under a theme: the only place python-docx is used.

An empty document is built with python-docx — page size and margins, document grid, odd/even
footers with a real PAGE field, modern East-Asian settings — and its parts are replaced where the
theme decides them: the theme's styles.xml and font table, a fixed app.xml. The result is plain
data (ordered part names and bytes), which `plangen.docx.skeleton_cache` keeps on disk so that a
warm run never imports python-docx.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from plangen.docx.numbering import numbering_xml
from plangen.docx.ooxml import (
    W_IND,
    W_JC,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RFONTS,
    W_RPR,
    W_TYPE,
    W_VAL,
    XML_SPACE,
    append_text,
    is_wide,
    mm_to_twips,
    rfonts_attrs,
    rounded,
    sub_element,
    w_tag,
)
from plangen.docx.styles import ResolvedStyle, resolve_styles, styles_xml
from plangen.docx.theme import Theme

CORE_PART = "docProps/core.xml"  # written for each document; empty in the skeleton
DOCUMENT_PART = "word/document.xml"  # written for each document; the skeleton's holds the sectPr

Parts = tuple[tuple[str, bytes], ...]  # package parts in zip order


def section_properties(parts: Parts) -> etree._Element | None:
    """Returns the w:sectPr at the end of the skeleton's (empty) body, or None if there is none."""
    blob = dict(parts).get(DOCUMENT_PART)
    if not blob:
        return None
    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    return root.find(f"{w_tag('body')}/{w_tag('sectPr')}")


def build_parts(theme: Theme, language: str) -> Parts:
    """Returns the parts of an empty document under `theme` in zip order (python-docx's order)."""
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

    def twips(mm: float) -> Twips:
        return Twips(mm_to_twips(mm))

    page = theme.page
    sec = doc.sections[0]
    sec.page_width, sec.page_height = twips(page.width_mm), twips(page.height_mm)
    sec.top_margin, sec.bottom_margin = twips(page.margin_top_mm), twips(page.margin_bottom_mm)
    sec.left_margin, sec.right_margin = twips(page.margin_left_mm), twips(page.margin_right_mm)
    sec.header_distance, sec.footer_distance = twips(page.header_mm), twips(page.footer_mm)
    sec.gutter = Twips(0)
    sect_pr = doc.element.body.sectPr
    for attr in list(sect_pr.attrib):
        del sect_pr.attrib[attr]
    grid = sect_pr.find(w_tag("docGrid"))
    if grid is None:
        grid = sub_element(sect_pr, w_tag("docGrid"))
    grid.attrib.clear()
    pitch, char_space = theme.line_pitch_tw(), theme.char_space()
    if pitch is not None:
        grid.set(W_TYPE, "lines" if char_space is None else "linesAndChars")
        grid.set(w_tag("linePitch"), str(pitch))
        if char_space is not None:
            grid.set(w_tag("charSpace"), str(char_space))
    else:
        grid.set(w_tag("linePitch"), "312")

    styles = resolve_styles(theme)
    placement = theme.page_number.placement
    if placement != "none":
        doc.settings.odd_and_even_pages_header_footer = placement == "outside"
        sec.footer.is_linked_to_previous = False
        _fill_footer(sec.footer.part.element, theme, odd=True)
        if placement == "outside":
            sec.even_page_footer.is_linked_to_previous = False
            _fill_footer(sec.even_page_footer.part.element, theme, odd=False)
    _tune_settings(doc.settings.element, language)

    buf = io.BytesIO()
    doc.save(buf)
    replacements = {
        "word/styles.xml": styles_xml(theme, styles, language),
        "word/numbering.xml": numbering_xml(theme),
        "docProps/app.xml": _APP_XML,
        CORE_PART: b"",
    }
    parts = []
    with zipfile.ZipFile(buf) as zf:
        for info in zf.infolist():
            blob = zf.read(info.filename)
            if info.filename == "word/fontTable.xml":
                blob = _font_table(blob, theme, styles)
            parts.append((info.filename, replacements.get(info.filename, blob)))
    return tuple(parts)


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
        for el in settings.findall(w_tag(tag)):
            settings.remove(el)
    lang = settings.find(w_tag("themeFontLang"))
    if lang is not None:
        lang.set(w_tag("eastAsia"), language)
    for cs in settings.iter(w_tag("compatSetting")):
        if cs.get(w_tag("name")) == "compatibilityMode":
            cs.set(w_tag("val"), "15")


def _fill_footer(ftr: etree._Element, theme: Theme, odd: bool) -> None:
    """Writes the page-number paragraph ("— N —" around a real PAGE field) into a footer."""
    for child in list(ftr):
        ftr.remove(child)
    pn = theme.page_number
    p = sub_element(ftr, W_P)
    ppr = sub_element(p, W_PPR)
    sub_element(ppr, W_PSTYLE, {W_VAL: "Footer"})
    indent = rounded(pn.indent_chars * pn.size_pt * 20)
    chars = rounded(pn.indent_chars * 100)
    placement = pn.placement
    if placement == "outside":
        placement = "right" if odd else "left"
    if placement == "right":
        sub_element(ppr, W_IND, {w_tag("rightChars"): chars, w_tag("right"): indent})
    elif placement == "left":
        sub_element(ppr, W_IND, {w_tag("leftChars"): chars, w_tag("left"): indent})
    sub_element(ppr, W_JC, {W_VAL: placement})
    fonts = rfonts_attrs(pn.font, pn.font)
    before, after = pn.format.split("{page}")

    def run() -> etree._Element:
        r = sub_element(p, W_R)
        sub_element(sub_element(r, W_RPR), W_RFONTS, fonts)
        return r

    if before:
        append_text(run(), before)
    sub_element(run(), w_tag("fldChar"), {w_tag("fldCharType"): "begin"})
    instr = sub_element(run(), w_tag("instrText"))
    instr.set(XML_SPACE, "preserve")
    instr.text = " PAGE "
    sub_element(run(), w_tag("fldChar"), {w_tag("fldCharType"): "separate"})
    append_text(run(), "1")
    sub_element(run(), w_tag("fldChar"), {w_tag("fldCharType"): "end"})
    if after:
        append_text(run(), after)


def _font_table(blob: bytes, theme: Theme, styles: dict[str, ResolvedStyle]) -> bytes:
    """Returns fontTable.xml listing the theme's fonts (GB2312 charset, altName fallbacks)."""
    root = etree.fromstring(blob)
    for font in root.findall(w_tag("font")):
        if font.get(w_tag("name")) in ("ＭＳ 明朝", "ＭＳ ゴシック", "MS Mincho", "MS Gothic"):
            root.remove(font)  # python-docx's template lists Japanese fonts no style uses
    present = {f.get(w_tag("name")) for f in root.findall(w_tag("font"))}
    names: list[str] = []
    for st in styles.values():
        names += [st.font, st.latin]
    names.append(theme.page_number.font)
    for name in dict.fromkeys(names):
        if name in present:
            continue
        font = sub_element(root, w_tag("font"), {w_tag("name"): name})
        alt = theme.font_fallbacks.get(name)
        if alt:
            sub_element(font, w_tag("altName"), {W_VAL: alt})
        if any(is_wide(ch) for ch in name) or name in theme.font_fallbacks:
            sub_element(font, w_tag("charset"), {W_VAL: "86"})
        sub_element(font, w_tag("family"), {W_VAL: "auto"})
        sub_element(font, w_tag("pitch"), {W_VAL: "variable"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
