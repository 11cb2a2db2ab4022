"""The per-theme package skeleton: the only place python-docx is used.

Per theme (and document language) an empty document is built once with python-docx — page size
and margins, document grid, odd/even footers with a real PAGE field, modern East-Asian settings,
the theme's styles.xml and font table — and cached as ordered zip entries (`_Prepared`), together
with what building a body needs (section properties, resolved styles, run fonts, type width).
"""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from plangen.docx.ooxml import (
    _XML_SPACE,
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
    _fmt,
    _is_wide,
    _rfonts,
    _sub,
    _text,
    _w,
)
from plangen.docx.styles import _resolve_styles, _Style, _styles_xml
from plangen.docx.theme import Theme

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
    # Serialised XML pieces that depend only on the theme, filled on first use by docx_body.
    fragments: dict[object, Any] = field(default_factory=dict)


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
