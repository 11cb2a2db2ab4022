"""The 公文 wrapper (GB/T 9704 §7.2–§7.4) laid out from DocMeta on a hand-written Markdown that
follows /tmp/wrapper-contract.md (docs/gongwen-notes.md): 红头, red rule, subtitle, 主送, 附件说明,
印发通知 with its own 落款, page break, the plan's title as a title, and the 版记 between rules."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from plangen.docx.theme import load_theme
from plangen.docx.writer import DocMeta, markdown_to_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKDOWN = (Path(__file__).parent / "data" / "wrapped-notice.md").read_text(encoding="utf-8")
META = DocMeta(
    title="柳溪中心小学2019—2020学年第二学期学校工作计划",
    author="柳溪中心小学",
    date=datetime.date(2020, 3, 23),
    signature=("柳溪中心小学", "2020年3月23日"),
    doc_number="柳小发〔2020〕5号",
    header="青岚县柳溪中心小学文件",
    subtitle="——柳溪中心小学2019—2020学年第二学期学校工作计划",
    recipients="各位老师",
    attachments=("学校工作计划", "学校行事历"),
    cc=("县教育局", "县教研室"),
    printed_by="柳溪中心小学办公室",
    printed_date="2020年3月23日",
    notice=True,
    notice_signature=("柳溪中心小学", "2020年3月23日"),
)


def wrapped(theme: str = "gongwen", meta: DocMeta = META) -> bytes:
    return markdown_to_docx(MARKDOWN, load_theme(theme), meta)


@pytest.fixture(scope="module")
def doc() -> tuple[etree._Element, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(wrapped())) as zf:
        return etree.fromstring(zf.read("word/document.xml")), etree.fromstring(
            zf.read("word/styles.xml")
        )


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def style_of(p: etree._Element) -> str:
    return p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")


def body_paragraphs(body: etree._Element) -> list[etree._Element]:
    return [p for p in body.find(f"{W}body").findall(f"{W}p") if text(p)]


def test_red_header_and_rule_under_the_doc_number(doc) -> None:
    body, styles = doc
    title, first, number = body_paragraphs(body)[:3]
    assert style_of(title) == "Title"  # written first, for readers that take it as the title
    assert (text(first), style_of(first)) == ("青岚县柳溪中心小学文件", "PlanIssuerMark")
    # Each in a frame at the top of the type area, one under the other, printed above the title.
    frames = [p.find(f"{W}pPr/{W}framePr") for p in (first, number)]
    assert [f.get(f"{W}vAnchor") for f in frames] == ["margin", "margin"]
    assert int(frames[0].get(f"{W}y")) == 0 < int(frames[1].get(f"{W}y"))
    mark = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "PlanIssuerMark")
    assert mark.find(f"{W}rPr/{W}color").get(f"{W}val") == "FF0000"  # red, in a named style
    assert mark.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    rule = number.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert rule.get(f"{W}color") == "FF0000" and rule.get(f"{W}val") == "single"


def test_notice_then_the_plan_on_a_new_page_with_its_title_and_subtitle(doc) -> None:
    body, _ = doc
    paras = body_paragraphs(body)
    titles = [p for p in paras if style_of(p) == "Title"]
    assert [text(p) for p in titles] == [
        "关于印发《柳溪中心小学2019—2020学年第二学期学校工作计划》的通知",
        "柳溪中心小学2019—2020学年第二学期学校工作计划",
    ]
    assert titles[1].find(f"{W}pPr/{W}pageBreakBefore") is not None
    after = paras[paras.index(titles[1]) + 1]
    assert (text(after), style_of(after)) == (
        "——柳溪中心小学2019—2020学年第二学期学校工作计划",
        "Subtitle",
    )
    # The notice's own 落款, before the page break, laid out like the plan's.
    signatures = [text(p) for p in paras if style_of(p) == "PlanSignature"]
    assert signatures == ["柳溪中心小学", "2020年3月23日"] * 2
    assert (
        paras.index(titles[1])
        > [i for i, p in enumerate(paras) if style_of(p) == "PlanSignature"][1]
    )


def test_recipients_flush_left_and_attachments_aligned(doc) -> None:
    body, _ = doc
    paras = {text(p): p for p in body_paragraphs(body)}
    assert style_of(paras["各位老师："]) == "PlanRecipients"
    first, second = paras["附件：1. 学校工作计划"], paras["2. 学校行事历"]
    assert style_of(first) == style_of(second) == "PlanAttachment"
    ind1, ind2 = first.find(f"{W}pPr/{W}ind"), second.find(f"{W}pPr/{W}ind")
    # “附件：” two characters in; the second name's number under the first name's number.
    assert int(ind1.get(f"{W}left")) - int(ind1.get(f"{W}hanging")) == 2 * 320
    assert int(ind2.get(f"{W}left")) == 5 * 320
    assert int(first.find(f"{W}pPr/{W}spacing").get(f"{W}before")) > 0  # one empty line above


def test_imprint_between_rules_at_the_foot_of_the_last_page(doc) -> None:
    body, _ = doc
    tbl = body.find(f"{W}body").findall(f"{W}tbl")[-1]
    place = tbl.find(f"{W}tblPr/{W}tblpPr")
    assert place.get(f"{W}tblpYSpec") == "bottom" and place.get(f"{W}vertAnchor") == "margin"
    # From the page's left edge at the left margin (28 mm = 1587 tw), as wide as the type area:
    # LibreOffice floats it only so (it set the 版记 in the flow under the 落款 before).
    assert (place.get(f"{W}horzAnchor"), place.get(f"{W}tblpX")) == ("page", "1587")
    assert tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w") == str(11906 - 1587 - 1474)
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert [borders.find(f"{W}{side}").get(f"{W}sz") for side in ("top", "insideH", "bottom")] == [
        "8",
        "6",
        "8",
    ]
    rows = [p for p in tbl.iter(f"{W}p")]
    assert [text(p) for p in rows] == [
        "抄送：县教育局，县教研室。",
        "柳溪中心小学办公室2020年3月23日印发",
    ]
    assert (
        rows[1].find(f"{W}r/{W}tab") is not None
        or rows[1].findall(f"{W}r")[1].find(f"{W}tab") is not None
    )
    assert rows[1].find(f"{W}pPr/{W}tabs/{W}tab").get(f"{W}val") == "right"


def test_without_meta_the_same_markdown_is_plain_text() -> None:
    with zipfile.ZipFile(io.BytesIO(wrapped(meta=DocMeta(title="t")))) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    styles = {style_of(p) for p in body_paragraphs(body)}
    assert not styles & {"PlanIssuerMark", "Subtitle", "PlanRecipients", "PlanAttachment"}
    assert body.find(f".//{W}tblpPr") is None


@pytest.mark.parametrize("theme", ["gongwen", "plain"])
def test_wrapped_output_is_byte_identical_run_to_run(theme: str) -> None:
    assert wrapped(theme) == wrapped(theme)


def test_attachment_note_and_signature_keep_with_the_text_above(doc) -> None:
    # The 附件说明 and the 落款 never open a page alone (§7.3.4, §7.3.5): the paragraph before the
    # 附件说明, each of its lines and the issuer keep with the next.
    body, _ = doc
    paras = body_paragraphs(body)
    first = next(i for i, p in enumerate(paras) if text(p) == "附件：1. 学校工作计划")
    chain = paras[first - 1 : first + 3]
    assert [text(p) for p in chain] == [
        "现将《柳溪中心小学2019—2020学年第二学期学校工作计划》印发给你们，请认真贯彻执行。",
        "附件：1. 学校工作计划",
        "2. 学校行事历",
        "柳溪中心小学",
    ]
    for p in chain:
        assert p.find(f"{W}pPr/{W}keepNext") is not None, text(p)


def test_the_copy_for_an_even_page_moves_only_the_imprint() -> None:
    from plangen.docx.libreoffice import imprint_on_next_page

    moved = imprint_on_next_page(wrapped())
    assert moved is not None
    with zipfile.ZipFile(io.BytesIO(moved)) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")
    breaks = [el for el in body if el.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    anchor = body.findall(f"{W}tbl")[-1].getnext()
    assert breaks[-1] is anchor  # the 版记's anchor paragraph starts the new page
    assert len(breaks) == 2  # and the plan's title still does
    assert imprint_on_next_page(wrapped(meta=DocMeta(title="t"))) is None


def test_the_copy_with_a_blank_page_puts_one_empty_page_before_the_imprint() -> None:
    # When the 版记 already stood alone on an odd page, the copy adds one blank page before it.
    from plangen.docx.libreoffice import imprint_on_next_page

    moved = imprint_on_next_page(wrapped(), blank_pages=1)
    assert moved is not None
    with zipfile.ZipFile(io.BytesIO(moved)) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")
    table = body.findall(f"{W}tbl")[-1]
    blank, anchor = table.getprevious(), table.getnext()
    assert blank.find(f"{W}pPr/{W}pageBreakBefore") is not None and text(blank) == ""
    assert anchor.find(f"{W}pPr/{W}pageBreakBefore") is not None
