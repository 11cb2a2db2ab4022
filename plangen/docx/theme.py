"""Themes for .docx output: the data model and the loader of theme YAML files.

A theme is data, not code: fonts, sizes (pt), margins (mm), line spacing, document grid, indents,
page-number format and placement, table borders and the list bullet. The built-in themes live in
`themes/<name>.yaml`; a school can write its own file that starts with `base: gongwen` and overrides
only the keys it needs (the key reference is the comment header of `themes/gongwen.yaml`).
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from plangen.errors import InputError, Problem, UsageError
from plangen.resources import data_dir

Align = Literal["left", "center", "right", "justify"]

_PT_PER_MM = 72 / 25.4
_EXACT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*pt\s*$")
_MAX_THEME_BYTES = 256 * 1024
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
_MAX_BASE_DEPTH = 8


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_line_spacing(value: float | str | None) -> float | str | None:
    """Accepts a multiple of single spacing (1.5), an exact height ("28pt") or "grid"."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 0.5 <= float(value) <= 5:
            raise ValueError(f"倍数行距 {value} 超出范围，应在 0.5 到 5 之间")
        return float(value)
    text = value.strip() if isinstance(value, str) else ""
    if text == "grid":
        return text
    match = _EXACT.match(text)
    if not match or not 4 <= float(match.group(1)) <= 200:
        raise ValueError(
            f'行距 {value!r} 无法识别，应为倍数（如 1.5）、固定值（如 "28pt"）或 "grid"'
        )
    return f"{float(match.group(1)):g}pt"


class PageSpec(_Model):
    """Paper size and margins, all in millimetres."""

    width_mm: float = Field(210, gt=50, le=1000)
    height_mm: float = Field(297, gt=50, le=1000)
    margin_top_mm: float = Field(25.4, ge=0, le=200)
    margin_bottom_mm: float = Field(25.4, ge=0, le=200)
    margin_left_mm: float = Field(31.8, ge=0, le=200)
    margin_right_mm: float = Field(31.8, ge=0, le=200)
    header_mm: float = Field(15, ge=0, le=200)
    footer_mm: float = Field(17.5, ge=0, le=200)

    @model_validator(mode="after")
    def _type_area_positive(self) -> PageSpec:
        if self.width_mm - self.margin_left_mm - self.margin_right_mm < 20:
            raise ValueError("左右页边距过大，版心宽度不足 20 毫米")
        if self.height_mm - self.margin_top_mm - self.margin_bottom_mm < 20:
            raise ValueError("上下页边距过大，版心高度不足 20 毫米")
        return self


class GridSpec(_Model):
    """The Word document grid ("文档网格"): lines per page and characters per line."""

    lines_per_page: int | None = Field(None, ge=5, le=100)
    chars_per_line: int | None = Field(None, ge=5, le=100)
    # How chars_per_line is reached: "grid" = Word's character grid (linesAndChars, charSpace):
    # Word and WPS squeeze characters into the cells, LibreOffice cannot and sets far fewer
    # characters a line; "spacing" = a line grid plus condensed character spacing on Normal:
    # the same characters a line everywhere, but Word's page setup shows no character grid.
    chars_by: Literal["grid", "spacing"] = "grid"

    @model_validator(mode="after")
    def _chars_need_lines(self) -> GridSpec:
        if self.chars_per_line is not None and self.lines_per_page is None:
            raise ValueError("设置了 chars_per_line 时也须设置 lines_per_page")
        return self


class StyleSpec(_Model):
    """One paragraph style. A key left out (None) is inherited from `normal`."""

    font: str | None = Field(None, min_length=1, max_length=64)
    latin_font: str | None = Field(None, min_length=1, max_length=64)
    size_pt: float | None = Field(None, ge=4, le=200)
    bold: bool | None = None
    italic: bool | None = None
    align: Align | None = None
    first_line_chars: float | None = Field(None, ge=0, le=20)
    left_chars: float | None = Field(None, ge=0, le=40)
    right_chars: float | None = Field(None, ge=0, le=40)
    line_spacing: float | str | None = None
    space_before_pt: float | None = Field(None, ge=0, le=200)
    space_after_pt: float | None = Field(None, ge=0, le=200)
    keep_with_next: bool | None = None
    snap_to_grid: bool | None = None
    widow_control: bool | None = None

    @field_validator("line_spacing")
    @classmethod
    def _spacing(cls, value: float | str | None) -> float | str | None:
        return _check_line_spacing(value)


class Styles(_Model):
    """The named paragraph styles the converter writes (Word style names in brackets)."""

    normal: StyleSpec  # Normal (正文); never carries a first-line indent
    body: StyleSpec = StyleSpec()  # 计划正文: body paragraphs
    title: StyleSpec = StyleSpec()  # Title (标题): `#`
    heading1: StyleSpec = StyleSpec()  # heading 1: `##` 一、
    heading2: StyleSpec = StyleSpec()  # heading 2: `###` （一）
    heading3: StyleSpec = StyleSpec()  # heading 3: `####` 1.
    heading4: StyleSpec = StyleSpec()  # heading 4: `#####` and `######` （1）
    list: StyleSpec = StyleSpec()  # 计划列表: list items
    quote: StyleSpec = StyleSpec()  # 计划引文: block quotes
    code: StyleSpec = StyleSpec()  # 计划代码: code blocks (latin_font also used for inline code)
    table: StyleSpec = StyleSpec()  # 表格文字: table body cells
    table_header: StyleSpec = StyleSpec()  # 表格标题行: the header row
    signature: StyleSpec = StyleSpec()  # 落款: issuer and date at the end
    doc_number: StyleSpec = StyleSpec()  # 文号

    @field_validator("normal")
    @classmethod
    def _normal_complete(cls, value: StyleSpec) -> StyleSpec:
        missing = [k for k in ("font", "size_pt", "line_spacing") if getattr(value, k) is None]
        if missing:
            raise ValueError(f"normal 样式必须给出 {', '.join(missing)}")
        if value.first_line_chars:
            raise ValueError("normal 样式不能有首行缩进（页脚和表格会继承它），请写在 body 样式里")
        return value


class PageNumberSpec(_Model):
    """Page numbers in the footer."""

    format: str = Field("— {page} —", max_length=40)
    font: str = Field("宋体", min_length=1, max_length=64)
    size_pt: float = Field(14, ge=4, le=72)
    placement: Literal["outside", "center", "right", "left", "none"] = "outside"
    indent_chars: float = Field(1, ge=0, le=10)

    @field_validator("format")
    @classmethod
    def _has_page(cls, value: str) -> str:
        if value.count("{page}") != 1:
            raise ValueError('页码格式必须恰好包含一个 {page}，例如 "— {page} —"')
        return value


class TableSpec(_Model):
    """Table layout; fonts and sizes are in styles.table / styles.table_header."""

    border_pt: float = Field(0.5, ge=0, le=6)
    header_repeat: bool = True
    cant_split: bool = True


class ListSpec(_Model):
    """List items: numbering is kept as text; nested lists indent by level."""

    bullet: str = Field("", max_length=4)
    indent_chars: float = Field(2, ge=0, le=10)


class SignatureSpec(_Model):
    """落款 (issuer and date) after the body."""

    rule: Literal["gbt9704", "right"] = "gbt9704"
    right_chars: float = Field(2, ge=0, le=20)
    space_before_lines: float = Field(1, ge=0, le=5)


class Theme(_Model):
    """A complete .docx theme; see the comment header of themes/gongwen.yaml for every key."""

    name: str = Field(min_length=1, max_length=64)
    description: str = ""
    page: PageSpec = PageSpec()
    grid: GridSpec = GridSpec()
    styles: Styles
    page_number: PageNumberSpec = PageNumberSpec()
    table: TableSpec = TableSpec()
    lists: ListSpec = ListSpec()
    signature: SignatureSpec = SignatureSpec()
    fonts_on_runs: bool = True
    font_fallbacks: dict[str, str] = Field(default_factory=dict)
    traditional_fonts: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _grid_spacing(self) -> Theme:
        for key, spec in self.styles:
            if spec.line_spacing == "grid" and self.grid.lines_per_page is None:
                raise ValueError(
                    f"styles.{key}.line_spacing 为 grid，但 grid.lines_per_page 未设置"
                )
        return self

    def for_script(self, script: str) -> Theme:
        """Returns the theme for "hans" (itself) or Traditional output ("hant", "hant-tw" ...).

        For Traditional output the fonts listed in traditional_fonts are swapped, since GB2312
        fonts such as 仿宋_GB2312 have no Traditional characters.
        """
        if not script.startswith("hant") or not self.traditional_fonts:
            return self
        swap = self.traditional_fonts
        data = self.model_dump()
        for spec in data["styles"].values():
            for key in ("font", "latin_font"):
                if spec.get(key) in swap:
                    spec[key] = swap[spec[key]]
        if data["page_number"]["font"] in swap:
            data["page_number"]["font"] = swap[data["page_number"]["font"]]
        return Theme.model_validate(data)

    # --- derived values (points and twips) -----------------------------------------------------

    def type_width_pt(self) -> float:
        """Returns the width of the type area (版心) in points."""
        p = self.page
        return (p.width_mm - p.margin_left_mm - p.margin_right_mm) * _PT_PER_MM

    def type_height_pt(self) -> float:
        """Returns the height of the type area (版心) in points."""
        p = self.page
        return (p.height_mm - p.margin_top_mm - p.margin_bottom_mm) * _PT_PER_MM

    def line_pitch_tw(self) -> int | None:
        """Returns docGrid linePitch in twips (type height ÷ lines, rounded down), or None."""
        lines = self.grid.lines_per_page
        return None if lines is None else math.floor(self.type_height_pt() * 20 / lines)

    def char_space(self) -> int | None:
        """Returns docGrid charSpace: (type width ÷ chars − Normal size) × 4096, rounded down.

        None when there is no character grid (no chars_per_line, or chars_by "spacing").
        """
        chars = self.grid.chars_per_line
        if chars is None or self.grid.chars_by != "grid":
            return None
        size = self.styles.normal.size_pt or 0
        return math.floor((self.type_width_pt() / chars - size) * 4096)


# --- loading -------------------------------------------------------------------------------------


def builtin_theme_dir() -> Path:
    """Returns the folder of built-in themes: <package>/_data/themes if installed, else <repo>/themes."""
    return data_dir("themes")


def builtin_theme_names() -> list[str]:
    """Returns the names of the built-in themes, sorted."""
    return sorted(p.stem for p in builtin_theme_dir().glob("*.yaml"))


def load_theme(name_or_path: str | Path) -> Theme:
    """Returns the validated Theme for a built-in name ("gongwen", "plain") or a .yaml/.yml path.

    A theme file may start with `base: NAME-or-PATH` and override only some keys (deep merge;
    a relative base path is relative to the file). Raises UsageError for an unknown theme name and
    InputError (each problem with file, line and key path) for a broken theme file.
    """
    path = _resolve(name_or_path, None)
    return _load_cached(path.resolve(), _stamp(path))


def _stamp(path: Path) -> int:
    """Returns the modification time of a theme file, so an edited file is read again."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@functools.lru_cache(maxsize=32)
def _load_cached(path: Path, stamp: int) -> Theme:
    """Returns the validated theme of `path` (read once per process and modification time)."""
    data = _load_merged(path, 0)
    try:
        return Theme.model_validate(data)
    except ValidationError as exc:
        raise InputError([_problem(path, err) for err in exc.errors()]) from None


def _resolve(name_or_path: str | Path, relative_to: Path | None) -> Path:
    """Returns the file of a theme name or path; raises UsageError/InputError when missing."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.lower().endswith((".yaml", ".yml")):
        path = Path(text).expanduser()
        if relative_to is not None and not path.is_absolute():
            path = relative_to.parent / path
        if not path.is_file():
            raise InputError(Problem(str(path), 0, 0, "", "找不到主题文件，请检查路径"))
        return path
    if re.fullmatch(r"[A-Za-z0-9_-]+", text):
        candidate = builtin_theme_dir() / f"{text}.yaml"
        if candidate.is_file():
            return candidate
    names = "、".join(builtin_theme_names()) or "（无）"
    raise UsageError(
        f"未知的主题 {text!r}：内置主题有 {names}，也可以给出以 .yaml 结尾的主题文件路径"
    )


def _load_merged(path: Path, depth: int) -> dict[str, Any]:
    """Returns the theme mapping of `path` with its `base:` chain merged underneath it."""
    if depth > _MAX_BASE_DEPTH:
        raise InputError(Problem(str(path), 0, 0, "base", "base 嵌套过深（是否循环引用？）"))
    data = _read_yaml(path)
    base = data.pop("base", None)
    if "name" not in data:
        data["name"] = path.stem
    if base is None:
        return data
    if not isinstance(base, str) or not base.strip():
        raise InputError(
            Problem(str(path), 0, 0, "base", "base 应为内置主题名（如 gongwen）或主题文件路径")
        )
    try:
        base_path = _resolve(base.strip(), path)
    except UsageError as exc:
        raise InputError(Problem(str(path), 0, 0, "base", str(exc))) from None
    if base_path.resolve() == path.resolve():
        raise InputError(Problem(str(path), 0, 0, "base", "主题不能以自身为 base"))
    merged = _load_merged(base_path, depth + 1)
    return _deep_merge(merged, data)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Returns base updated by override; nested mappings merge, everything else is replaced."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict[str, Any]:
    """Returns the top-level mapping of a theme file; raises InputError on unreadable/bad YAML."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            Problem(where, 0, 0, "", f"无法读取主题文件：{exc.strerror or exc}")
        ) from None
    if len(raw) > _MAX_THEME_BYTES:
        raise InputError(Problem(where, 0, 0, "", "主题文件过大（超过 256 KiB）"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            Problem(where, 0, 0, "", "主题文件不是 UTF-8 编码，请另存为 UTF-8")
        ) from None
    try:
        node = yaml.compose(text, Loader=_SafeLoader)
        _check_duplicates(where, node)
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise InputError(Problem(where, line, col, "", f"YAML 语法错误：{exc.problem}")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(where, 0, 0, "", f"YAML 语法错误：{exc}")) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(Problem(where, 1, 1, "", "主题文件的顶层应为键值映射"))
    return dict(data)


def _check_duplicates(where: str, node: yaml.Node | None) -> None:
    """Raises InputError for a key that appears twice in one mapping."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        mark = key.start_mark
                        raise InputError(
                            Problem(
                                where,
                                mark.line + 1,
                                mark.column + 1,
                                str(key.value),
                                "重复的键：同一层级里每个键只能出现一次",
                            )
                        )
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


_MESSAGES = {
    "missing": "缺少必填项",
    "extra_forbidden": "未知的键（拼写错误？）；可用的键见 themes/gongwen.yaml 开头的说明",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "string_too_short": "不能为空",
    "string_too_long": "文字过长",
}


def _problem(path: Path, err: Any) -> Problem:
    """Returns a Chinese Problem for one pydantic error, located in the theme file if possible."""
    loc = [str(p) for p in err.get("loc", ()) if not str(p).startswith("function-")]
    # Union members add their type names to the location; drop them.
    loc = [p for p in loc if p not in {"float", "str", "int", "bool", "none"}]
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in _MESSAGES:
        message = _MESSAGES[kind]
    elif kind == "literal_error":
        message = f"取值应为 {ctx.get('expected', '')} 之一"
    elif kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = ctx.get("gt", ctx.get("ge", ctx.get("lt", ctx.get("le"))))
        op = {
            "greater_than": "大于",
            "greater_than_equal": "不小于",
            "less_than": "小于",
            "less_than_equal": "不大于",
        }[kind]
        message = f"数值应{op} {bound}"
    elif kind == "value_error":
        message = str(ctx.get("error", err.get("msg", "")))
    else:
        message = str(err.get("msg", "取值无效"))
    line, col = _locate(path, loc)
    return Problem(str(path), line, col, ".".join(loc), message)


def _locate(path: Path, loc: list[str]) -> tuple[int, int]:
    """Returns (line, col) of the deepest key of `loc` found in the file, or (0, 0)."""
    try:
        node = yaml.compose(path.read_text("utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 0, 0
    found = (0, 0)
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            break
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                found = (key.start_mark.line + 1, key.start_mark.column + 1)
                node = value
                break
        else:
            break
    return found
