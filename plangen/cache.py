"""Where plangen keeps what it may rebuild at any time: compiled templates, .docx skeletons.

One folder per kind of cache under $PLANGEN_CACHE_DIR, else $XDG_CACHE_HOME/plangen, else
~/.cache/plangen. PLANGEN_CACHE_DIR=0 (or off) turns every on-disk cache off.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import IO


def cache_folder(kind: str) -> str | None:
    """Returns the folder of the `kind` cache, created (mode 0700) when missing; None when caches
    are turned off or the folder cannot be created (the caller then works without it)."""
    root = os.environ.get("PLANGEN_CACHE_DIR")
    if root in ("0", "off"):
        return None
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
        root = os.path.join(base, "plangen")
    folder = os.path.join(root, kind)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


def store(path: str, write: Callable[[IO[bytes]], object]) -> None:
    """Writes the cache file `path` atomically — `write` fills a temporary file in the same folder,
    which then replaces `path` — so a reader never sees half a file. A folder that refuses is
    left alone: a cache only ever saves work, it is never needed."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".plangen-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
