"""A theme made ready for converting documents: skeleton, resolved styles, element templates.

Built once per (theme, language) in a process and kept: the skeleton's parts (from the on-disk
cache, see `plangen.docx.skeleton_cache`), the styles resolved against Normal, the type width, the
body's section properties, and element templates — an empty paragraph of every style, a run of
every (style, emphasis) pair, the w:tblPr of the theme's tables — which the body copies instead
of building them element by element (copying a template is several times faster).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from lxml import etree

from plangen.docx.inline import ALL_FLAGS, BOLD, CODE, ITALIC
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
    W_TYPE,
    W_VAL,
    W_W,
    mm_to_twips,
    rfonts_attrs,
    sub_element,
    w_tag,
)
from plangen.docx.skeleton import Parts, section_properties
from plangen.docx.skeleton_cache import skeleton_parts
from plangen.docx.styles import ResolvedStyle, append_table_borders, resolve_styles
from plangen.docx.theme import Theme


@dataclass(frozen=True)
class PreparedTheme:
    """Everything converting a document under one theme and language needs besides the text."""

    theme: Theme
    parts: Parts  # the package in zip order; document.xml and core.xml are written per document
    styles: dict[str, ResolvedStyle]
    type_width_tw: int  # width of the type area (版心)
    sect_pr: etree._Element  # the body's closing w:sectPr (page setup, footers, grid)
    paragraphs: dict[str, etree._Element]  # w:p holding only w:pPr/w:pStyle, by style key
    runs: dict[tuple[str, int], etree._Element]  # w:r holding w:rPr and an empty w:t
    table_properties: etree._Element  # w:tblPr of every table


_NSMAP = {"w": W_NS}

_CACHE: dict[tuple[str, str], PreparedTheme] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_MAX = 16


def prepared_theme(theme: Theme, language: str) -> PreparedTheme:
    """Returns the prepared theme for (theme, language), preparing it on first use."""
    key = (theme.model_dump_json(), language)
    prep = _CACHE.get(key)
    if prep is None:
        with _CACHE_LOCK:
            prep = _CACHE.get(key)
            if prep is None:
                prep = _prepare(theme, language)
                if len(_CACHE) >= _CACHE_MAX:
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[key] = prep
    return prep


def _prepare(theme: Theme, language: str) -> PreparedTheme:
    parts = skeleton_parts(theme, language)
    sect_pr = section_properties(parts)
    if sect_pr is None:  # python-docx's template always has one
        raise RuntimeError("the .docx skeleton has no w:sectPr")
    styles = resolve_styles(theme)
    page = theme.page
    type_width_tw = (
        mm_to_twips(page.width_mm)
        - mm_to_twips(page.margin_left_mm)
        - mm_to_twips(page.margin_right_mm)
    )
    return PreparedTheme(
        theme=theme,
        parts=parts,
        styles=styles,
        type_width_tw=type_width_tw,
        sect_pr=sect_pr,
        paragraphs={key: _paragraph(st.style_id) for key, st in styles.items()},
        runs=_runs(theme, styles),
        table_properties=_table_properties(theme, type_width_tw),
    )


def _paragraph(style_id: str) -> etree._Element:
    p = etree.Element(W_P, nsmap=_NSMAP)
    sub_element(sub_element(p, W_PPR), W_PSTYLE, {W_VAL: style_id})
    return p


def _runs(theme: Theme, styles: dict[str, ResolvedStyle]) -> dict[tuple[str, int], etree._Element]:
    """Returns a run for every style key and combination of segment flags: its w:rPr has the
    style's fonts (inline code takes the code style's Latin font), bold and italic."""
    code_latin = styles["code"].latin
    out = {}
    for key, st in styles.items():
        for flags in ALL_FLAGS:
            latin = code_latin if flags & CODE else st.latin
            fonts = rfonts_attrs(st.font, latin) if theme.fonts_on_runs else {w_tag("hint"): "eastAsia"}
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
            out[(key, flags)] = r
    return out


def _table_properties(theme: Theme, type_width_tw: int) -> etree._Element:
    """Returns the w:tblPr of the theme's tables: full type width, centred, fixed layout."""
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
