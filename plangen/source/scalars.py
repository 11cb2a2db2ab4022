"""What a single YAML value may hold: bounded integers, text without control characters, and keys
shown so that an invisible character in them can be seen.

The YAML reader calls these on every scalar before (integers) or after (text) it is decoded, so a
hostile value is refused with a located Chinese message before any later stage sees it.
"""

from __future__ import annotations

import re
import unicodedata

# Digits an integer written in a user's file may have: years, counts and targets need a handful;
# 30 leaves room for long numeric codes, far below Python's own 4,300-digit conversion limit.
MAX_INT_DIGITS = 30

_INT_PREFIX = re.compile(r"^[-+]?(?:0[xXoObB])?")
# Characters no text of a plan or theme may hold once YAML escapes ("\x07", "\e", "\0", "\ud800")
# are decoded: C0/C1 controls except tab and newline, DEL, lone surrogates, U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {
    0x00: "空字符 NUL",
    0x07: "响铃 BEL",
    0x08: "退格 BS",
    0x0B: "垂直制表符",
    0x0C: "换页符",
    0x0D: "回车符",
    0x1B: "转义符 ESC",
    0x7F: "删除符 DEL",
    0x85: "下一行 NEL",
}
# Characters that show as nothing (or as a plain space) in a terminal: zero-width spaces and joiners,
# BOMs, direction marks, and spaces other than the ASCII one.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def int_digits(literal: str) -> int:
    """Returns how many digits the integer literal `literal` (0x…, 0o…, 0b…, 1_000, 1:30) has."""
    body = _INT_PREFIX.sub("", literal)
    return sum(1 for c in body if c not in "_:")


def int_too_long(literal: str) -> str | None:
    """Returns the message for an integer literal with more than MAX_INT_DIGITS digits, else None."""
    if len(literal) <= MAX_INT_DIGITS:
        return None
    digits = int_digits(literal)
    if digits <= MAX_INT_DIGITS:
        return None
    shown = literal if len(literal) <= 20 else literal[:20] + "……"
    return (
        f"数字“{shown}”有 {digits:,} 位，位数过多（最多 {MAX_INT_DIGITS} 位）；请写一个普通大小的数字，"
        "如果它是编号或文字，请给它加上引号"
    )


def bad_character(text: str) -> str | None:
    """Returns the message for the first control character or lone surrogate in `text`, else None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        return (
            f"文字中有无效的 Unicode 字符 U+{code:04X}（单独的代理项，不是真正的字符，"
            f"常由双引号中的“\\u{code:04x}”转义产生）；请删除它"
        )
    if code in (0xFFFE, 0xFFFF):
        return f"文字中有无效的 Unicode 字符 U+{code:04X}（非字符）；请删除它"
    name = _CONTROL_NAMES.get(code, "控制字符")
    return (
        f"文字中有不可见的控制字符 U+{code:04X}（{name}），写进文档会出错；请删除它"
        "（双引号中的转义如“\\x07”“\\e”“\\0”会产生这类字符）"
    )


def visible(text: str) -> str:
    """Returns `text` with each invisible character (zero-width space, BOM, control) shown as <U+200B>."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"<U+{ord(c):04X}>" if _invisible(c) else c for c in text)


def invisible_characters(text: str) -> list[str]:
    """Returns the invisible characters of `text` as U+XXXX, each once, in order."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in text if _invisible(c)))


def _invisible(char: str) -> bool:
    return char != " " and unicodedata.category(char) in _INVISIBLE_CATEGORIES
