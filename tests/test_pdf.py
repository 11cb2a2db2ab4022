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
