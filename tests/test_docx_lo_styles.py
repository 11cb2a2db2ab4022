"""LibreOffice opens the .docx of every style of both examples, with a plausible page count.

Skipped, and said so, where LibreOffice is not installed (it is in CI when it can be installed).
The documents are converted once for the session (`office_pdfs` in conftest.py, tests/office.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from office import Pdf

from plangen import load_plan
from plangen.pipeline.document import render_docx
from plangen.render.templates import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
# Page count range per example: the same content in six arrangements, 22 lines × 28 characters a page.
# The default gongwen theme reaches 28 a line by condensing characters; the variant with Word's
# character grid (chars_by: grid, which LibreOffice cannot squeeze: 14 a line) must open all the same.
PAGES = {"xinghe-primary": (22, 36), "bureau-2026": (8, 18)}
GRID = "-grid"  # name suffix of the chars_by: grid variant


def office_documents(folder: Path) -> dict[str, bytes]:
    """Returns every style of both examples, under the default theme and the character-grid variant."""
    theme = folder / "lo.yaml"
    theme.write_text("base: gongwen\ngrid: {chars_by: grid}\n", encoding="utf-8")
    documents = {}
    for example in PAGES:
        plan = load_plan(ROOT / "examples" / f"{example}.yaml")
        for style in builtin_styles():
            documents[f"{example}-{style}"] = render_docx(plan, style)
            documents[f"{example}-{style}{GRID}"] = render_docx(plan, style, theme=theme)
    return documents


@pytest.mark.slow
def test_libreoffice_opens_every_style_with_expected_page_count(
    office_pdfs: dict[str, Pdf],
) -> None:
    if shutil.which("pdfinfo") is None:
        pytest.skip(
            "未安装 LibreOffice 或 poppler-utils，跳过（apt-get install libreoffice-writer poppler-utils）"
        )
    names = [f"{example}-{style}" for example in PAGES for style in builtin_styles()]
    for name in names:
        assert name + GRID in office_pdfs, f"LibreOffice 未能打开 {name}.docx"
    for name in names:
        assert name in office_pdfs, f"LibreOffice 未能打开 {name}.docx"
        pages = office_pdfs[name].pages
        low, high = PAGES[name.rsplit("-", 1)[0]]
        assert low <= pages <= high, f"{name}.docx: {pages} 页"
