"""Writing results: safe file names and atomic writes (temporary file, then rename)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from plangen.errors import OutputError

MAX_NAME_BYTES = 200  # leaves room for "-innovation.docx" within the usual 255-byte limit
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_name(name: str) -> str:
    """Returns `name` usable as one file name on Windows, macOS and Linux: no separators, no `..`,
    no control characters, at most MAX_NAME_BYTES bytes of UTF-8."""
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" ._")
    encoded = name.encode("utf-8")[:MAX_NAME_BYTES]
    name = encoded.decode("utf-8", errors="ignore").strip(" ._")
    return name or "plan"


def output_stem(short_name: str, period_slug: str, style: str) -> str:
    """Returns `{school short name}-{学年/年度}-{style}`, sanitised."""
    return f"{safe_name(short_name)}-{safe_name(period_slug)}-{safe_name(style)}"


def write_atomic(path: Path, data: bytes) -> None:
    """Writes `data` to `path` via a temporary file in the same folder and a rename, so a failed
    run never leaves a half-written file and an old file stays intact until the new one is complete."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: 无法创建输出文件夹：{exc.strerror or exc}") from None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{folder}: 输出文件夹不可写：{exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: 写入失败：{exc.strerror or exc}") from None
        raise


def inside(folder: Path, path: Path) -> bool:
    """Returns whether `path` lies inside `folder` (after resolving links and `..`)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
