"""The 公文 wrapper (GB/T 9704-2012 §7.2–§7.4) laid out on the paragraphs whose text equals a
DocMeta value: the red 发文机关标志 and the red rule under the 文号, the subtitle line, the 主送,
the 附件说明 and, at the foot of the last page, the 版记 (抄送, 印发机关和印发日期) between rules.

Nothing is guessed from wording: a paragraph is restyled only when its text is exactly the one
the Markdown writes for that DocMeta field (see the contract in docs/gongwen-notes.md).
"""

from __future__ import annotations

from lxml import etree

from plangen.docx.inline import set_width
from plangen.docx.meta import DocMeta
from plangen.docx.ooxml import (
    W_BOTTOM,
    W_IND,
    W_JC,
    W_PBDR,
    W_PSTYLE,
    W_R,
    W_RFONTS,
    W_RPR,
    W_SPACING,
    W_T,
    W_TAB,
    W_TBL,
    W_TBLPR,
    W_TC,
    W_TCPR,
    W_TCW,
    W_TR,
    W_TYPE,
    W_VAL,
    W_W,
    rfonts_attrs,
    rounded,
    sub_element,
    w_tag,
)
from plangen.docx.paragraphs import Block, add_text_paragraph, keep_with_next
from plangen.docx.prepared import PreparedTheme
from plangen.docx.styles import line_height_tw

RED = "FF0000"
_THICK, _THIN = "8", "6"  # eighths of a point: 0.35 mm and 0.25 mm (§7.4.1)


def recipients_line(meta: DocMeta) -> str:
    """Returns the 主送 paragraph's text: the value and a full-width colon."""
    value = meta.recipients.strip()
    return value if value.endswith("：") else value + "："


def cc_line(meta: DocMeta) -> str:
    return "抄送：" + "，".join(meta.cc) + "。"


def printed_line(meta: DocMeta) -> str:
    return f"{meta.printed_by}\u3000\u3000{meta.printed_date}印发"


def take_imprint(body: etree._Element, blocks: list[Block], meta: DocMeta) -> list[str]:
    """Removes the trailing 版记 paragraphs (抄送 line, 印发 line) from `body` and `blocks` and
    returns their texts in order ([] when the document has none)."""
    wanted = []
    if meta.printed_by and meta.printed_date:
        wanted.append(printed_line(meta))
    if meta.cc:
        wanted.append(cc_line(meta))
    taken: list[str] = []
    for text in wanted:  # from the last paragraph up
        if blocks and blocks[-1].is_plain_body and blocks[-1].text.strip() == text:
            body.remove(blocks.pop().element)
            taken.insert(0, text)
    return taken


def lay_out_wrapper(blocks: list[Block], prep: PreparedTheme, meta: DocMeta) -> None:
    """Restyles the wrapper's paragraphs among `blocks` (红头, 文号 rule, subtitle, 主送, 附件说明)."""
    attachments = _attachment_texts(meta)
    after_title = False
    previous: Block | None = None
    for block in blocks:
        p, text = block.element, block.text.strip()
        if block.is_table:
            after_title, previous = False, block
            continue
        style = _style_element(p).get(W_VAL)
        if meta.header and block.is_plain_body and text == meta.header.strip():
            restyle(p, prep, "issuer_mark")
        elif meta.header and style == prep.styles["doc_number"].style_id:
            _bottom_rule(p, RED, "12", "11")  # the red rule, about 4 mm under the 文号 (§7.2.7)
        elif meta.subtitle and after_title and text == meta.subtitle.strip():
            restyle(p, prep, "subtitle")
        elif meta.recipients and block.is_plain_body and text == recipients_line(meta):
            restyle(p, prep, "recipients")
        elif block.is_plain_body and text in attachments:
            restyle(p, prep, "attachment")
            _attachment_indent(p, prep, text, first=attachments[text])
            # The 附件说明 stays with the text above it and with the 落款 below (§7.3.4, §7.3.5):
            # never alone at the top of a page.
            keep_with_next(p)
            if attachments[text] and previous is not None and not previous.is_table:
                keep_with_next(previous.element)
        after_title = style == prep.styles["title"].style_id
        previous = block


def _attachment_texts(meta: DocMeta) -> dict[str, bool]:
    """Returns {paragraph text: is the first} of the 附件说明 lines."""
    names = [n.strip() for n in meta.attachments if n.strip()]
    out: dict[str, bool] = {}
    for i, name in enumerate(names, 1):
        forms = [f"{i}. {name}", f"{i}.{name}"]
        if i == 1:
            out.update({f"附件：{form}": True for form in forms} | {f"附件：{name}": True})
        else:
            out.update(dict.fromkeys(forms, False))
    return out


def _attachment_indent(p: etree._Element, prep: PreparedTheme, text: str, first: bool) -> None:
    """§7.3.4: one empty line above, two characters in, later names under the first name."""
    size_tw = prep.styles["attachment"].size * 20
    lead = 2 + set_width("附件：")
    ppr = p[0]
    if first:
        gap = line_height_tw(prep.styles["body"], prep.theme)
        sub_element(ppr, W_SPACING, {w_tag("before"): rounded(gap)})
        number = text.removeprefix("附件：")
        hang = set_width("附件：") + (
            set_width(number.split(" ")[0] + " ") if number[:1].isdigit() else 0
        )
        attrs = {
            w_tag("left"): rounded((2 + hang) * size_tw),
            w_tag("hanging"): rounded(hang * size_tw),
        }
    else:
        attrs = {w_tag("left"): rounded(lead * size_tw), w_tag("firstLine"): "0"}
    sub_element(ppr, W_IND, {w_tag("leftChars"): "0", w_tag("firstLineChars"): "0", **attrs})


def _style_element(p: etree._Element) -> etree._Element:
    """Returns the w:pStyle of paragraph `p` (every paragraph plangen writes has one)."""
    found = p[0].find(W_PSTYLE)
    assert found is not None
    return found


def restyle(p: etree._Element, prep: PreparedTheme, key: str) -> None:
    """Gives paragraph `p` the style of theme key `key` (and its runs the style's fonts where the
    theme writes fonts on runs)."""
    st = prep.styles[key]
    _style_element(p).set(W_VAL, st.style_id)
    if prep.theme.fonts_on_runs:
        for fonts in p.iter(W_RFONTS):
            for name, value in rfonts_attrs(st.font, st.latin).items():
                fonts.set(name, value)


def _bottom_rule(p: etree._Element, color: str, size: str, space: str) -> None:
    ppr = p[0]
    border = etree.Element(W_PBDR)
    sub_element(border, W_BOTTOM, {W_VAL: "single", w_tag("sz"): size, w_tag("space"): space,
                                   w_tag("color"): color})  # fmt: skip
    ppr.insert(len(ppr.findall(w_tag("keepNext")) + ppr.findall(w_tag("keepLines"))) + 1, border)


def add_imprint(body: etree._Element, prep: PreparedTheme, meta: DocMeta, lines: list[str]) -> None:
    """Appends the 版记 (§7.4) as a one-column table floating at the foot of the last page's type
    area, its last rule on the type area's bottom edge (§7.4.1): a thick rule above and below, a
    thin rule between, 抄送 and the 印发 line one character in."""
    width = prep.type_width_tw
    char_tw = round(prep.styles["imprint"].size * 20)
    left_tw = round(prep.theme.page.margin_left_mm * 1440 / 25.4)
    tbl = etree.Element(W_TBL)
    tblpr = sub_element(tbl, W_TBLPR)
    # Placed from the page's left edge: LibreOffice 7.4 floats a table only when it is narrower
    # than the type area or placed relative to the page; otherwise it sets it in the text flow.
    sub_element(tblpr, w_tag("tblpPr"), {w_tag("leftFromText"): "0", w_tag("rightFromText"): "0",
                                         w_tag("vertAnchor"): "margin", w_tag("horzAnchor"): "page",
                                         w_tag("tblpX"): str(left_tw), w_tag("tblpYSpec"): "bottom"})  # fmt: skip
    sub_element(tblpr, w_tag("tblW"), {W_W: str(width), W_TYPE: "dxa"})
    borders = sub_element(tblpr, w_tag("tblBorders"))
    for side, size in (("top", _THICK), ("left", ""), ("bottom", _THICK), ("right", ""), ("insideH", _THIN),
                       ("insideV", "")):  # fmt: skip
        attrs = {W_VAL: "single", w_tag("sz"): size, w_tag("space"): "0", w_tag("color"): "000000"}
        sub_element(borders, w_tag(side), attrs if size else {W_VAL: "nil"})
    sub_element(tblpr, w_tag("tblLayout"), {W_TYPE: "fixed"})
    margins = sub_element(tblpr, w_tag("tblCellMar"))
    for side in ("left", "right"):
        sub_element(margins, w_tag(side), {W_W: "0", W_TYPE: "dxa"})
    sub_element(sub_element(tbl, w_tag("tblGrid")), w_tag("gridCol"), {W_W: str(width)})
    for text in lines:
        tr = sub_element(tbl, W_TR)
        sub_element(sub_element(tr, w_tag("trPr")), w_tag("cantSplit"))
        tc = sub_element(tr, W_TC)
        sub_element(sub_element(tc, W_TCPR), W_TCW, {W_W: str(width), W_TYPE: "dxa"})
        p = add_text_paragraph(tc, prep, "imprint", [(text, 0)])
        ppr = p[0]
        if text == printed_line(meta):
            # The office one character from the left, the date one from the right, on one line.
            tabs = sub_element(ppr, w_tag("tabs"))
            sub_element(tabs, w_tag("tab"), {W_VAL: "right", w_tag("pos"): str(width - char_tw)})
            _split_at_tab(p, meta)
            sub_element(ppr, W_IND, {w_tag("left"): str(char_tw), w_tag("right"): str(char_tw)})
        else:
            hang = round(set_width("抄送：") * char_tw)
            sub_element(ppr, W_IND, {w_tag("left"): str(char_tw + hang), w_tag("right"): str(char_tw),
                                     w_tag("hanging"): str(hang)})  # fmt: skip
        sub_element(ppr, W_JC, {W_VAL: "left"})
    # A floating table is anchored to the paragraph after it: a last, empty and tiny paragraph.
    body.append(tbl)
    anchor = sub_element(body, w_tag("p"))
    anchor_ppr = sub_element(anchor, w_tag("pPr"))
    sub_element(anchor_ppr, W_PSTYLE, {W_VAL: prep.styles["normal"].style_id})
    sub_element(anchor_ppr, W_SPACING, {w_tag("line"): "20", w_tag("lineRule"): "exact"})
    sub_element(sub_element(anchor_ppr, W_RPR), w_tag("sz"), {W_VAL: "2"})


def _split_at_tab(p: etree._Element, meta: DocMeta) -> None:
    """Replaces the two ideographic spaces between 印发机关 and date by a tab to the right stop."""
    run = p.find(W_R)
    assert run is not None  # the line is written as one run holding one w:t
    t = run.find(W_T)
    assert t is not None
    t.text = meta.printed_by
    second = etree.fromstring(etree.tostring(run))
    second_t = second.find(W_T)
    assert second_t is not None
    second_t.text = f"{meta.printed_date}印发"
    tab = etree.Element(W_TAB)
    second.insert(1 if second.find(W_RPR) is not None else 0, tab)
    run.addnext(second)


def frame_head(blocks: list[Block], prep: PreparedTheme) -> None:
    """Moves the 红头 and 文号 that stand above the document's title to just after it, in a frame
    at the top of the type area, so that they still print above the title.

    Readers that take a leading Title paragraph as the document's title (pandoc) then find the
    title first; Word and LibreOffice set the frame where it was, the title under it."""
    head_ids = {prep.styles[key].style_id: key for key in ("issuer_mark", "doc_number")}
    title_id = prep.styles["title"].style_id
    head: list[tuple[Block, str]] = []  # (block, theme style key)
    for block in blocks:
        style = "" if block.is_table else _style_element(block.element).get(W_VAL, "")
        if style == title_id:
            break
        if style not in head_ids:
            return
        head.append((block, head_ids[style]))
    else:
        return
    if not head:
        return
    title = blocks[len(head)]
    # One frame a paragraph, each placed where the flow had it (LibreOffice sets a frame of two
    # paragraphs in the flow under the title): its lines' height and the gap under it.
    top = 0.0
    places = []
    for block, key in head:
        st = prep.styles[key]
        lines = max(
            1, -(-round(set_width(block.text.strip()) * st.size * 20) // prep.type_width_tw)
        )
        gap = (st.spec.space_after_pt or 0) * 20
        places.append((top, gap))
        top += lines * line_height_tw(st, prep.theme) + gap
    for (block, _), (y, gap) in reversed(list(zip(head, places, strict=True))):
        ppr = block.element[0]
        at = 1
        while at < len(ppr) and ppr[at].tag in _BEFORE_FRAME:
            at += 1
        ppr.insert(at, etree.Element(w_tag("framePr"), {w_tag("w"): str(prep.type_width_tw),
                                                     w_tag("vSpace"): rounded(gap), w_tag("wrap"): "notBeside",
                                                     w_tag("vAnchor"): "margin", w_tag("hAnchor"): "margin",
                                                     w_tag("x"): "0", w_tag("y"): rounded(y)}))  # fmt: skip
        title.element.addnext(block.element)
    blocks[: len(head) + 1] = [title, *(block for block, _ in head)]


_BEFORE_FRAME = {w_tag("keepNext"), w_tag("keepLines"), w_tag("pageBreakBefore")}
