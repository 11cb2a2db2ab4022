"""Which reader an old plan needs, by its name and content: .docx, Markdown, or plain text."""

from __future__ import annotations

import re
from pathlib import Path

from plangen.commands.importer.docx_read import docx_blocks
from plangen.commands.importer.md_read import markdown_blocks
from plangen.commands.importer.read import (
    MAX_DOCX_BYTES,
    MAX_TEXT_BYTES,
    Block,
    decode,
    fail,
    looks_like_markdown,
    read_bytes,
    text_blocks,
)

# Characters a YAML file may not hold (control characters, lone surrogates, U+FFFE/U+FFFF), and tabs.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Returns text that can stand in a YAML file: tabs as spaces, control characters removed."""
    return _UNPRINTABLE.sub("", text.replace("\t", " "))


def read_blocks(path: Path) -> list[Block]:
    """Returns the blocks of the plan in `path`; raises InputError with a Chinese reason."""
    suffix = path.suffix.lower()
    if suffix in (".docm", ".dotm"):
        raise fail(
            path,
            "这是含宏的 Word 文档（.docm），为安全起见不导入；请在 Word 中“另存为”.docx 后再导入",
        )
    if suffix == ".doc":
        raise fail(path, "这是旧版 Word 文档（.doc）；请在 Word 或 WPS 中“另存为”.docx 后再导入")
    if suffix not in (".docx", ".md", ".markdown", ".txt", ".text"):
        raise fail(
            path, f"不支持的文件类型“{suffix or '无扩展名'}”；请导入 .docx、.md 或 .txt 文件"
        )
    limit = MAX_DOCX_BYTES if suffix == ".docx" else MAX_TEXT_BYTES
    raw = read_bytes(path, limit)
    if suffix == ".docx":
        blocks = docx_blocks(path, raw)
    else:
        text = decode(path, raw)
        if suffix in (".md", ".markdown") or looks_like_markdown(text):
            blocks = markdown_blocks(text)
        else:
            blocks = text_blocks(text)
    for block in blocks:
        block.text = printable(block.text)
        block.rows = [[printable(cell) for cell in row] for row in block.rows]
    if not any(b.text.strip() or b.rows for b in blocks):
        raise fail(path, "文档是空的：没有找到任何文字；请确认选对了文件")
    return blocks
