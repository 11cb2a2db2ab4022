"""WordprocessingML vocabulary shared by the .docx modules: namespaces, tag names, element helpers.

Also the text rules every part of a generated document follows: characters XML cannot carry are
dropped (`xml_safe`, `append_text`), and whether a character takes a full-width cell in Chinese
text (`is_wide`) is decided here.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w_tag(name: str) -> str:
    """Returns the Clark name ("{namespace}name") of a WordprocessingML tag or attribute."""
    return f"{{{W_NS}}}{name}"


W_P, W_PPR, W_PSTYLE, W_R, W_RPR, W_RFONTS = map(
    w_tag, ("p", "pPr", "pStyle", "r", "rPr", "rFonts")
)
W_B, W_BCS, W_I, W_ICS, W_T, W_BR, W_TAB = map(w_tag, ("b", "bCs", "i", "iCs", "t", "br", "tab"))
W_JC, W_IND, W_SPACING, W_PBDR, W_BOTTOM = map(w_tag, ("jc", "ind", "spacing", "pBdr", "bottom"))
W_KEEP_NEXT = w_tag("keepNext")
W_TBL, W_TBLPR, W_TBLGRID, W_GRIDCOL, W_TR, W_TRPR = map(
    w_tag, ("tbl", "tblPr", "tblGrid", "gridCol", "tr", "trPr")
)
W_TC, W_TCPR, W_TCW, W_VALIGN, W_VMERGE = map(w_tag, ("tc", "tcPr", "tcW", "vAlign", "vMerge"))
W_VAL, W_TYPE, W_W = w_tag("val"), w_tag("type"), w_tag("w")


# Characters XML 1.0 cannot carry; they are dropped from the text. Written as the complement of
# XML's Char production ([^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]), which
# takes the re module about 4 ms to compile, in every process.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\n|\t)")


def xml_safe(text: str) -> str:
    """Returns text without the characters XML cannot hold (controls, lone surrogates, U+FFFE/F).

    U+0000 becomes U+FFFD, as CommonMark requires.
    """
    return _XML_INVALID.sub("", text.replace("\x00", "\ufffd"))


@functools.lru_cache(maxsize=4096)  # called for each character of every width measured
def is_wide(ch: str) -> bool:
    """True for a character set in a full-width cell in Chinese text (incl. ambiguous punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "A") and ord(ch) > 0x7F


def sub_element(
    parent: etree._Element, tag: str, attrib: dict[str, str] | None = None
) -> etree._Element:
    """Returns a new child `tag` appended to `parent`, with attributes in the given order."""
    return etree.SubElement(parent, tag, attrib) if attrib else etree.SubElement(parent, tag)


def rounded(value: float) -> str:
    """Returns `value` rounded to a whole number, as OOXML measures (twips, half-points) are written."""
    return str(round(value))


def mm_to_twips(mm: float) -> int:
    """Returns a length in millimetres as whole twips (1/1440 inch)."""
    return round(mm * 1440 / 25.4)


def rfonts_attrs(east_asia: str, latin: str) -> dict[str, str]:
    """Returns the w:rFonts attributes naming `east_asia` for Chinese and `latin` for the rest."""
    return {
        w_tag("ascii"): latin,
        w_tag("eastAsia"): east_asia,
        w_tag("hAnsi"): latin,
        w_tag("cs"): latin,
        w_tag("hint"): "eastAsia",
    }


def set_run_text(r: etree._Element, text: str) -> None:
    """Puts text into run `r`, whose last child is an empty w:t: into that w:t when the text is
    one piece, else as `append_text` writes it in place of the w:t."""
    text = xml_safe(text)
    if text and "\n" not in text and "\t" not in text:
        t = r[-1]
        t.text = text
        if text[0] == " " or text[-1] == " " or "  " in text:
            t.set(XML_SPACE, "preserve")
    else:
        del r[-1]
        append_text(r, text)


def append_text(r: etree._Element, text: str) -> None:
    """Appends text to run `r`: w:t pieces with w:br for line breaks and w:tab for tabs.

    Characters XML cannot carry are dropped here, after parsing, so that they cannot change how
    the Markdown around them is read.
    """
    text = xml_safe(text)
    pieces = _BREAKS.split(text) if "\n" in text or "\t" in text else (text,)
    for piece in pieces:
        if piece == "\n":
            etree.SubElement(r, W_BR)
        elif piece == "\t":
            etree.SubElement(r, W_TAB)
        elif piece:
            t = etree.SubElement(r, W_T)
            t.text = piece
            if piece[0] == " " or piece[-1] == " " or "  " in piece:
                t.set(XML_SPACE, "preserve")
