"""The .docx opens in LibreOffice and lays out as expected: page count and page numbers.

Skipped where LibreOffice is not installed. The documents are converted once for the session
(`office_pdfs` in conftest.py, tests/office.py), together with the other modules' documents.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from office import Pdf

from plangen.docx.theme import load_theme
from plangen.docx.writer import DocMeta, markdown_to_docx

pytestmark = pytest.mark.slow

# 40 paragraphs of exactly 100 Chinese characters.
_PARAGRAPH = ("学校以立德树人为根本任务，" * 8)[:99] + "。"
MARKDOWN = "# 页数检查\n\n" + "\n\n".join([_PARAGRAPH] * 40) + "\n"
THEMES = ("gongwen", "plain")


def office_documents(folder: Path) -> dict[str, bytes]:
    """Returns the page-count document under each theme checked here, for LibreOffice to convert."""
    return {
        theme: markdown_to_docx(MARKDOWN, load_theme(theme), DocMeta(title="页数检查"))
        for theme in THEMES
    }


def _pdf(office_pdfs: dict[str, Pdf], theme: str) -> Pdf:
    assert theme in office_pdfs, "LibreOffice 没有生成 PDF"
    return office_pdfs[theme]


def test_gongwen_lays_out_22_lines_of_28_characters(office_pdfs: dict[str, Pdf]) -> None:
    # The default gongwen theme: a line grid plus condensed characters (chars_by: spacing).
    pdf = _pdf(office_pdfs, "gongwen")
    # Each paragraph: 2-character indent + 100 characters = 4 lines of 28; 160 lines plus the
    # title (about 2 lines) at 22 lines a page is 8 pages. The page count alone cannot tell
    # 22 × 28 from nearby layouts, so a full page is also counted line by line.
    assert pdf.pages == 8
    if shutil.which("pdftotext"):
        text = pdf.text(2)
        lines = [line for line in text.splitlines() if line.strip() and "—" not in line]
        assert len(lines) == 22
        assert max(len(line.strip()) for line in lines) == 28


def test_plain_page_count_and_centred_page_numbers(office_pdfs: dict[str, Pdf]) -> None:
    pdf = _pdf(office_pdfs, "plain")
    pages = pdf.pages
    # 小四 in a 146 mm line: 34 characters; 3 lines a paragraph, 120 lines; 1.5 spacing gives
    # 26–38 lines a page depending on the font's line height.
    assert 3 <= pages <= 6
    if shutil.which("pdftotext"):
        for page in range(1, pages + 1):
            text = pdf.text(page)
            assert re.search(rf"—\s*{page}\s*—", text)  # a real PAGE field, not a fixed "1"
