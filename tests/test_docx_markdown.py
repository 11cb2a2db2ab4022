"""The converter's markdown-it parser gives exactly the tokens of a plain markdown-it parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plangen.docx.markdown import markdown_parser

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.md"))

ODD = [
    "",
    "纯文本一行",
    "第一行\n第二行",
    "行尾两个空格  \n下一行",
    "**加粗**。正文",
    "*斜体* 与 `代码` 与 [链接](http://example.com) 与 ![图](a.png)",
    "&amp; &#20013; \\* <b>html</b> <http://example.com>",
    "| 甲 | 乙 |\n|:---:|---|\n| 一 | 二 |\n| 三：四 | 五 |",
    "- 一\n- 二\n\n1. 甲\n2. 乙",
    "> 引用\n\n```\n代码\n```\n\n---\n\n# 标题\n\n标题二\n===",
    "[参考]\n\n[参考]: http://example.com",
    "  前后空白  ",
    "全角：冒号、破折号——与“引号”",
]


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in GOLDEN] + ODD)
def test_tokens_as_markdown_it_gives_them(text: str) -> None:
    plain = MarkdownIt("commonmark").enable("table")
    assert markdown_parser().parse(text) == plain.parse(text)


# Pieces that decide how markdown-it reads `**`: white space (ASCII, no-break, ideographic),
# ASCII and Chinese punctuation, letters, digits, Chinese, other delimiters.
_PIECES = ["**", "*", "_", "甲", "a", "1", " ", "\u3000", "\xa0", "。", "（", "）", "：", ".", "!"]
_PIECES += ["`", "[", "]", "(", ")", "\\", "&amp;", "<b>", "\n", "~~", "—", "![", "<a@b.c>"]
# markdown-it's other terminators, which no CommonMark rule starts at
_PIECES += ["%", "+", "-", ":", "#", ">", "=", "@", "$", "^", "{", "}", "~", "&#", "  ", "\\*"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10))
def test_bold_leads_as_markdown_it_reads_them(pieces: list[str]) -> None:
    text = "**" + "".join(pieces)
    plain = MarkdownIt("commonmark").enable("table")
    assert markdown_parser().parse(text) == plain.parse(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_any_text_as_markdown_it_reads_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain = MarkdownIt("commonmark").enable("table")
    assert markdown_parser().parse(text) == plain.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "完成率100%，较上年+5个百分点",
        "**目标**：达标率98%以上",
        "**（一）党建引领**。正文",
        "**1.目标任务**",
        "**甲**乙",
        "**甲。**乙",
        "** 甲**乙",
        "**甲 **乙",
    ],
)
def test_bold_lead_tokens(text: str) -> None:
    plain = MarkdownIt("commonmark").enable("table")
    assert markdown_parser().parse(text) == plain.parse(text)


# Pieces that decide which block rule takes a line: indentation (up to a code block's four
# columns and a tab), every block rule's start, and text. Joined into several lines, they make
# nested lists, lazy continuations, setext underlines and tables that start mid-paragraph.
_LINE_STARTS = ["", "  ", "    ", "\t", " ", "- ", "* ", "+ ", "1. ", "2) ", "> ", "# ", "### "]
_LINE_STARTS += ["```", "~~~", "---", "***", "___", "===", "| ", "|---|", ":-:", "<div>", "[a]: /u"]
_LINE_REST = ["甲", "乙。", "**丙**", " | 丁 |", "", "-", "=", "<!-- x -->", "[a]", "1.", "\\"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_LINE_STARTS), max_size=3), st.sampled_from(_LINE_REST)),
        max_size=8,
    )
)
def test_block_structure_as_markdown_it_reads_it(lines: list[tuple[list[str], str]]) -> None:
    """The converter checks each block rule's first character before calling it; the blocks
    come out as markdown-it's own parser makes them."""
    text = "\n".join("".join(starts) + rest for starts, rest in lines)
    plain = MarkdownIt("commonmark").enable("table")
    assert markdown_parser().parse(text) == plain.parse(text)
