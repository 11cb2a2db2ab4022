"""The Jinja environments templates run in, and the bounds of one render.

The built-in templates alone run as trusted code; as soon as a user's `--templates` folder is
involved every template runs in a sandbox that also refuses what would build something too large to
be a plan, and every render is bounded in output size and wall-clock time. Compiled templates are
cached on disk (PLANGEN_CACHE_DIR, else ~/.cache/plangen; `off` disables the cache).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from plangen import resources
from plangen.cache import cache_folder
from plangen.errors import TemplateError
from plangen.render.helpers import template_filters, template_globals

MAX_OUTPUT_CHARS = 5_000_000  # a plan is ~10k characters; this bounds a runaway template
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
    """Returns the on-disk cache of templates compiled by a `kind` ("sandbox" or "trusted")
    environment, None when off or not writable. The two never share a folder: sandboxed code
    routes every call and attribute through the sandbox, trusted code does not, and Jinja's
    cache key does not tell them apart."""
    folder = cache_folder(f"jinja-{kind}")
    if folder is None:
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
    env.filters.update(template_filters())
    env.filters.update({name: _guarded(name, env.filters[name]) for name in _SIZED_FILTERS})
    env.globals.update(template_globals())
    return env


def generate(template: jinja2.Template, context: dict[str, Any], path: Path) -> str:
    """Returns the template rendered with `context`, bounded in size (MAX_OUTPUT_CHARS) and in
    time (RENDER_SECONDS); `path` names the template in the error raised past a bound."""
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
    return "".join(chunks)


