"""lint: checks generated Markdown for the slips a Chinese reader notices at once.

Half-width punctuation next to Chinese, piled punctuation (。。 ，。), 学年 ranges without the 一字线,
empty headings or bullets, template leftovers (None, ``{{``, ``View(``) and bold marks that CommonMark
leaves as literal asterisks. Each finding is a sentence in Chinese that starts with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["lint"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u201c\u201d\u2018\u2019\u2014\u2026"
_CJK = f"[{_HAN}{_CJK_PUNCT}]"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}

_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+")
_ESCAPED = re.compile(r"\\.")
_HALF_WIDTH = re.compile(rf"(?<={_CJK})[,:;()?!]|[,:;()?!](?={_CJK})")
_PILED = re.compile(r"[，。；：、][，。；：、？！]|[？！][，。；：、]|（[，。；：、]|[，；：、]）")
_YEAR_RANGE = re.compile(r"(\d{4})\s*([-‐‑‒–―~～－—]+)\s*(\d{4})\s*学年")
_LEFTOVERS = re.compile(
    r"(?<![A-Za-z])(?:None|True|False|Undefined)(?![A-Za-z])|\{\{|\}\}|\{%|%\}|\{#|\[\]|View\(|（）|\(\)|\*\*\*\*"
)
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_NUMBERING = re.compile(
    r"^(?:第[〇零一二三四五六七八九十百千\d]+[章部分节篇]|[一二三四五六七八九十百]+、|（[一二三四五六七八九十百\d]+）"
    r"|目标[一二三四五六七八九十百\d]+|关键结果[\d.]+|\d+(?:\.\d+)*\.?|[①-⑳])[\s：:、.]*"
)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])(?:\s+(.*))?$")
_EMPTY_CONTENT = re.compile(rf"^[\s*_`{_CJK_PUNCT}.,:;!?()\-]*$")
_UNESCAPED_BOLD = re.compile(r"(?<!\\)\*\*")


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    raw: str  # the line as written
    text: str  # the same line with URLs and backslash escapes blanked out (same length)


def lint(markdown: str) -> list[str]:
    """Returns the findings for a Markdown document, in Chinese, ordered by line ("第12行：……")."""
    raw_lines = markdown.split("\n")
    findings: list[tuple[int, str]] = []
    for line in _prose_lines(raw_lines):
        for rule in _LINE_RULES:
            findings.extend((line.number, message) for message in rule(line))
    findings.extend(_unrendered_bold(markdown))
    return [f"第{number}行：{message}" for number, message in sorted(findings, key=lambda f: f[0])]


def _prose_lines(lines: list[str]) -> Iterator[_Line]:
    """Yields the lines that hold document text: no front matter, code fences or table delimiter rows."""
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
    fenced = False
    for i in range(start, len(lines)):
        text = lines[i]
        if text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or _TABLE_DELIMITER.match(text):
            continue
        blanked = _ESCAPED.sub("  ", _URL.sub(lambda m: " " * len(m.group()), text))
        yield _Line(i + 1, text, blanked)


def _context(line: _Line, start: int, end: int) -> str:
    """Returns a few characters of the line around [start, end) to show where a finding is."""
    return line.raw[max(0, start - 6) : end + 6].strip()


def _half_width(line: _Line) -> Iterator[str]:
    for m in _HALF_WIDTH.finditer(line.text):
        ch = m.group()
        yield f"半角标点“{ch}”紧挨中文（“{_context(line, m.start(), m.end())}”），应改为全角“{_FULL_WIDTH[ch]}”"


def _piled(line: _Line) -> Iterator[str]:
    for m in _PILED.finditer(line.text):
        yield f"标点重叠“{m.group()}”（“{_context(line, m.start(), m.end())}”），应只保留一个"


def _year_range(line: _Line) -> Iterator[str]:
    for m in _YEAR_RANGE.finditer(line.text):
        if m.group(2) != "\u2014":
            yield f"学年写作“{m.group()}”，应写作“{m.group(1)}\u2014{m.group(3)}学年”（一字线）"


def _leftovers(line: _Line) -> Iterator[str]:
    for m in _LEFTOVERS.finditer(line.text):
        yield f"出现模板残留“{m.group()}”（“{_context(line, m.start(), m.end())}”），可能是缺少数据或模板有误"


def _empty_heading(line: _Line) -> Iterator[str]:
    m = _HEADING.match(line.raw)
    if not m:
        return
    title = _NUMBERING.sub("", (m.group(2) or "").strip(), count=1).strip()
    if _EMPTY_CONTENT.match(title):
        yield f"标题“{line.raw.strip()}”没有文字"


_THEMATIC_BREAK = re.compile(
    r"^\* \* \*$"
)  # the break the templates write before the plan (a new page in the .docx)


def _empty_bullet(line: _Line) -> Iterator[str]:
    if _THEMATIC_BREAK.match(line.raw):
        return
    m = _BULLET.match(line.raw)
    if m and _EMPTY_CONTENT.match(m.group(1) or ""):
        yield f"列表项“{line.raw.strip()}”没有内容"


_LINE_RULES: tuple[Callable[[_Line], Iterator[str]], ...] = (
    _half_width,
    _piled,
    _year_range,
    _leftovers,
    _empty_heading,
    _empty_bullet,
)


def _unrendered_bold(markdown: str) -> Iterator[tuple[int, str]]:
    """Yields bold marks that CommonMark shows as literal asterisks, e.g. “**（一）标题。**正文”.

    CommonMark only closes ``**`` after punctuation when whitespace or punctuation follows, so a
    run-in heading must keep its full stop outside the bold: “**（一）标题**。正文”.
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    for token in parser.parse(markdown):
        if token.type != "inline" or not token.map or not _UNESCAPED_BOLD.search(token.content):
            continue
        if any(child.type == "text" and "**" in child.content for child in token.children or ()):
            snippet = token.content.splitlines()[0][:24]
            yield (
                token.map[0] + 1,
                f"加粗标记“**”未生效，会原样显示（“{snippet}”）；标点应放在加粗标记之外",
            )
