"""Markdown tables as Word tables: widths from the content, a repeated header row, and a first
column merged down where rows are grouped (a 行事历's month over its items)."""

from __future__ import annotations

from lxml import etree

from plangen.docx.inline import Segment, plain_text, set_width
from plangen.docx.ooxml import (
    W_GRIDCOL,
    W_JC,
    W_TBL,
    W_TBLGRID,
    W_TR,
    W_TRPR,
    W_VAL,
    W_VMERGE,
    W_W,
    sub_element,
    w_tag,
)
from plangen.docx.paragraphs import Block, fill_runs, keep_with_next, lead_flags, with_text
from plangen.docx.prepared import PreparedTheme

Cell = tuple[list[Segment], str | None]  # (text segments, alignment from the Markdown)
Row = tuple[bool, list[Cell]]  # (is a header row, cells)

_CELL_MARGIN_TW = 108  # Word's default left/right cell margin
_SHORT_COLUMN_CHARS = 9  # a column whose entries are all this short is kept on one line
_MAX_SHARE_CHARS = 30.0  # a long column claims width as if it held at most this many characters


def add_table(parent: etree._Element, prep: PreparedTheme, rows: list[Row]) -> Block:
    """Appends a Word table of `rows` (at least one with a cell) to `parent`: fixed layout,
    widths by content, repeated bold header row."""
    ncols = max(len(cells) for _, cells in rows)
    widths = _column_widths(prep, rows, ncols)
    merge = _first_column_merges(rows)
    cfg = prep.theme.table
    tbl = sub_element(parent, W_TBL)
    tbl.append(prep.elements.table_properties())
    grid = sub_element(tbl, W_TBLGRID)
    for width in widths:
        sub_element(grid, W_GRIDCOL, {W_W: str(width)})
    width_texts = [str(width) for width in widths]
    texts = []
    for row_index, (is_head, cells) in enumerate(rows):
        tr = sub_element(tbl, W_TR)
        trpr = sub_element(tr, W_TRPR)
        if cfg.cant_split:
            sub_element(trpr, w_tag("cantSplit"))
        if is_head and cfg.header_repeat:
            sub_element(trpr, w_tag("tblHeader"))
        key = "table_header" if is_head else "table"
        # A merged group (a month over its items) stays on one page: each of its rows but the
        # last keeps with the next, as Word and LibreOffice keep table rows.
        keep = (
            merge[row_index] != ""
            and row_index + 1 < len(rows)
            and merge[row_index + 1] == "continue"
        )
        for i in range(ncols):
            pieces, align = cells[i] if i < len(cells) else ([], None)
            if i == 0 and not is_head:
                pieces = _break_label(pieces, widths[0], prep)
            filled = with_text(pieces)
            tc = prep.elements.cell(key, lead_flags(filled))
            tr.append(tc)
            tcpr, p = tc[0], tc[1]
            fill_runs(p, prep, key, filled)
            tcpr[0].set(W_W, width_texts[i])
            if i == 0 and merge[row_index]:
                vmerge = etree.Element(W_VMERGE)
                if merge[row_index] == "restart":
                    vmerge.set(W_VAL, "restart")
                tcpr.insert(1, vmerge)
            if keep:
                keep_with_next(p)
            if align:
                sub_element(p[0], W_JC, {W_VAL: align})
            texts.append(plain_text(pieces))
    return Block(tbl, is_plain_body=False, text="\n".join(texts), is_table=True)


def _first_column_merges(rows: list[Row]) -> list[str]:
    """Returns, per row, "restart", "continue" or "" for merging the first column vertically.

    A body row whose first cell is empty continues the group above (as a 行事历 groups its items
    under one month), so the month spans its rows as a merged cell instead of blank boxes.
    """

    def first_text(cells: list[Cell]) -> str:
        return plain_text(cells[0][0]).strip() if cells else ""

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


def _column_widths(prep: PreparedTheme, rows: list[Row], ncols: int) -> list[int]:
    """Returns column widths (twips) filling the type area: short columns (time, department)
    get room for their longest entry on one line, long text columns share the rest."""
    total = prep.type_width_tw
    char_tw = prep.styles["table"].size * 20
    natural = [2.0] * ncols
    for _, cells in rows:
        for i, (pieces, _align) in enumerate(cells[:ncols]):
            natural[i] = max(natural[i], set_width(plain_text(pieces)))
    need = [
        n * char_tw + 2 * _CELL_MARGIN_TW + char_tw / 2 for n in natural
    ]  # half a character spare
    short = [i for i in range(ncols) if natural[i] <= _SHORT_COLUMN_CHARS]
    long = [i for i in range(ncols) if i not in short]
    fixed = sum(need[i] for i in short)
    if sum(need) <= total:
        weights = need
    elif long and fixed <= total * 0.6:
        share = {i: min(natural[i], _MAX_SHARE_CHARS) for i in long}
        weights = [
            need[i] if i in short else (total - fixed) * share[i] / sum(share.values())
            for i in range(ncols)
        ]
    else:
        weights = [min(n, _MAX_SHARE_CHARS) + 2 for n in natural]
    widths = [int(total * w / sum(weights)) for w in weights]
    widths[-1] += total - sum(widths)
    # The first column (a 行事历's time) is never narrower than its longest unit: a label breaks
    # only before its bracket (“第一至二周” / “（9月1日—9月14日）”), never inside a date.
    units = [_units(plain_text(cells[0][0])) for is_head, cells in rows if cells and not is_head]
    least = max((set_width(u) for parts in units for u in parts), default=0.0)
    least_tw = round(least * char_tw + 2 * _CELL_MARGIN_TW + char_tw / 2)
    if ncols > 1 and widths[0] < least_tw:
        widest = max(range(1, ncols), key=lambda i: widths[i])
        taken = min(least_tw - widths[0], widths[widest] - least_tw)
        if taken > 0:
            widths[0] += taken
            widths[widest] -= taken
    return widths


def _units(label: str) -> list[str]:
    """Returns the pieces a time label may break into: before a bracket, else not at all."""
    at = min((label.find(b) for b in "（(" if label.find(b) > 0), default=-1)
    return [label[:at], label[at:]] if at > 0 else [label]


def _break_label(pieces: list[Segment], width_tw: int, prep: PreparedTheme) -> list[Segment]:
    """Returns a first-column cell's segments with a line break before its bracket when the
    label does not fit on one line of the column (so a date in brackets stays whole)."""
    text = plain_text(pieces)
    units = _units(text)
    char_tw = prep.styles["table"].size * 20
    room = (width_tw - 2 * _CELL_MARGIN_TW - char_tw / 2) / char_tw
    if len(units) == 1 or set_width(text) <= room or len(pieces) != 1 or pieces[0][0] is None:
        return pieces
    return [(units[0] + "\n" + units[1], pieces[0][1])]
