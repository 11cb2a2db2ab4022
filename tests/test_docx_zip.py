"""The package writer gives the bytes zipfile gives for the same parts, and a zip that reads back."""

from __future__ import annotations

import io
import zipfile

from plangen.docx.package import deflate, zip_bytes

PARTS = [
    ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
    ("word/document.xml", "<w:t>工作计划</w:t>".encode() * 500),
    ("word/media/图.bin", bytes(range(256)) * 7),
    ("docProps/empty.xml", b""),
]


def _zipfile_bytes(parts: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, blob)
    return buf.getvalue()


def test_same_bytes_as_zipfile() -> None:
    assert zip_bytes(deflate(name, blob) for name, blob in PARTS) == _zipfile_bytes(PARTS)


def test_reads_back_with_every_part() -> None:
    data = zip_bytes(deflate(name, blob) for name, blob in PARTS)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert [(name, zf.read(name)) for name in zf.namelist()] == PARTS
