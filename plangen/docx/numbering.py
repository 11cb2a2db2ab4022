"""word/numbering.xml: the Word lists a theme uses.

`BULLETS` (numId 1) is the bullet list of `lists.markers: word`: the bullet is list numbering, not
typed text, so Word's list commands work on it and a wrapped line goes where the paragraph's own
indent says (the body sets it per level). `HEADINGS` (numId 2) is the 公文 ladder of
`numbering: native` (GB/T 9704 §7.3.3: 一、（一）1.（1）) on the heading styles.
"""

from __future__ import annotations

from lxml import etree

from plangen.docx.ooxml import W_NS, W_VAL, sub_element, w_tag
from plangen.docx.theme import Theme

BULLETS = 1
HEADINGS = 2
_LEVELS = 9
# Level → (format, text) of the 公文 ladder; levels past （1） repeat it.
LADDER = (
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
)


def numbering_xml(theme: Theme) -> bytes:
    """Returns numbering.xml with the bullet list and, for `numbering: native`, the heading ladder."""
    root = etree.Element(w_tag("numbering"), nsmap={"w": W_NS})
    bullets = sub_element(root, w_tag("abstractNum"), {w_tag("abstractNumId"): "0"})
    sub_element(bullets, w_tag("multiLevelType"), {W_VAL: "hybridMultilevel"})
    for level in range(_LEVELS):
        lvl = sub_element(bullets, w_tag("lvl"), {w_tag("ilvl"): str(level)})
        sub_element(lvl, w_tag("start"), {W_VAL: "1"})
        sub_element(lvl, w_tag("numFmt"), {W_VAL: "bullet"})
        # wrap: hanging sets the text at the paragraph's hanging indent (a tab after the bullet);
        # otherwise the text follows the bullet after a space, as typed bullets did.
        suffix = "tab" if theme.lists.wrap == "hanging" else "space"
        sub_element(lvl, w_tag("suff"), {W_VAL: suffix})
        sub_element(lvl, w_tag("lvlText"), {W_VAL: theme.lists.bullet or "•"})
        sub_element(lvl, w_tag("lvlJc"), {W_VAL: "left"})
    if theme.numbering == "native":
        ladder = sub_element(root, w_tag("abstractNum"), {w_tag("abstractNumId"): "1"})
        sub_element(ladder, w_tag("multiLevelType"), {W_VAL: "multilevel"})
        for level in range(_LEVELS):
            fmt, text = LADDER[min(level, len(LADDER) - 1)]
            if level >= len(LADDER):
                text = text.replace("%4", f"%{level + 1}")
            lvl = sub_element(ladder, w_tag("lvl"), {w_tag("ilvl"): str(level)})
            sub_element(lvl, w_tag("start"), {W_VAL: "1"})
            sub_element(lvl, w_tag("numFmt"), {W_VAL: fmt})
            if level:
                sub_element(lvl, w_tag("lvlRestart"), {W_VAL: str(level)})
            if level < len(LADDER):
                sub_element(lvl, w_tag("pStyle"), {W_VAL: f"Heading{level + 1}"})
            sub_element(lvl, w_tag("suff"), {W_VAL: "nothing"})
            sub_element(lvl, w_tag("lvlText"), {W_VAL: text})
            sub_element(lvl, w_tag("lvlJc"), {W_VAL: "left"})
    sub_element(
        sub_element(root, w_tag("num"), {w_tag("numId"): str(BULLETS)}),
        w_tag("abstractNumId"),
        {W_VAL: "0"},
    )
    if theme.numbering == "native":
        num = sub_element(root, w_tag("num"), {w_tag("numId"): str(HEADINGS)})
        sub_element(num, w_tag("abstractNumId"), {W_VAL: "1"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
