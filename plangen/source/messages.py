"""PyYAML syntax errors in the user's words: Chinese messages placed at the line to fix.

PyYAML's "context problem" text is matched against a table of patterns, first match wins. Some
mistakes — a full-width colon “：”, `key:value` without a space, a key without a colon, a line
indented too deep — are reported by PyYAML a line or two later; they are found on the lines
around the error and reported where they are.
"""

from __future__ import annotations

import re

import yaml

SYNTAX_ERROR = "YAML 语法错误："  # how every message about YAML syntax begins
# (pattern over PyYAML's "context problem" text, Chinese message; {0} is the pattern's group,
# {ctx} the line where the construct began, {noun} what users call the file). First match wins.
# Compiled when an error is read, never when a file is fine.
_YAML_MESSAGES: list[tuple[str, str]] = [
    (r"found character '\\t'", "这里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"),
    (
        r"found character '(.)' that cannot start any token",
        SYNTAX_ERROR + '值不能以“{0}”开头；请给整个值加上引号，如 "{0}……"',
    ),
    (
        r"found undefined alias '?([^'\s]*)",
        "引用了未定义的锚点“*{0}”：请先用 &{0} 定义它；如果“*”只是文字，请给整个值加上引号",
    ),
    (r"found duplicate anchor '?([^'\s;]*)", "锚点“&{0}”重复定义；同一文件中的锚点名不能重复"),
    (
        r"while parsing a flow sequence",
        SYNTAX_ERROR + "第 {ctx} 行开始的方括号“[”没有闭合，或列表项之间缺少英文逗号“,”",
    ),
    (
        r"while parsing a flow mapping",
        SYNTAX_ERROR + "第 {ctx} 行开始的花括号“{{”没有闭合，或项之间缺少英文逗号“,”",
    ),
    (
        r"while parsing a flow node.*'<stream end>'",
        SYNTAX_ERROR + "方括号“[”或花括号“{{”没有闭合：文件到这里就结束了",
    ),
    (r"but found '([\]}}])'", SYNTAX_ERROR + "这里多了一个“{0}”：前面没有与它对应的“[”或“{{”"),
    (
        r"quoted scalar.*found unexpected end of stream",
        SYNTAX_ERROR + "引号没有闭合：从这里开始的引号直到文件末尾都没有对应的结束引号",
    ),
    (
        r"found unknown escape character '?([^'\s]*)",
        SYNTAX_ERROR + "双引号中的“\\{0}”不是有效的转义；反斜杠请写成 \\\\，或改用单引号",
    ),
    (r"quoted scalar", SYNTAX_ERROR + "引号中有无法识别的内容，或引号没有闭合"),
    (
        r"expected a single document",
        "文件中有多个 YAML 文档（用“---”分隔）；一个{noun}只能有一个文档，请删除多余的“---”",
    ),
    (
        r"mapping values are not allowed here",
        SYNTAX_ERROR
        + '这里多了一个“: ”：值中含有冒号时请给整个值加上引号，如 text: "时间: 9月"；也可能是上一行的冒号后缺少空格',
    ),
    (
        r"could not find expected ':'",
        SYNTAX_ERROR + "缺少英文冒号：每个键后面要写英文冒号加空格“: ”，再写值",
    ),
    (
        r"expected <block end>, but found '-'",
        SYNTAX_ERROR
        + "列表项“- ”与上面的“键: 值”混在同一层；同一层的内容要么都以“- ”开头，要么都不用，请检查缩进",
    ),
    (
        r"expected <block end>, but found '\?'|while parsing a block collection",
        SYNTAX_ERROR + "缩进不一致：同一层中列表项（- ）和键（键: 值）混在一起，请对齐缩进",
    ),
    (
        r"expected <block end>|did not find expected key",
        SYNTAX_ERROR + "缩进不一致：同一层的键必须以相同数量的空格开头",
    ),
    (
        r"did not find expected '-' indicator",
        SYNTAX_ERROR + "列表项缩进不一致：同一列表的每一项都应以“- ”开头并对齐",
    ),
    (r"expected the node content", SYNTAX_ERROR + "这里缺少值，或有多余的“]”“}}”“,”"),
    (r"found unhashable key", SYNTAX_ERROR + "键不能是列表或映射"),
    (r"expected <document start>", SYNTAX_ERROR + "文件结构无法识别（可能多写了顶格的内容）"),
    (r"found unexpected end of stream", SYNTAX_ERROR + "文件意外结束（引号或括号没有闭合？）"),
]
# Mistakes that PyYAML reports a line or two later: the line that really needs fixing.
_FULL_WIDTH_KEY = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*|[\u4e00-\u9fff]+)\s*(：)\s*(.*)$")
_NO_SPACE_KEY = re.compile(r"^\s*(?:- )?([A-Za-z_]\w*)(:)(?=[^\s/:])(.*)$")
_STRUCTURAL = ("mapping values", "expected ':'", "expected <block end>", "expected key")


def yaml_error_message(exc: yaml.MarkedYAMLError, text: str, noun: str) -> tuple[str, int, int]:
    """Returns (Chinese message, line, column) for a PyYAML syntax error in `text`, a `noun` (计划文件)."""
    raw = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in raw and exc.context_mark:
        mark = exc.context_mark  # the end of the file says nothing; where the quote opened does
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    ctx = exc.context_mark.line + 1 if exc.context_mark else line
    long_key = _long_key(exc, text)
    if long_key:
        return long_key
    message = SYNTAX_ERROR + "无法读取这一处"
    for pattern, zh in _YAML_MESSAGES:
        found = re.search(pattern, raw, re.DOTALL)
        if found:
            message = zh.format(*found.groups(), ctx=ctx, noun=noun)
            break
    if line and any(s in raw for s in _STRUCTURAL):
        lines = text.split("\n")
        moved = _colon_mistake_near(lines, line) or _layout_mistake(lines, line)
        if moved:
            return moved
    return message, line, col


SIMPLE_KEY_LIMIT = 1024  # PyYAML looks at most this far for the colon of a key written without "?"


def _long_key(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int] | None:
    """Returns the message for a key longer than PyYAML's limit, whose colon it then cannot find."""
    start = exc.context_mark
    if "simple key" not in (exc.context or "") or start is None:
        return None
    lines = text.split("\n")
    if start.line >= len(lines):
        return None
    colon = re.search(r":(?:\s|$)", lines[start.line][start.column :])
    if colon is None or colon.start() < SIMPLE_KEY_LIMIT:
        return None
    return (
        f"{SYNTAX_ERROR}这个键有 {colon.start():,} 个字符，超过 YAML 允许的 {SIMPLE_KEY_LIMIT} 个，"
        "所以找不到它后面的冒号；请缩短键名，长文字请写在冒号后面作为值",
        start.line + 1,
        start.column + 1,
    )


def _layout_mistake(lines: list[str], line: int) -> tuple[str, int, int] | None:
    """Returns the message and place for a key without a colon on the line above `line`, or for
    a line indented deeper than the `key: value` above it (read as that value's continuation)."""
    if not 2 <= line <= len(lines):
        return None
    here = lines[line - 1]
    above = next((i for i in range(line - 1, 0, -1) if lines[i - 1].strip()), 0)
    if not above:
        return None
    prev = lines[above - 1]
    indent, prev_indent = len(here) - len(here.lstrip(" ")), len(prev) - len(prev.lstrip(" "))
    bare = prev.strip()
    if (
        ":" not in bare
        and "：" not in bare
        and not bare.startswith(("-", "#"))
        and indent <= prev_indent
    ):
        return (
            f"{SYNTAX_ERROR}“{bare[:20]}”后面缺少英文冒号；键要写作“{bare[:20]}:”",
            above,
            prev_indent + 1,
        )
    if indent > prev_indent and re.match(r"\s*(?:- )?[^\s:]+: +[^\s#|>]", prev):
        return (
            f"{SYNTAX_ERROR}这一行比上一行缩进多，被当成了上一行值的续写；同一层的键请用相同的缩进",
            line,
            indent + 1,
        )
    return None


def _colon_mistake_near(lines: list[str], line: int) -> tuple[str, int, int] | None:
    """Returns the message and place of a full-width or space-less colon on `line` or the 3 above."""
    for number in range(line, max(0, line - 4), -1):
        if number > len(lines):
            continue
        found = colon_mistake(lines[number - 1])
        if found:
            message, col = found
            return message, number, col
    return None


def colon_mistake(text: str) -> tuple[str, int] | None:
    """Returns (message, 1-based column of the colon) if `text` is `key：value` or `key:value`."""
    for pattern, fix in (
        (_FULL_WIDTH_KEY, "用了中文冒号“：”；请改为英文冒号加空格"),
        (_NO_SPACE_KEY, "的冒号后缺少空格；请在冒号后加一个空格"),
    ):
        found = pattern.match(text)
        if found:
            key = found.group(1)
            value = re.split(r"\s+[^\s:：]+\s*[:：]", found.group(3).strip())[
                0
            ]  # up to the next key
            if _FULL_WIDTH_KEY.match(value) or _NO_SPACE_KEY.match(value):
                value = ""  # the whole file became one line: the next key is no value to show
            shown = value if len(value) <= 20 else value[:20] + "……"
            return f"键“{key}”后面{fix}，写作“{key}: {shown}”", found.start(2) + 1
    return None
