"""The Markdown plangen's own templates write, read without markdown-it.

The built-in templates write a narrow part of Markdown: ATX headings, one-line paragraphs, bullet
lists (“- ”, two spaces deeper per level) and pipe tables, each block after a blank line, with
text that is plain or a bold lead and plain text (“**（一）党建引领**。……”). For a document
made only of those, `simple_tokens` returns the tokens markdown-it gives (the shared parser of
`plangen.docx.markdown`: CommonMark plus tables), with the fields the converter reads — type,
tag, nesting, attrs, markup, info, content and children — and markdown-it is never imported:
importing it is about a tenth of a whole `plangen render --to docx`, and its block rules half of
each conversion.

Each line is taken only where no other reading is possible: a paragraph or heading whose line
starts with no character a block rule starts at, a list item whose text does not either, a
table whose rows all have the header's cells. Anything else — an ordered list, a quote, code,
a paragraph continued on its next line, a tab, trailing white space, a character an inline rule
starts at (\\ ` * _ [ ! < & and the line break) outside a bold lead — returns None, and the whole
document goes to markdown-it as before. tests/test_docx_simple.py checks the tokens against
markdown-it's on every built-in style's output and on generated documents.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# The characters an inline rule of CommonMark can start at; text without any of them is one text
# token. The converter's markdown-it parser reads inline text as this module does only while its
# active rules start at exactly these (plangen.docx.markdown).
INLINE_STARTS = "\n\\`_*[!<&"
_INLINE = re.compile("[" + re.escape(INLINE_STARTS) + "]")
_HEADING = re.compile(r"(#{1,6}) (.+)")
_ITEM = re.compile(r"( *)- (.+)")
_DELIMITER_ROW = re.compile(r"\|(?: *:?-+:? *\|)+")
_ORDERED = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")
_BREAK = "* * *"  # the thematic break templates/_base.md.j2 writes after a 印发通知
# A character that starts a block other than a paragraph: heading, quote, list, thematic break,
# setext underline, table, fence, HTML, reference, indented code.
_BLOCK_STARTS = frozenset("#>-+*_=|`~<[ ")
# Nested lists up to this depth: far below markdown-it's nesting limit (20 levels of tokens,
# two per list), at the converter's own deepest indent (body._MAX_LIST_DEPTH).
MAX_DEPTH = 8
_ALIGNS = {(True, True): "center", (False, True): "right", (True, False): "left"}


class Token:
    """One token as markdown-it makes it, with the fields the converter reads."""

    __slots__ = ("attrs", "children", "content", "info", "markup", "nesting", "tag", "type")

    def __init__(
        self,
        type: str,
        tag: str = "",
        nesting: int = 0,
        markup: str = "",
        content: str = "",
        attrs: dict[str, Any] | None = None,
        children: list[Token] | None = None,
    ) -> None:
        self.type = type
        self.tag = tag
        self.nesting = nesting
        self.markup = markup
        self.content = content
        self.attrs = {} if attrs is None else attrs
        self.info = ""
        self.children = children


class _Refused(Exception):
    """The document has something `simple_tokens` does not read: markdown-it reads it."""


def simple_tokens(markdown: str) -> list[Token] | None:
    """Returns markdown-it's tokens for `markdown` when it is made only of the shapes above,
    None otherwise."""
    if "\t" in markdown or "\r" in markdown or "\0" in markdown:
        return None
    try:
        return _Reader(markdown.split("\n")).tokens()
    except _Refused:
        return None


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.out: list[Token] = []
        self.lists: list[int] = []  # the indentation of each open list's items

    def tokens(self) -> list[Token]:
        lines = self.lines
        i = 0
        while i < len(lines):
            line = lines[i]
            if not line.strip(" "):
                i += 1
                continue
            item = _ITEM.fullmatch(line)
            if item:
                self._item(len(item.group(1)), item.group(2))
                if not _blank_or_item(lines, i + 1):
                    raise _Refused  # a lazy continuation, a setext underline, a table …
                i += 1
                continue
            self._close_lists(0)
            if line == _BREAK:
                self._push("hr", "hr", 0, "****")  # markdown-it's markup: one more than counted
                i += 1
            elif line[0] == "|":
                i = self._table(i)
            else:
                heading = _HEADING.fullmatch(line)
                if heading:
                    self._heading(len(heading.group(1)), heading.group(2))
                else:
                    self._paragraph(line)
                i += 1
            if i < len(lines) and lines[i].strip(" "):
                raise _Refused  # each block ends at a blank line
        self._close_lists(0)
        return self.out

    def _push(self, *args: Any, **kwargs: Any) -> None:
        self.out.append(Token(*args, **kwargs))

    def _inline(self, content: str) -> None:
        self._push("inline", children=inline_children(content), content=content)

    def _heading(self, level: int, text: str) -> None:
        if text != text.strip() or text.endswith("#"):
            raise _Refused
        tag, markup = f"h{level}", "#" * level
        self._push("heading_open", tag, 1, markup)
        self._inline(text)
        self._push("heading_close", tag, -1, markup)

    def _paragraph(self, text: str) -> None:
        if not _opens_paragraph(text):
            raise _Refused
        self._push("paragraph_open", "p", 1)
        self._inline(text)
        self._push("paragraph_close", "p", -1)

    def _item(self, indent: int, text: str) -> None:
        lists = self.lists
        if lists and indent == lists[-1] + 2 and len(lists) < MAX_DEPTH:
            lists.append(indent)  # a list inside the open item
            self._push("bullet_list_open", "ul", 1, "-")
        elif indent in lists:
            self._close_lists(lists.index(indent) + 1)
            self._push("list_item_close", "li", -1, "-")
        elif not lists and indent == 0:
            lists.append(0)
            self._push("bullet_list_open", "ul", 1, "-")
        else:
            raise _Refused
        self._push("list_item_open", "li", 1, "-")
        self._paragraph(text)

    def _close_lists(self, keep: int) -> None:
        while len(self.lists) > keep:
            self.lists.pop()
            self._push("list_item_close", "li", -1, "-")
            self._push("bullet_list_close", "ul", -1, "-")

    def _table(self, start: int) -> int:
        """Reads the table starting at line `start`; returns the line after it."""
        lines = self.lines
        if start + 1 >= len(lines) or not _DELIMITER_ROW.fullmatch(lines[start + 1]):
            raise _Refused
        aligns = [_align(cell.strip(" ")) for cell in lines[start + 1].split("|")[1:-1]]
        end = start + 2
        while end < len(lines) and lines[end].strip(" "):
            end += 1
        rows = [_cells(lines[i], len(aligns)) for i in (start, *range(start + 2, end))]
        self._push("table_open", "table", 1)
        for number, cells in enumerate(rows):
            if number == 0:
                self._push("thead_open", "thead", 1)
            elif number == 1:
                self._push("tbody_open", "tbody", 1)
            self._push("tr_open", "tr", 1)
            cell = "th" if number == 0 else "td"
            for text, align in zip(cells, aligns, strict=True):
                self._push(f"{cell}_open", cell, 1, attrs={"style": align} if align else None)
                self._inline(text)
                self._push(f"{cell}_close", cell, -1)
            self._push("tr_close", "tr", -1)
            if number == 0:
                self._push("thead_close", "thead", -1)
        if len(rows) > 1:
            self._push("tbody_close", "tbody", -1)
        self._push("table_close", "table", -1)
        return end


def _blank_or_item(lines: list[str], i: int) -> bool:
    return i >= len(lines) or not lines[i].strip(" ") or _ITEM.fullmatch(lines[i]) is not None


def _opens_paragraph(text: str) -> bool:
    """Whether a line of `text` (at the start of a block) can only be a paragraph."""
    if text != text.strip():
        return False
    first = text[0]
    if first == "*":  # “**甲**” is no list item (“* ”) and no thematic break (“***”)
        return len(text) > 2 and text[1] == "*" and text[2] not in " *"
    if first in _BLOCK_STARTS:
        return False
    return not (first.isdigit() and _ORDERED.match(text))


def _align(cell: str) -> str:
    where = _ALIGNS.get((cell.startswith(":"), cell.endswith(":")))
    return f"text-align:{where}" if where else ""


def _cells(line: str, count: int) -> list[str]:
    """Returns the cells' texts of a table row, refusing a row markdown-it could read otherwise
    (an escaped or quoted |, cells more or fewer than the header's)."""
    if len(line) < 2 or line[0] != "|" or line[-1] != "|" or "\\" in line or "`" in line:
        raise _Refused
    cells = [cell.strip(" ") for cell in line.split("|")[1:-1]]
    if len(cells) != count or any(cell != cell.strip() for cell in cells):
        raise _Refused
    return cells


def plain_inline(content: str) -> list[Token] | None:
    """Returns `inline_children(content)`, None where markdown-it must read the text."""
    try:
        return inline_children(content)
    except _Refused:
        return None


def inline_children(content: str) -> list[Token]:
    """Returns markdown-it's inline tokens of plain text or of a bold lead and plain text.

    The `**` at the start of the line opens, since a character that is not white space follows
    it. The second one closes (markdown-it's flanking rules, in markdown-it-py 3 and 4 alike)
    when a letter or digit comes before it, or punctuation comes before it and punctuation or the
    end of the line after it (“**（一）党建**。”, “**安全办（负责人：黎振华）**：”); both are two
    long, so the rule of three does not apply. A symbol (% + ¥ …) is punctuation to one version
    and not to the other: such a lead goes to markdown-it."""
    if not content:
        return []
    if _INLINE.search(content) is None:
        return [Token("text", content=content)]
    if not content.startswith("**"):
        raise _Refused
    end = content.find("**", 2)
    lead, rest = content[2:end], content[end + 2 :]
    if end <= 2 or _INLINE.search(lead) or _INLINE.search(rest) or lead[0].isspace():
        raise _Refused
    before = unicodedata.category(lead[-1])[0]
    if not (
        before in "LN" or (before == "P" and (not rest or unicodedata.category(rest[0])[0] == "P"))
    ):
        raise _Refused
    return [
        Token("text"),
        Token("strong_open", "strong", 1, "**"),
        Token("text", content=lead),
        Token("strong_close", "strong", -1, "**"),
        Token("text", content=rest),
    ]
