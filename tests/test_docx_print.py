"""What a 公文 reviewer and a Word user check in the .docx's XML (issue 12): page-break controls,
fonts that live in named styles, 行事历 groups kept together, wrapped list lines back at the margin."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from plangen import load_plan
from plangen.docx.theme import load_theme
from plangen.docx.writer import DocMeta, markdown_to_docx
from plangen.pipeline.document import render_docx
from plangen.render.templates import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEMES = ("gongwen", "plain")


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith(".xml")}


def style(styles: etree._Element, style_id: str) -> etree._Element:
    return next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id)


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


@pytest.fixture(
    scope="module",
    params=[
        (e, s, t)
        for e in ("xinghe-primary", "bureau-2026")
        for s in builtin_styles()
        for t in THEMES
    ],
    ids="-".join,
)
def rendered(request: pytest.FixtureRequest) -> dict[str, etree._Element]:
    example, style_name, theme = request.param
    return parts(
        render_docx(load_plan(ROOT / "examples" / f"{example}.yaml"), style_name, theme=theme)
    )


@pytest.mark.parametrize("theme", THEMES)
def test_normal_keeps_widow_control_and_punctuation_inside_the_type_area(theme: str) -> None:
    styles = parts(markdown_to_docx("正文。\n", load_theme(theme), DocMeta(title="t")))[
        "word/styles.xml"
    ]
    ppr = style(styles, "Normal").find(f"{W}pPr")
    widow = ppr.find(f"{W}widowControl")
    assert widow is not None and widow.get(f"{W}val") in (None, "1", "true")
    assert ppr.find(f"{W}overflowPunct").get(f"{W}val") == "0"
    for heading in ("Title", "Heading1", "Heading2", "Heading3", "Heading4"):
        ppr = style(styles, heading).find(f"{W}pPr")
        assert ppr.find(f"{W}keepNext") is not None and ppr.find(f"{W}keepLines") is not None, (
            heading
        )


def test_label_lines_keep_with_the_next_paragraph() -> None:
    md = "# 标题\n\n行动项：\n\n1. 第一项\n\n实施安排：\n\n正文一段。\n"
    body = parts(markdown_to_docx(md, load_theme("gongwen"), DocMeta(title="标题")))[
        "word/document.xml"
    ]
    keeps = {text(p): p.find(f"{W}pPr/{W}keepNext") is not None for p in body.iter(f"{W}p")}
    assert keeps["行动项："] and keeps["实施安排："]
    assert not keeps["正文一段。"]


def test_no_run_repeats_the_fonts_of_its_style(rendered: dict[str, etree._Element]) -> None:
    for r in rendered["word/document.xml"].iter(f"{W}r"):
        fonts = r.find(f"{W}rPr/{W}rFonts")
        assert fonts is None or not (set(fonts.attrib) - {f"{W}hint"}), etree.tostring(
            r, encoding=str
        )


def test_a_change_of_heading_1_in_styles_xml_changes_every_level_1_heading(
    rendered: dict[str, etree._Element],
) -> None:
    # What Word does on "modify style": it edits styles.xml only. Every heading 1 then takes the new
    # font, since no run names a font of its own.
    styles, body = rendered["word/styles.xml"], rendered["word/document.xml"]
    fonts = style(styles, "Heading1").find(f"{W}rPr/{W}rFonts")
    fonts.set(f"{W}eastAsia", "微软雅黑")
    headings = [
        p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"
    ]
    assert headings
    for p in headings:
        for r in p.iter(f"{W}r"):
            own = r.find(f"{W}rPr/{W}rFonts")
            assert own is None or own.get(f"{W}eastAsia") is None


def test_calendar_groups_keep_their_rows_together(rendered: dict[str, etree._Element]) -> None:
    for tbl in rendered["word/document.xml"].iter(f"{W}tbl"):
        rows = tbl.findall(f"{W}tr")
        for row, after in itertools.pairwise(rows):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
            merge = after.find(f"{W}tc/{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(f"{W}val") != "restart":  # `after` continues a group
                for p in row.iter(f"{W}p"):
                    assert p.find(f"{W}pPr/{W}keepNext") is not None, text(row)


STEPS = "# 标题\n\n1. 第一步\n   - 第二层的一步\n     - 第三层的一步\n2. 第二步\n"


def _list_paragraphs(theme: str) -> dict[str, etree._Element]:
    body = parts(markdown_to_docx(STEPS, load_theme(theme), DocMeta(title="标题")))[
        "word/document.xml"
    ]
    return {
        text(p): p
        for p in body.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "PlanList"
    }


def test_gongwen_wrapped_list_lines_return_to_the_margin_and_keep_their_bullets() -> None:
    items = _list_paragraphs("gongwen")
    assert list(items) == ["1.第一步", "第二层的一步", "第三层的一步", "2.第二步"]
    firsts = []
    for p in items.values():
        ind = p.find(f"{W}pPr/{W}ind")
        assert ind.get(f"{W}left") == "0" and ind.get(f"{W}hanging") is None  # 回行顶格
        firsts.append(int(ind.get(f"{W}firstLineChars")))
    assert firsts == [200, 400, 600, 200]  # the level shows in the first line only
    bullets = [p.find(f"{W}pPr/{W}numPr") for p in items.values()]
    assert [b is not None for b in bullets] == [False, True, True, False]  # typed numbers stay text
    assert [b.find(f"{W}ilvl").get(f"{W}val") for b in bullets if b is not None] == ["1", "2"]


def test_plain_lists_hang_wrapped_lines_under_the_text() -> None:
    items = _list_paragraphs("plain")
    for p in items.values():
        ind = p.find(f"{W}pPr/{W}ind")
        assert int(ind.get(f"{W}hanging")) > 0 and int(ind.get(f"{W}left")) >= int(
            ind.get(f"{W}hanging")
        )


def test_plain_bullets_are_word_lists_not_typed_text() -> None:
    # Issue 12: the plain theme typed “• ” before each item. Its bullets are Word list numbering
    # now (numbering.xml), the text set at the hanging indent by a tab after the bullet, so
    # Word's list commands (indent, restyle, convert) work on them.
    got = parts(markdown_to_docx(STEPS, load_theme("plain"), DocMeta(title="标题")))
    items = _list_paragraphs("plain")
    assert not any(name.startswith("•") for name in items)
    bullets = {name: p.find(f"{W}pPr/{W}numPr") for name, p in items.items()}
    assert [bullets[n] is not None for n in items] == [False, True, True, False]
    level = got["word/numbering.xml"].find(f"{W}abstractNum/{W}lvl")
    assert level.find(f"{W}numFmt").get(f"{W}val") == "bullet"
    assert level.find(f"{W}lvlText").get(f"{W}val") == "•"
    assert level.find(f"{W}suff").get(f"{W}val") == "tab"
    first, second = (items[n].find(f"{W}pPr/{W}ind") for n in ("第二层的一步", "第三层的一步"))
    assert int(first.get(f"{W}left")) < int(second.get(f"{W}left"))  # deeper levels further in


def test_numbering_part_holds_the_bullets_and_no_leftovers() -> None:
    got = parts(markdown_to_docx(STEPS, load_theme("gongwen"), DocMeta(title="标题")))
    nums = got["word/numbering.xml"]
    assert [n.get(f"{W}numId") for n in nums.iter(f"{W}num")] == ["1"]
    assert nums.find(f"{W}abstractNum/{W}lvl/{W}lvlText").get(f"{W}val") == "•"
    assert got["word/styles.xml"].find(f"{W}latentStyles") is None
    fonts = {f.get(f"{W}name") for f in got["word/fontTable.xml"].iter(f"{W}font")}
    assert not fonts & {"ＭＳ 明朝", "ＭＳ ゴシック"}


def test_one_heading_style_per_level_and_run_ins_in_the_navigation_pane(
    rendered: dict[str, etree._Element],
) -> None:
    from plangen.docx.headings import ladder_level

    for p in rendered["word/document.xml"].iter(f"{W}p"):
        ppr = p.find(f"{W}pPr")
        style_id = ppr.find(f"{W}pStyle").get(f"{W}val")
        level = ladder_level(text(p))
        if style_id.startswith("Heading"):
            assert level in (0, int(style_id[-1])), (style_id, text(p))
        first = p.find(f"{W}r/{W}rPr/{W}rStyle")
        if first is not None:  # a run-in heading: the lead in its level's fonts, in the outline
            assert first.get(f"{W}val") == f"Heading{level}Char", text(p)
            assert ppr.find(f"{W}outlineLvl").get(f"{W}val") == str(level - 1)


def test_run_in_lead_takes_its_heading_fonts() -> None:
    md = "# 标题\n\n### （一）重点任务\n\n**（二）德育实效持续提升**。正文。\n"
    got = parts(markdown_to_docx(md, load_theme("gongwen"), DocMeta(title="标题")))
    paras = {text(p): p for p in got["word/document.xml"].iter(f"{W}p")}
    assert paras["（一）重点任务"].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading2"
    lead = paras["（二）德育实效持续提升。正文。"].find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val")
    char = style(got["word/styles.xml"], lead)
    assert char.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312"
    assert char.find(f"{W}link").get(f"{W}val") == "Heading2"


def test_native_numbering_puts_the_ladder_on_the_heading_styles(tmp_path: Path) -> None:
    theme_file = tmp_path / "native.yaml"
    theme_file.write_text("base: gongwen\nnumbering: native\n", encoding="utf-8")
    md = "# 标题\n\n## 一、指导思想\n\n### （一）党建工作\n\n#### 1.抓实学习\n\n##### （1）制定清单\n\n**（二）德育**。正文。\n"
    got = parts(markdown_to_docx(md, load_theme(theme_file), DocMeta(title="标题")))
    paras = [p for p in got["word/document.xml"].iter(f"{W}p") if text(p)]
    assert [text(p) for p in paras] == [
        "标题",
        "指导思想",
        "党建工作",
        "抓实学习",
        "制定清单",
        "（二）德育。正文。",
    ]
    nums = got["word/numbering.xml"]
    ladder = next(a for a in nums.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == "1")
    levels = [(lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"))
              for lvl in ladder.findall(f"{W}lvl")[:4]]  # fmt: skip
    assert levels == [
        ("chineseCounting", "%1、"),
        ("chineseCounting", "（%2）"),
        ("decimal", "%3."),
        ("decimal", "（%4）"),
    ]
    for level in range(1, 5):
        num = style(got["word/styles.xml"], f"Heading{level}").find(f"{W}pPr/{W}numPr")
        assert num.find(f"{W}ilvl").get(f"{W}val") == str(level - 1)
        assert num.find(f"{W}numId").get(f"{W}val") == "2"
    # The typed default is unchanged.
    typed = parts(markdown_to_docx(md, load_theme("gongwen"), DocMeta(title="标题")))
    assert "一、指导思想" in [text(p) for p in typed["word/document.xml"].iter(f"{W}p")]
    assert style(typed["word/styles.xml"], "Heading1").find(f"{W}pPr/{W}numPr") is None


@pytest.mark.parametrize("how", ["meta", "theme"])
def test_sealed_signature_puts_the_date_four_characters_in_and_the_issuer_over_it(
    tmp_path: Path, how: str
) -> None:
    md = "正文。\n\n青岚县星河实验小学\n\n2025年9月8日\n"
    meta = DocMeta(
        title="t", signature=("青岚县星河实验小学", "2025年9月8日"), sealed=how == "meta"
    )
    theme_file = tmp_path / "sealed.yaml"
    theme_file.write_text("base: gongwen\nsignature: {rule: sealed}\n" if how == "theme" else "base: gongwen\n",
                          encoding="utf-8")  # fmt: skip
    body = parts(markdown_to_docx(md, load_theme(theme_file), meta))["word/document.xml"]
    issuer, date = [p for p in body.iter(f"{W}p") if text(p)][-2:]
    right = [int(p.find(f"{W}pPr/{W}ind").get(f"{W}rightChars")) / 100 for p in (issuer, date)]
    assert right[1] == 4  # §7.3.5.1: the date four characters from the right
    # The issuer (9 characters) centred over the date: their middles at the same distance from the
    # right margin (the date's width as set: digits a little over half a character).
    from plangen.docx.inline import set_width

    assert right[0] + 9 / 2 == pytest.approx(right[1] + set_width("2025年9月8日") / 2, abs=0.01)
    assert 6 < set_width("2025年9月8日") < 8


def test_punctuation_never_hangs_in_word_nor_in_the_copy_for_libreoffice() -> None:
    # Word reads w:overflowPunct as ECMA-376 §17.3.1.21 says (val 0: punctuation never hangs past
    # the margin); LibreOffice's import reads it inverted, so the copy `render --to pdf` hands it
    # says the opposite (plangen.docx.libreoffice).
    from plangen.docx.libreoffice import for_libreoffice

    for theme in THEMES:
        data = render_docx(load_plan(ROOT / "examples" / "bureau-2026.yaml"), theme=theme)
        word = style(parts(data)["word/styles.xml"], "Normal").find(f"{W}pPr/{W}overflowPunct")
        assert word is not None and word.get(f"{W}val") == "0"
        office = parts(for_libreoffice(data))
        normal = style(office["word/styles.xml"], "Normal").find(f"{W}pPr/{W}overflowPunct")
        assert normal is not None and normal.get(f"{W}val") == "1"
        punct = [p.get(f"{W}val") for p in office["word/document.xml"].iter(f"{W}overflowPunct")]
        assert all(value == "1" for value in punct)  # any paragraph's own setting flipped too
