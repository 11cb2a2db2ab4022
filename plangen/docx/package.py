"""The zip of a .docx package, written from parts compressed ahead of time.

Most parts of a package (styles, numbering, settings, fonts, theme, footers) are the same for every
document of a theme: they are deflated once, when the theme is prepared, and only document.xml and
core.xml are deflated per document. The bytes are those `zipfile.ZipFile.writestr` writes for a
`ZipInfo` with a fixed timestamp, create_system 0 and no attributes, which zipfile stores as
mode 0o600 (deflate at the default level,
no data descriptor, no extra fields, no comment), so the output did not change when this replaced
zipfile; the same parts always give the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from typing import NamedTuple

# 1980-01-01 00:00:00, the earliest date a zip can hold: no clock in the output.
_DOS_TIME = 0
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1
_VERSION = 20  # 2.0: deflate
_UTF8_NAME = 0x800
_ATTRIBUTES = 0o600 << 16  # ?rw-------: what zipfile writes for a part without attributes
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


class Entry(NamedTuple):
    """One part, deflated: its name as stored, name flags, CRC-32, sizes and compressed bytes."""

    name: bytes
    flags: int
    crc: int
    size: int
    data: bytes


def deflate(name: str, blob: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Entry:
    """Returns the part `name` with bytes `blob`, deflated as zipfile does it (at zlib's default
    level unless `level` says otherwise)."""
    try:
        stored, flags = name.encode("ascii"), 0
    except UnicodeEncodeError:
        stored, flags = name.encode("utf-8"), _UTF8_NAME
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(blob) + compressor.flush()
    return Entry(stored, flags, zlib.crc32(blob), len(blob), data)


def zip_bytes(entries: Iterable[Entry]) -> bytes:
    """Returns the zip holding `entries` in order."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for e in entries:
        local = _LOCAL.pack(
            b"PK\003\004",
            _VERSION,
            0,
            e.flags,
            zlib.DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            e.crc,
            len(e.data),
            e.size,
            len(e.name),
            0,
        )
        central.append(
            _CENTRAL.pack(
                b"PK\001\002",
                _VERSION,
                0,  # create_system: MS-DOS
                _VERSION,
                0,
                e.flags,
                zlib.DEFLATED,
                _DOS_TIME,
                _DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(e.name),
                0,  # extra field length
                0,  # comment length
                0,  # disk number
                0,  # internal attributes
                _ATTRIBUTES,
                offset,
            )
            + e.name
        )
        out += (local, e.name, e.data)
        offset += len(local) + len(e.name) + len(e.data)
    directory = b"".join(central)
    count = len(central)
    end = _END.pack(b"PK\005\006", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(out) + directory + end
