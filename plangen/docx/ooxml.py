"""WordprocessingML vocabulary shared by the .docx modules: namespaces, tag names, element helpers.

Also the text rules every part of a generated document follows: characters XML cannot carry are
dropped (`_clean`, `_text`), and whether a character takes a full-width cell in Chinese text
(`_is_wide`) is decided here.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

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


# Characters XML 1.0 cannot carry; they are dropped from the text.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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


def _sub(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    return etree.SubElement(parent, tag, attrib) if attrib else etree.SubElement(parent, tag)


def _fmt(value: float) -> str:
    return str(round(value))


def _rfonts(east_asia: str, latin: str) -> dict[str, str]:
    return {
        _w("ascii"): latin,
        _w("eastAsia"): east_asia,
        _w("hAnsi"): latin,
        _w("cs"): latin,
        _w("hint"): "eastAsia",
    }


_BREAKS = re.compile(r"(\n|\t)")


def _t_xml(piece: str) -> str:
    """Returns one w:t holding `piece` (no line breaks or tabs), escaped as libxml2 writes text:
    &, <, > and carriage returns; xml:space="preserve" when spaces would otherwise be lost."""
    body = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in body:
        body = body.replace("\r", "&#13;")
    if piece[0] == " " or piece[-1] == " " or "  " in piece:
        return f'<w:t xml:space="preserve">{body}</w:t>'
    return f"<w:t>{body}</w:t>"


def _text_xml(text: str) -> str:
    """Returns the serialised run content for `text`, exactly as `_text` followed by lxml's
    serialisation would write it: w:t pieces, w:br for line breaks, w:tab for tabs."""
    text = _clean(text)
    if "\n" not in text and "\t" not in text:  # the usual case: at most one w:t
        return _t_xml(text) if text else ""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\n":
            out.append("<w:br/>")
        elif piece == "\t":
            out.append("<w:tab/>")
        elif piece:
            out.append(_t_xml(piece))
    return "".join(out)


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
