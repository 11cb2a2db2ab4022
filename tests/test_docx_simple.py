"""The converter's own reading of the Markdown plangen writes gives markdown-it's tokens.

`plangen.docx.simple` reads the shapes the built-in templates write without markdown-it. Where
it reads a document at all, its tokens must be markdown-it's, field for field, or the .docx
would change; where it cannot be sure, it must leave the document to markdown-it.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, scaled_examples
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from plangen.docx.simple import INLINE_STARTS, MAX_DEPTH, inline_children, simple_tokens
from plangen.pipeline.document import markdown_text
from plangen.plan.load import load_plan
from plangen.render.styles import builtin_styles

PLANS = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "presets").glob("*.yaml"))
STYLES = list(builtin_styles())


def fields(tokens: Any) -> list[tuple[Any, ...]]:
    """The fields of each token the converter reads (plangen.docx.body and .inline)."""
    return [
        (
            t.type,
            t.tag,
            t.nesting,
            dict(t.attrs or {}),
            t.markup,
            t.info,
            t.content,
            None if t.children is None else fields(t.children),
        )
        for t in tokens
    ]


@cache
def plain() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def assert_as_markdown_it(text: str) -> bool:
    """Asserts that `simple_tokens` gives markdown-it's tokens for `text` or leaves it;
    returns whether it read it. (The converter's markdown-it parser gives a plain one's tokens:
    tests/test_docx_markdown.py.)"""
    tokens = simple_tokens(text)
    if tokens is None:
        return False
    assert fields(tokens) == fields(plain().parse(text))
    return True


@cache
def _plan(path: Path) -> Any:
    return load_plan(path)


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_every_builtin_style_is_read_without_markdown_it(path: Path) -> None:
    """What the built-in templates write takes the fast path, with markdown-it's tokens; for the
    first example, in Traditional script and without normalising too."""
    cases = [("hans", True)]
    if path == PLANS[0]:
        cases += [("hant", True), ("hans", False)]
    for style in STYLES:
        for script, normalize in cases:
            text = markdown_text(_plan(path), style, normalize=normalize, script=script)
            assert assert_as_markdown_it(text), (style, script, normalize)


def test_text_without_inline_starts_is_one_text_token() -> None:
    """Text that `simple_tokens` reads as plain is one text token to markdown-it: every ASCII
    character but INLINE_STARTS, and Chinese punctuation, inside a line."""
    others = [chr(c) for c in range(32, 127) if chr(c) not in INLINE_STARTS]
    for ch in [*others, "。", "，", "：", "（", "）", "“", "”", "—", "…", "％", "＊"]:
        text = f"甲{ch}乙"
        [inline] = [t for t in plain().parse(f"正文{text}") if t.type == "inline"]
        assert fields(inline.children) == fields(inline_children(f"正文{text}")), ch


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# 标题\n\n正文。",
        "**（一）党建引领**。正文",
        "**安全办（负责人：黎振华）**：负责",
        "**1.目标任务**",
        "- **材料审核**：提前一周\n  - 子项\n    - 孙项\n\n- 下一项",
        "- 甲\n  - 乙\n- 丙",
        "| 时间 | 内容 |\n|:--|:-:|\n| 9月 | 开学 |\n| 10月 | |",
        "甲\n\n* * *\n\n乙",
        "2025年9月1日",
    ],
)
def test_shapes_read_as_markdown_it_reads_them(text: str) -> None:
    assert assert_as_markdown_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "第一行\n第二行",  # a paragraph continued: lazy lines, setext underlines
        "- 甲\n乙",
        "# 标题\n正文",
        "| 甲 | 乙 |\n|---|---|\n| 一 |",  # fewer cells than the header
        "| 甲 | 乙 |\n|---|---|\n| 一 | 二 |\n正文",  # a row without pipes still belongs to the table
        "| 甲 \\| 乙 |\n|---|\n| 一 |",
        "1. 甲",
        "2) 甲",
        "> 引用",
        "    代码",
        "\t正文",
        "正文  ",
        "\u3000正文",
        "**甲%**乙",  # a symbol before the closing **: punctuation to markdown-it-py 4 only
        "**甲）**乙",  # punctuation before it and a letter after: it cannot close
        "** 甲**乙",
        "## ** 甲**乙",  # white space after the opening **: it cannot open
        "| ** 甲**乙 |\n|---|",
        "*甲*",
        "甲 `乙`",
        "[甲](http://example.com)",
        "a\r\nb",
        "\n".join("  " * depth + "- 甲" for depth in range(MAX_DEPTH + 1)),  # too deep
        "---",
        "#标题",
        "- ",
    ],
)
def test_other_markdown_is_left_to_markdown_it(text: str) -> None:
    assert simple_tokens(text) is None


# Lines of the shapes the templates write, and of others: every block start, indentation,
# inline delimiters, white space other than the space, and the punctuation around a bold lead.
_STARTS = ["- ", "  - ", "    - ", "   - ", " - ", "# ", "### ", "###### ", "####### ", "1. "]
_STARTS += ["> ", "  ", "    ", "* ", "+ ", "| ", "#", "-", ">", "=", "2025年", "1."]
_TEXT = ["甲", "乙。", "**丙**", "**（一）丁**", "：", "）", "（", "%", "1.", "a", " ", "\u3000"]
_TEXT += ["|", "*", "_", "\\", "`", "&", "<", "[", "-", "#", ":-", "=", "!", "”", ">", "~"]
_WHOLE = ["* * *", "---", "***", "===", "|---|", "|:-:|---|", "| 甲 | 乙 |", "| | |", "| 甲 |"]
_WHOLE += ["| 甲 \\| 乙 |", "| `甲|乙` | 丙 |", "", "  "]


_CLEAN = ["甲", "乙。", "**丙**", "**（一）丁**"]


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Blocks of the templates' shapes, a blank line between them, and one or two lines of
    another shape or without a blank line after them: each document is read as markdown-it
    reads it, or left to it."""
    text = st.lists(st.sampled_from(_CLEAN), min_size=1, max_size=3).map("".join)
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["", "- ", "## ", "table"]))
        if kind == "table":
            lines.append(f"| {draw(text)} |\n|---|\n| {draw(text)} |")
        else:
            lines.append(kind + draw(text))
    for _ in range(draw(st.integers(1, 2))):
        if draw(st.booleans()):
            odd = draw(st.sampled_from(_WHOLE))
        else:
            pieces = st.sampled_from(_TEXT if draw(st.booleans()) else _CLEAN)
            odd = draw(st.sampled_from(_STARTS)) + "".join(
                draw(st.lists(pieces, min_size=1, max_size=3))
            )
        lines.insert(draw(st.integers(0, len(lines))), odd + draw(st.sampled_from(["", "\n"])))
    return "\n\n".join(lines).replace("\n\n\n", "\n")


@settings(max_examples=scaled_examples(1500), deadline=None)
@given(documents())
def test_documents_read_as_markdown_it_reads_them(text: str) -> None:
    assert_as_markdown_it(text)


_PLAIN = st.text(st.sampled_from("甲乙丙丁。，：（）“”、1a"), min_size=1, max_size=6)


@st.composite
def template_documents(draw: st.DrawFn) -> str:
    """Documents in the shapes the templates write: each is read, as markdown-it reads it."""
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["heading", "paragraph", "lead", "list", "table", "break"]))
        if kind == "heading":
            blocks.append("#" * draw(st.integers(1, 6)) + " " + draw(_PLAIN))
        elif kind == "paragraph":
            blocks.append(draw(_PLAIN))
        elif kind == "lead":
            end, rest = draw(st.sampled_from([("甲", "乙"), ("甲", ""), ("）", "。"), ("”", "：")]))
            blocks.append(f"**{draw(_PLAIN)}{end}**{rest}")
        elif kind == "list":
            items = ["- " + draw(_PLAIN)]
            depth = 0
            for _ in range(draw(st.integers(0, 4))):
                depth = draw(st.integers(0, min(depth + 1, MAX_DEPTH - 1)))
                gap = "\n" if draw(st.integers(0, 3)) == 0 else ""  # a loose list
                items.append(gap + "  " * depth + "- " + draw(_PLAIN))
            blocks.append("\n".join(items))
        elif kind == "table":
            width = draw(st.integers(1, 3))
            rows = [
                "| " + " | ".join(draw(_PLAIN) for _ in range(width)) + " |"
                for _ in range(draw(st.integers(1, 4)))
            ]
            aligns = [draw(st.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(width)]
            blocks.append("\n".join([rows[0], "|" + "|".join(aligns) + "|", *rows[1:]]))
        else:
            blocks.append("* * *")
    return "\n\n".join(blocks) + draw(st.sampled_from(["", "\n"]))


@settings(max_examples=scaled_examples(500), deadline=None)
@given(template_documents())
def test_template_shapes_are_read_as_markdown_it_reads_them(text: str) -> None:
    assert assert_as_markdown_it(text)


def test_a_builtin_render_to_docx_does_not_import_markdown_it(tmp_path: Path) -> None:
    """Importing markdown-it is about a tenth of a whole render: a plan in a built-in style is
    converted without it."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from plangen.plan.load import load_plan\n"
        "from plangen.pipeline.document import render_docx\n"
        f"data = render_docx(load_plan(Path({str(PLANS[0])!r})), 'standard')\n"
        "assert data[:2] == b'PK'\n"
        "print('markdown_it' in sys.modules)\n"
    )
    env = {"PLANGEN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"


@settings(max_examples=scaled_examples(500), deadline=None)
@given(
    st.text(st.characters(codec="utf-8"), max_size=60)
    | st.text("\n #-*|: 甲**（）。1.", max_size=40)
)
def test_any_text_is_read_as_markdown_it_reads_it_or_left(text: str) -> None:
    assert_as_markdown_it(text)
