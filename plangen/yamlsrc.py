"""Reading a plan file: bytes → text → YAML data that remembers where every value came from.

The YAML is parsed safely with a local loader subclass (the global loaders are never patched);
duplicate keys are errors; aliases, depth and size are bounded so a hostile file fails fast.
Each mapping and sequence built here is registered in a `Locations` table so that a problem found
later — by pydantic or by the cross-reference checks — can be reported at its own line, even after
`extends:` has merged several files.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from plangen.errors import InputError, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a real plan is 10–60 KB
MAX_NODES = 100_000  # values built, counting each alias expansion
MAX_DEPTH = 40


@dataclass(frozen=True)
class Mark:
    file: str
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Locations:
    """Where each key and value of the loaded data stands, by container identity."""

    # id(dict) -> {key: (key mark, value mark)}; id(list) -> [value mark, ...]
    maps: dict[int, dict[str, tuple[Mark, Mark]]] = field(default_factory=dict)
    seqs: dict[int, list[Mark]] = field(default_factory=dict)
    roots: dict[int, Mark] = field(default_factory=dict)
    keep: list[Any] = field(default_factory=list)  # keeps containers alive so ids stay unique

    def register_map(self, obj: dict, entries: dict[str, tuple[Mark, Mark]]) -> None:
        self.maps[id(obj)] = entries
        self.keep.append(obj)

    def register_seq(self, obj: list, marks: list[Mark]) -> None:
        self.seqs[id(obj)] = marks
        self.keep.append(obj)

    def find(self, data: Any, path: tuple[str | int, ...], *, key: bool = False) -> Mark | None:
        """Returns the mark of the value at `path` (or of its key), else of its nearest known parent."""
        best = self.roots.get(id(data))
        node = data
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, dict) and id(node) in self.maps:
                entry = self.maps[id(node)].get(str(part))
                if entry is None:
                    return best
                best = entry[0] if (key and last) else entry[1]
                node = node.get(part, node.get(str(part)))
            elif isinstance(node, list) and id(node) in self.seqs and isinstance(part, int):
                marks = self.seqs[id(node)]
                if not 0 <= part < len(marks):
                    return best
                best = marks[part]
                node = node[part]
            else:
                return best
        return best


class _TooDeep(yaml.YAMLError):
    """Raised by the composer when nesting passes MAX_DEPTH (before Python's own recursion limit)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("too deep")
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """A local safe loader; composes nodes (depth-bounded) and constructs scalars, nothing else."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        # PyYAML composes recursively: `[[[[…` 10,000 deep would hit RecursionError, so stop early.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


def _problem(file: str, message: str, line: int = 0, col: int = 0) -> InputError:
    return InputError(Problem(file, line, col, "", message))


_TOO_BIG = "文件过大{size}，超过 {limit} MB 的上限；计划文件通常只有几十 KB，请确认选对了文件"


def read_text(path: Path) -> str:
    """Returns the file's text, decoded; raises InputError with a Chinese explanation otherwise.

    At most MAX_FILE_BYTES are ever read, also from devices and pipes whose size is unknown."""
    name = str(path)
    limit = MAX_FILE_BYTES // 1024 // 1024
    try:
        if path.is_dir():
            raise _problem(name, "这是一个文件夹，请指定 .yaml 计划文件")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _problem(name, _TOO_BIG.format(size=f"（{size / 1024 / 1024:.1f} MB）", limit=limit))
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _problem(name, "文件不存在，请检查路径") from None
    except PermissionError:
        raise _problem(name, "没有读取这个文件的权限") from None
    except OSError as exc:
        raise _problem(name, f"无法读取文件：{exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _problem(name, _TOO_BIG.format(size="", limit=limit))
    return decode(raw, name)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAVE_AS_UTF8 = "请在编辑器中“另存为”并选择 UTF-8 编码（记事本：编码选 UTF-8；VS Code：右下角编码 → 通过编码保存 → UTF-8）"
# What PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE), checked here to say where and why.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def decode(raw: bytes, name: str) -> str:
    """Returns text from UTF-8 (with or without BOM) or BOM-marked UTF-16/UTF-32 bytes, else explains
    (GBK/GB18030, UTF-16 without BOM, binary files, control characters)."""
    text = None
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                raise _problem(name, f"文件开头标明是 {encoding.upper()} 编码，但内容不是有效的 {encoding.upper()}；"
                               + _SAVE_AS_UTF8) from None
            break
    if text is None:
        text = _decode_unmarked(raw, name)
    text = _normalise_newlines(text)
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        if bad.group() == "\x00":
            raise _problem(name, _BINARY, line, col)
        raise _problem(name, f"这里有不可见的控制字符（U+{ord(bad.group()):04X}），YAML 不允许；请删除它"
                       "（常见于从网页、Word 或聊天软件复制来的文字）", line, col)
    return text


_BINARY = "文件含有 NUL 字节，不是文本文件（可能是二进制文件或 Word 文档）；请用文本编辑器保存为 UTF-8 编码的 .yaml 文件"


def _decode_unmarked(raw: bytes, name: str) -> str:
    if _looks_like_utf16(raw):
        raise _problem(name, "文件是不带 BOM 标记的 UTF-16 编码，无法可靠识别；" + _SAVE_AS_UTF8)
    if b"\x00" in raw:
        raise _problem(name, _BINARY)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if _looks_like_gb18030(raw):
        raise _problem(name, "文件是 GBK/GB18030 编码，plangen 只读取 UTF-8：" + _SAVE_AS_UTF8)
    line = raw[:bad_at].count(b"\n") + 1
    raise _problem(name, f"文件不是 UTF-8 文本（第 {line} 行起有无法识别的字节），可能是二进制文件；"
                   "请保存为 UTF-8 编码的 .yaml 文件", line, 1)


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


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _looks_like_gb18030(raw: bytes) -> bool:
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        return False
    non_ascii = [c for c in text if ord(c) > 127]
    return bool(non_ascii) and sum(bool(_CJK.match(c)) for c in non_ascii) >= 0.6 * len(non_ascii)


# --- YAML syntax errors in the user's words ------------------------------------------------------

_SYNTAX = "YAML 语法错误："
# (pattern over PyYAML's "context problem" text, Chinese message; {0} is the pattern's group,
# {ctx} the line where the construct began). First match wins.
_YAML_MESSAGES: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.DOTALL), m) for p, m in [
    (r"found character '\\t'", "这里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"),
    (r"found character '(.)' that cannot start any token",
     _SYNTAX + "值不能以“{0}”开头；请给整个值加上引号，如 \"{0}……\""),
    (r"found undefined alias '?([^'\s]*)",
     "引用了未定义的锚点“*{0}”：请先用 &{0} 定义它；如果“*”只是文字，请给整个值加上引号"),
    (r"found duplicate anchor '?([^'\s;]*)", "锚点“&{0}”重复定义；同一文件中的锚点名不能重复"),
    (r"while parsing a flow sequence",
     _SYNTAX + "第 {ctx} 行开始的方括号“[”没有闭合，或列表项之间缺少英文逗号“,”"),
    (r"while parsing a flow mapping",
     _SYNTAX + "第 {ctx} 行开始的花括号“{{”没有闭合，或项之间缺少英文逗号“,”"),
    (r"while parsing a flow node.*'<stream end>'",
     _SYNTAX + "方括号“[”或花括号“{{”没有闭合：文件到这里就结束了"),
    (r"but found '([\]}}])'", _SYNTAX + "这里多了一个“{0}”：前面没有与它对应的“[”或“{{”"),
    (r"quoted scalar.*found unexpected end of stream",
     _SYNTAX + "引号没有闭合：从这里开始的引号直到文件末尾都没有对应的结束引号"),
    (r"found unknown escape character '?([^'\s]*)",
     _SYNTAX + "双引号中的“\\{0}”不是有效的转义；反斜杠请写成 \\\\，或改用单引号"),
    (r"quoted scalar", _SYNTAX + "引号中有无法识别的内容，或引号没有闭合"),
    (r"expected a single document", "文件中有多个 YAML 文档（用“---”分隔）；一个计划文件只能有一个文档，请删除多余的“---”"),
    (r"mapping values are not allowed here",
     _SYNTAX + "这里多了一个“: ”：值中含有冒号时请给整个值加上引号，如 text: \"时间: 9月\"；也可能是上一行的冒号后缺少空格"),
    (r"could not find expected ':'", _SYNTAX + "缺少英文冒号：每个键后面要写英文冒号加空格“: ”，再写值"),
    (r"expected <block end>, but found '-'",
     _SYNTAX + "列表项“- ”与上面的“键: 值”混在同一层；同一层的内容要么都以“- ”开头，要么都不用，请检查缩进"),
    (r"expected <block end>, but found '\?'|while parsing a block collection",
     _SYNTAX + "缩进不一致：同一层中列表项（- ）和键（键: 值）混在一起，请对齐缩进"),
    (r"expected <block end>|did not find expected key",
     _SYNTAX + "缩进不一致：同一层的键必须以相同数量的空格开头"),
    (r"did not find expected '-' indicator", _SYNTAX + "列表项缩进不一致：同一列表的每一项都应以“- ”开头并对齐"),
    (r"expected the node content", _SYNTAX + "这里缺少值，或有多余的“]”“}}”“,”"),
    (r"found unhashable key", _SYNTAX + "键不能是列表或映射"),
    (r"expected <document start>", _SYNTAX + "文件结构无法识别（可能多写了顶格的内容）"),
    (r"found unexpected end of stream", _SYNTAX + "文件意外结束（引号或括号没有闭合？）"),
]]
# Mistakes that PyYAML reports a line or two later: the line that really needs fixing.
_FULL_WIDTH_KEY = re.compile(r"^\s*(?:- )?([A-Za-z_][\w-]*|[\u4e00-\u9fff]+)\s*(：)\s*(.*)$")
_NO_SPACE_KEY = re.compile(r"^\s*(?:- )?([A-Za-z_]\w*)(:)(?=[^\s/:])(.*)$")
_STRUCTURAL = ("mapping values", "expected ':'", "expected <block end>", "expected key")


def _yaml_error_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    """Returns (Chinese message, line, column) for a PyYAML syntax error."""
    raw = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in raw and exc.context_mark:
        mark = exc.context_mark  # the end of the file says nothing; where the quote opened does
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    ctx = exc.context_mark.line + 1 if exc.context_mark else line
    message = _SYNTAX + "无法读取这一处"
    for pattern, zh in _YAML_MESSAGES:
        found = pattern.search(raw)
        if found:
            message = zh.format(*found.groups(), ctx=ctx)
            break
    if line and any(s in raw for s in _STRUCTURAL):
        lines = text.split("\n")
        moved = _colon_mistake_near(lines, line) or _layout_mistake(lines, line)
        if moved:
            return moved
    return message, line, col


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
    if ":" not in bare and "：" not in bare and not bare.startswith(("-", "#")) and indent <= prev_indent:
        return f"{_SYNTAX}“{bare[:20]}”后面缺少英文冒号；键要写作“{bare[:20]}:”", above, prev_indent + 1
    if indent > prev_indent and re.match(r"\s*(?:- )?[^\s:]+: +[^\s#|>]", prev):
        return (f"{_SYNTAX}这一行比上一行缩进多，被当成了上一行值的续写；同一层的键请用相同的缩进",
                line, indent + 1)
    return None


def _colon_mistake_near(lines: list[str], line: int) -> tuple[str, int, int] | None:
    """Returns the message and place of a full-width or space-less colon on `line` or the 3 above."""
    for number in range(line, max(0, line - 4), -1):
        if number > len(lines):
            continue
        found = _colon_mistake(lines[number - 1])
        if found:
            message, col = found
            return message, number, col
    return None


def _colon_mistake(text: str) -> tuple[str, int] | None:
    """Returns (message, 1-based column of the colon) if `text` is `key：value` or `key:value`."""
    for pattern, fix in ((_FULL_WIDTH_KEY, "用了中文冒号“：”；请改为英文冒号加空格"),
                         (_NO_SPACE_KEY, "的冒号后缺少空格；请在冒号后加一个空格")):
        found = pattern.match(text)
        if found:
            key = found.group(1)
            value = re.split(r"\s+[^\s:：]+\s*[:：]", found.group(3).strip())[0]  # up to the next key
            if _FULL_WIDTH_KEY.match(value) or _NO_SPACE_KEY.match(value):
                value = ""  # the whole file became one line: the next key is no value to show
            shown = value if len(value) <= 20 else value[:20] + "……"
            return f"键“{key}”后面{fix}，写作“{key}: {shown}”", found.start(2) + 1
    return None


@cache
def _container_keys() -> frozenset[str]:
    """Returns the schema keys whose value is a mapping or a list of mappings (school, goals, steps …):
    plain text there is always a mistake, most often `key:value` without a space."""
    import typing

    from pydantic import BaseModel

    from plangen.model import Plan

    keys: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [Plan]
    while todo:
        model = todo.pop()
        seen.add(model)
        for name, info in model.model_fields.items():
            args = [info.annotation]
            while args:
                arg = args.pop()
                args += typing.get_args(arg)
                if arg is dict or typing.get_origin(arg) is dict:
                    keys.add(name)
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    keys.add(name)
                    if arg not in seen:
                        todo.append(arg)
    return frozenset(keys)


# --- composing plain data with locations ---------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_MERGE, _VALUE = _TAG + "merge", _TAG + "value"
_FREE_KEYS = frozenset({"extra", "front_matter"})  # free data: any text is fine there


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _dotted(path: tuple[str | int, ...]) -> str:
    """Returns a field path as users read it: quotas[0].target (as plangen.load.format_path)."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class _Place:
    """Where the builder stands: the field path, the nesting depth, and what the schema wants."""

    path: tuple[str | int, ...] = ()
    depth: int = 0
    free: bool = False  # inside extra:/front_matter:, where any text is fine
    container: bool = True  # the schema wants a mapping (or list of mappings) here

    def key(self, key: str) -> _Place:
        return _Place((*self.path, key), self.depth + 1, self.free or key in _FREE_KEYS,
                      not self.free and key in _container_keys())

    def item(self, index: int) -> _Place:
        return _Place((*self.path, index), self.depth + 1, self.free, self.container)

    def merged(self) -> _Place:
        return _Place(self.path, self.depth + 1, self.free, self.container)


@dataclass
class _Builder:
    file: str
    loader: _Loader
    locs: Locations
    nodes: int = 0
    problems: list[Problem] = field(default_factory=list)

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def add(self, node: yaml.Node, place: _Place, message: str, col_offset: int = 0) -> None:
        mark = self.mark(node)
        self.problems.append(Problem(self.file, mark.line, mark.col + col_offset, _dotted(place.path), message))

    def build(self, node: yaml.Node, place: _Place) -> Any:
        """Returns the plain value of `node`; problems are collected, hostile sizes raise at once."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _problem(self.file, f"内容过多：展开后超过 {MAX_NODES:,} 个值（可能是恶意的别名嵌套“alias bomb”），"
                           "已停止读取", *self._line_col(node))
        if place.depth > MAX_DEPTH:
            raise _problem(self.file, f"嵌套层次过深（超过 {MAX_DEPTH} 层，或锚点引用了自身），已停止读取",
                           *self._line_col(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, place) if node.tag == _TAG + "map" else self._refuse_tag(node, place)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                return self._refuse_tag(node, place)
            items = [self.build(child, place.item(i)) for i, child in enumerate(node.value)]
            self.locs.register_seq(items, [self.mark(child) for child in node.value])
            return items
        value = self.scalar(node, place)
        if place.container and not place.free and isinstance(value, str) and not node.style:
            found = _colon_mistake(value)
            if found:
                self.add(node, place, found[0] + "（否则整行会被当成一段文字）", found[1] - 1)
        return value

    def scalar(self, node: yaml.Node, place: _Place) -> Any:
        """Returns the Python value of a scalar node (str, int, float, bool, None, date, datetime)."""
        if node.tag not in _SCALAR_TAGS:
            return self._refuse_tag(node, place)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError, TypeError, yaml.YAMLError):
            shown = node.value if len(node.value) <= 20 else node.value[:20] + "……"
            if node.tag == _TAG + "timestamp":
                self.add(node, place, f"无法识别的日期“{shown}”：日期请写作 2025-09-10，且月、日要存在")
            elif node.tag == _TAG + "int":
                self.add(node, place, f"数字“{shown}”位数过多，无法读取；请写一个普通大小的数字")
            else:
                self.add(node, place, f"无法识别的值“{shown}”；如果它是文字，请给它加上引号")
            return None

    def _refuse_tag(self, node: yaml.Node, place: _Place) -> None:
        self.add(node, place, f"不支持的 YAML 标签“{_tag_name(node.tag)}”，出于安全原因被拒绝；请删除这个标签")

    def _line_col(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _mapping(self, node: yaml.MappingNode, place: _Place) -> dict:
        result: dict[str, Any] = {}
        entries: dict[str, tuple[Mark, Mark]] = {}
        merged: list[dict] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged += self._merge_sources(value_node, place)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.add(key_node, place, "键必须是简单的文字，不能是列表或映射")
                continue
            key = "=" if key_node.tag == _VALUE else self.scalar(key_node, place)
            key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            if key in entries:
                first = entries[key][0]
                self.add(key_node, place.key(key), f"重复的键“{key}”（第 {first.line} 行已经写过）；请删除或合并其中一处")
                continue
            entries[key] = (self.mark(key_node), self.mark(value_node))
            result[key] = self.build(value_node, place.key(key))
        if merged:
            # YAML merge keys (<<: *base): keys written here win, then earlier merged maps.
            defaults: dict[str, Any] = {}
            default_entries: dict[str, tuple[Mark, Mark]] = {}
            for source in merged:
                for key, value in source.items():
                    if key not in defaults:
                        defaults[key] = value
                        default_entries[key] = self.locs.maps[id(source)][key]
            result = {**defaults, **result}
            entries = {**default_entries, **entries}
        self.locs.register_map(result, entries)
        return result

    def _merge_sources(self, node: yaml.Node, place: _Place) -> list[dict]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        built = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                self.add(source, place, "“<<”只能合并映射：请写作 <<: *锚点名，锚点指向一组“键: 值”")
                continue
            value = self.build(source, place.merged())
            if isinstance(value, dict):
                built.append(value)
        return built


_EMPTY = "文件是空的（或只有注释）；请至少写上 school 和 period，可用 plangen new 生成一个模板"


def parse_yaml(text: str, file: str, locs: Locations) -> Any:
    """Returns the YAML document as plain data, registering every container in `locs`."""
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
        raise _problem(file, _EMPTY)
    loader: yaml.SafeLoader | yaml.CSafeLoader | None = None
    try:
        root, loader = _compose(text)
        if root is None:
            raise _problem(file, _EMPTY)
        builder = _Builder(file, loader, locs)
        data = builder.build(root, _Place())
    except _TooDeep as exc:
        raise _problem(file, f"嵌套层次过深（超过 {MAX_DEPTH} 层），已停止读取；计划文件通常不超过 15 层",
                       exc.mark.line + 1, exc.mark.column + 1) from None
    except RecursionError:
        raise _problem(file, f"嵌套层次过深（超过 {MAX_DEPTH} 层），已停止读取") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise _problem(file, f"这里有不可见的控制字符（U+{exc.character:04X}），YAML 不允许；请删除它", line) from None
    except yaml.MarkedYAMLError as exc:
        message, line, col = _yaml_error_message(exc, text)
        raise InputError(Problem(file, line, col, "", message)) from None
    except yaml.YAMLError as exc:
        raise _problem(file, f"{_SYNTAX}{exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if builder.problems:
        raise InputError(sorted(builder.problems, key=lambda p: (p.line, p.col)))
    if not isinstance(data, dict):
        kind = "列表" if isinstance(data, list) else "单个值"
        raise _problem(file, f"文件顶层应是“键: 值”的映射（如 school:、period:），实际是{kind}", 1, 1)
    locs.roots[id(data)] = Mark(file, 1, 1)
    return data


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser and composer (C) with PyYAML's safe constructor and resolver."""


_FAST = getattr(yaml, "__with_libyaml__", False)
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """Returns the document's root node and the loader that composed it (it constructs scalars).

    libyaml composes a plan about ten times faster than pure Python. Its composer recurses in C,
    so nesting is first checked on its event stream. A file libyaml refuses is read again by the
    pure-Python loader, whose error messages `_YAML_MESSAGES` translates."""
    if _FAST:
        try:
            _check_depth(text)
            loader = _FastLoader(text)
            try:
                return loader.get_single_node(), loader
            except BaseException:
                loader.dispose()
                raise
        except _TooDeep:
            raise
        except yaml.YAMLError:
            pass
    loader = _Loader(text)
    try:
        return loader.get_single_node(), loader
    except BaseException:
        loader.dispose()
        raise


def _check_depth(text: str) -> None:
    """Raises _TooDeep at the first value nested deeper than MAX_DEPTH (as `_Loader` would)."""
    events = _FastLoader(text)
    depth = 0
    try:
        while events.check_event():
            event = events.get_event()
            if isinstance(event, _CLOSING):
                depth -= 1
            elif isinstance(event, (*_OPENING, yaml.ScalarEvent, yaml.AliasEvent)):
                if depth + 1 > MAX_DEPTH:
                    raise _TooDeep(event.start_mark)
                if isinstance(event, _OPENING):
                    depth += 1
    finally:
        events.dispose()
