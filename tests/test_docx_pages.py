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
    page_lines,
    split_groups,
    stranded_labels,
    table_groups,
    widows,
)

from plangen import load_plan
from plangen.docx.theme import load_theme
from plangen.pipeline.document import render_docx
from plangen.render.templates import builtin_styles

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ("xinghe-primary", "bureau-2026")
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


@pytest.mark.xfail(
    reason="LibreOffice 7.4 ignores keep-with-next in table rows (Word keeps them)", strict=False
)
@pytest.mark.parametrize("name", NAMES)
def test_calendar_month_groups_stay_with_their_label(
    office_pdfs: dict[str, Pdf], name: str
) -> None:
    _pages(office_pdfs, name)
    groups = table_groups(DOCUMENTS[name])
    pdf = office_pdfs[name]
    text = "".join("".join(pdf.text(n).split()) for n in range(1, pdf.pages + 1))
    for label, _ in groups:
        assert label in text, f"时间“{label}”在表格里折行了"
    assert split_groups([pdf.text(n) for n in range(1, pdf.pages + 1)], groups) == []


@pytest.mark.parametrize("name", NAMES)
def test_time_labels_never_wrap(office_pdfs: dict[str, Pdf], name: str) -> None:
    _pages(office_pdfs, name)
    pdf = office_pdfs[name]
    text = "".join("".join(pdf.text(n).split()) for n in range(1, pdf.pages + 1))
    for label, _ in table_groups(DOCUMENTS[name]):
        assert label in text, f"时间“{label}”在表格里折行了"


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
    issuer, date = _signature_lines(DOCUMENTS[name])
    lines = {line.text.replace(" ", ""): line for line in pages[-1]}
    start_issuer, start_date = lines[issuer].x0, lines[date].x0
    char = 16 - 0.3  # 三号, condensed 0.3 pt for 28 a line
    assert start_date - start_issuer == pytest.approx(2 * char, abs=1.5)
    area_right = (210 - 26) * PT_PER_MM
    assert area_right - lines[issuer].x1 == pytest.approx(2 * 16, abs=3)  # 右空二字


def test_wrapped_notice_then_plan_on_page_two(office_pdfs: dict[str, Pdf]) -> None:
    _pages(office_pdfs, "xinghe-primary-standard-gongwen")
    pdf = office_pdfs["wrapped"]
    assert pdf.pages == 2
    first = "".join(pdf.text(1).split())
    second = "".join(pdf.text(2).split())
    assert first.startswith("青岚县柳溪中心小学文件柳小发〔2020〕5号关于印发")
    assert second.startswith("柳溪中心小学2019—2020学年第二学期学校工作计划——")
    assert "抄送：县教育局，县教研室。" in second and "2020年3月23日印发" in second


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
