"""A .docx as LibreOffice must be given it to print what Word prints (`render --to pdf`), and
the copy that moves a 版记 to the next page when the PDF would end on an odd page.

LibreOffice's .docx import reads w:overflowPunct the wrong way round: “punctuation may hang past
the margin” when the file says it may not, and the reverse (writerfilter's DomainMapper maps
`overflowPunct` to ParaIsHangingPunctuation as `val == 0`, while its own .docx export writes the
property the right way, as ECMA-376 §17.3.1.21 defines it). Word follows the standard, so the
.docx plangen writes keeps the standard's meaning, and the copy handed to LibreOffice for a PDF
has every w:overflowPunct inverted. Where the element is absent both programs let punctuation
hang, so nothing is added.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree as _etree_types

_DOCUMENT = "word/document.xml"
_PARTS = ("word/styles.xml", "word/document.xml", "word/numbering.xml")
_OFF = {"0", "false", "off"}


def _xml(root: _etree_types._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def invert_overflow(xml: bytes) -> bytes:
    """Returns the part `xml` with each w:overflowPunct saying the opposite (LibreOffice's
    reading); a part without one is returned as it is."""
    from lxml import etree

    from plangen.docx.ooxml import W_VAL, w_tag

    root = etree.fromstring(xml)
    found = list(root.iter(w_tag("overflowPunct")))
    if not found:
        return xml
    for element in found:
        allowed = element.get(W_VAL) is None or element.get(W_VAL) not in _OFF
        element.set(W_VAL, "0" if allowed else "1")
    return _xml(root)


def for_libreoffice(docx: bytes) -> bytes:
    """Returns the .docx `docx` with the properties LibreOffice reads differently from Word
    rewritten so that LibreOffice lays it out as Word does (see the module's docstring)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(docx))
    except zipfile.BadZipFile:
        return docx  # not a package: LibreOffice says so itself
    names = set(source.namelist())
    return _replace(
        docx, {name: invert_overflow(source.read(name)) for name in _PARTS if name in names}
    )


def imprint_on_next_page(docx: bytes, blank_pages: int = 0) -> bytes | None:
    """Returns a copy of `docx` whose 版记 starts a new page (so it stands alone at the foot of the
    page after the text), with `blank_pages` empty pages before it, or None when the document
    has no 版记.

    GB/T 9704 prints both sides and puts the 版记's last rule on the bottom edge of the last page
    (§5.3, §7.4.1): the 版记 belongs on an even page. How many pages the text takes is known only
    once a program has laid it out, so `render --to pdf` asks for this copy when LibreOffice's PDF
    has an odd number of pages — with a blank page when the 版记 already stood alone (§7.5
    allows blank pages before the 版记 page).
    """
    from lxml import etree

    from plangen.docx.ooxml import W_P, W_PPR, W_PSTYLE, w_tag

    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        root = etree.fromstring(source.read(_DOCUMENT))
    body = root.find(w_tag("body"))
    assert body is not None
    tables = [
        t
        for t in body.findall(w_tag("tbl"))
        if t.find(f"{w_tag('tblPr')}/{w_tag('tblpPr')}") is not None
    ]
    if not tables:
        return None
    anchor = tables[-1].getnext()  # a floating table belongs to the paragraph after it
    if anchor is None or anchor.tag != W_P:
        return None
    ppr = anchor.find(W_PPR)
    assert ppr is not None
    style = ppr.find(W_PSTYLE)
    ppr.insert(0 if style is None else 1, etree.Element(w_tag("pageBreakBefore")))
    for _ in range(blank_pages):
        blank = etree.Element(W_P)
        etree.SubElement(etree.SubElement(blank, W_PPR), w_tag("pageBreakBefore"))
        tables[-1].addprevious(blank)  # before the table, so the table stays with its anchor
    return _replace(docx, {_DOCUMENT: _xml(root)})


def _replace(docx: bytes, parts: dict[str, bytes]) -> bytes:
    """Returns `docx` with the named parts replaced (the others and the order unchanged)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
            copy.create_system = info.create_system
            target.writestr(copy, parts.get(info.filename, source.read(info.filename)))
    return out.getvalue()
