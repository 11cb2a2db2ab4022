"""Layout details of the plan .docx that a school office would otherwise fix by hand."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml.ns import qn

from plangen import load_plan
from plangen.pipeline.document import render_docx

ROOT = Path(__file__).resolve().parents[1]


def _document(example: str, style: str = "standard") -> docx.document.Document:
    plan = load_plan(ROOT / "examples" / example)
    return docx.Document(io.BytesIO(render_docx(plan, style)))


def test_long_title_breaks_after_the_school_name():
    doc = _document("xinghe-primary.yaml")
    title, doc_number = doc.paragraphs[:2]
    # The 文号 stands above the title (GB/T 9704 版头): in a frame at the top of the type area,
    # written after the title so that readers such as pandoc find the title first.
    assert doc_number.text == "星小发〔2025〕12号"
    frame = doc_number._p.pPr.find(qn("w:framePr"))
    assert frame is not None and (frame.get(qn("w:vAnchor")), frame.get(qn("w:y"))) == (
        "margin",
        "0",
    )
    assert title.text == "青岚县星河实验小学\n2025—2026学年工作计划"
    assert len(title._p.findall(".//" + qn("w:br"))) == 1


def test_schedule_months_span_their_rows_as_merged_cells():
    doc = _document("xinghe-primary.yaml")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "时间")
    merges = []
    for row in table.rows[1:]:
        tc = row._tr.findall(qn("w:tc"))[0]
        vmerge = tc.find(qn("w:tcPr")).find(qn("w:vMerge"))
        merges.append(None if vmerge is None else (vmerge.get(qn("w:val")) or "continue"))
    # 八、九月份 has four items: one restart and three continuations
    assert merges[:4] == ["restart", "continue", "continue", "continue"]
    assert merges[4] == "restart"  # 十月份 starts a new group


def test_department_column_keeps_names_on_one_line():
    doc = _document("xinghe-primary.yaml")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "时间")
    widths = [
        int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    ]
    char_tw = 14 * 20  # table text is 四号 (14 pt) in the gongwen theme
    longest = max(len(row.cells[2].text) for row in table.rows)
    assert widths[2] >= longest * char_tw + 216
    assert widths[1] > widths[0] and widths[1] > widths[2]


def test_traditional_docx_converts_text_metadata_and_fonts(tmp_path):
    from typer.testing import CliRunner

    from plangen.cli.app import app

    result = CliRunner().invoke(
        app,
        [
            "render",
            str(ROOT / "examples" / "bureau-2026.yaml"),
            "--to",
            "docx",
            "--script",
            "hant",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    path = next(tmp_path.glob("*.docx"))
    assert path.name == "青嵐縣教體局-2026年度-standard.docx"
    doc = docx.Document(str(path))
    assert doc.core_properties.title == "青嵐縣教育和體育局2026年教育督導工作計劃"
    assert doc.core_properties.author == "青嵐縣教育和體育局"

    def east_asian(p, r):  # the run's own font, else its paragraph style's (fonts live in styles)
        return r._r.find(qn("w:rPr")).find(qn("w:rFonts")).get(
            qn("w:eastAsia")
        ) or p.style.element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))

    body_fonts = {
        east_asian(p, r) for p in doc.paragraphs if p.style.name == "计划正文" for r in p.runs
    }
    assert body_fonts == {"仿宋"}  # 仿宋_GB2312 has no Traditional glyphs
    assert doc.paragraphs[-1].text == "2026年1月20日"
    assert doc.paragraphs[-2].text == "青嵐縣教育和體育局"
    assert [p.style.name for p in doc.paragraphs[-2:]] == ["落款", "落款"]


def test_signature_never_stands_alone_on_a_page():
    doc = _document("bureau-2026.yaml", "collab")
    paragraphs = doc.paragraphs
    assert [p.style.name for p in paragraphs[-2:]] == ["落款", "落款"]

    def keeps_with_next(p) -> bool:
        return p._p.pPr is not None and p._p.pPr.find(qn("w:keepNext")) is not None

    assert keeps_with_next(paragraphs[-3])  # the last paragraph of the text goes with the 落款
    assert keeps_with_next(paragraphs[-2])  # issuer stays with the date
    assert not keeps_with_next(paragraphs[-1])
