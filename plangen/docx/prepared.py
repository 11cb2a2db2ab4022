"""A theme made ready for converting documents: skeleton, resolved styles, element templates.

Built once per (theme, language) in a process and kept: the skeleton's parts (from the on-disk
cache, see `plangen.docx.skeleton_cache`), the styles resolved against Normal, the type width, the
body's section properties, the theme's element templates (`plangen.docx.elements`) and the list
items' indents as they are first needed (`plangen.docx.lists`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from plangen.docx.elements import ElementTemplates
from plangen.docx.ooxml import mm_to_twips
from plangen.docx.skeleton import Parts, section_properties
from plangen.docx.skeleton_cache import skeleton_parts
from plangen.docx.styles import ResolvedStyle, resolve_styles
from plangen.docx.theme import Theme


@dataclass(frozen=True)
class PreparedTheme:
    """Everything converting a document under one theme and language needs besides the text."""

    theme: Theme
    parts: Parts  # the package in zip order; document.xml and core.xml are written per document
    styles: dict[str, ResolvedStyle]
    type_width_tw: int  # width of the type area (版心)
    sect_pr: etree._Element  # the body's closing w:sectPr (page setup, footers, grid)
    elements: ElementTemplates  # empty paragraphs, runs and cells to copy
    # list_layout's w:numPr and w:ind by (depth, bullet, marker), made on first use
    list_elements: dict[tuple[int, bool, str], tuple[Any, Any]] = field(default_factory=dict)


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
        elements=ElementTemplates(theme, styles, type_width_tw),
    )
