"""The .docx opens in LibreOffice and lays out as expected: page count and page numbers.

Skipped where LibreOffice is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plangen.docx.theme import load_theme
from plangen.docx.writer import DocMeta, markdown_to_docx

pytestmark = pytest.mark.slow

# 40 paragraphs of exactly 100 Chinese characters.
_PARAGRAPH = ("学校以立德树人为根本任务，" * 8)[:99] + "。"
MARKDOWN = "# 页数检查\n\n" + "\n\n".join([_PARAGRAPH] * 40) + "\n"


def _soffice() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if not found:
        pytest.skip("未安装 LibreOffice，跳过排版检查（apt-get install libreoffice-writer）")
    return found


def _to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = tmp_path / (docx_path.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice 没有生成 PDF"
    return pdf


def _page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def _render(theme_path_or_name: str | Path, tmp_path: Path) -> Path:
    data = markdown_to_docx(MARKDOWN, load_theme(theme_path_or_name), DocMeta(title="页数检查"))
    path = tmp_path / "check.docx"
    path.write_bytes(data)
    return _to_pdf(path, tmp_path)


def test_gongwen_lays_out_22_lines_of_28_characters(tmp_path: Path) -> None:
    # The default gongwen theme: a line grid plus condensed characters (chars_by: spacing).
    pdf = _render("gongwen", tmp_path)
    # Each paragraph: 2-character indent + 100 characters = 4 lines of 28; 160 lines plus the
    # title (about 2 lines) at 22 lines a page is 8 pages. The page count alone cannot tell
    # 22 × 28 from nearby layouts, so a full page is also counted line by line.
    assert _page_count(pdf) == 8
    if shutil.which("pdftotext"):
        text = _page_text(pdf, 2)
        lines = [line for line in text.splitlines() if line.strip() and "—" not in line]
        assert len(lines) == 22
        assert max(len(line.strip()) for line in lines) == 28


def test_plain_page_count_and_centred_page_numbers(tmp_path: Path) -> None:
    pdf = _render("plain", tmp_path)
    pages = _page_count(pdf)
    # 小四 in a 146 mm line: 34 characters; 3 lines a paragraph, 120 lines; 1.5 spacing gives
    # 26–38 lines a page depending on the font's line height.
    assert 3 <= pages <= 6
    if shutil.which("pdftotext"):
        for page in range(1, pages + 1):
            text = _page_text(pdf, page)
            assert re.search(rf"—\s*{page}\s*—", text)  # a real PAGE field, not a fixed "1"
