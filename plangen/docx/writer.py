"""Markdown → .docx under a theme: one conversion, from markdown-it tokens to the zip's bytes.

The theme is prepared once per process (`plangen.docx.prepared`): its package skeleton comes from
the on-disk cache, so python-docx is imported only when no skeleton is cached for the theme. Each
call then reads the Markdown — the shapes the built-in templates write without markdown-it
(`plangen.docx.simple`), any other with it (`plangen.docx.markdown`) —, builds word/document.xml
(`plangen.docx.body`) and docProps/core.xml as lxml elements and writes every part with `zipfile`
under fixed timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable

from lxml import etree

from plangen.docx.body import document_xml
from plangen.docx.markdown import markdown_parser
from plangen.docx.meta import DocMeta
from plangen.docx.ooxml import xml_safe
from plangen.docx.prepared import prepared_theme
from plangen.docx.simple import simple_tokens
from plangen.docx.skeleton import CORE_PART, DOCUMENT_PART
from plangen.docx.theme import Theme

__all__ = ["DocMeta", "markdown_to_docx"]


def markdown_to_docx(markdown: str, theme: Theme, meta: DocMeta) -> bytes:
    """Returns the bytes of a .docx that carries exactly the Markdown's text, styled by `theme`.

    Never fails on odd Markdown: links keep their text, images their alt text, raw HTML is kept as
    literal text, code keeps its line breaks. The same arguments always give the same bytes.
    """
    prep = prepared_theme(theme, meta.language)
    tokens = simple_tokens(markdown)
    if tokens is None:
        tokens = markdown_parser().parse(markdown)
    fresh = {
        DOCUMENT_PART: document_xml(tokens, prep, meta),
        CORE_PART: core_properties_xml(meta),
    }
    return _zip((name, fresh.get(name, blob)) for name, blob in prep.parts)


_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CORE_NSMAP = {
    "cp": _CP,
    "dc": _DC,
    "dcterms": _DCTERMS,
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": _XSI,
}
# The declaration as the other parts of an Office package write it (lxml would use single quotes).
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def core_properties_xml(meta: DocMeta) -> bytes:
    """Returns docProps/core.xml with title, author and dates from `meta` (never the clock)."""
    day = meta.date or datetime.date(2000, 1, 1)
    stamp = f"{day.year:04d}-{day.month:02d}-{day.day:02d}T00:00:00Z"
    root = etree.Element(f"{{{_CP}}}coreProperties", nsmap=_CORE_NSMAP)
    for ns, name, text in (
        (_DC, "title", meta.title),
        (_DC, "subject", ""),
        (_DC, "creator", meta.author),
        (_CP, "keywords", ""),
        (_DC, "description", ""),
        (_CP, "lastModifiedBy", meta.author),
        (_CP, "revision", "1"),
        (_DCTERMS, "created", stamp),
        (_DCTERMS, "modified", stamp),
        (_DC, "language", meta.language),
    ):
        el = etree.SubElement(root, f"{{{ns}}}{name}")
        el.text = xml_safe(text)
        if ns == _DCTERMS:
            el.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
    return _DECLARATION + etree.tostring(root, encoding="UTF-8")


# document.xml, the one large part, deflated at zlib level 4 rather than the default 6: half the
# time, for a .docx 3 % larger on average (5 % at most over the examples).
_LEVELS = {DOCUMENT_PART: 4}
_STAMP = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold: no clock in the output


def _zip(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """Returns a zip of `parts` ((name, bytes) in order) with fixed timestamps and attributes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts:
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, blob, compresslevel=_LEVELS.get(name))
    return buf.getvalue()
