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


class _Loader(yaml.SafeLoader):
    """A local safe loader; only used to compose nodes and construct scalars."""


def _problem(file: str, message: str, line: int = 0, col: int = 0) -> InputError:
    return InputError(Problem(file, line, col, "", message))


def read_text(path: Path) -> str:
    """Returns the file's text, decoded; raises InputError with a Chinese explanation otherwise."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _problem(name, "文件不存在，请检查路径") from None
    except OSError as exc:
        raise _problem(name, f"无法读取文件：{exc.strerror or exc}") from None
    if path.is_dir():
        raise _problem(name, "这是一个文件夹，请指定 .yaml 计划文件")
    if size > MAX_FILE_BYTES:
        raise _problem(
            name,
            f"文件过大（{size / 1024 / 1024:.1f} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限；"
            "计划文件通常只有几十 KB，请确认选对了文件",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _problem(name, f"无法读取文件：{exc.strerror or exc}") from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Returns text from UTF-8 (with or without BOM) or BOM-marked UTF-16 bytes, else explains."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return _normalise_newlines(raw.decode(encoding))
            except UnicodeDecodeError:
                break
    if b"\x00" in raw:
        raise _problem(name, "文件含有 NUL 字节，不是文本文件（可能是二进制文件或 Word 文档）；请用文本编辑器保存为 UTF-8 编码的 .yaml 文件")
    try:
        return _normalise_newlines(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if _looks_like_gb18030(raw):
        raise _problem(
            name,
            "文件是 GBK/GB18030 编码，plangen 只读取 UTF-8：请在编辑器中“另存为”并选择 UTF-8 编码"
            "（记事本：编码选 UTF-8；VS Code：右下角编码 → 通过编码保存 → UTF-8）",
        )
    line = raw[:bad_at].count(b"\n") + 1
    raise _problem(name, f"文件不是 UTF-8 文本（第 {line} 行起有无法识别的字节），可能是二进制文件；请保存为 UTF-8 编码的 .yaml 文件", line, 1)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


_YAML_MESSAGES = [
    ("found character '\\t' that cannot start any token", "这里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("mapping values are not allowed here", "这里不应出现“键: 值”"),
    ("could not find expected ':'", "缺少英文冒号“:”"),
    ("did not find expected key", "缩进不一致，或缺少“键:”"),
    ("did not find expected '-' indicator", "列表项缩进不一致，应以“- ”开头并对齐"),
    ("found undefined alias", "引用了未定义的锚点（&名称）"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"),
    ("found unknown escape character", "双引号中的反斜杠转义无效；反斜杠请写成 \\\\，或改用单引号"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("found unhashable key", "键不能是列表或映射"),
    ("expected <document start>", "文件结构无法识别（可能多写了顶格的内容）"),
    ("could not determine a constructor for the tag", "不支持的 YAML 标签（如 !!python/…），出于安全原因被拒绝"),
    ("found character that cannot start any token", "这里有无法识别的字符（如顶格的 @ 或 `）；请给这个值加上引号"),
]


def _yaml_error_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    raw = f"{exc.context or ''} {exc.problem or ''}"
    message = next((zh for en, zh in _YAML_MESSAGES if en in raw), "YAML 语法错误")
    lines = text.split("\n")
    near = [lines[i] for i in range(max(0, line - 3), min(len(lines), line + 1))] if line else lines
    hints = []
    if any("\t" in s for s in near) and "制表符" not in message:
        hints.append("这里附近有制表符（Tab），YAML 只能用空格缩进")
    if any(re.match(r"\s*(- )?[\w\u4e00-\u9fff]+：", s) for s in near):
        hints.append("键后面用了中文冒号“：”，请改为英文冒号加空格“: ”")
    if any(re.match(r"\s*(- )?[A-Za-z_]\w*:[^\s/]", s) for s in near):
        hints.append("英文冒号后面要有一个空格，如 name: 星河小学")
    if hints:
        message += "。提示：" + "；".join(hints)
    return message, line, col


@dataclass
class _Builder:
    file: str
    loader: _Loader
    locs: Locations
    nodes: int = 0
    problems: list[Problem] = field(default_factory=list)

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _problem(self.file, f"内容过多：展开后超过 {MAX_NODES} 个值（可能是恶意的别名嵌套“alias bomb”），已停止读取",
                           *self._line_col(node))
        if depth > MAX_DEPTH:
            raise _problem(self.file, f"嵌套层次过深（超过 {MAX_DEPTH} 层），已停止读取", *self._line_col(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            items = [self.build(child, depth + 1) for child in node.value]
            self.locs.register_seq(items, [self.mark(child) for child in node.value])
            return items
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            message, line, col = _yaml_error_message(exc, "")
            self.problems.append(Problem(self.file, line, col, "", message))
            return None
        except ValueError:
            line, col = self._line_col(node)
            self.problems.append(Problem(self.file, line, col, "", f"无法识别的值“{node.value}”（日期请写作 2025-09-10）"))
            return None

    def _line_col(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict:
        self.loader.flatten_mapping(node)  # merge keys (<<)
        result: dict[str, Any] = {}
        entries: dict[str, tuple[Mark, Mark]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = self._line_col(key_node)
                self.problems.append(Problem(self.file, line, col, "", "键必须是简单的文字，不能是列表或映射"))
                continue
            key = self.loader.construct_object(key_node)
            key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            if key in entries:
                first = entries[key][0]
                line, col = self._line_col(key_node)
                self.problems.append(Problem(self.file, line, col, key,
                                             f"重复的键“{key}”（第 {first.line} 行已经写过）；请删除或合并其中一处"))
                continue
            entries[key] = (self.mark(key_node), self.mark(value_node))
            result[key] = self.build(value_node, depth + 1)
        self.locs.register_map(result, entries)
        return result


def parse_yaml(text: str, file: str, locs: Locations) -> Any:
    """Returns the YAML document as plain data, registering every container in `locs`."""
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
        raise _problem(file, "文件是空的（或只有注释）；请至少写上 school 和 period，可用 plangen new 生成一个模板")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        message, line, col = _yaml_error_message(exc, text)
        raise InputError(Problem(file, line, col, "", message)) from None
    except yaml.YAMLError as exc:
        raise _problem(file, f"YAML 读取失败：{exc}") from None
    finally:
        loader.dispose()
    if root is None:
        raise _problem(file, "文件是空的（或只有注释）；请至少写上 school 和 period，可用 plangen new 生成一个模板")
    builder = _Builder(file, loader, locs)
    data = builder.build(root)
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(data, dict):
        kind = "列表" if isinstance(data, list) else "单个值"
        hint = ""
        if isinstance(data, str) and "：" in data:
            hint = "；看起来键后面用了中文冒号“：”，请改为英文冒号加空格“: ”"
        raise _problem(file, f"文件顶层应是“键: 值”的映射（如 school:、period:），实际是{kind}{hint}", 1, 1)
    locs.roots[id(data)] = Mark(file, 1, 1)
    return data
