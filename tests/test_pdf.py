"""`render --to pdf`: the .docx converted by LibreOffice, with a clear Chinese error without it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from plangen.errors import OutputError
from plangen.pipeline import pdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "bureau-2026.yaml"


def test_missing_libreoffice_is_a_chinese_error_with_exit_1(
    cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(pdf, "office_command", lambda: None)
    result = cli("render", EXAMPLE, "--to", "pdf", "-o", tmp_path)
    assert result.exit_code == 1, result.output
    assert "未找到 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer" in result.output
    assert not list(tmp_path.iterdir())  # nothing half-written


def _fake_office(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_hanging_libreoffice_is_stopped_at_the_time_limit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf, "office_command", lambda: _fake_office(tmp_path, "sleep 30"))
    with pytest.raises(OutputError, match="超时"):
        pdf.docx_to_pdf(b"PK", name="x.pdf", timeout=0.5)


def test_a_failing_libreoffice_is_reported(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        pdf, "office_command", lambda: _fake_office(tmp_path, "echo broken >&2; exit 3")
    )
    with pytest.raises(OutputError, match=r"退出码 3.*broken"):
        pdf.docx_to_pdf(b"PK", name="x.pdf")


@pytest.mark.slow
def test_render_to_pdf_writes_a_pdf(cli, tmp_path: Path) -> None:
    if pdf.office_command() is None:
        pytest.skip("未安装 LibreOffice，跳过（apt-get install libreoffice-writer）")
    result = cli("render", EXAMPLE, "--to", "docx,pdf", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    (made,) = tmp_path.glob("*.pdf")
    assert made.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.suffix not in (".pdf", ".docx")] == []


@pytest.mark.slow
def test_an_imprint_that_would_end_on_an_odd_page_goes_to_the_foot_of_the_next(
    tmp_path: Path,
) -> None:
    # GB/T 9704 prints both sides and puts the 版记's last rule on the bottom edge of the last
    # page (§5.3, §7.4.1): a one-page plan gets its 版记 alone at the foot of page 2.
    if pdf.office_command() is None:
        pytest.skip("未安装 LibreOffice，跳过（apt-get install libreoffice-writer）")
    import dataclasses

    from pdf_lines import PT_PER_MM, page_lines
    from test_docx_wrapper import MARKDOWN, META

    from plangen.docx.theme import load_theme
    from plangen.docx.writer import markdown_to_docx

    plan_only = MARKDOWN[MARKDOWN.index("# 柳溪中心小学2019") :]
    meta = dataclasses.replace(META, notice=False, notice_signature=(), header="", doc_number="",
                               recipients="", attachments=())  # fmt: skip
    made = tmp_path / "plan.pdf"
    made.write_bytes(pdf.docx_to_pdf(markdown_to_docx(plan_only, load_theme("gongwen"), meta)))
    pages = page_lines(made, (297 - 35) * PT_PER_MM + 2)  # above the page number
    assert len(pages) == 2
    assert [line.text.replace(" ", "") for line in pages[1]] == [
        "抄送：县教育局，县教研室。",
        "柳溪中心小学办公室",
        "2020年3月23日印发",
    ]
    assert pages[0][-1].text.replace(" ", "") == "2020年3月23日"  # the 落款 ends page 1
    bottom = (297 - 35) * PT_PER_MM  # the type area's bottom edge
    assert pages[1][-1].y1 == pytest.approx(bottom, abs=3)
