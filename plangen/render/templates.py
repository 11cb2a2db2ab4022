"""render: a validated Plan becomes Markdown through a style's Jinja template.

Templates run in Jinja's sandbox with StrictUndefined; they get a `View` of the plan (user text
already normalised and escaped for Markdown) and helpers for Chinese numbering, periods and quota
phrases. Numbers in headings come from an item's position, never from the YAML.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment

from plangen import resources
from plangen.errors import TemplateError, UsageError
from plangen.plan.model import Plan
from plangen.render import mdtext, zh

TEMPLATE_SUFFIX = ".md.j2"
MAX_OUTPUT_CHARS = 5_000_000  # a plan is ~10k characters; this bounds a runaway template


@dataclass(frozen=True)
class Style:
    name: str
    title: str  # 中文名
    description: str
    source: str  # "内置" or the user's folder
    path: Path


def builtin_styles() -> dict[str, Style]:
    """Returns the built-in styles in their documented order."""
    return dict(_builtin_styles())


@cache
def _builtin_styles() -> tuple[tuple[str, Style], ...]:
    folder = resources.data_dir("templates")
    table = yaml.safe_load((folder / "styles.yaml").read_text(encoding="utf-8"))
    return tuple(
        (name, Style(name, meta["title"], meta["description"], "内置", folder / f"{name}{TEMPLATE_SUFFIX}"))
        for name, meta in table.items()
    )


_HEADER = re.compile(r"\{#-?\s*(.*?)\s*-?#\}", re.S)


def styles(templates: Path | None = None) -> dict[str, Style]:
    """Returns every style available: the built-in ones, overridden or extended by `templates`."""
    found = builtin_styles()
    if templates is None:
        return found
    if not templates.is_dir():
        raise UsageError(f"模板文件夹不存在：{templates}")
    for path in sorted(templates.glob(f"*{TEMPLATE_SUFFIX}")):
        name = path.name.removesuffix(TEMPLATE_SUFFIX)
        if name.startswith("_"):
            continue  # partials such as _base.md.j2
        meta = _template_header(path)
        base = found.get(name)
        found[name] = Style(
            name,
            meta.get("title") or (base.title if base else name),
            meta.get("description") or (base.description if base else "用户自定义风格"),
            str(templates),
            path,
        )
    return found


def _template_header(path: Path) -> dict[str, str]:
    """Returns `title:` / `description:` lines from a template's leading comment, if any."""
    try:
        head = path.read_text(encoding="utf-8")[:2000]
    except (OSError, UnicodeDecodeError):
        return {}
    match = _HEADER.match(head.lstrip())
    if not match:
        return {}
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("title", "description"):
            meta[key.strip()] = value.strip()
    return meta


class Outline:
    """Numbers headings by position: level 1 一、, 2 （一）, 3 1., 4 （1）; deeper levels reset."""

    def __init__(self) -> None:
        self.counts = [0] * 6

    def __call__(self, level: int, title: str, *, hashes: int | None = None) -> str:
        self.counts[level - 1] += 1
        for lower in range(level, len(self.counts)):
            self.counts[lower] = 0
        marker = zh.heading_marker(level, self.counts[level - 1])
        depth = hashes if hashes is not None else level + 1
        return f"{'#' * depth} {marker}{title}"

    def marker(self, level: int) -> str:
        """Returns the next marker of `level` without emitting a heading (run-in headings)."""
        self.counts[level - 1] += 1
        for lower in range(level, len(self.counts)):
            self.counts[lower] = 0
        return zh.heading_marker(level, self.counts[level - 1])


_END = "。！？；…”’）》"


def sentence(text: str) -> str:
    """Returns text ending with full stop unless it already ends with closing punctuation."""
    text = text.rstrip()
    if not text or text[-1] in _END or text.endswith(("。”", "！”")):
        return text
    return text.rstrip("，、：,;:") + "。"


def clause(text: str) -> str:
    """Returns text without its final 。 so it can be joined into a longer sentence."""
    return text.rstrip().rstrip("。；，;,")


def paragraphs(text: str | None, end: bool = True) -> str:
    """Returns text as Markdown paragraphs: each non-empty line a paragraph, ended as a sentence."""
    if not text:
        return ""
    lines = (line.strip() for line in str(text).split("\n") if line.strip())
    return "\n\n".join(sentence(line) if end else line for line in lines)


def join_cn(items: list[str], sep: str = "、") -> str:
    """Returns items joined with a Chinese separator, skipping empty ones."""
    return sep.join(str(i) for i in items if i)


# Text helpers templates may use both as functions and as filters.
_TEXT_HELPERS: dict[str, Callable[..., str]] = {
    "sentence": sentence,
    "clause": clause,
    "paragraphs": paragraphs,
    "join_cn": join_cn,
    "one_line": mdtext.one_line,
}


def _environment_globals() -> dict[str, Any]:
    return {**zh.GLOBALS, **_TEXT_HELPERS}


def _filters() -> dict[str, Callable]:
    return {**zh.FILTERS, **_TEXT_HELPERS, "cell": lambda s: mdtext.one_line(str(s)) if s else ""}


MAX_SEQUENCE = 1_000_000  # longest string or list, and largest count or width, a template may use
MAX_POWER_BITS = 100_000  # largest integer `**` may build (2**100000 has 30,103 digits)
RENDER_SECONDS = 20.0  # wall-clock bound of one render; a normal plan takes milliseconds
_TOO_LONG = f"生成的字符串或列表过长（超过 {MAX_SEQUENCE:,} 项）"
_WIDE_PRINTF = re.compile(r"%[-+ #0]*(?:\d{7,}|\d*\.\d{7,})")
_WIDE_FORMAT = re.compile(r"\{[^{}]*:[^{}]*?\d{7,}[^{}]*\}")


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuses a count or width beyond MAX_SEQUENCE (`'x'.ljust(10**9)`, `center(10**9)`)."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SEQUENCE:
            raise jinja2.exceptions.SecurityError(f"参数 {value} 过大（最大 {MAX_SEQUENCE:,}）")


def _check_size(value: Any) -> Any:
    """Returns `value` unless it is a string or container longer than MAX_SEQUENCE."""
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_SEQUENCE:
        raise jinja2.exceptions.SecurityError(_TOO_LONG)
    return value


def _check_format(text: Any) -> None:
    """Refuses a format string whose field width would build a huge string (`%0999999999d`)."""
    if isinstance(text, str) and (_WIDE_PRINTF.search(text) or _WIDE_FORMAT.search(text)):
        raise jinja2.exceptions.SecurityError(f"格式字符串中的宽度过大（最大 {MAX_SEQUENCE:,}）")


def _expected_length(name: str, values: list[Any], kwargs: dict[str, Any]) -> int:
    """Returns the length `join` or `replace` would build, before they build it."""
    if name == "join" and values:
        items = values[0]
        separator = values[1] if len(values) > 1 else kwargs.get("d", "")
        return len(str(separator)) * len(items) if hasattr(items, "__len__") else 0
    if name == "replace" and len(values) >= 3:
        text, old, new = (str(v) for v in values[:3])
        return len(text) + (text.count(old) if old else len(text) + 1) * len(new)
    return 0


def _guarded(name: str, filter_: Callable[..., Any]) -> Callable[..., Any]:
    """Returns `filter_` refusing counts, widths and results beyond MAX_SEQUENCE."""

    @functools.wraps(filter_)  # keeps Jinja's pass_eval_context marker
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        values = [a for a in args if not isinstance(a, jinja2.nodes.EvalContext)]
        if name == "format" and values:
            _check_format(values[0])
        if _expected_length(name, values, kwargs) > MAX_SEQUENCE:
            raise jinja2.exceptions.SecurityError(_TOO_LONG)
        return _check_size(filter_(*args, **kwargs))

    return guarded


# Built-in filters whose arguments set the size of what they build.
_SIZED_FILTERS = ("center", "indent", "format", "wordwrap", "truncate", "join", "replace", "batch", "slice")


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing what would build something too large to be a plan:
    `"x" * 10**9`, `2 ** 64 ** 64 ** 64`, `'x'.ljust(10**9)`, `'%0999999999d' % 1`, doubling strings."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int | float) and isinstance(right, int | float):
            bits = abs(int(left)).bit_length() * right if isinstance(left, int) else 0
            if abs(right) > 64 or bits > MAX_POWER_BITS:
                raise jinja2.exceptions.SecurityError(f"幂运算的结果过大（{left} ** {right}）")
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > MAX_SEQUENCE:
                    raise jinja2.exceptions.SecurityError(_TOO_LONG)
        elif operator == "%":
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, list) and len(owner) >= MAX_SEQUENCE:  # l.append in a runaway loop
            raise jinja2.exceptions.SecurityError(_TOO_LONG)
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _check_size(super().getattr(obj, attribute))  # ns.s ~ ns.s in a loop

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is not None:
            _check_format(value.__self__)  # '{:>999999999}'.format(1)
        return wrapper


class _Timeout(BaseException):
    """Raised inside a render that ran past RENDER_SECONDS (injected by a watchdog thread)."""


class _Watchdog:
    """Interrupts the current thread with `_Timeout` after `seconds`, unless stopped first."""

    def __init__(self, seconds: float) -> None:
        import threading

        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.active = True
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        import ctypes

        with self.lock:
            if self.active:
                self.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self.thread_id), ctypes.py_object(_Timeout)
                )

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.active = False
        self.timer.cancel()


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's on-disk cache of compiled templates; a cache that cannot be written is skipped.

    Compiling the built-in templates costs about 0.1 s per process; the cache is keyed by each
    template's name and source checksum, so an edited template is always recompiled.
    """

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Returns the on-disk cache for templates compiled by a `kind` ("sandbox" or "trusted")
    environment. The two never share a folder: sandboxed code routes every call and attribute
    through the sandbox, trusted code does not, and Jinja's cache key does not tell them apart."""
    import os

    root = os.environ.get("PLANGEN_CACHE_DIR")
    if root in ("0", "off"):
        return None
    folder = os.path.join(
        root or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "plangen"),
        f"jinja-{kind}",
    )
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(folder)


@cache
def environment(templates: Path | None) -> jinja2.Environment:
    """Returns the (cached) Jinja environment: the built-in templates alone run as trusted code;
    as soon as a user's folder is involved, every template (built-in ones too) runs sandboxed."""
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates)))
    loaders.append(jinja2.FileSystemLoader(str(resources.data_dir("templates"))))
    kind = _Sandbox if templates is not None else jinja2.Environment
    env = kind(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache("sandbox" if templates is not None else "trusted"),
    )
    env.filters.update(_filters())
    env.filters.update({name: _guarded(name, env.filters[name]) for name in _SIZED_FILTERS})
    env.globals.update(_environment_globals())
    return env


def render_markdown(
    plan: Plan,
    style: str = "standard",
    *,
    templates: Path | None = None,
    normalize: bool = True,
) -> str:
    """Returns the plan written as Markdown in `style` (design.md §4)."""
    available = styles(templates)
    if style not in available:
        raise UsageError(f"未知的风格“{style}”；可用的风格：{'、'.join(available)}")
    env = environment(templates.resolve() if templates else None)
    chosen = available[style]
    try:
        template = env.get_template(chosen.path.name)
        text_of = mdtext.text_filter(normalize)
        context = {
            "plan": mdtext.wrap(plan, text_of),
            "style": style,
            "style_title": chosen.title,
            "h": Outline(),
            "slot": _slots(plan, style, text_of),
            "prev": plan.period.previous,
            "noun": plan.period.noun,
        }
        chunks = _generate(template, context, chosen.path)
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or chosen.path}:{exc.lineno}: 模板语法错误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_template_location(exc, chosen.path)}: 模板使用了未定义的名称：{_undefined(exc)}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{_template_location(exc, chosen.path)}: 模板试图访问不安全的内容，已被沙箱拒绝："
                            f"{_unsafe(exc)}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"{chosen.path}: 找不到模板“{exc.name}”（include/extends 只能引用模板文件夹中的文件）") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{_template_location(exc, chosen.path)}: 模板错误：{exc}") from None
    except RecursionError:
        raise TemplateError(f"{chosen.path}: 模板递归过深，已中止") from None
    except MemoryError:
        raise TemplateError(f"{chosen.path}: 模板占用内存过多，已中止（可能生成了过长的文字）") from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError) as exc:
        raise TemplateError(f"{_template_location(exc, chosen.path)}: 模板运行出错：{_range(exc)}") from None
    return tidy("".join(chunks))


def _generate(template: jinja2.Template, context: dict[str, Any], path: Path) -> list[str]:
    """Returns the rendered chunks, bounded in size and in time."""
    chunks: list[str] = []
    size = 0
    try:
        with _Watchdog(RENDER_SECONDS):
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateError(
                        f"{path}: 模板输出超过 {MAX_OUTPUT_CHARS:,} 个字符，已中止（模板中可能有失控的循环）"
                    )
                chunks.append(chunk)
    except _Timeout:
        raise TemplateError(
            f"{path}: 模板运行超过 {RENDER_SECONDS:g} 秒，已中止（模板中可能有死循环或过大的循环）"
        ) from None
    return chunks


_UNSAFE = re.compile(r"access to attribute '([^']*)' of '[^']*' object is unsafe")
_UNDEFINED = re.compile(r"'([^']*)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']*)'")


def _unsafe(exc: BaseException) -> str:
    """Returns the sandbox's refusal in Chinese."""
    found = _UNSAFE.search(str(exc))
    if found:
        return f"不允许访问“{found.group(1)}”（以下划线开头的名称属于程序内部，模板中不能使用）"
    return str(exc)


def _undefined(exc: jinja2.UndefinedError) -> str:
    """Returns which name was undefined, in Chinese."""
    text = exc.message or str(exc)
    found = _UNDEFINED.search(text)
    if found:
        return f"“{found.group(1)}”没有定义（请检查拼写；计划中的数据写作 plan.字段名）"
    found = _NO_ATTRIBUTE.search(text)
    if found:
        return f"没有名为“{found.group(1)}”的字段（可用字段见 plangen schema）"
    return text


def _range(exc: BaseException) -> str:
    """Returns a runtime error of a template in Chinese where Jinja's text is known."""
    if "Range too big" in str(exc):
        return f"range() 的范围过大：模板中最多 {MAX_RANGE:,} 项"
    return str(exc)


def _template_location(exc: BaseException, fallback: Path) -> str:
    """Returns FILE:LINE of the template frame where `exc` happened (Jinja rewrites tracebacks)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            return f"{frame.filename}:{frame.lineno}"
    return str(fallback)


def _slots(plan: Plan, style: str, text_of: Callable[[str], str]) -> Callable[..., str]:
    overrides = plan.style_text.get(style, {})

    def slot(name: str, default: str = "") -> str:
        """Returns the user's `style_text.<style>.<name>` (escaped) or the built-in default."""
        if name in overrides:
            return paragraphs(text_of(overrides[name]))
        return default

    return slot


_BLANKS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Returns Markdown with LF endings, no trailing spaces, one blank line between blocks, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"
