"""Themes for .docx output: the data model and the loader of theme YAML files.

A theme is data, not code: fonts, sizes (pt), margins (mm), line spacing, document grid, indents,
page-number format and placement, table borders and the list bullet. The built-in themes live in
`themes/<name>.yaml`; a school can write its own file that starts with `base: gongwen` and overrides
only the keys it needs (the key reference is the comment header of `themes/gongwen.yaml`).
A theme file is read, merged onto its base and its mistakes reported by `plangen.source`, exactly
as a plan is.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from plangen.errors import UsageError
from plangen.resources import data_dir
from plangen.source.kind import FileKind
from plangen.source.locations import Locations, Mark
from plangen.source.merge import load_chain
from plangen.source.problems import error_at, file_error
from plangen.source.validation import validate

Align = Literal["left", "center", "right", "justify"]

_PT_PER_MM = 72 / 25.4
_EXACT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*pt\s*$")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


_FONT_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _check_font_name(value: str) -> str:
    """Returns a font name fit for Word's XML: no control characters, no lone surrogates."""
    bad = _FONT_FORBIDDEN.search(value)
    if bad:
        raise ValueError(
            f"字体名中有不可见的控制字符 U+{ord(bad.group()):04X}；请只写字体名称，如 宋体、仿宋_GB2312"
        )
    return value


# A font name as Word stores it: 1–64 characters, none of them a control character.
FontName = Annotated[
    str, StringConstraints(min_length=1, max_length=64), AfterValidator(_check_font_name)
]


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
        raise ValueError(f'行距“{value}”无法识别，应为倍数（如 1.5）、固定值（如 "28pt"）或 "grid"')
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

    font: FontName | None = None
    latin_font: FontName | None = None
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
    keep_lines: bool | None = None
    snap_to_grid: bool | None = None
    widow_control: bool | None = None
    hanging_punctuation: bool | None = None
    color: str | None = Field(None, pattern=r"^[0-9A-Fa-f]{6}$")  # text colour, e.g. FF0000 (红头)

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
    issuer_mark: StyleSpec = StyleSpec()  # 发文机关标志: the red 红头 (GB/T 9704 §7.2.4)
    subtitle: StyleSpec = StyleSpec()  # 副标题: the line under the title
    recipients: StyleSpec = StyleSpec()  # 主送机关 (§7.3.2)
    attachment: StyleSpec = StyleSpec()  # 附件说明 (§7.3.4)
    imprint: StyleSpec = StyleSpec()  # 版记: 抄送, 印发机关和印发日期 (§7.4)

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
    font: FontName = "宋体"
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
    # How a bullet is written: "text" = typed before the item's text; "word" = a Word list bullet
    # (list numbering, so Word's list commands work; the item's text stays as the Markdown has it).
    markers: Literal["text", "word"] = "text"
    # Where wrapped lines go: "margin" = back to the left margin (GB/T 9704 §7.3.3 回行顶格), the
    # level shown by a deeper first-line indent; "hanging" = under the item's text (a hanging indent
    # the width of the marker); "indent" = the whole item indented by level, first line further in.
    wrap: Literal["margin", "hanging", "indent"] = "indent"


class SignatureSpec(_Model):
    """落款 (issuer and date) after the body."""

    # gbt9704 = §7.3.5.2 (no seal); sealed = §7.3.5.1 加盖印章: the date 4 characters from the right,
    # the issuer centred over it (also chosen per document by DocMeta.sealed); right = every line
    # right_chars from the right
    rule: Literal["gbt9704", "sealed", "right"] = "gbt9704"
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
    # Heading numbers: "text" = typed in the text, as in the Markdown; "native" = Word numbering on
    # the heading styles (一、（一）1.（1）), so a heading inserted in Word renumbers the rest.
    numbering: Literal["text", "native"] = "text"
    font_fallbacks: dict[FontName, FontName] = Field(default_factory=dict)
    traditional_fonts: dict[FontName, FontName] = Field(default_factory=dict)

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

THEME_FILE = FileKind(
    model=Theme,
    noun="主题文件",
    typical_size="几 KB",
    typical_depth=3,
    top_keys="base:、page:、styles:",
    empty="文件是空的（或只有注释）；主题文件请至少写上 base: gongwen（或 plain），再写要改的键",
)


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
    InputError (each problem with file, line and key path, as for a plan) for a broken theme file.
    """
    path = _resolve(name_or_path)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)  # an edited file is read again
    except OSError:
        stamp = (0, 0)
    return _load_cached(path.resolve(), stamp, path)


@functools.lru_cache(maxsize=32)
def _load_cached(resolved: Path, stamp: tuple[int, int], path: Path) -> Theme:
    """Returns the validated theme of `path` (read once per process and modification time, and
    kept on disk for later runs by `plangen.docx.theme_cache`)."""
    from plangen.docx.theme_cache import cached_theme

    return cached_theme(path, functools.partial(_read_theme, path), Theme)


def _read_theme(path: Path, seen: Callable[[Path], None]) -> Theme:
    """Reads, merges and validates the theme file `path`, telling `seen` each file it reads."""

    def resolve(ref: Any, file: Path, mark: Mark | None) -> Path:
        target = _resolve_base(ref, file, mark)
        seen(target)
        return target

    seen(path)
    locs = Locations()
    data = load_chain(
        path, THEME_FILE, locs, key="base", resolve=resolve, defaults=lambda f: {"name": f.stem}
    )
    theme: Theme = validate(THEME_FILE, data, locs, str(path))
    return theme


def _resolve(name_or_path: str | Path) -> Path:
    """Returns the file of a theme name or path; raises UsageError/InputError when missing."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or _is_path(text):
        path = Path(text).expanduser()
        if not path.is_file():
            raise file_error(str(path), "找不到主题文件，请检查路径")
        return path
    return _builtin(text)


def _is_path(text: str) -> bool:
    return text.lower().endswith((".yaml", ".yml"))


def _builtin(name: str) -> Path:
    """Returns the file of a built-in theme; raises UsageError for an unknown name."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        candidate = builtin_theme_dir() / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    names = "、".join(builtin_theme_names()) or "（无）"
    raise UsageError(
        f"未知的主题“{name}”：内置主题有 {names}，也可以给出以 .yaml 结尾的主题文件路径"
    )


def _resolve_base(ref: Any, path: Path, mark: Mark | None) -> Path:
    """Returns the theme file a `base:` value names: a built-in name or a path relative to `path`."""
    if not isinstance(ref, str) or not ref.strip():
        raise error_at(mark, "base", "base 应为内置主题名（如 gongwen）或主题文件路径")
    ref = ref.strip()
    if not _is_path(ref):
        try:
            return _builtin(ref)
        except UsageError as exc:
            raise error_at(mark, "base", str(exc)) from None
    target = Path(ref).expanduser()
    target = target if target.is_absolute() else path.parent / target
    if not target.is_file():
        raise error_at(mark, "base", f"找不到主题文件“{ref}”（相对于 {path.parent}）")
    return target
