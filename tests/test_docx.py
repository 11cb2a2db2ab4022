"""Markdown → .docx under the gongwen and plain themes: what a user sees when opening the file."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plangen.docx.theme import builtin_theme_dir, load_theme
from plangen.docx.writer import DocMeta, markdown_to_docx
from plangen.errors import InputError, PlangenError, UsageError

FIXTURE = """\
# 青城中心小学2025—2026学年工作计划

青小发〔2025〕3号

## 一、指导思想

坚持立德树人根本任务，**全面落实**“双减”政策，推进*素质教育*，办好人民满意的教育。

## 二、重点工作

### （一）德育工作

**1.主题教育**。每月开展一次主题教育活动，
学生行为规范达标率达到98%以上。

#### 1.安全教育

##### （1）演练安排

3. 开学安全大检查
4. 消防疏散演练
   - 每学期两次
   - 全员参加

- 家长会
- 家访活动

| 月份 | 工作内容 | 负责部门 |
|:---:|---|:---:|
| 9月 | 开学安全大检查 | 安全办 |
| 10月 | 秋季运动会 | 体育组 |

> 学校发展，教师为本。

行内 `code` 与 [链接文字](https://example.com) 和 ![校园图片](a.png) <b>原样</b>

```
代码第一行
  第二行
```

---

高青县青城学区中心小学

2025年9月10日
"""

META = DocMeta(
    title="青城中心小学2025—2026学年工作计划",
    author="青城中心小学",
    date=datetime.date(2025, 9, 10),
    signature=("高青县青城学区中心小学", "2025年9月10日"),
    doc_number="青小发〔2025〕3号",
)


@pytest.fixture(scope="module", params=["gongwen", "plain"])
def theme_name(request: pytest.FixtureRequest) -> str:
    return request.param


def build(theme: str, markdown: str = FIXTURE, meta: DocMeta = META) -> bytes:
    return markdown_to_docx(markdown, load_theme(theme), meta)


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def gongwen() -> docx.document.Document:
    return open_docx(build("gongwen"))


@pytest.fixture(scope="module")
def plain() -> docx.document.Document:
    return open_docx(build("plain"))


# --- helpers reading the document as Word would ----------------------------------------------


def styles_by_id(doc: docx.document.Document) -> dict[str, object]:
    return {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}


def style_chain(doc: docx.document.Document, style_id: str | None) -> list:
    """Returns the style elements from `style_id` up its basedOn chain (Normal last)."""
    by_id = styles_by_id(doc)
    chain = []
    current = by_id.get(style_id or "Normal")
    while current is not None and current not in chain:
        chain.append(current)
        based = current.find(qn("w:basedOn"))
        current = by_id.get(based.get(qn("w:val"))) if based is not None else None
    return chain


def p_style_id(p) -> str | None:
    el = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return el.get(qn("w:val")) if el is not None else None


def effective_ppr(doc, p, tag: str, attr: str) -> str | None:
    """Returns attr of pPr/tag from the paragraph, else from its style chain, else None."""
    el = p.find(f"{qn('w:pPr')}/{qn(tag)}")
    if el is not None and el.get(qn(attr)) is not None:
        return el.get(qn(attr))
    for style in style_chain(doc, p_style_id(p)):
        el = style.find(f"{qn('w:pPr')}/{qn(tag)}")
        if el is not None and el.get(qn(attr)) is not None:
            return el.get(qn(attr))
    return None


def effective_rpr(doc, style_id: str, tag: str, attr: str = "w:val") -> str | None:
    for style in style_chain(doc, style_id):
        el = style.find(f"{qn('w:rPr')}/{qn(tag)}")
        if el is not None:
            return el.get(qn(attr), "1")
    return None


def east_asian_font(doc, p) -> str | None:
    """Returns the East Asian font of the paragraph's first run (run, else style chain)."""
    r = p.find(qn("w:r"))
    if r is not None:
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
    return effective_rpr(doc, p_style_id(p), "w:rFonts", "w:eastAsia")


def size_pt(doc, p) -> float:
    return int(effective_rpr(doc, p_style_id(p), "w:sz")) / 2


def is_bold(doc, p) -> bool:
    value = effective_rpr(doc, p_style_id(p), "w:b")
    return value not in (None, "0", "false")


def body_paragraphs(doc) -> list:
    return doc.element.body.findall(qn("w:p"))


def text_of(p) -> str:
    return docx.text.paragraph.Paragraph(p, None).text


def find_p(doc, text: str):
    for p in body_paragraphs(doc):
        if text_of(p) == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


def table_paragraphs(doc) -> list:
    return [p for tbl in doc.element.body.findall(qn("w:tbl")) for p in tbl.iter(qn("w:p"))]


# --- page ----------------------------------------------------------------------------------------


def test_gongwen_page_is_a4_with_gbt9704_margins_and_22x28_grid(gongwen) -> None:
    sec = gongwen.sections[0]
    assert (sec.page_width, sec.page_height) == (Mm(210), Mm(297)) or (
        abs(sec.page_width.mm - 210) < 0.1 and abs(sec.page_height.mm - 297) < 0.1
    )
    for got, want in (
        (sec.top_margin, 37),
        (sec.bottom_margin, 35),
        (sec.left_margin, 28),
        (sec.right_margin, 26),
    ):
        assert abs(got.mm - want) < 0.1
    grid = sec._sectPr.find(qn("w:docGrid"))
    # 22 lines by the line grid; 28 characters by condensing Normal text, which Word, WPS and
    # LibreOffice all honour (LibreOffice cannot squeeze characters into a linesAndChars grid).
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"
    normal = gongwen.styles["Normal"].element.rPr
    condensed = int(normal.find(qn("w:spacing")).get(qn("w:val")))
    # 28 condensed 16 pt characters fit the 156 mm type area, 29 would not
    width = 156 / 25.4 * 1440
    assert condensed < 0 and 28 * (16 * 20 + condensed) <= width < 29 * (16 * 20 + condensed)
    # 22 lines fill the 225 mm type area; 23 would not fit.
    pitch_mm = 579 / 1440 * 25.4
    assert 22 * pitch_mm <= 225 < 23 * pitch_mm


def test_plain_page_is_a4_with_normal_margins_and_no_character_grid(plain) -> None:
    sec = plain.sections[0]
    assert abs(sec.page_width.mm - 210) < 0.1 and abs(sec.page_height.mm - 297) < 0.1
    assert abs(sec.top_margin.mm - 25.4) < 0.1 and abs(sec.left_margin.mm - 31.8) < 0.1
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid is None or grid.get(qn("w:type")) in (None, "default")


# --- fonts and styles ---------------------------------------------------------------------------


def test_gongwen_fonts_and_sizes_follow_gbt9704(gongwen) -> None:
    body = find_p(
        gongwen, "坚持立德树人根本任务，全面落实“双减”政策，推进素质教育，办好人民满意的教育。"
    )
    assert east_asian_font(gongwen, body) == "仿宋_GB2312" and size_pt(gongwen, body) == 16
    expected = {
        "青城中心小学2025—2026学年工作计划": ("方正小标宋简体", 22),
        "一、指导思想": ("黑体", 16),
        "（一）德育工作": ("楷体_GB2312", 16),
        "1.安全教育": ("仿宋_GB2312", 16),
        "（1）演练安排": ("仿宋_GB2312", 16),
    }
    for text, (font, size) in expected.items():
        p = find_p(gongwen, text)
        assert (east_asian_font(gongwen, p), size_pt(gongwen, p)) == (font, size), text
        assert not is_bold(gongwen, p), text
    title = find_p(gongwen, "青城中心小学2025—2026学年工作计划")
    assert effective_ppr(gongwen, title, "w:jc", "w:val") == "center"
    for p in table_paragraphs(gongwen):
        assert east_asian_font(gongwen, p) == "仿宋_GB2312"
        assert size_pt(gongwen, p) < 16  # smaller type in tables


def test_plain_fonts_spacing(plain) -> None:
    body = find_p(
        plain, "坚持立德树人根本任务，全面落实“双减”政策，推进素质教育，办好人民满意的教育。"
    )
    assert east_asian_font(plain, body) == "宋体" and size_pt(plain, body) == 12
    assert effective_ppr(plain, body, "w:spacing", "w:line") == "360"  # 1.5 lines
    assert effective_ppr(plain, body, "w:spacing", "w:lineRule") == "auto"
    for text in ("一、指导思想", "（一）德育工作", "1.安全教育"):
        assert east_asian_font(plain, find_p(plain, text)) == "黑体"


def test_gongwen_body_has_exact_grid_line_spacing(gongwen) -> None:
    body = find_p(
        gongwen, "坚持立德树人根本任务，全面落实“双减”政策，推进素质教育，办好人民满意的教育。"
    )
    assert effective_ppr(gongwen, body, "w:spacing", "w:line") == "579"
    assert effective_ppr(gongwen, body, "w:spacing", "w:lineRule") == "exact"


def test_every_style_and_run_names_its_east_asian_font_and_no_theme_fonts(theme_name) -> None:
    data = build(theme_name)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        styles = zf.read("word/styles.xml").decode()
        parts = {n: zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml")}
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        for name, xml in parts.items():
            assert f"w:{attr}" not in xml, (attr, name)
    doc = open_docx(data)
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "numbering" or style.get(qn("w:styleId")) == (
            "DefaultParagraphFont"
        ):
            continue  # carry no character formatting by definition
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")), style.get(qn("w:styleId"))
        assert fonts.get(qn("w:ascii")) and fonts.get(qn("w:hAnsi"))
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia"))
    # With fonts_on_runs (the option for WPS and old Word) every run names its fonts as well.
    runs_theme = load_theme(theme_name).model_copy(update={"fonts_on_runs": True})
    runs = list(open_docx(markdown_to_docx(FIXTURE, runs_theme, META)).element.body.iter(qn("w:r")))
    assert runs
    for r in runs:
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:ascii"))
    assert "w:eastAsia" in styles


def test_paragraphs_use_real_named_styles(gongwen) -> None:
    names = {p.style.name for p in gongwen.paragraphs}
    assert {
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Heading 4",
        "计划正文",
        "计划列表",
        "落款",
        "文号",
    } <= names
    assert all(p_style_id(p) for p in body_paragraphs(gongwen))
    heading1 = gongwen.styles["Heading 1"].element
    assert heading1.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "0"
    assert heading1.find(f"{qn('w:rPr')}/{qn('w:color')}") is None  # no blue Word heading


def test_bold_and_italic_survive_as_run_properties(gongwen) -> None:
    body = find_p(
        gongwen, "坚持立德树人根本任务，全面落实“双减”政策，推进素质教育，办好人民满意的教育。"
    )
    runs = docx.text.paragraph.Paragraph(body, None).runs
    assert [r.text for r in runs if r.bold] == ["全面落实"]
    assert [r.text for r in runs if r.italic] == ["素质教育"]
    lead = find_p(gongwen, "1.主题教育。每月开展一次主题教育活动，学生行为规范达标率达到98%以上。")
    assert docx.text.paragraph.Paragraph(lead, None).runs[0].bold


# --- indents ---------------------------------------------------------------------------------


def test_first_line_indent_on_body_only(theme_name) -> None:
    doc = open_docx(build(theme_name))
    size = 16 if theme_name == "gongwen" else 12
    body = find_p(
        doc, "坚持立德树人根本任务，全面落实“双减”政策，推进素质教育，办好人民满意的教育。"
    )
    assert effective_ppr(doc, body, "w:ind", "w:firstLineChars") == "200"
    assert effective_ppr(doc, body, "w:ind", "w:firstLine") == str(2 * size * 20)
    normal = styles_by_id(doc)["Normal"]
    assert normal.find(f"{qn('w:pPr')}/{qn('w:ind')}") is None
    for p in table_paragraphs(doc):
        assert effective_ppr(doc, p, "w:ind", "w:firstLineChars") in (None, "0")
        assert effective_ppr(doc, p, "w:ind", "w:firstLine") in (None, "0")
    for part in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        for p in part._element.iter(qn("w:p")):
            assert effective_ppr(doc, p, "w:ind", "w:firstLine") in (None, "0")
            assert effective_ppr(doc, p, "w:ind", "w:firstLineChars") in (None, "0")


def test_gongwen_headings_start_two_characters_in(gongwen) -> None:
    for text in ("一、指导思想", "（一）德育工作", "1.安全教育", "（1）演练安排"):
        assert effective_ppr(gongwen, find_p(gongwen, text), "w:ind", "w:firstLineChars") == "200"


# --- page numbers ------------------------------------------------------------------------------


def footer_text_and_field(part) -> tuple[str, list[str]]:
    ftr = part._element
    text = "".join(t.text or "" for t in ftr.iter(qn("w:t")))
    instr = [i.text.strip() for i in ftr.iter(qn("w:instrText"))]
    instr += [f.get(qn("w:instr")).strip() for f in ftr.iter(qn("w:fldSimple"))]
    return text, instr


def test_gongwen_page_numbers_odd_right_even_left_with_dashes(gongwen) -> None:
    assert gongwen.settings.odd_and_even_pages_header_footer
    sec = gongwen.sections[0]
    for part, side in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        assert not part.is_linked_to_previous
        text, instr = footer_text_and_field(part)
        assert instr == ["PAGE"]
        assert re.fullmatch(r"\u2014 1 \u2014", text)  # cached value between the 一字线
        assert part._element.findall(f".//{qn('w:fldChar')}")
        p = part._element.find(qn("w:p"))
        assert p.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == side
        ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        assert ind.get(qn(f"w:{side}Chars")) == "100" and ind.get(qn(f"w:{side}")) == "280"
        assert east_asian_font(gongwen, p) == "宋体" and size_pt(gongwen, p) == 14


def test_plain_page_numbers_centred(plain) -> None:
    assert not plain.settings.odd_and_even_pages_header_footer
    text, instr = footer_text_and_field(plain.sections[0].footer)
    assert instr == ["PAGE"] and "1" in text
    p = plain.sections[0].footer._element.find(qn("w:p"))
    assert effective_ppr(plain, p, "w:jc", "w:val") == "center"


# --- tables --------------------------------------------------------------------------------------


def test_tables_have_borders_repeated_bold_header_and_markdown_cells(theme_name) -> None:
    doc = open_docx(build(theme_name))
    (table,) = doc.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["月份", "工作内容", "负责部门"],
        ["9月", "开学安全大检查", "安全办"],
        ["10月", "秋季运动会", "体育组"],
    ]
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])
    head = rows[0].find(f".//{qn('w:p')}")
    assert is_bold(doc, head)
    assert not is_bold(doc, rows[1].find(f".//{qn('w:p')}"))
    borders = table._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.find(qn(f"w:{side}"))
        assert el.get(qn("w:val")) == "single" and el.get(qn("w:sz")) == "4"  # 0.5 pt
    # single spacing in cells
    assert effective_ppr(doc, head, "w:spacing", "w:line") == "240"
    # column alignment from the Markdown (:---: centres)
    cell = rows[1].findall(qn("w:tc"))[0].find(qn("w:p"))
    assert effective_ppr(doc, cell, "w:jc", "w:val") == "center"


def test_adjacent_tables_stay_two_tables() -> None:
    md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n| c | d |\n|---|---|\n| 3 | 4 |\n"
    doc = open_docx(build("gongwen", md, DocMeta(title="t")))
    assert len(doc.tables) == 2
    body = list(doc.element.body)
    first = body.index(doc.tables[0]._tbl)
    assert body[first + 1].tag == qn("w:p")


# --- text fidelity -----------------------------------------------------------------------------


def expected_paragraphs(markdown: str) -> list[str]:
    """Returns the paragraph texts a reader expects, read off markdown-it tokens.

    Headings and paragraphs give their inline text (soft breaks between Chinese vanish, hard
    breaks are line breaks), list items are prefixed with their number ("3.") or nothing for
    gongwen's empty bullet, code blocks keep their lines; tables are checked separately.
    """
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    out: list[str] = []
    lists: list[list] = []
    pending = None
    in_table = False
    for tok in tokens:
        if tok.type in ("table_open", "table_close"):
            in_table = tok.type == "table_open"
        elif tok.type == "ordered_list_open":
            lists.append([True, int(tok.attrs.get("start", 1))])
        elif tok.type == "bullet_list_open":
            lists.append([False, 0])
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif tok.type == "list_item_open":
            if lists[-1][0]:
                pending = f"{lists[-1][1]}{tok.markup}"
                lists[-1][1] += 1
            else:
                pending = ""
        elif tok.type == "inline" and not in_table:
            text = ""
            for child in tok.children:
                if child.type in ("text", "code_inline", "html_inline"):
                    text += child.content
                elif child.type == "image":
                    text += "".join(c.content for c in child.children)
                elif child.type == "hardbreak":
                    text += "\n"
            out.append((pending or "") + text)
            pending = None
        elif tok.type == "fence":
            out.append(tok.content.rstrip("\n"))
    return out


def test_document_text_equals_markdown_text_paragraph_by_paragraph(theme_name) -> None:
    doc = open_docx(build(theme_name, meta=DocMeta(title="t")))
    got = [text_of(p) for p in body_paragraphs(doc) if text_of(p)]
    want = expected_paragraphs(FIXTURE)  # bullets are Word list numbering in both themes
    assert got == want


def test_list_numbers_are_kept_and_nested_lists_indent(plain) -> None:
    # plain (lists.wrap: hanging) indents nested lists; gongwen keeps GB/T 9704's 回行顶格
    # (test_docx_print.py: test_gongwen_wrapped_list_lines_return_to_the_margin).
    third = find_p(plain, "3.开学安全大检查")
    fourth = find_p(plain, "4.消防疏散演练")
    nested = find_p(plain, "每学期两次")
    left = [int(effective_ppr(plain, p, "w:ind", "w:left") or 0) for p in (third, fourth, nested)]
    assert left[0] == left[1] < left[2]


def test_item_that_starts_with_a_nested_list_keeps_its_number() -> None:
    doc = open_docx(build("gongwen", "3. - 甲\n   - 乙\n4. 丙\n", DocMeta(title="t")))
    assert [text_of(p) for p in body_paragraphs(doc)] == ["3.", "甲", "乙", "4.丙"]


def test_signature_and_date_are_right_aligned_per_gbt9704(gongwen) -> None:
    issuer, date = body_paragraphs(gongwen)[-2:]
    assert (text_of(issuer), text_of(date)) == ("高青县青城学区中心小学", "2025年9月10日")
    assert effective_ppr(gongwen, issuer, "w:jc", "w:val") == "right"
    for p in (issuer, date):
        assert effective_ppr(gongwen, p, "w:ind", "w:firstLine") in (None, "0")
    right_issuer = int(effective_ppr(gongwen, issuer, "w:ind", "w:rightChars")) / 100
    assert right_issuer == 2  # 右空二字
    # The date's first character sits 2 characters right of the issuer's first character. The date
    # is set from the left (issue 12: its digits' width must not move it), in twips: a character
    # of 三号 is 320 twips less the 6 that gongwen's 28-a-line condensing takes off.
    assert effective_ppr(gongwen, date, "w:jc", "w:val") == "left"
    type_width, pitch = 11906 - 1587 - 1474, 320 - 6
    start_issuer = type_width - 640 - 11 * pitch
    assert int(effective_ppr(gongwen, date, "w:ind", "w:left")) == round(start_issuer + 2 * pitch)
    # One empty line between the body and the signature.
    assert int(effective_ppr(gongwen, issuer, "w:spacing", "w:before")) == 579


def test_signature_written_as_one_paragraph_with_a_line_break() -> None:
    md = "正文。\n\n高青县教育和体育局  \n2025年9月10日\n"
    meta = DocMeta(title="t", signature=("高青县教育和体育局", "2025年9月10日"))
    doc = open_docx(build("gongwen", md, meta))
    issuer, date = body_paragraphs(doc)[-2:]
    assert (text_of(issuer), text_of(date)) == ("高青县教育和体育局", "2025年9月10日")
    assert all(p_style_id(p) == "PlanSignature" for p in (issuer, date))


def test_long_date_moves_the_issuer_in() -> None:
    md = "正文。\n\n办公室\n\n2025年12月31日\n"
    meta = DocMeta(title="t", signature=("办公室", "2025年12月31日"))
    doc = open_docx(build("gongwen", md, meta))
    issuer, date = body_paragraphs(doc)[-2:]
    right = [int(effective_ppr(doc, p, "w:ind", "w:rightChars")) / 100 for p in (issuer, date)]
    assert right[1] == 2  # the longer date goes 2 characters from the right
    assert (right[0] + 3) - (right[1] + 7) == pytest.approx(2)


def test_doc_number_is_centred(gongwen) -> None:
    p = find_p(gongwen, "青小发〔2025〕3号")
    assert effective_ppr(gongwen, p, "w:jc", "w:val") == "center"
    assert effective_ppr(gongwen, p, "w:ind", "w:firstLineChars") in (None, "0")


def test_odd_markdown_keeps_its_text() -> None:
    md = (
        'Setext 标题\n===\n\n* [链接](http://x "t") <span>HTML</span> &amp; &copy;\n'
        "  1. 深层\n     - 更深\n\n<div>\n原样 HTML\n</div>\n\n    缩进代码\n\n"
        "> > 嵌套引用\n\n行尾硬换行  \n第二行\\\n第三行\n\n***\n\n![](empty.png)\n"
    )
    doc = open_docx(build("gongwen", md, DocMeta(title="t")))
    text = "\n".join(text_of(p) for p in body_paragraphs(doc))
    for piece in (
        "Setext 标题",
        "链接",
        "<span>HTML</span>",
        "& ©",
        "深层",
        "更深",
        "<div>\n原样 HTML\n</div>",
        "缩进代码",
        "嵌套引用",
        "行尾硬换行\n第二行\n第三行",
    ):
        assert piece in text


def test_empty_markdown_gives_a_valid_document() -> None:
    doc = open_docx(build("gongwen", "", DocMeta(title="空")))
    assert len(body_paragraphs(doc)) == 1


# --- reproducibility and core properties ------------------------------------------------------


def test_same_input_gives_identical_bytes_and_no_clock(theme_name) -> None:
    first = build(theme_name)
    assert build(theme_name) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.testzip() is None
        for info in zf.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert b"python-docx" not in zf.read(info).lower()
        assert "docProps/thumbnail.jpeg" not in zf.namelist()


def test_core_properties_come_from_meta(gongwen) -> None:
    core = gongwen.core_properties
    assert core.title == META.title
    assert core.author == "青城中心小学" and core.last_modified_by == "青城中心小学"
    utc = datetime.UTC
    assert core.created == datetime.datetime(2025, 9, 10, tzinfo=utc)
    assert core.modified == datetime.datetime(2025, 9, 10, tzinfo=utc)
    assert core.revision == 1
    assert core.comments == ""


def test_missing_date_gives_fixed_2000_01_01() -> None:
    core = open_docx(build("plain", "正文", DocMeta(title="t"))).core_properties
    assert core.created == datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def test_traditional_output_swaps_gb2312_fonts() -> None:
    gongwen = load_theme("gongwen")
    assert gongwen.for_script("hans") is gongwen
    hant = gongwen.for_script("hant-tw")
    assert hant.styles.normal.font == "仿宋" and hant.styles.heading2.font == "楷体"
    assert hant.styles.title.font == "方正小标宋_GBK" and hant.styles.heading1.font == "黑体"
    doc = open_docx(markdown_to_docx("# 標題\n\n正體中文", hant, DocMeta(title="t")))
    assert east_asian_font(doc, find_p(doc, "正體中文")) == "仿宋"


def test_traditional_language_is_marked() -> None:
    data = build("gongwen", "正體中文", DocMeta(title="t", language="zh-TW"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert 'w:eastAsia="zh-TW"' in zf.read("word/styles.xml").decode()
    assert open_docx(data).core_properties.language == "zh-TW"


# --- themes ------------------------------------------------------------------------------------


def test_builtin_themes_are_found() -> None:
    assert {"gongwen.yaml", "plain.yaml"} <= {p.name for p in builtin_theme_dir().iterdir()}


def test_user_theme_overrides_a_builtin(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_text(
        "base: gongwen\nstyles:\n  heading3: {bold: true}\n  normal: {latin_font: Times New Roman}\n"
        "page_number: {placement: center}\nfonts_on_runs: true\n",
        encoding="utf-8",
    )
    theme = load_theme(path)
    assert theme.name == "school" and theme.page.margin_top_mm == 37
    doc = open_docx(markdown_to_docx(FIXTURE, theme, META))
    assert is_bold(doc, find_p(doc, "1.安全教育"))
    body = find_p(
        doc, "坚持立德树人根本任务，全面落实“双减”政策，推进素质教育，办好人民满意的教育。"
    )
    fonts = body.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert not doc.settings.odd_and_even_pages_header_footer


def test_fonts_on_runs_false_leaves_fonts_to_the_styles(tmp_path: Path) -> None:
    path = tmp_path / "styles-only.yaml"
    path.write_text("base: plain\nfonts_on_runs: false\n", encoding="utf-8")
    doc = open_docx(markdown_to_docx(FIXTURE, load_theme(path), META))
    for r in doc.element.body.iter(qn("w:r")):
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is None or fonts.get(qn("w:eastAsia")) is None
    assert east_asian_font(doc, find_p(doc, "一、指导思想")) == "黑体"  # from the style


def test_bad_theme_files_are_reported_in_chinese_with_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("base: gongwen\nstyles:\n  body:\n    fisrt_line_chars: 2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_theme(path)
    problem = info.value.problems[0]
    assert (problem.line, problem.path) == (4, "styles.body.fisrt_line_chars")
    assert problem.message == "未知字段“fisrt_line_chars”，是否想写“first_line_chars”？"
    path.write_text("page:\n  margin_top_mm: 三十七\n", encoding="utf-8")
    with pytest.raises(InputError, match="应为数字"):
        load_theme(path)
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(InputError, match="重复的键"):
        load_theme(path)
    with pytest.raises(UsageError, match="gongwen"):
        load_theme("nonexistent")
    with pytest.raises(PlangenError, match="找不到主题文件"):
        load_theme(tmp_path / "missing.yaml")


# --- any Markdown ------------------------------------------------------------------------------

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _literal_html(renderer, tokens, idx, options, env) -> str:
    return html_escape(tokens[idx].content)


def markdown_plain_text(markdown: str) -> str:
    """Returns markdown-it's own rendering of `markdown` as plain text (raw HTML as literal text)."""
    md = MarkdownIt("commonmark").enable("table")
    md.add_render_rule("html_block", _literal_html)
    md.add_render_rule("html_inline", _literal_html)
    parser = _TextOnly()
    parser.feed(md.render(markdown))
    parser.close()
    return "".join(parser.parts)


def _visible(text: str) -> str:
    return "".join(ch for ch in _XML_INVALID.sub("", text) if not ch.isspace())


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needle)


_MARKDOWNISH = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("#*_`|->+[]()!\\<&;:.1234567890 \n\n\t一、（）“”中文学校，。")),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKDOWNISH)
def test_any_markdown_converts_and_keeps_every_visible_character(markdown: str) -> None:
    meta = DocMeta(
        title=markdown[:20], author="甲", signature=("甲", "2025年9月10日"), doc_number="一"
    )
    data = markdown_to_docx(markdown, load_theme("gongwen"), meta)
    doc = open_docx(data)
    got = _visible("".join(t.text or "" for t in doc.element.body.iter(qn("w:t"))))
    assert _is_subsequence(_visible(markdown_plain_text(markdown)), got)
