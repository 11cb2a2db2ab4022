"""The 落款: the issuer and date that end the text, set right per GB/T 9704 §7.3.5.

The trailing body paragraphs whose lines are all signature lines are restyled as 落款 lines, each
right-indented so that the date sits under the issuer as §7.3.5.2 asks, kept together and with
the last paragraph of the text, so the 落款 never stands alone on a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from plangen.docx.inline import set_width, text_width
from plangen.docx.meta import DocMeta
from plangen.docx.ooxml import (
    W_IND,
    W_JC,
    W_KEEP_NEXT,
    W_SPACING,
    W_VAL,
    rounded,
    sub_element,
    w_tag,
)
from plangen.docx.paragraphs import Block, add_text_paragraph, keep_with_next
from plangen.docx.prepared import PreparedTheme
from plangen.docx.styles import grid_condense, line_height_tw

_DATE_LINE = re.compile(r"^\S*[0-9０-９〇零一二三四五六七八九十]+年.*月.*日$")


def apply_signature(
    body: etree._Element,
    blocks: list[Block],
    prep: PreparedTheme,
    meta: DocMeta,
    signature: tuple[str, ...] | None = None,
    end: int | None = None,
) -> None:
    """Replaces the body paragraphs (whose blocks are `blocks`) ending just before block `end`
    (default: the last) that hold the lines of `signature` (default `meta.signature`) by 落款
    lines, in the same place."""
    wanted = {s.strip() for s in (meta.signature if signature is None else signature) if s.strip()}
    end = len(blocks) if end is None else end
    if not wanted:
        return
    start = end
    while start > 0:
        block = blocks[start - 1]
        lines = _lines(block.text)
        if not block.is_plain_body or not lines or not all(line in wanted for line in lines):
            break
        start -= 1
    if start == end:
        return
    lines = [line for block in blocks[start:end] for line in _lines(block.text)]
    for block in blocks[start:end]:
        body.remove(block.element)
    anchor = blocks[end].element if end < len(blocks) else None
    tail = blocks[end:]
    del blocks[start:]
    if blocks and not blocks[-1].is_table:
        keep_with_next(blocks[-1].element)
    theme = prep.theme
    size = prep.styles["signature"].size
    sealed = meta.sealed or theme.signature.rule == "sealed"
    places = sealed_places(prep, lines) if sealed else _places(prep, lines)
    for i, (line, place) in enumerate(zip(lines, places, strict=True)):
        p = add_text_paragraph(body, prep, "signature", [(line, 0)])
        ppr = p[0]
        if i < len(lines) - 1:
            sub_element(ppr, W_KEEP_NEXT)
        if i == 0 and theme.signature.space_before_lines:
            gap = theme.signature.space_before_lines * line_height_tw(prep.styles["body"], theme)
            sub_element(ppr, W_SPACING, {w_tag("before"): rounded(gap)})
        if isinstance(place, Left):
            # Placed from the left: where the line starts does not depend on how wide its digits are.
            sub_element(ppr, W_IND, {w_tag("leftChars"): "0", w_tag("left"): str(place.left_tw),
                                     w_tag("rightChars"): "0", w_tag("right"): "0"})  # fmt: skip
            sub_element(ppr, W_JC, {W_VAL: "left"})
        else:
            sub_element(
                ppr,
                W_IND,
                {
                    w_tag("rightChars"): rounded(place * 100),
                    w_tag("right"): rounded(place * size * 20),
                },
            )
        if anchor is not None:
            anchor.addprevious(p)
        blocks.append(Block(p, is_plain_body=False, text=line))
    blocks.extend(tail)


@dataclass(frozen=True)
class Left:
    """A 落款 line set from the left margin, `left_tw` twips in."""

    left_tw: int


def char_pitch_tw(prep: PreparedTheme) -> float:
    """Returns the advance of one Chinese character of the 落款 style in twips (its size, less the
    condensing of `grid.chars_by: spacing`)."""
    return prep.styles["signature"].size * 20 - grid_condense(prep.theme)


def _places(prep: PreparedTheme, lines: list[str]) -> list[float | Left]:
    """Returns where each 落款 line goes per GB/T 9704 §7.3.5.2: the issuer `right_chars` from
    the right, the date starting two characters right of the issuer's first character (set from
    the left in twips, so digits of any width keep it there); a date longer than that goes
    `right_chars` from the right and the issuer moves left to match."""
    rights = _right_indents(prep, lines)
    cfg = prep.theme.signature
    dates = [_DATE_LINE.match(line) is not None for line in lines]
    if (
        cfg.rule != "gbt9704"
        or all(dates)
        or not any(dates)
        or rights[dates.index(True)] == cfg.right_chars
    ):
        return list(rights)
    pitch = char_pitch_tw(prep)
    size_tw = prep.styles["signature"].size * 20
    issuer = max(set_width(line) for line, d in zip(lines, dates, strict=True) if not d)
    issuer_start = prep.type_width_tw - cfg.right_chars * size_tw - issuer * pitch
    date_left = Left(round(issuer_start + 2 * pitch))
    return [date_left if d else right for d, right in zip(dates, rights, strict=True)]


def sealed_places(prep: PreparedTheme, lines: list[str]) -> list[float | Left]:
    """Returns where each 落款 line goes with a seal (§7.3.5.1): the date four characters from the
    right, the issuer centred over the date."""
    dates = [_DATE_LINE.match(line) is not None for line in lines]
    if all(dates) or not any(dates):
        return [4.0] * len(lines)
    date = max(set_width(line) for line, d in zip(lines, dates, strict=True) if d)
    out: list[float | Left] = []
    for line, d in zip(lines, dates, strict=True):
        out.append(4.0 if d else max(0.0, 4.0 + (date - set_width(line)) / 2))
    return out


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _right_indents(prep: PreparedTheme, lines: list[str]) -> list[float]:
    """Returns the right indent (chars) of each 落款 line per GB/T 9704 §7.3.5.2: the date
    starts two characters right of where the issuer starts, and neither line comes closer to
    the right margin than the theme's indent."""
    cfg = prep.theme.signature
    right = cfg.right_chars
    dates = [_DATE_LINE.match(line) is not None for line in lines]
    if cfg.rule != "gbt9704" or all(dates) or not any(dates):
        return [right] * len(lines)
    issuer = max(text_width(line) for line, d in zip(lines, dates, strict=True) if not d)
    date = max(text_width(line) for line, d in zip(lines, dates, strict=True) if d)
    date_right = right + issuer - 2 - date
    issuer_right = right
    if date_right < right:
        issuer_right = right + (right - date_right)
        date_right = right
    return [date_right if d else issuer_right for d in dates]
