"""Markdown-it tokens → word/document.xml: headings, paragraphs, lists, quotes, code, tables, 落款.

The token stream is walked once. Inline tokens become segments (`plangen.docx.inline`); each
block becomes a paragraph (`plangen.docx.paragraphs`) or table (`plangen.docx.tables`) in the
theme's styles; the trailing issuer and date lines become the 落款 (`plangen.docx.signature`).
The body is built as lxml elements, closed by the theme's section properties, and serialised once.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from plangen.docx.headings import ladder_level, mark_run_in, strip_number
from plangen.docx.inline import BOLD, CODE, Segment, join_soft, plain_text, segments, text_width
from plangen.docx.lists import list_layout
from plangen.docx.meta import DocMeta
from plangen.docx.ooxml import R_NS, W_NS, is_wide, sub_element, w_tag
from plangen.docx.paragraphs import (
    Block,
    add_paragraph,
    add_text_paragraph,
    keep_with_next,
    page_break_before,
)
from plangen.docx.prepared import PreparedTheme
from plangen.docx.signature import apply_signature
from plangen.docx.tables import Row, add_table
from plangen.docx.wrapper import add_imprint, frame_head, lay_out_wrapper, take_imprint

_HEADING_KEYS = {
    "h1": "title",
    "h2": "heading1",
    "h3": "heading2",
    "h4": "heading3",
    "h5": "heading4",
    "h6": "heading4",
}
_ALIGN_ATTR = re.compile(r"text-align:\s*(left|center|right)")
_MAX_LIST_DEPTH = 8  # deeper lists are indented as this level
# Tokens the walk has nothing to do for (about a third of a plan's tokens): skipped at once.
_PASSED_OVER = frozenset(
    {
        "paragraph_open",
        "paragraph_close",
        "tbody_open",
        "tbody_close",
        "tr_close",
        "th_close",
        "td_close",
    }
)


def document_xml(tokens: Sequence[Any], prep: PreparedTheme, meta: DocMeta) -> bytes:
    """Returns word/document.xml for markdown-it `tokens`: the body blocks, the 落款, and the
    theme's section properties."""
    root = etree.Element(w_tag("document"), nsmap={"w": W_NS, "r": R_NS})
    body = sub_element(root, w_tag("body"))
    builder = _BodyBuilder(body, prep, meta)
    builder.walk(tokens)
    blocks = builder.blocks
    imprint = take_imprint(body, blocks, meta)
    apply_signature(body, blocks, prep, meta)
    if meta.notice_signature and builder.first_break is not None:
        apply_signature(body, blocks, prep, meta, meta.notice_signature, end=builder.first_break)
    lay_out_wrapper(blocks, prep, meta)
    frame_head(blocks, prep)
    if not blocks or blocks[-1].is_table:
        add_paragraph(body, prep, "normal")  # Word needs a paragraph after a table
    if imprint:
        add_imprint(body, prep, meta, imprint)
    body.append(copy.deepcopy(prep.sect_pr))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class _ListLevel:
    ordered: bool
    next_number: int


class _BodyBuilder:
    """Walks markdown-it tokens once and collects the body's blocks."""

    def __init__(self, body: etree._Element, prep: PreparedTheme, meta: DocMeta) -> None:
        self.body = body
        self.prep = prep
        self.meta = meta
        self.blocks: list[Block] = []
        self.lists: list[_ListLevel] = []
        self.quote_depth = 0
        self.marker: str | None = None
        self.word_bullet = False  # the next list paragraph carries a Word bullet
        self.break_pending = False  # a thematic break waits for the block that starts the page
        self.first_break: int | None = None  # index in `blocks` of the first block after a break
        self.heading: str | None = None
        self.rows: list[Row] | None = None
        self.in_head = False
        self.cell_align: str | None = None

    def walk(self, tokens: Sequence[Any]) -> None:
        """Turns the token stream into body blocks."""
        for tok in tokens:
            kind = tok.type
            if kind in _PASSED_OVER:
                continue
            if kind == "inline":
                if self.rows is not None:
                    if self.rows:
                        self.rows[-1][1].append((segments(tok.children or ()), self.cell_align))
                else:
                    self._paragraph(segments(tok.children or ()))
            elif kind == "heading_open":
                self.heading = _HEADING_KEYS.get(tok.tag, "heading4")
            elif kind == "heading_close":
                self.heading = None
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._flush_marker()  # "3. - item": keep the outer "3." as its own line
                start = tok.attrs.get("start", 1) if tok.attrs else 1
                self.lists.append(_ListLevel(kind == "ordered_list_open", int(start)))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                if self.lists:
                    self.lists.pop()
            elif kind == "list_item_open":
                self._start_item(tok)
            elif kind == "list_item_close":
                self._flush_marker()
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif kind in ("fence", "code_block"):
                self._flush_marker()
                self._code(tok.content)
            elif kind == "html_block":
                self._paragraph([(tok.content.rstrip("\n"), 0)])
            elif kind == "hr":  # a thematic break starts a new page (the plan after its 印发通知)
                self._flush_marker()
                self.break_pending = True
            elif kind == "table_open":
                self._flush_marker()
                self.rows = []
            elif kind == "thead_open":
                self.in_head = True
            elif kind == "thead_close":
                self.in_head = False
            elif kind == "tr_open" and self.rows is not None:
                self.rows.append((self.in_head, []))
            elif kind in ("th_open", "td_open"):
                match = _ALIGN_ATTR.search(str(tok.attrs.get("style", ""))) if tok.attrs else None
                self.cell_align = match.group(1) if match else None
            elif kind == "table_close":
                if self.rows:
                    self._table(self.rows)
                self.rows = None

    def _start_item(self, tok: Any) -> None:
        if not self.lists:
            self.lists.append(_ListLevel(tok.markup in ".)", 1))
        level = self.lists[-1]
        if level.ordered:
            number = int(tok.info) if tok.info and tok.info.isdigit() else level.next_number
            self.marker = f"{number}{tok.markup or '.'}"
            level.next_number = number + 1
        elif self.prep.theme.lists.markers == "word":
            self.marker = None  # the bullet is Word list numbering (numbering.BULLETS)
            self.word_bullet = True
        else:
            self.marker = self.prep.theme.lists.bullet

    def _flush_marker(self) -> None:
        """Writes a list marker still waiting for its text as a paragraph of its own."""
        if self.marker:
            self._paragraph([])
        self.marker = None

    def _paragraph(self, pieces: list[Segment]) -> None:
        """Writes one paragraph (heading, list item, quote or body) with its runs."""
        marker, self.marker = self.marker, None
        if self.heading is not None:
            key = self.heading
        elif self.lists:
            key = "list"
        elif self.quote_depth:
            key = "quote"
        else:
            key = "body"
        gap = ""
        if marker:
            first = next((t for t, _ in pieces if t), "")
            ordered = bool(self.lists and self.lists[-1].ordered)
            gap = "" if ordered and first and is_wide(first[0]) else " "
            pieces = join_soft([(marker + (gap if first else ""), 0), *pieces])
        text = plain_text(pieces)
        level = ladder_level(text)
        runin = 0
        if key.startswith("heading") and level:
            key = f"heading{level}"  # one style per level of the ladder, whatever the `#` count
            if self.prep.theme.numbering == "native":
                pieces = strip_number(pieces)  # Word numbers the heading style
        elif key == "body" and level and pieces and pieces[0][1] & BOLD:
            lead = pieces[0][0]
            assert lead is not None  # soft breaks are resolved (join_soft)
            if ladder_level(lead):
                runin = level  # “**（一）党建引领**。正文……”: a run-in heading of that level
        if key == "body" and self.meta.doc_number and text.strip() == self.meta.doc_number.strip():
            key = "doc_number"
        if key == "title" and self._title_needs_break(text):
            flags = next((f for t, f in pieces if t), 0)
            pieces = [("\n".join(self.meta.title_lines), flags)]
        p = add_text_paragraph(self.body, self.prep, key, pieces)
        if runin:
            mark_run_in(p, self.prep.styles[f"heading{runin}"].style_id, runin)
        if key == "list":
            bullet, self.word_bullet = self.word_bullet, False
            depth = min(len(self.lists), _MAX_LIST_DEPTH)
            list_layout(
                p[0], self.prep, depth, bullet, marker + gap if marker and not bullet else ""
            )
        if key in ("body", "list", "quote") and text.rstrip().endswith(("：", ":")):
            keep_with_next(
                p
            )  # a label line (“行动项：”) never ends a page without what it introduces
        plain_body = key == "body" and not self.lists and not self.quote_depth
        self._take_break(p)
        self.blocks.append(Block(p, is_plain_body=plain_body, text=text))

    def _title_needs_break(self, text: str) -> bool:
        """Returns whether the title is too wide for one line and has break points that fit it."""
        lines = self.meta.title_lines
        if len(lines) < 2 or "".join(lines) != text.strip():
            return False
        chars_per_line = self.prep.type_width_tw / (self.prep.styles["title"].size * 20)
        # A margin of 1.5 characters: digits and dashes are wider than half a character in many
        # fonts, and a title that only just fits leaves one or two characters alone on line two.
        return text_width(text) > chars_per_line - 1.5

    def _take_break(self, p: etree._Element) -> None:
        """Starts a new page at paragraph `p` when a thematic break came before it."""
        if not self.break_pending:
            return
        self.break_pending = False
        if self.first_break is None:
            self.first_break = len(self.blocks)
        page_break_before(p)

    def _code(self, content: str) -> None:
        text = content.removesuffix("\n")
        p = add_text_paragraph(self.body, self.prep, "code", [(text, CODE)])
        self._take_break(p)
        self.blocks.append(Block(p, is_plain_body=False, text=text))

    def _table(self, rows: list[Row]) -> None:
        if not any(cells for _, cells in rows):
            return  # no cell: no table
        if self.break_pending:
            self._take_break(add_paragraph(self.body, self.prep, "normal"))
            self.blocks.append(Block(self.body[-1], is_plain_body=False, text=""))
        elif self.blocks and self.blocks[-1].is_table:
            # Word joins two tables that touch into one; keep them apart with an empty paragraph.
            p = add_paragraph(self.body, self.prep, "normal")
            self.blocks.append(Block(p, is_plain_body=False, text=""))
        self.blocks.append(add_table(self.body, self.prep, rows))
