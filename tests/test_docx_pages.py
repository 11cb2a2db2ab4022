"""Page breaks a 公文 reviewer checks, measured in LibreOffice's PDF of every example × style × theme:
no widow (a page opening with a short last line), no orphan (a page ending with the first line of a
paragraph that goes on), no label line (“行动项：”) left at the foot of a page, and no 行事历 row on a
new page without its time label.

Skipped where LibreOffice or poppler-utils is missing (`office_pdfs` in conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from office import Pdf
from pdf_lines import (
    PT_PER_MM,
    Area,
    Line,
    docx_paragraphs,
    orphans,
    overhanging,
    page_lines,
    stranded_labels,
    table_groups,
    unlabelled_rows,
    widows,
)

from plangen import load_plan
from plangen.docx.theme import load_theme
from plangen.pipeline.document import render_docx
from plangen.render.templates import builtin_styles

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("xinghe-primary", "bureau-2026", "qinglan-senior-weeks", "hewan-primary-term")
THEMES = ("gongwen", "plain")


DOCUMENTS: dict[str, bytes] = {}


def office_documents(folder: Path) -> dict[str, bytes]:
    """Returns every style of both examples under both themes."""
    documents = DOCUMENTS
    for example in EXAMPLES:
        plan = load_plan(ROOT / "examples" / f"{example}.yaml")
        for style in builtin_styles():
            for theme in THEMES:
                documents[f"{example}-{style}-{theme}"] = render_docx(plan, style, theme=theme)
    from test_docx_wrapper import wrapped

    documents["wrapped"] = wrapped()
    native = folder / "native.yaml"
    native.write_text("base: gongwen\nnumbering: native\n", encoding="utf-8")
    plan = load_plan(ROOT / "examples" / "xinghe-primary.yaml")
    documents["native"] = render_docx(plan, "standard", theme=native)
    return documents


def _pages(office_pdfs: dict[str, Pdf], name: str) -> tuple[list[list[Line]], Area]:
    if shutil.which("pdftotext") is None:
        pytest.skip("未安装 poppler-utils，跳过（apt-get install poppler-utils）")
    assert name in office_pdfs, f"LibreOffice 未能打开 {name}.docx"
    page = load_theme(name.rsplit("-", 1)[1]).page
    area = Area(
        page.margin_left_mm * PT_PER_MM,
        (page.width_mm - page.margin_left_mm - page.margin_right_mm) * PT_PER_MM,
    )
    footer_top = (page.height_mm - page.margin_bottom_mm) * PT_PER_MM + 2
    return page_lines(office_pdfs[name].path, footer_top), area


NAMES = [f"{e}-{s}-{t}" for e in EXAMPLES for s in builtin_styles() for t in THEMES]


@pytest.mark.parametrize("name", NAMES)
def test_no_widows_orphans_or_stranded_labels(office_pdfs: dict[str, Pdf], name: str) -> None:
    pages, area = _pages(office_pdfs, name)
    paragraphs = docx_paragraphs(DOCUMENTS[name])
    assert widows(pages, area, paragraphs) == []
    assert orphans(pages, area, paragraphs) == []
    assert stranded_labels(pages, paragraphs) == []


@pytest.mark.parametrize("name", [*NAMES, "wrapped", "native"])
def test_punctuation_stays_inside_the_type_area(office_pdfs: dict[str, Pdf], name: str) -> None:
    # Issue 12: 36 of 623 lines hung “。” or “，” past the right edge of the 版心. Measured in the
    # PDF of `render --to pdf` (the .docx handed over as plangen.docx.libreoffice writes it).
    pages, area = _pages(office_pdfs, name if name in NAMES else "xinghe-primary-standard-gongwen")
    if name not in NAMES:
        pages = page_lines(office_pdfs[name].path, (297 - 35) * PT_PER_MM + 2)
    assert overhanging(pages, area) == []


@pytest.mark.parametrize("name", NAMES)
def test_calendar_rows_never_start_a_page_without_their_time(
    office_pdfs: dict[str, Pdf], name: str
) -> None:
    # Issue 12: a page opened with three 行事历 rows whose 时间 cell was blank (the 十一月份 label
    # stayed on the page before). A month merged down its rows stays on one page with its label.
    pages, _ = _pages(office_pdfs, name)
    groups = table_groups(DOCUMENTS[name])
    assert groups, "行事历里没有按月份分组的行"
    assert unlabelled_rows(pages, groups) == []


def test_the_calendar_check_sees_a_group_split_across_pages() -> None:
    # The measure above can fail: rows of 十一月份 opening page 2 with the label left on page 1.
    groups = [
        ("十月份", ["国庆假期安全教育", "秋季体育节"]),
        ("十一月份", ["期中学业诊断", "校园科技节"]),
    ]
    page1 = [Line(80, 700, 120, 716, "十一月份"), Line(150, 700, 300, 716, "期中学业诊断")]
    page2 = [Line(150, 110, 300, 126, "校园科技节"), Line(80, 140, 120, 156, "十二月份")]
    assert unlabelled_rows([page1, page2], groups) == [(2, "校园科技节")]
    page2[1] = Line(80, 112, 120, 128, "十一月份")  # the label repeated beside the row
    assert unlabelled_rows([page1, page2], groups) == []


@pytest.mark.parametrize("name", NAMES)
def test_time_labels_never_wrap(office_pdfs: dict[str, Pdf], name: str) -> None:
    # “2026年3月30日” wrapped before 日 in a column of 26% of the width (issue 12): every label
    # prints as one whole line of its cell.
    pages, _ = _pages(office_pdfs, name)
    # A long label may break before its bracket (“第一至二周” / “（9月1日—9月14日）”), nowhere else.
    lines = {line.text.replace(" ", "") for page in pages for line in page}
    for label, _ in table_groups(DOCUMENTS[name]):
        at = label.find("（")
        whole = label in lines or (at > 0 and {label[:at], label[at:]} <= lines)
        assert whole, f"时间“{label}”在表格里折行了"


def _signature_lines(docx: bytes) -> list[str]:
    import io
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p")
            if p.find(f"{w}pPr/{w}pStyle").get(f"{w}val") == "PlanSignature"]  # fmt: skip


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith("gongwen")])
def test_signature_date_starts_two_characters_right_of_the_issuer(
    office_pdfs: dict[str, Pdf], name: str
) -> None:
    # GB/T 9704 §7.3.5.2, measured where LibreOffice set the lines (its digits are not half a
    # character wide, and it ignores autoSpaceDE/DN).
    pages, _ = _pages(office_pdfs, name)
    issuer, date = _signature_lines(DOCUMENTS[name])[-2:]  # the plan's (a 印发通知 has its own)
    # The page that holds the 落款: the last, or the one before when the 版记 stands alone.
    page = next(p for p in reversed(pages) if issuer in {ln.text.replace(" ", "") for ln in p})
    lines = {line.text.replace(" ", ""): line for line in page}
    start_issuer, start_date = lines[issuer].x0, lines[date].x0
    char = 16 - 0.3  # 三号, condensed 0.3 pt for 28 a line
    assert start_date - start_issuer == pytest.approx(2 * char, abs=1.5)
    area_right = (210 - 26) * PT_PER_MM
    assert area_right - lines[issuer].x1 == pytest.approx(2 * 16, abs=3)  # 右空二字


@pytest.mark.parametrize("name", NAMES)
def test_signature_and_attachment_note_never_open_a_page(
    office_pdfs: dict[str, Pdf], name: str
) -> None:
    # The 附件说明 and the 落款 stay on a page with text of the plan above them (GB/T 9704
    # §7.3.4, §7.3.5: they stand under the text), never alone at the top of the last page.
    pages, _ = _pages(office_pdfs, name)
    issuer = _signature_lines(DOCUMENTS[name])[-2]
    number, texts = next(
        (n, texts)
        for n, texts in reversed(list(enumerate(([ln.text.replace(" ", "") for ln in page] for page in pages), 1)))
        if issuer in texts
    )  # fmt: skip
    at = (
        len(texts) - 1 - texts[::-1].index(issuer)
    )  # the plan's 落款 (the issuer may head the title)
    notes = ("附件", "1.", "2.", "3.", "4.", "5.")
    assert [t for t in texts[:at] if not t.startswith(notes)], f"第 {number} 页以落款或附件说明开头"


def test_wrapped_notice_then_plan_on_page_two(office_pdfs: dict[str, Pdf]) -> None:
    _pages(office_pdfs, "xinghe-primary-standard-gongwen")
    pdf = office_pdfs["wrapped"]
    assert pdf.pages == 2
    first = "".join(pdf.text(1).split())
    second = "".join(pdf.text(2).split())
    assert first.startswith("青岚县柳溪中心小学文件柳小发〔2020〕5号关于印发")
    assert second.startswith("柳溪中心小学2019—2020学年第二学期学校工作计划——")
    assert "抄送：县教育局，县教研室。" in second and "2020年3月23日印发" in second
    # The 版记 at the foot of the last (even) page: its 印发 line on the type area's bottom edge,
    # far below the 落款 (LibreOffice set it in the text flow under the 落款 before).
    lines = page_lines(pdf.path, (297 - 35) * PT_PER_MM + 2)[-1]
    texts = [line.text.replace(" ", "") for line in lines]
    assert texts[-3:] == ["抄送：县教育局，县教研室。", "柳溪中心小学办公室", "2020年3月23日印发"]
    assert lines[-1].y1 == pytest.approx((297 - 35) * PT_PER_MM, abs=3)
    assert lines[-3].y0 - lines[texts.index("2020年3月23日")].y1 > 100  # the gap above the 版记


def test_native_numbering_prints_the_ladder(office_pdfs: dict[str, Pdf]) -> None:
    _pages(office_pdfs, "xinghe-primary-standard-gongwen")
    pdf = office_pdfs["native"]
    text = "\n".join(pdf.text(n) for n in range(1, pdf.pages + 1))
    lines = [line.strip() for line in text.splitlines()]
    for heading in ("一、指导思想", "二、工作目标", "三、重点任务与措施", "（一）党建工作", "1.抓实政治理论学习",
                    "2.打造“星光先锋”党建品牌", "（二）德育工作"):  # fmt: skip
        assert heading in lines, heading
    assert (
        lines.index("（一）党建工作")
        < lines.index("1.抓实政治理论学习")
        < lines.index("（二）德育工作")
    )


def test_the_page_checks_see_through_bullets_and_wrapped_colons() -> None:
    """The checks' own helpers: a page ending with a label paragraph is caught, one ending with a
    line that merely breaks after a colon (“……考核（责任：”) is not; a bulleted item's first line
    is joined to its next line without the bullet glyph Word draws."""
    from pdf_lines import Line

    def line(text: str) -> Line:
        return Line(0, 0, 100, 10, text)

    paragraphs = [
        "行动项：",
        "督导结果纳入学校年度考核（责任：教育督导室）。",
        "提升素养：依托平台分批培训。",
    ]
    label = [[line("正文。"), line("行动项：")], [line("下一页")]]
    wrapped = [[line("督导结果纳入学校年度考核（责任：")], [line("教育督导室）。")]]
    assert stranded_labels(label, paragraphs) == [(1, "行动项：")]
    assert stranded_labels(wrapped, paragraphs) == []
    area = Area(0, 100)
    bullet = [[line("正文。"), line("•提升素养：依托平台"), line("分批")], [line("培训。")]]
    assert orphans(bullet, area, paragraphs) == []
    alone = [[line("正文。"), line("•提升素养：依托平台")], [line("分批培训。")]]
    assert orphans(alone, area, paragraphs) == [(1, "•提升素养：依托平台")]
