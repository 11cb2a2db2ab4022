"""A .docx converted to PDF by LibreOffice (`render --to pdf`).

LibreOffice runs headless with a private, throw-away profile (so that it never meets a running
office or another conversion's profile), on a copy of the .docx in a temporary folder, under a
time limit. The PDF's bytes are returned; the caller writes them atomically.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from plangen.docx.libreoffice import for_libreoffice, imprint_on_next_page
from plangen.errors import OutputError

TIMEOUT_SECONDS = 180
MISSING = "未找到 LibreOffice（soffice），无法生成 PDF；请安装 libreoffice-writer（如 apt-get install libreoffice-writer）"


def office_command() -> str | None:
    """Returns LibreOffice's command (soffice or libreoffice on PATH), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, name: str = "document", timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Returns the PDF LibreOffice makes of `docx`; raises OutputError (in Chinese) when
    LibreOffice is missing, fails or takes longer than `timeout` seconds.

    A document with a 版记 that would end on an odd page is converted once more with the 版记
    on the next page, so that it stands on an even page (GB/T 9704 §7.4.1, printed both sides)."""
    pdf = _convert(docx, name, timeout)
    # The 版记 on the next page; if it stood alone there already, one blank page before it.
    for blank_pages in (0, 1):
        if page_count(pdf) % 2 == 0:
            break
        moved = imprint_on_next_page(docx, blank_pages)
        if moved is None:
            break
        pdf = _convert(moved, name, timeout)
    return pdf


def page_count(pdf: bytes) -> int:
    """Returns the number of pages of a PDF LibreOffice wrote (its page objects are not packed
    into object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _convert(docx: bytes, name: str, timeout: float) -> bytes:
    office = office_command()
    if office is None:
        raise OutputError(MISSING)
    with tempfile.TemporaryDirectory(prefix="plangen-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(for_libreoffice(docx))  # what LibreOffice reads unlike Word
        command = [office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(source)]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"{name}: LibreOffice 转换 PDF 超时（超过 {timeout:g} 秒），已停止"
            ) from None
        except OSError as exc:
            raise OutputError(f"{name}: 无法启动 LibreOffice：{exc}") from None
        pdf = folder / "document.pdf"
        if done.returncode != 0 or not pdf.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            raise OutputError(
                f"{name}: LibreOffice 未能生成 PDF（退出码 {done.returncode}）{('：' + detail) if detail else ''}"
            )
        return pdf.read_bytes()
