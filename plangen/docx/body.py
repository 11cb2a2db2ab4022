"""Markdown-it tokens → the children of w:body: paragraphs, runs, lists, quotes, code, tables, 落款.

The token stream is walked once. Inline tokens become (text, flags) segments, joined the way
Chinese text wants soft breaks; each block becomes a paragraph or table in the theme's styles.
Tables get widths from their content and a merged first column where rows are grouped; the
trailing issuer and date lines become the 落款, indented per GB/T 9704 §7.3.5.

The body is written as XML text, not lxml elements (that was most of the conversion time). The
text is exactly what lxml would serialise: pieces that depend only on the theme (run properties,
table properties, the document's start and end) are serialised once by lxml per prepared theme.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree

from plangen.docx.ooxml import (
    _R,
    _W,
    W_B,
    W_BCS,
    W_I,
    W_ICS,
    W_JC,
    W_R,
    W_RFONTS,
    W_RPR,
    W_TBLPR,
    W_TYPE,
    W_VAL,
    _fmt,
    _is_wide,
    _sub,
    _text_xml,
    _w,
)
from plangen.docx.skeleton import _Prepared
from plangen.docx.styles import _SIDES, _STYLE_IDS, _borders, _line_height_tw

if TYPE_CHECKING:
    from plangen.docx.writer import DocMeta

_DOC_NSMAP = {"w": _W, "r": _R}
_HEADING_KEYS = {
    "h1": "title",
    "h2": "heading1",
    "h3": "heading2",
    "h4": "heading3",
    "h5": "heading4",
    "h6": "heading4",
}
_DATE_LINE = re.compile(r"^\S*[0-9０-９〇零一二三四五六七八九十]+年.*月.*日$")
_ALIGN_ATTR = re.compile(r"text-align:\s*(left|center|right)")

_BOLD, _ITALIC, _CODE = 1, 2, 4
_SOFT = None  # marks a soft line break in a segment list


@dataclass
class _Block:
    """One paragraph or table written to the body (as serialised XML), kept for the 落款 pass."""

    xml: str
    kind: str  # "body", "other"
    text: str
    is_table: bool = False


@dataclass
class _ListLevel:
    ordered: bool
    next_number: int


Segment = tuple[str | None, int]


def _segments(children: Sequence[Any]) -> list[Segment]:
    """Returns (text, flags) pieces of an inline token's children; None text = soft break."""
    out: list[Segment] = []
    strong = em = 0
    for tok in children:
        kind = tok.type
        flags = (_BOLD if strong else 0) | (_ITALIC if em else 0)
        if kind == "text" or kind == "html_inline" or kind == "text_special":
            out.append((tok.content, flags))
        elif kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong = max(0, strong - 1)
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em = max(0, em - 1)
        elif kind == "code_inline":
            out.append((tok.content, flags | _CODE))
        elif kind == "softbreak":
            out.append((_SOFT, flags))
        elif kind == "hardbreak":
            out.append(("\n", flags))
        elif kind == "image":
            alt = "".join(_plain(_segments(tok.children or ())))
            out.append((alt, flags))
        elif tok.content and not kind.endswith(("_open", "_close")):
            out.append((tok.content, flags))
    return _join_soft(out)


def _plain(segments: Iterable[Segment]) -> Iterable[str]:
    return (text for text, _ in segments if text)


def _join_soft(segments: list[Segment]) -> list[Segment]:
    """Resolves soft breaks (nothing between Chinese characters, else a space) and merges runs."""
    out: list[Segment] = []
    for i, (text, flags) in enumerate(segments):
        if text is None:
            before = next((t[-1] for t, _ in reversed(out) if t), "")
            after = next((t[0] for t, _ in segments[i + 1 :] if t), "")
            text = "" if (before and _is_wide(before)) or (after and _is_wide(after)) else " "
            if not text:
                continue
        if out and out[-1][1] == flags:
            out[-1] = (out[-1][0] + text, flags)  # type: ignore[operator]
        elif text:
            out.append((text, flags))
    return out


def _with_breaks(segments: list[Segment], lines: Sequence[str]) -> list[Segment]:
    """Returns `lines` as one segment joined by line breaks (w:br), keeping the first segment's flags."""
    flags = next((f for t, f in segments if t), 0)
    return [("\n".join(lines), flags)]


def _text_width(text: str) -> float:
    """Returns the width of `text` in characters: Chinese 1, half-width 0.5."""
    return sum(1.0 if _is_wide(ch) else 0.5 for ch in text)


_CELL_MARGIN_TW = 108  # Word's default left/right cell margin
_SHORT_COLUMN_CHARS = 8  # a column whose entries are all this short is kept on one line


def _first_column_merges(rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]]) -> list[str]:
    """Returns, per row, "restart", "continue" or "" for merging the first column vertically.

    A body row whose first cell is empty continues the group above (as a 行事历 groups its items
    under one month), so the month spans its rows as a merged cell instead of blank boxes.
    """
    def first_text(cells: list[tuple[list[Segment], str | None]]) -> str:
        return "".join(t for t in _plain(cells[0][0]) if t).strip() if cells else ""

    marks = [""] * len(rows)
    for i in range(1, len(rows)):
        is_head, cells = rows[i]
        prev_head, prev_cells = rows[i - 1]
        if is_head or prev_head or len(cells) < 2 or first_text(cells):
            continue
        if not marks[i - 1]:
            if not first_text(prev_cells):
                continue
            marks[i - 1] = "restart"
        marks[i] = "continue"
    return marks


# w:keepNext belongs right after w:pStyle in a w:pPr (ECMA-376 element order).
_KEEP_NEXT_AFTER_STYLE = re.compile(r"(<w:pPr><w:pStyle [^>]*/>)(?!<w:keepNext/>)")


def _ppr(key: str, extra: str = "") -> str:
    """Returns the serialised w:pPr of a paragraph in style `key`, with `extra` after w:pStyle."""
    return f'<w:pPr><w:pStyle w:val="{_STYLE_IDS[key][0]}"/>{extra}</w:pPr>'


_RULE_XML = (
    '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:pBdr>'
    '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr></w:pPr></w:p>'
)


def _serialise(build: Callable[[etree._Element], None]) -> str:
    """Returns the XML of the elements `build` appends to a w:document root, as lxml writes them."""
    root = etree.Element(_w("document"), nsmap=_DOC_NSMAP)
    build(root)
    xml = etree.tostring(root, encoding="unicode")
    return xml[xml.index(">") + 1 : -len("</w:document>")]


def _fragments(prep: _Prepared) -> dict[object, Any]:
    """Returns the XML pieces that depend only on the theme, serialised once per prepared theme.

    "runs": the opening of a w:r with its w:rPr, by (style key, flags); "tblPr": the table
    properties; "document": the bytes of word/document.xml before and after the body children.
    The pieces are built with lxml, so the strings match what lxml writes for the same elements.
    """
    frags = prep.fragments
    if "document" in frags:
        return frags

    def run_head(fonts: dict[str, str], flags: int) -> str:
        def build(root: etree._Element) -> None:
            rpr = _sub(_sub(root, W_R), W_RPR)
            _sub(rpr, W_RFONTS, fonts)
            if flags & _BOLD:
                _sub(rpr, W_B)
                _sub(rpr, W_BCS)
            if flags & _ITALIC:
                _sub(rpr, W_I)
                _sub(rpr, W_ICS)

        return _serialise(build).removesuffix("</w:r>")

    runs = {
        (key, flags): run_head(prep.run_fonts[(key, bool(flags & _CODE))], flags)
        for key, _code in prep.run_fonts
        for flags in range((_BOLD | _ITALIC | _CODE) + 1)
    }

    def tbl_pr(root: etree._Element) -> None:
        tblpr = _sub(root, W_TBLPR)
        _sub(tblpr, _w("tblStyle"), {W_VAL: "PlanTable"})
        _sub(tblpr, _w("tblW"), {_w("w"): str(prep.type_width_tw), W_TYPE: "dxa"})
        _sub(tblpr, W_JC, {W_VAL: "center"})
        _borders(tblpr, "tblBorders", prep.theme, _SIDES)
        _sub(tblpr, _w("tblLayout"), {W_TYPE: "fixed"})
        _sub(
            tblpr,
            _w("tblLook"),
            {
                W_VAL: "04A0",
                _w("firstRow"): "1",
                _w("lastRow"): "0",
                _w("firstColumn"): "0",
                _w("lastColumn"): "0",
                _w("noHBand"): "1",
                _w("noVBand"): "1",
            },
        )

    root = etree.Element(_w("document"), nsmap=_DOC_NSMAP)
    _sub(root, _w("body")).append(copy.deepcopy(prep.sect_pr))
    whole = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    cut = whole.index(b"<w:body>") + len(b"<w:body>")
    frags["runs"] = runs
    frags["tblPr"] = _serialise(tbl_pr)
    frags["document"] = (whole[:cut], whole[cut:])
    return frags


class _BodyBuilder:
    """Walks markdown-it tokens once and builds the w:body children."""

    def __init__(self, prep: _Prepared, meta: DocMeta) -> None:
        self.prep = prep
        self.theme = prep.theme
        self.meta = meta
        self.blocks: list[_Block] = []
        self.lists: list[_ListLevel] = []
        self.quote_depth = 0
        self.marker: str | None = None
        self.heading: str | None = None
        self.rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]] | None = None
        self.in_head = False
        self.cell_align: str | None = None
        frags = _fragments(prep)
        self._fonts: dict[tuple[str, int], str] = frags["runs"]
        self._tbl_pr: str = frags["tblPr"]
        self._document_ends: tuple[bytes, bytes] = frags["document"]

    # token walk

    def walk(self, tokens: Sequence[Any]) -> None:
        """Turns the token stream into body blocks."""
        for tok in tokens:
            kind = tok.type
            if kind == "inline":
                if self.rows is not None:
                    if self.rows:
                        self.rows[-1][1].append((_segments(tok.children or ()), self.cell_align))
                else:
                    self._paragraph(_segments(tok.children or ()))
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
                if self.marker:
                    self._paragraph([])
                self.marker = None
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif kind in ("fence", "code_block"):
                self._flush_marker()
                self._code(tok.content)
            elif kind == "html_block":
                self._paragraph([(tok.content.rstrip("\n"), 0)])
            elif kind == "hr":
                self._flush_marker()
                self._rule()
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
        else:
            self.marker = self.theme.lists.bullet

    def _flush_marker(self) -> None:
        if self.marker:
            self._paragraph([])
        self.marker = None

    # paragraphs

    def _paragraph(self, segments: list[Segment]) -> None:
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
        if marker:
            first = next((t for t, _ in segments if t), "")
            ordered = bool(self.lists and self.lists[-1].ordered)
            gap = "" if ordered and first and _is_wide(first[0]) else " "
            segments = [(marker + (gap if first else ""), 0), *segments]
            segments = _join_soft(segments)
        text = "".join(_plain(segments))
        if key == "body" and self.meta.doc_number and text.strip() == self.meta.doc_number.strip():
            key = "doc_number"
        extra = ""
        if key == "list" and len(self.lists) > 1:
            extra = self._nested_indent(min(len(self.lists), 8) - 1)
        if key == "title" and self._title_needs_break(text):
            segments = _with_breaks(segments, self.meta.title_lines)
        xml = f"<w:p>{_ppr(key, extra)}{self._runs(key, segments)}</w:p>"
        kind = "body" if key == "body" and not self.lists and not self.quote_depth else "other"
        self.blocks.append(_Block(xml, kind, text))

    def _title_needs_break(self, text: str) -> bool:
        """Returns whether the title is too wide for one line and has break points that fit it."""
        lines = self.meta.title_lines
        if len(lines) < 2 or "".join(lines) != text.strip():
            return False
        chars_per_line = self.prep.type_width_tw / (self.prep.styles["title"].size * 20)
        # A margin of 1.5 characters: digits and dashes are wider than half a character in many
        # fonts, and a title that only just fits leaves one or two characters alone on line two.
        return _text_width(text) > chars_per_line - 1.5

    def _nested_indent(self, extra_levels: int) -> str:
        """Returns the w:ind of a list item nested `extra_levels` deeper than the first level."""
        st = self.prep.styles["list"]
        left = st.left_chars + extra_levels * self.theme.lists.indent_chars
        return (
            f'<w:ind w:leftChars="{_fmt(left * 100)}" w:left="{_fmt(left * st.size * 20)}"'
            f' w:firstLineChars="{_fmt(st.first_line_chars * 100)}"'
            f' w:firstLine="{_fmt(st.first_line_chars * st.size * 20)}"/>'
        )

    def _runs(self, key: str, segments: Iterable[Segment]) -> str:
        """Returns the w:r elements of `segments` in paragraph style `key`."""
        fonts = self._fonts
        out = []
        for text, flags in segments:
            if not text:
                continue
            out.append(fonts[(key, flags)])
            out.append(_text_xml(text))
            out.append("</w:r>")
        return "".join(out)

    def _code(self, content: str) -> None:
        text = content.removesuffix("\n")
        xml = f'<w:p>{_ppr("code")}{self._runs("code", [(text, _CODE)])}</w:p>'
        self.blocks.append(_Block(xml, "other", text))

    def _rule(self) -> None:
        self.blocks.append(_Block(_RULE_XML, "other", ""))

    # tables

    def _table(self, rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]]) -> None:
        """Writes a Word table: fixed layout, widths by content, repeated bold header row."""
        ncols = max((len(cells) for _, cells in rows), default=0)
        if ncols == 0:
            return
        widths = self._column_widths(rows, ncols)
        merge = _first_column_merges(rows)

        if self.blocks and self.blocks[-1].is_table:
            # Word joins two tables that touch into one; keep them apart with an empty paragraph.
            self.blocks.append(_Block(f'<w:p>{_ppr("normal")}</w:p>', "other", ""))
        out = ["<w:tbl>", self._tbl_pr, "<w:tblGrid>"]
        out.extend(f'<w:gridCol w:w="{width}"/>' for width in widths)
        out.append("</w:tblGrid>")
        texts = []
        cfg = self.theme.table
        for row_index, (is_head, cells) in enumerate(rows):
            trpr = ("<w:cantSplit/>" if cfg.cant_split else "") + (
                "<w:tblHeader/>" if is_head and cfg.header_repeat else ""
            )
            out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>" if trpr else "<w:tr><w:trPr/>")
            key = "table_header" if is_head else "table"
            style_id = _STYLE_IDS[key][0]
            for i in range(ncols):
                segments, align = cells[i] if i < len(cells) else ([], None)
                vmerge = ""
                if i == 0 and merge[row_index]:
                    restart = merge[row_index] == "restart"
                    vmerge = '<w:vMerge w:val="restart"/>' if restart else "<w:vMerge/>"
                jc = f'<w:jc w:val="{align}"/>' if align else ""
                out.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[i]}" w:type="dxa"/>{vmerge}'
                    '<w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>'
                    f"{self._runs(key, segments)}</w:p></w:tc>"
                )
                texts.append("".join(_plain(segments)))
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.blocks.append(_Block("".join(out), "other", "\n".join(texts), is_table=True))

    def _column_widths(self, rows: list[tuple[bool, list[tuple[list[Segment], str | None]]]],
                       ncols: int) -> list[int]:
        """Returns column widths (twips) filling the type area: short columns (time, department)
        get room for their longest entry on one line, long text columns share the rest."""
        total = self.prep.type_width_tw
        char_tw = self.prep.styles["table"].size * 20
        natural = [2.0] * ncols
        for _, cells in rows:
            for i, (segments, _align) in enumerate(cells[:ncols]):
                natural[i] = max(natural[i], _text_width("".join(t for t in _plain(segments) if t)))
        need = [n * char_tw + 2 * _CELL_MARGIN_TW + char_tw / 2 for n in natural]
        short = [i for i in range(ncols) if natural[i] <= _SHORT_COLUMN_CHARS]
        long = [i for i in range(ncols) if i not in short]
        fixed = sum(need[i] for i in short)
        if sum(need) <= total:
            weights = need
        elif long and fixed <= total * 0.6:
            share = [min(natural[i], 30.0) for i in long]
            weights = [need[i] if i in short else (total - fixed) * share[long.index(i)] / sum(share)
                       for i in range(ncols)]
        else:
            weights = [min(n, 30.0) + 2 for n in natural]
        widths = [int(total * w / sum(weights)) for w in weights]
        widths[-1] += total - sum(widths)
        return widths

    # 落款 and the document

    def _signature(self) -> None:
        """Restyles the trailing paragraphs that hold the signature lines as 落款 (§7.3.5)."""
        wanted = {s.strip() for s in self.meta.signature if s.strip()}
        if not wanted:
            return
        start = len(self.blocks)
        while start > 0:
            block = self.blocks[start - 1]
            lines = [line.strip() for line in block.text.split("\n") if line.strip()]
            if block.kind != "body" or not lines or not all(line in wanted for line in lines):
                break
            start -= 1
        if start == len(self.blocks):
            return
        lines = [
            line.strip() for b in self.blocks[start:] for line in b.text.split("\n") if line.strip()
        ]
        del self.blocks[start:]
        if self.blocks and not self.blocks[-1].is_table:
            # The 落款 never stands alone on a page: the last paragraph of the text goes with it.
            last = self.blocks[-1]
            last.xml = _KEEP_NEXT_AFTER_STYLE.sub(r"\1<w:keepNext/>", last.xml, count=1)
        st = self.prep.styles["signature"]
        for i, (line, right) in enumerate(zip(lines, self._signature_indents(lines), strict=True)):
            extra = "<w:keepNext/>" if i < len(lines) - 1 else ""
            if i == 0 and self.theme.signature.space_before_lines:
                gap = self.theme.signature.space_before_lines * _line_height_tw(
                    self.prep.styles["body"], self.theme
                )
                extra += f'<w:spacing w:before="{_fmt(gap)}"/>'
            extra += f'<w:ind w:rightChars="{_fmt(right * 100)}" w:right="{_fmt(right * st.size * 20)}"/>'
            xml = f'<w:p>{_ppr("signature", extra)}{self._runs("signature", [(line, 0)])}</w:p>'
            self.blocks.append(_Block(xml, "other", line))

    def _signature_indents(self, lines: list[str]) -> list[float]:
        """Returns the right indent (chars) of each 落款 line per GB/T 9704 §7.3.5.2."""
        cfg = self.theme.signature
        right = cfg.right_chars
        dates = [_DATE_LINE.match(line) is not None for line in lines]
        if cfg.rule != "gbt9704" or all(dates) or not any(dates):
            return [right] * len(lines)
        issuer = max(_text_width(line) for line, d in zip(lines, dates, strict=True) if not d)
        date = max(_text_width(line) for line, d in zip(lines, dates, strict=True) if d)
        date_right = right + issuer - 2 - date
        issuer_right = right
        if date_right < right:
            issuer_right = right + (right - date_right)
            date_right = right
        return [date_right if d else issuer_right for d in dates]

    def document_xml(self) -> bytes:
        """Returns word/document.xml: the body blocks followed by the theme's section properties."""
        self._signature()
        head, tail = self._document_ends
        parts = [block.xml for block in self.blocks]
        if not self.blocks or self.blocks[-1].is_table:
            parts.append(f'<w:p>{_ppr("normal")}</w:p>')
        return head + "".join(parts).encode("utf-8") + tail
