"""LibreOffice opens the .docx of every style of both examples, with a plausible page count.

Skipped, and said so, where LibreOffice is not installed (it is in CI when it can be installed).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plangen import load_plan
from plangen.pipeline.document import render_docx
from plangen.render.templates import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
# Page count range per example: the same content in six arrangements, 22 lines × 28 characters a page.
# The default gongwen theme reaches 28 a line by condensing characters; the variant with Word's
# character grid (chars_by: grid, which LibreOffice cannot squeeze: 14 a line) must open all the same.
PAGES = {"xinghe-primary": (22, 36), "bureau-2026": (8, 18)}


@pytest.mark.slow
def test_libreoffice_opens_every_style_with_expected_page_count(tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdfinfo") is None:
        pytest.skip("未安装 LibreOffice 或 poppler-utils，跳过（apt-get install libreoffice-writer poppler-utils）")
    theme = tmp_path / "lo.yaml"
    theme.write_text("base: gongwen\ngrid: {chars_by: grid}\n", encoding="utf-8")
    docs, grid_variant = [], []
    for example in PAGES:
        plan = load_plan(ROOT / "examples" / f"{example}.yaml")
        for style in builtin_styles():
            path = tmp_path / f"{example}-{style}.docx"
            path.write_bytes(render_docx(plan, style))
            docs.append(path)
            variant = tmp_path / "grid" / f"{example}-{style}.docx"
            variant.parent.mkdir(exist_ok=True)
            variant.write_bytes(render_docx(plan, style, theme=theme))
            grid_variant.append(variant)
    profile = tmp_path / "profile"
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, docs)], capture_output=True, timeout=600, check=True)
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "grid"), *map(str, grid_variant)],
                   capture_output=True, timeout=600, check=True)
    for doc in grid_variant:
        assert doc.with_suffix(".pdf").is_file(), f"LibreOffice 未能打开 {doc.name}"
    for doc in docs:
        pdf = doc.with_suffix(".pdf")
        assert pdf.is_file(), f"LibreOffice 未能打开 {doc.name}"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        low, high = PAGES[doc.name.rsplit("-", 1)[0]]
        assert low <= pages <= high, f"{doc.name}: {pages} 页"
