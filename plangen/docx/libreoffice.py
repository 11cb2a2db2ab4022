"""A .docx as LibreOffice must be given it to print what Word prints (`render --to pdf`).

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
import re
import zipfile

_PARTS = ("word/styles.xml", "word/document.xml", "word/numbering.xml")
_OVERFLOW = re.compile(rb'<w:overflowPunct(?: w:val="([^"]*)")?\s*/>')
_OFF = {b"0", b"false", b"off"}


def invert_overflow(xml: bytes) -> bytes:
    """Returns `xml` with each w:overflowPunct saying the opposite (LibreOffice's reading)."""

    def swap(match: re.Match[bytes]) -> bytes:
        allowed = match.group(1) is None or match.group(1) not in _OFF
        return b'<w:overflowPunct w:val="%s"/>' % (b"0" if allowed else b"1")

    return _OVERFLOW.sub(swap, xml)


def for_libreoffice(docx: bytes) -> bytes:
    """Returns the .docx `docx` with the properties LibreOffice reads differently from Word
    rewritten so that LibreOffice lays it out as Word does (see the module's docstring)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(docx))
    except zipfile.BadZipFile:
        return docx  # not a package: LibreOffice says so itself
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in _PARTS:
                data = invert_overflow(data)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
            copy.create_system = info.create_system
            target.writestr(copy, data)
    return out.getvalue()
