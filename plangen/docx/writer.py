"""Markdown → .docx under a theme: the public API of the modules that touch python-docx and OOXML.

One conversion: markdown-it-py tokens are walked once and written as WordprocessingML elements
(`plangen.docx.body`). Per theme (and document language) a package skeleton is prepared once with
python-docx — page setup, document grid, odd/even footers with PAGE fields, named styles built
from the theme (`plangen.docx.styles`), font table — and cached as zip entries
(`plangen.docx.skeleton`), and its unchanging zip entries are compressed once. Each call then only
builds the body as XML text, writes the core properties and zips those two parts with fixed
timestamps next to the cached entries, so the same input gives the same bytes.
Namespaces and element helpers shared by these modules are in `plangen.docx.ooxml`.
"""

from __future__ import annotations

import datetime
import io
import struct
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from plangen.docx.body import _BodyBuilder
from plangen.docx.ooxml import _clean, escape
from plangen.docx.skeleton import _CORE, _Prepared, _prepared
from plangen.docx.theme import Theme

__all__ = ["DocMeta", "markdown_to_docx"]


@dataclass(frozen=True)
class DocMeta:
    """Facts about the document that are not in its Markdown text."""

    title: str
    author: str = ""  # issuer → core property author
    date: datetime.date | None = None  # → core created/modified at 00:00:00 UTC; None → 2000-01-01
    signature: tuple[str, ...] = ()  # trailing paragraphs (issuer, date) right-aligned as 落款
    doc_number: str = ""  # a paragraph with exactly this text is centred (文号)
    language: str = "zh-CN"  # zh-TW / zh-HK for Traditional output
    # Where a title too long for one line may break (GB/T 9704 §7.3.1: keep words whole), e.g.
    # ("青岚县星河实验小学", "2025—2026学年工作计划"); used only when the joined lines equal the title.
    title_lines: tuple[str, ...] = ()


def markdown_to_docx(markdown: str, theme: Theme, meta: DocMeta) -> bytes:
    """Returns the bytes of a .docx that carries exactly the Markdown's text, styled by `theme`.

    Never fails on odd Markdown: links keep their text, images their alt text, raw HTML is kept as
    literal text, code keeps its line breaks. The same arguments always give the same bytes.
    """
    prep = _prepared(theme, meta.language)
    tokens = _markdown_parser().parse(markdown)
    builder = _BodyBuilder(prep, meta)
    builder.walk(tokens)
    fresh = {"word/document.xml": builder.document_xml(), _CORE: _core_xml(meta)}
    cached = _theme_entries(prep)
    return _join_entries(
        _entry(name, fresh[name]) if name in fresh else cached[name] for name, _blob in prep.parts
    )


_FRESH_PARTS = frozenset({"word/document.xml", _CORE})  # written anew for every document

_PARSER: Any = None
_PARSER_LOCK = threading.Lock()


def _markdown_parser() -> Any:
    """Returns the shared markdown-it parser (CommonMark plus GFM tables)."""
    global _PARSER
    if _PARSER is None:
        with _PARSER_LOCK:
            if _PARSER is None:
                from markdown_it import MarkdownIt

                _PARSER = MarkdownIt("commonmark").enable("table")
    return _PARSER


# --- core properties and the zip -----------------------------------------------------------


def _core_xml(meta: DocMeta) -> bytes:
    """Returns docProps/core.xml with title, author and dates from `meta` (never the clock)."""
    day = meta.date or datetime.date(2000, 1, 1)
    stamp = f"{day.year:04d}-{day.month:02d}-{day.day:02d}T00:00:00Z"

    def esc(text: str) -> str:
        return escape(_clean(text))

    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(meta.title)}</dc:title>"
        "<dc:subject></dc:subject>"
        f"<dc:creator>{esc(meta.author)}</dc:creator>"
        "<cp:keywords></cp:keywords>"
        "<dc:description></dc:description>"
        f"<cp:lastModifiedBy>{esc(meta.author)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<dc:language>{esc(meta.language)}</dc:language>"
        "</cp:coreProperties>"
    )
    return xml.encode("utf-8")


_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile's structEndArchive
_CD_OFFSET_AT = 42  # where a central directory record holds its local header's offset


def _entry(name: str, blob: bytes) -> tuple[bytes, bytes]:
    """Returns one zip entry as `_zip` writes it: (local header + compressed data, central
    directory record with offset 0). Neither depends on where the entry sits, except that offset."""
    one = _zip([(name, blob)])
    end = len(one) - _END_RECORD.size
    cd_offset = _END_RECORD.unpack_from(one, end)[6]
    return one[:cd_offset], one[cd_offset:end]


def _theme_entries(prep: _Prepared) -> dict[str, tuple[bytes, bytes]]:
    """Returns the compressed entries of the package parts that are the same for every document
    of the prepared theme, compressed once and kept with the theme."""
    entries = prep.fragments.get("zip")
    if entries is None:
        entries = {
            name: _entry(name, blob) for name, blob in prep.parts if name not in _FRESH_PARTS
        }
        prep.fragments["zip"] = entries
    return entries


def _join_entries(entries: Iterable[tuple[bytes, bytes]]) -> bytes:
    """Returns the zip of `entries` in order, byte for byte what `_zip` writes for their parts."""
    local: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for data, record in entries:
        central.append(
            record[:_CD_OFFSET_AT] + offset.to_bytes(4, "little") + record[_CD_OFFSET_AT + 4 :]
        )
        local.append(data)
        offset += len(data)
    directory = b"".join(central)
    count = len(central)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def _zip(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """Returns a zip of `parts` in the given order with fixed timestamps and attributes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, blob)
    return buf.getvalue()
