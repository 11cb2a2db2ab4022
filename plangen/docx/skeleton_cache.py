"""The on-disk cache of package skeletons, so that a warm run never imports python-docx.

A skeleton (`plangen.docx.skeleton.build_parts`) depends only on the theme, the document language
and the code that builds it. It is kept as a small stored (uncompressed) zip in the "docx-skeleton"
cache folder, named by a hash of all of these: the theme's content, the language, the versions of
plangen and python-docx, and the source of the modules that build it (so an edited checkout never
reads a skeleton an older version of the code wrote). Files are written to a temporary name and
renamed into place, so a reader sees a whole file or none; a file that cannot be read back whole
(truncated, corrupt, foreign) is ignored and written anew. Without a usable folder the skeleton
is simply built each time.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import zipfile
from pathlib import Path
from typing import IO

from plangen import __version__
from plangen.cache import cache_folder, store
from plangen.docx.skeleton import CORE_PART, DOCUMENT_PART, Parts, build_parts, section_properties
from plangen.docx.theme import Theme

_FORMAT = 1  # bump when the layout of a cache file changes
_KEY_ENTRY = "plangen-skeleton-key"  # first entry of a cache file: the key it was written for
_STAMP = (1980, 1, 1, 0, 0, 0)
# Modules whose code decides the skeleton's bytes.
_BUILDERS = ("skeleton.py", "styles.py", "ooxml.py", "theme.py", "numbering.py", "headings.py")


def skeleton_parts(theme: Theme, language: str) -> Parts:
    """Returns the skeleton's parts for (theme, language): read from the cache when a whole file
    for exactly these inputs is there, else built with python-docx and stored for next time."""
    folder = cache_folder("docx-skeleton")
    if folder is None:
        return build_parts(theme, language)
    key = cache_key(theme, language)
    path = os.path.join(folder, hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".zip")
    parts = _read(path, key)
    if parts is None:
        parts = build_parts(theme, language)
        _write(path, key, parts)
    return parts


def cache_key(theme: Theme, language: str) -> str:
    """Returns the text that names a skeleton: everything its bytes depend on."""
    return json.dumps(
        {
            "format": _FORMAT,
            "theme": theme.model_dump_json(),
            "language": language,
            "plangen": __version__,
            "python-docx": _python_docx_version(),
            "code": _builders_digest(),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _python_docx_version() -> str:
    """Returns python-docx's version from its dist-info folder's name, without importing it (nor
    importlib.metadata, which costs more than the lookup saves); the file stamp if there is none."""
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.origin:
        return "missing"
    site = Path(spec.origin).parent.parent
    try:
        found = sorted(
            entry.name.removeprefix("python_docx-").removesuffix(".dist-info")
            for entry in os.scandir(site)
            if entry.name.startswith("python_docx-") and entry.name.endswith(".dist-info")
        )
        if found:
            return ",".join(found)
        stat = os.stat(spec.origin)
    except OSError:
        return "unknown"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


@functools.cache
def _builders_digest() -> str:
    """Returns a hash of the source of the modules that build the skeleton."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _BUILDERS:
        try:
            digest.update((here / name).read_bytes())
        except OSError:  # a zipapp or frozen install: the versions above must do
            digest.update(name.encode())
    return digest.hexdigest()


def _read(path: str, key: str) -> Parts | None:
    """Returns the parts stored in `path` for `key`, or None when the file is missing or is not
    a whole, valid cache file for this key (zipfile checks each entry's CRC as it reads it)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            if not names or names[0] != _KEY_ENTRY or zf.read(_KEY_ENTRY) != key.encode("utf-8"):
                return None
            parts = tuple((name, zf.read(name)) for name in names[1:])
    except Exception:  # missing, truncated, corrupt or foreign: whatever it is, build anew
        return None
    names = [name for name, _blob in parts]
    if len(set(names)) != len(names) or not {CORE_PART, DOCUMENT_PART} <= set(names):
        return None
    if section_properties(parts) is None:
        return None
    return parts


def _write(path: str, key: str, parts: Parts) -> None:
    """Stores `parts` for `key` in `path` (atomically, see `plangen.cache.store`)."""

    def write(out: IO[bytes]) -> None:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
            for name, blob in ((_KEY_ENTRY, key.encode("utf-8")), *parts):
                zf.writestr(zipfile.ZipInfo(name, date_time=_STAMP), blob)

    store(path, write)
