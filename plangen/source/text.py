"""Reading a user's file (a plan, a theme) as text, or saying in Chinese why it cannot be read.

At most MAX_FILE_BYTES are read. UTF-8 (with or without BOM) and BOM-marked UTF-16/UTF-32 are
decoded and newlines normalised; GBK/GB18030, Latin-1, BOM-less UTF-16/UTF-32, binary files (NUL
bytes) and control characters YAML refuses are each explained, with where they are and how to save
the file as UTF-8. Pipes and sockets are refused before they are opened (opening one can block);
“-” reads standard input.
"""

from __future__ import annotations

import codecs
import functools
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from plangen.source.kind import FileKind
from plangen.source.oserrors import os_reason
from plangen.source.problems import file_error

MAX_FILE_BYTES = 2 * 1024 * 1024  # a real plan is 10–60 KB, a theme a few KB
STDIN = "-"  # the file name that means standard input (relative `extends:` then start from here)

_TOO_BIG = "文件过大{size}，超过 {limit} MB 的上限；{noun}通常只有{typical}，请确认选对了文件"


def read_text(path: Path, kind: FileKind) -> str:
    """Returns the file's text, decoded; raises InputError with a Chinese explanation otherwise.

    At most MAX_FILE_BYTES are ever read, also from devices and pipes whose size is unknown.
    The name “-” reads standard input."""
    name = str(path)
    too_big = functools.partial(
        _TOO_BIG.format,
        limit=MAX_FILE_BYTES // 1024 // 1024,
        noun=kind.noun,
        typical=kind.typical_size,
    )
    if name == STDIN:
        raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise file_error(name, too_big(size=""))
        return _decode(raw, name)

    def refuse(mode: int) -> str | None:
        if stat.S_ISDIR(mode):
            return f"这是一个文件夹，请指定 .yaml {kind.noun}"
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            return (
                f"这是一个管道或套接字，不是普通文件；请指定 .yaml {kind.noun}"
                f"（要从管道读取，请用“-”表示标准输入）"
            )
        return None

    return _decode(read_bounded(path, MAX_FILE_BYTES, refuse, too_big), name)


def read_bounded(
    path: Path, limit: int, refuse: Callable[[int], str | None], too_big: Callable[..., str]
) -> bytes:
    """Returns the bytes of the file at `path`, never reading more than `limit` + 1; raises
    InputError in Chinese when `refuse` names what is wrong with its mode (a folder, a pipe —
    checked before the file is opened, since opening a pipe can block), when it is larger than
    `limit` (`too_big(size=…)` gives the message, `size` "" when the size was unknown beforehand),
    or when the system cannot read it."""
    name = str(path)
    try:
        info = path.stat()
        reason = refuse(info.st_mode)
        if reason is not None:
            raise file_error(name, reason)
        if info.st_size > limit:
            raise file_error(name, too_big(size=f"（{info.st_size / 1024 / 1024:.1f} MB）"))
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except FileNotFoundError:
        raise file_error(name, "文件不存在，请检查路径") from None
    except PermissionError:
        raise file_error(name, "没有读取这个文件的权限") from None
    except OSError as exc:
        raise file_error(name, f"无法读取文件：{os_reason(exc)}") from None
    if len(raw) > limit:
        raise file_error(name, too_big(size=""))
    return raw


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAVE_AS_UTF8 = "请在编辑器中“另存为”并选择 UTF-8 编码（记事本：编码选 UTF-8；VS Code：右下角编码 → 通过编码保存 → UTF-8）"
# What PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE), checked here to say where and why.
# Written as the few characters refused rather than as PyYAML's negated class of those accepted:
# the same set (tests/test_hostile_source.py compares them over every code point), but it compiles
# in a tenth of the time, which every run pays.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def _decode(raw: bytes, name: str) -> str:
    """Returns text from UTF-8 (with or without BOM) or BOM-marked UTF-16/UTF-32 bytes, else explains
    (GBK/GB18030, UTF-16 without BOM, binary files, control characters)."""
    text = None
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise file_error(
                    name,
                    f"文件开头标明是 {encoding.upper()} 编码，但内容不是有效的 {encoding.upper()}；"
                    + _SAVE_AS_UTF8,
                ) from None
            break
    if text is None:
        text = _decode_unmarked(raw, name)
    text = _normalise_newlines(text)
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        if bad.group() == "\x00":
            raise file_error(name, _BINARY, line, col)
        raise file_error(
            name,
            f"这里有不可见的控制字符（U+{ord(bad.group()):04X}），YAML 不允许；请删除它"
            "（常见于从网页、Word 或聊天软件复制来的文字）",
            line,
            col,
        )
    return text


_BINARY = "文件含有 NUL 字节，不是文本文件（可能是二进制文件或 Word 文档）；请用文本编辑器保存为 UTF-8 编码的 .yaml 文件"


def _decode_unmarked(raw: bytes, name: str) -> str:
    if _looks_like_utf32(raw):
        raise file_error(name, "文件是不带 BOM 标记的 UTF-32 编码，无法可靠识别；" + _SAVE_AS_UTF8)
    if _looks_like_utf16(raw):
        raise file_error(name, "文件是不带 BOM 标记的 UTF-16 编码，无法可靠识别；" + _SAVE_AS_UTF8)
    if b"\x00" in raw:
        raise file_error(name, _BINARY)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if _looks_like_gb18030(raw):
        raise file_error(name, "文件是 GBK/GB18030 编码，plangen 只读取 UTF-8：" + _SAVE_AS_UTF8)
    line = raw[:bad_at].count(b"\n") + 1
    if _looks_like_latin1(raw):
        raise file_error(
            name,
            f"文件不是 UTF-8 编码，看起来是 Latin-1（西欧语言）编码（第 {line} 行起）；"
            + _SAVE_AS_UTF8,
            line,
            1,
        )
    raise file_error(
        name,
        f"文件不是 UTF-8 文本（第 {line} 行起有无法识别的字节），可能是二进制文件；"
        "请保存为 UTF-8 编码的 .yaml 文件",
        line,
        1,
    )


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_utf16(raw: bytes) -> bool:
    """Returns whether BOM-less bytes look like UTF-16: the NULs of ASCII characters (keys, spaces,
    newlines) all fall on one side of each byte pair, and the whole decodes as UTF-16."""
    if len(raw) < 4 or len(raw) % 2:
        return False
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    nuls, other = max(even, odd), min(even, odd)
    if nuls < 0.2 * (len(raw) // 2) or other > 0.02 * nuls:
        return False
    try:
        raw.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_utf32(raw: bytes) -> bool:
    """Returns whether BOM-less bytes decode as UTF-32 of mostly ASCII text (keys, spaces, newlines)."""
    if len(raw) < 8 or len(raw) % 4:
        return False
    for encoding in ("utf-32-le", "utf-32-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(c.isascii() for c in text) >= 0.5 * len(text):
            return True
    return False


def _looks_like_latin1(raw: bytes) -> bool:
    """Returns whether bytes that are not UTF-8 read as Latin-1 text: no C1 controls, and each byte
    above 0x7F stands alone between ASCII letters (é, ü), not in the pairs of GBK."""
    high = [i for i, b in enumerate(raw) if b > 0x7F]
    if not high or any(0x80 <= raw[i] <= 0x9F for i in high):
        return False
    lone = sum(
        1
        for i in high
        if (i + 1 >= len(raw) or raw[i + 1] < 0x80) and (i == 0 or raw[i - 1] < 0x80)
    )
    return lone >= 0.8 * len(high)


# CJK symbols and punctuation, unified ideographs, full-width forms: the blocks GB2312 draws on.
_CJK_BLOCKS = (("\u3000", "\u303f"), ("\u4e00", "\u9fff"), ("\uff00", "\uffef"))


def _looks_like_gb18030(raw: bytes) -> bool:
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        return False
    non_ascii = [c for c in text if ord(c) > 127]
    return bool(non_ascii) and sum(_in_gb2312(c) for c in non_ascii) >= 0.6 * len(non_ascii)


def _in_gb2312(char: str) -> bool:
    """Returns whether `char` is a CJK character or punctuation of GB2312, whose two bytes are both at
    least 0xA1 (so Latin-1's é followed by an ASCII letter, also valid GBK, does not count)."""
    if not any(low <= char <= high for low, high in _CJK_BLOCKS):
        return False
    encoded = char.encode("gb18030")
    return len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1
