"""The on-disk cache of validated themes, so that a warm run neither parses a theme's YAML (with
positions, for messages it will not need) nor merges its `base:` chain.

One small JSON file per theme file in the "theme" cache folder, named by a hash of the theme's
resolved path, plangen's and pydantic's versions and the source of the module that defines themes.
It holds the SHA-256 of every file the theme was read from (the file and each `base:` it builds
on) and the validated theme as JSON, with its own SHA-256. It is used only when the JSON is whole
and every one of those files still has exactly that content; the theme is then validated again
from the JSON (cheap, and never trusted blindly). A file that cannot be read back whole —
missing, truncated, corrupt, foreign, or for files that changed — is ignored and written anew. A theme with mistakes is never stored: its
problems are reported as ever. Without a usable folder the theme is simply read each time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from plangen import __version__
from plangen.cache import cache_folder, store
from plangen.source.text import MAX_FILE_BYTES

M = TypeVar("M", bound=BaseModel)
FORMAT = 1  # bump when the layout of a cache file changes
_DEFINED_IN = Path(__file__).with_name("theme.py")  # the model a stored theme must still fit


def cached_theme(path: Path, load: Callable[[Callable[[Path], None]], M], model: type[M]) -> M:
    """Returns the theme of `path`: from the cache when it was stored from these very files, else
    `load(seen)` — which calls `seen(file)` for every file it reads — stored for next time."""
    folder = cache_folder("theme")
    if folder is None:
        return load(lambda file: None)
    key = entry_key(path)
    entry = os.path.join(folder, hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json")
    theme = _read(entry, key, model)
    if theme is None:
        # Each file's digest is taken before it is read: a file edited meanwhile is read anew
        # next time, never remembered with the content it had before.
        files: list[tuple[str, str | None]] = []
        theme = load(lambda file: files.append((str(file.resolve()), _digest(str(file)))))
        _write(entry, key, files, theme)
    return theme


def entry_key(path: Path) -> str:
    """Returns what names a cache file: the theme's file and the code and versions reading it."""
    import pydantic

    return json.dumps(
        {
            "format": FORMAT,
            "file": str(path.resolve()),
            "plangen": __version__,
            "pydantic": pydantic.VERSION,
            "code": _code_digest(),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


@functools.cache
def _code_digest() -> str:
    try:
        return hashlib.sha256(_DEFINED_IN.read_bytes()).hexdigest()
    except OSError:  # a zipapp or frozen install: the versions must do
        return "unknown"


def _digest(file: str) -> str | None:
    """Returns the SHA-256 of a theme file; None for anything the theme reader refuses unread
    (not a regular file, over its size limit) or that cannot be read: such a theme is not kept."""
    try:
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        with open(file, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return None if len(data) > MAX_FILE_BYTES else hashlib.sha256(data).hexdigest()


def _read(entry: str, key: str, model: type[M]) -> M | None:
    """Returns the theme stored in `entry` for `key`, or None unless the file is a whole cache
    file for this key whose theme files all still have the content it was stored from."""
    try:
        with open(entry, encoding="utf-8") as stream:
            stored = json.load(stream)
        if stored["key"] != key or not stored["files"]:
            return None
        text = stored["theme"]
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != stored["digest"]:
            return None
        for file, digest in stored["files"]:
            if _digest(file) != digest:
                return None
        return model.model_validate_json(text)
    except Exception:  # missing, truncated, corrupt, foreign or stale: whatever it is, read anew
        return None


def _write(entry: str, key: str, files: list[tuple[str, str | None]], theme: BaseModel) -> None:
    """Stores `theme`, read from `files` (path, digest), in `entry` (atomically, see
    `plangen.cache.store`)."""
    if not files or any(digest is None for _file, digest in files):
        return
    dump = theme.model_dump_json()
    digest = hashlib.sha256(dump.encode("utf-8")).hexdigest()
    text = json.dumps(
        {"key": key, "files": files, "theme": dump, "digest": digest}, ensure_ascii=False
    )
    store(entry, lambda out: out.write(text.encode("utf-8")))
