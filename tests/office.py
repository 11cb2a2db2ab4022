"""LibreOffice for the layout checks: every .docx the session needs, converted to PDF by one
`soffice --convert-to pdf` run that starts in the background as soon as the tests are collected.

Starting LibreOffice costs more than converting a document, and the conversion runs on the second
core while the other tests run, so the layout checks cost little more than their own assertions."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cached_property
from pathlib import Path

from plangen.docx.libreoffice import for_libreoffice

TIMEOUT = 900  # seconds for the whole batch; a few dozen documents take well under a minute


def soffice() -> str | None:
    """Returns the LibreOffice command, or None where it is not installed."""
    return shutil.which("libreoffice") or shutil.which("soffice")


class Pdf:
    """A PDF that LibreOffice wrote; page count and page texts are read once, when first asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def pages(self) -> int:
        if shutil.which("pdfinfo"):
            out = subprocess.run(
                ["pdfinfo", str(self.path)], capture_output=True, text=True, check=True
            ).stdout
            found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
            assert found, out
            return int(found.group(1))
        return len(re.findall(rb"/Type\s*/Page(?!s)", self.path.read_bytes()))

    @cached_property
    def _texts(self) -> list[str]:
        out = subprocess.run(
            ["pdftotext", str(self.path), "-"], check=True, capture_output=True, text=True
        ).stdout
        return out.split("\f")  # pdftotext ends every page with a form feed

    def text(self, page: int) -> str:
        """Returns the text of page `page` (from 1) as pdftotext extracts it."""
        return self._texts[page - 1]


class Conversion:
    """One background LibreOffice run over {group: {name: .docx bytes}}, with a private profile so
    that parallel test runs never share one."""

    def __init__(self, office: str, folder: Path, documents: dict[str, dict[str, bytes]]) -> None:
        self.folder = folder
        self.sources: dict[str, tuple[str, str]] = {}  # file stem → (group, name)
        for index, group in enumerate(sorted(documents)):
            for name, data in documents[group].items():
                stem = f"g{index}-{name}"
                # as `render --to pdf` hands it over (plangen.docx.libreoffice)
                (folder / f"{stem}.docx").write_bytes(for_libreoffice(data))
                self.sources[stem] = (group, name)
        self.groups = list(documents)
        self.log = folder / "soffice.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(folder),
                 *(str(folder / f"{stem}.docx") for stem in self.sources)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )  # fmt: skip

    def results(self) -> dict[str, dict[str, Pdf]]:
        """Waits for LibreOffice; returns {group: {name: Pdf}} for the documents it converted (a
        missing name is a document it could not open). Raises if LibreOffice itself failed."""
        try:
            code = self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        if code != 0:
            raise RuntimeError(
                f"LibreOffice 退出码 {code}：\n{self.log.read_text(errors='replace')}"
            )
        converted: dict[str, dict[str, Pdf]] = {group: {} for group in self.groups}
        for stem, (group, name) in self.sources.items():
            pdf = self.folder / f"{stem}.pdf"
            if pdf.is_file():
                converted[group][name] = Pdf(pdf)
        return converted

    def stop(self) -> None:
        """Ends LibreOffice if it is still running (an interrupted or failed session)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
