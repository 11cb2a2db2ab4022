"""Reading an old plan (.docx, .md, .txt) into blocks: headings, paragraphs, list items, tables.

Nothing here runs what a document carries: a .docx is opened as a zip and only its XML parts are
parsed, with entities and network access off; macro-enabled and encrypted files are refused; the
size of the file and of every part read from it is bounded, so a zip bomb costs no more memory
than a normal document.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import stat
import zipfile
from pathlib import Path

from plangen.errors import InputError
from plangen.source.problems import file_error
from plangen.source.text import read_bounded

MAX_TEXT_BYTES = 2 * 1024 * 1024  # a plan's text is 10–60 KB (as plangen.source.text allows)
MAX_DOCX_BYTES = 20 * 1024 * 1024  # a .docx with a few pictures is a few MB
MAX_PART_BYTES = 16 * 1024 * 1024  # the unpacked document.xml of a long plan is well under 2 MB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and OOXML files saved with a password
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclasses.dataclass
class Block:
    """One unit of the old plan's text, in reading order."""

    kind: str  # title | heading | para | item | table | break
    text: str = ""
    level: int = 0  # heading level (1 = 一、) or list depth (0 = top)
    bold: str = ""  # the bold lead-in at the start of a paragraph, if any
    rows: list[list[str]] = dataclasses.field(default_factory=list)
    role: str = ""  # a .docx paragraph style plangen writes: 落款, 文号, 主送机关 …


def fail(path: Path, message: str) -> InputError:
    """Returns the InputError of a problem with the old plan as a whole."""
    return file_error(str(path), message)


def read_bytes(path: Path, limit: int) -> bytes:
    """Returns the bytes of an old plan, at most `limit` (plangen.source.text.read_bounded)."""

    def refuse(mode: int) -> str | None:
        if stat.S_ISDIR(mode):
            return "这是一个文件夹，请指定要导入的 .docx、.md 或 .txt 文件"
        if not stat.S_ISREG(mode):
            return "这不是普通文件（管道、设备等），请指定要导入的文件"
        return None

    def too_big(size: str) -> str:
        typical = "一份工作计划通常只有几十 KB 到几 MB，" if size else ""
        return f"文件过大{size}，超过 {limit // 1024 // 1024} MB 的上限；{typical}请确认选对了文件"

    return read_bounded(path, limit, refuse, too_big)


def decode(path: Path, raw: bytes) -> str:
    """Returns the text of a .md/.txt file: UTF-8 (BOM or not), BOM-marked UTF-16, or GB18030
    (old plans saved by Notepad on Chinese Windows)."""
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise fail(path, "这不是文本文件（含有二进制内容）；请导入 .docx、.md 或 .txt")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return _tidy(raw.decode(encoding))
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "gb18030"):
        try:
            return _tidy(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise fail(
        path, "无法识别文件的编码（既不是 UTF-8 也不是 GBK/GB18030）；请另存为 UTF-8 后再导入"
    )


_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)


def looks_like_markdown(text: str) -> bool:
    """Returns whether a .txt file is Markdown (front matter, or several “## ” headings), as web
    sites publish plans."""
    return text.startswith("---\n") or len(_MD_HEADING.findall(text)) >= 2


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


_SPACES = re.compile(r"[ \t\u00a0]+$|^[ \t\u00a0\u3000]+")


def text_blocks(text: str) -> list[Block]:
    """Returns one paragraph block per non-empty line of plain text."""
    blocks = []
    for line in text.split("\n"):
        line = _SPACES.sub("", line).strip()
        if line:
            blocks.append(Block("para", line))
    return blocks


def open_docx(path: Path, raw: bytes) -> zipfile.ZipFile:
    """Returns the .docx as an open zip, or raises InputError saying why it is not one."""
    import io

    if raw.startswith(OLE_MAGIC):
        raise fail(
            path,
            "这个文件设置了打开密码（已加密），或其实是旧版 .doc；请在 Word 中取消密码、"
            "“另存为”.docx 后再导入",
        )
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise fail(
            path, "这不是有效的 .docx 文件（无法作为 Word 文档打开，可能已损坏或只是改了扩展名）"
        )
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(path, f"这不是有效的 .docx 文件：{exc}") from None


def read_part(path: Path, zf: zipfile.ZipFile, name: str) -> bytes | None:
    """Returns one part of the zip, at most MAX_PART_BYTES unpacked (None when it is absent)."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise fail(
            path,
            f"文档内容过大（{name} 解压后超过 {MAX_PART_BYTES // 1024 // 1024} MB），不像一份工作计划",
        )
    try:
        with zf.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise fail(path, f"无法读取文档内容（{name}）：文件已损坏或已加密（{exc}）") from None
    if len(data) > MAX_PART_BYTES:
        raise fail(path, f"文档内容过大（{name} 解压后超过上限），不像一份工作计划")
    return data
