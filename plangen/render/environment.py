"""The Jinja environments templates run in, and the bounds of one render.

The built-in templates alone run as trusted code; as soon as a user's `--templates` folder is
involved every template runs in a sandbox that also refuses what would build something too large to
be a plan, and every render is bounded in output size and wall-clock time. Compiled templates are
cached on disk (PLANGEN_CACHE_DIR, else ~/.cache/plangen; `off` disables the cache).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from plangen import resources
from plangen.cache import cache_folder
from plangen.errors import TemplateError
from plangen.render.helpers import template_filters, template_globals
from plangen.render.limits import counting_built
from plangen.render.sandbox import GENERATION, SIZED_FILTERS, Sandbox, guarded

MAX_OUTPUT_CHARS = 5_000_000  # a plan is ~10k characters; this bounds a runaway template
RENDER_SECONDS = 20.0  # wall-clock bound of one render; a normal plan takes milliseconds


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


MAX_TEMPLATE_BYTES = (
    48 * 1024
)  # the largest built-in is 18 KB; compiling 48 KB costs up to ~3 s and ~130 MB


class FolderLoader(jinja2.FileSystemLoader):
    """Loads templates from one folder, and only from it: a template whose real path (through
    symbolic links) leaves the folder is refused, as is one over MAX_TEMPLATE_BYTES (checked
    before reading) or one not in UTF-8."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = os.path.realpath(folder)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        filename = os.path.join(self.searchpath[0], *jinja2.loaders.split_template_path(template))
        if not os.path.isfile(filename):
            raise jinja2.TemplateNotFound(template)
        real = os.path.realpath(filename)
        if os.path.commonpath([real, self.folder]) != self.folder:
            raise jinja2.exceptions.SecurityError(
                f"模板“{template}”是指向模板文件夹之外的符号链接，拒绝读取（模板只能是模板文件夹中的文件）"
            )
        return read_template(real, filename), os.path.normpath(filename), lambda: False


def read_template(real: str, shown: str) -> str:
    """Returns the text of the template file `real` (named `shown` in messages): bounded in
    size before it is read, and in UTF-8."""
    try:
        with open(real, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateError(
                    f"{shown}: 模板文件过大（{size:,} 字节，最大 {MAX_TEMPLATE_BYTES:,} 字节）"
                )
            data = file.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(f"{shown}: 无法读取模板文件（{exc.strerror or exc}）") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{shown}: 模板文件过大（超过 {MAX_TEMPLATE_BYTES:,} 字节）")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateError(
            f"{shown}:{line}: 模板文件不是 UTF-8 编码（可能是 GBK），请用 UTF-8 另存后再试"
        ) from None


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
    cache key does not tell them apart; the sandbox's folder also names the generation of its
    checks, so that templates compiled by older checks are never run."""
    folder = cache_folder(f"jinja-{kind}-{GENERATION}" if kind == "sandbox" else f"jinja-{kind}")
    if folder is None:
        return None
    return _BytecodeCache(folder)


@cache
def environment(templates: Path | None) -> jinja2.Environment:
    """Returns the (cached) Jinja environment: the built-in templates alone run as trusted code;
    as soon as a user's folder is involved, every template (built-in ones too) runs sandboxed."""
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(FolderLoader(templates))
    loaders.append(FolderLoader(resources.data_dir("templates")))
    kind = Sandbox if templates is not None else jinja2.Environment
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
    env.filters.update({name: guarded(name, env.filters[name]) for name in SIZED_FILTERS})
    env.globals.update(template_globals())
    return env


def generate(template: jinja2.Template, context: dict[str, Any], path: Path) -> str:
    """Returns the template rendered with `context`, bounded in size (MAX_OUTPUT_CHARS) and in
    time (RENDER_SECONDS); `path` names the template in the error raised past a bound."""
    chunks: list[str] = []
    size = 0
    try:
        with _Watchdog(RENDER_SECONDS), counting_built():
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
