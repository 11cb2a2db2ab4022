"""Reading a user's YAML (a plan, a theme): text → plain data that remembers where every value came from.

Bytes become text in `plangen.source.text`; YAML syntax errors are put in the user's words by
`plangen.source.messages`.
The YAML is parsed safely with a local loader subclass (the global loaders are never patched);
duplicate keys are errors; aliases, depth and size are bounded so a hostile file fails fast, and
so are single values (`plangen.source.scalars`): an integer of more than 30 digits, a control
character or a lone surrogate from a double-quoted escape is a located error, never a Python one.
Each mapping and sequence built here is registered in a `Locations` table so that a problem found
later — by pydantic or by the cross-reference checks — can be reported at its own line, even after
`extends:` (or a theme's `base:`) has merged several files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from plangen.errors import InputError, Problem
from plangen.source.kind import FileKind
from plangen.source.locations import Locations, Mark
from plangen.source.messages import SYNTAX_ERROR, colon_mistake, yaml_error_message
from plangen.source.problems import file_error, format_path
from plangen.source.scalars import bad_character, int_too_long

MAX_NODES = 100_000  # values built, counting each alias expansion
MAX_DEPTH = 40


class _TooDeep(yaml.YAMLError):
    """Raised by the composer when nesting passes MAX_DEPTH (before Python's own recursion limit)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("too deep")
        self.mark = mark


class _TooMany(yaml.YAMLError):
    """Raised by the event scan when a file without aliases has more than MAX_NODES values."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__("too many")
        self.mark = mark


def _too_many(kind: FileKind) -> str:
    return (
        f"内容过多：文件中有超过 {MAX_NODES:,} 个值，已停止读取；{kind.noun}通常只有{kind.typical_size}，"
        "请确认选对了文件，或把内容拆分到多个文件"
    )


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
            return super().compose_node(parent, index)  # type: ignore[misc, return-value]
        finally:
            self.depth -= 1


# --- composing plain data with locations ---------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_MERGE, _VALUE, _STR = _TAG + "merge", _TAG + "value", _TAG + "str"
# How PyYAML's constructors fail on a value a tag forces on them: `!!bool maybe` (KeyError),
# `!!int ""` (IndexError), `!!timestamp abc` (AttributeError), `!!int abc` (ValueError) …
_CONSTRUCT_FAILURES = (
    LookupError,
    AttributeError,
    OverflowError,
    TypeError,
    ValueError,
    yaml.YAMLError,
)


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


class _Place(NamedTuple):
    """Where the builder stands: the field path, the nesting depth, and what the schema wants."""

    path: tuple[str | int, ...] = ()
    depth: int = 0
    free: bool = False  # inside free data (a plan's extra:), where any text is fine
    container: bool = True  # the schema wants a mapping (or list of mappings) here

    def key(self, key: str, kind: FileKind) -> _Place:
        return _Place(
            (*self.path, key),
            self.depth + 1,
            self.free or key in kind.free_keys,
            not self.free and key in kind.container_keys,
        )

    def item(self, index: int) -> _Place:
        return _Place((*self.path, index), self.depth + 1, self.free, self.container)

    def merged(self) -> _Place:
        return _Place(self.path, self.depth + 1, self.free, self.container)


@dataclass
class _Builder:
    file: str
    kind: FileKind
    loader: _Loader
    locs: Locations
    nodes: int = 0
    problems: list[Problem] = field(default_factory=list)
    # ids of the nodes built: one seen twice is an alias
    built: set[int] = field(default_factory=set)
    aliased: bool = False

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def add(self, node: yaml.Node, place: _Place, message: str, col_offset: int = 0) -> None:
        mark = self.mark(node)
        self.problems.append(
            Problem(self.file, mark.line, mark.col + col_offset, format_path(place.path), message)
        )

    def build(self, node: yaml.Node, place: _Place) -> Any:
        """Returns the plain value of `node`; problems are collected, hostile sizes raise at once."""
        self.nodes += 1
        if id(node) in self.built:
            self.aliased = True
        self.built.add(id(node))
        if self.nodes > MAX_NODES:
            if self.aliased:
                raise file_error(
                    self.file,
                    f"内容过多：展开后超过 {MAX_NODES:,} 个值（可能是恶意的别名嵌套“alias bomb”），"
                    "已停止读取",
                    *self._line_col(node),
                )
            raise file_error(self.file, _too_many(self.kind), *self._line_col(node))
        if place.depth > MAX_DEPTH:
            raise file_error(
                self.file,
                f"嵌套层次过深（超过 {MAX_DEPTH} 层，或锚点引用了自身），已停止读取",
                *self._line_col(node),
            )
        if isinstance(node, yaml.MappingNode):
            return (
                self._mapping(node, place)
                if node.tag == _TAG + "map"
                else self._refuse_tag(node, place)
            )
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                return self._refuse_tag(node, place)
            items = [self.build(child, place.item(i)) for i, child in enumerate(node.value)]
            self.locs.register_seq(items, [self.mark(child) for child in node.value])
            return items
        value = self.scalar(node, place)
        if (
            place.container
            and not place.free
            and isinstance(value, str)
            and not getattr(node, "style", None)
        ):
            found = colon_mistake(value)
            if found:
                self.add(node, place, found[0] + "（否则整行会被当成一段文字）", found[1] - 1)
        return value

    def scalar(self, node: yaml.Node, place: _Place) -> Any:
        """Returns the Python value of a scalar node (str, int, float, bool, None, date, datetime)."""
        if node.tag not in _SCALAR_TAGS:
            return self._refuse_tag(node, place)
        value = node.value  # a string, as PyYAML's safe constructor gives it
        if node.tag != _STR:
            value = self._constructed(node, place)
        if isinstance(value, str):
            bad = bad_character(value)
            if bad:
                self.add(node, place, bad)
                return None
        elif isinstance(value, bool) and not getattr(node, "style", None):
            # `NO` read as false: the message quotes it
            self.locs.literals[self.mark(node)] = node.value
        return value

    def _constructed(self, node: yaml.Node, place: _Place) -> Any:
        """Returns the value of a scalar that is not a string, None with a problem if it has none."""
        if node.tag == _TAG + "int":
            # before int(): Python refuses 4,300 digits, and a huge int costs time everywhere
            too_long = int_too_long(node.value)
            if too_long:
                self.add(node, place, too_long)
                return None
        try:
            return self.loader.construct_object(node, deep=True)
        except _CONSTRUCT_FAILURES:
            shown = node.value if len(node.value) <= 20 else node.value[:20] + "……"
            if node.tag == _TAG + "timestamp":
                self.add(
                    node, place, f"无法识别的日期“{shown}”：日期请写作 2025-09-10，且月、日要存在"
                )
            elif node.tag == _TAG + "int":
                self.add(
                    node, place, f"无法识别的整数“{shown}”；如果它是编号或文字，请给它加上引号"
                )
            else:
                self.add(node, place, f"无法识别的值“{shown}”；如果它是文字，请给它加上引号")
            return None

    def _refuse_tag(self, node: yaml.Node, place: _Place) -> None:
        self.add(
            node,
            place,
            f"不支持的 YAML 标签“{_tag_name(node.tag)}”，出于安全原因被拒绝；请删除这个标签",
        )

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
            if isinstance(key, bool) or (key is None and key_node.value):
                # `on:`, `NO:`, `~:` are names as written, not true, false or ""
                key = key_node.value
            key = "" if key is None else str(key)
            if key in entries:
                first = entries[key][0]
                self.add(
                    key_node,
                    place.key(key, self.kind),
                    f"重复的键“{key}”（第 {first.line} 行已经写过）；请删除或合并其中一处",
                )
                continue
            entries[key] = (self.mark(key_node), self.mark(value_node))
            result[key] = self.build(value_node, place.key(key, self.kind))
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
                self.add(
                    source, place, "“<<”只能合并映射：请写作 <<: *锚点名，锚点指向一组“键: 值”"
                )
                continue
            value = self.build(source, place.merged())
            if isinstance(value, dict):
                built.append(value)
        return built


def parse_yaml(text: str, file: str, locs: Locations, kind: FileKind) -> dict:
    """Returns the YAML document of a `kind` file as plain data, registering every container in `locs`."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")
    ):
        raise file_error(file, kind.empty)
    loader: yaml.SafeLoader | yaml.CSafeLoader | None = None
    try:
        root, loader = _compose(text)
        if root is None:
            raise file_error(file, kind.empty)
        builder = _Builder(file, kind, loader, locs)  # type: ignore[arg-type]  # either loader constructs scalars
        data = builder.build(root, _Place())
    except _TooMany as exc:
        raise file_error(file, _too_many(kind), exc.mark.line + 1, exc.mark.column + 1) from None
    except _TooDeep as exc:
        raise file_error(
            file,
            f"嵌套层次过深（超过 {MAX_DEPTH} 层），已停止读取；{kind.noun}通常不超过 {kind.typical_depth} 层",
            exc.mark.line + 1,
            exc.mark.column + 1,
        ) from None
    except RecursionError:
        raise file_error(file, f"嵌套层次过深（超过 {MAX_DEPTH} 层），已停止读取") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise file_error(
            file, f"这里有不可见的控制字符（U+{exc.character:04X}），YAML 不允许；请删除它", line
        ) from None
    except yaml.MarkedYAMLError as exc:
        message, line, col = yaml_error_message(exc, text, kind.noun)
        raise file_error(file, message, line, col) from None
    except yaml.YAMLError as exc:
        raise file_error(file, f"{SYNTAX_ERROR}{exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if builder.problems:
        raise InputError(sorted(builder.problems, key=lambda p: (p.line, p.col)))
    if not isinstance(data, dict):
        found = "列表" if isinstance(data, list) else "单个值"
        raise file_error(
            file, f"文件顶层应是“键: 值”的映射（如 {kind.top_keys}），实际是{found}", 1, 1
        )
    locs.roots[id(data)] = Mark(file, 1, 1)
    return data


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser and composer (C) with PyYAML's safe constructor and resolver."""


_FAST = getattr(yaml, "__with_libyaml__", False)
_CLOSING = frozenset({yaml.MappingEndEvent, yaml.SequenceEndEvent})
_OPENS = {yaml.MappingStartEvent: 0, yaml.SequenceStartEvent: None}  # what open_maps gets
_NODES = frozenset({*_OPENS, yaml.ScalarEvent, yaml.AliasEvent})


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
        except (_TooDeep, _TooMany):
            raise
        except yaml.YAMLError:
            pass
    loader = _Loader(text)  # type: ignore[assignment]
    try:
        return loader.get_single_node(), loader
    except BaseException:
        loader.dispose()
        raise


def _check_depth(text: str) -> None:
    """Raises _TooDeep at the first value nested deeper than MAX_DEPTH (as `_Loader` would), and
    _TooMany at the value `_Builder` would stop at in a file without aliases, before composing a
    huge file (composing and building 100,000 values costs seconds)."""
    events = _FastLoader(text)
    # per open collection: entries seen in a mapping, None for a list
    open_maps: list[int | None] = []
    values = 0
    aliased = False
    try:
        while events.check_event():
            event = events.get_event()
            kind = type(event)  # libyaml makes PyYAML's own event classes, never subclasses
            if kind in _CLOSING:
                open_maps.pop()
            elif kind in _NODES:
                if len(open_maps) >= MAX_DEPTH:
                    raise _TooDeep(event.start_mark)  # type: ignore[arg-type]
                in_map = bool(open_maps) and open_maps[-1] is not None
                if in_map:
                    open_maps[-1] += 1  # type: ignore[operator]
                if not in_map or open_maps[-1] % 2 == 0:  # type: ignore[operator]  # a value, not a key
                    values += 1
                    aliased = aliased or kind is yaml.AliasEvent
                    if values > MAX_NODES and not aliased:
                        raise _TooMany(event.start_mark)  # type: ignore[arg-type]
                if kind in _OPENS:
                    open_maps.append(_OPENS[kind])
    finally:
        events.dispose()
