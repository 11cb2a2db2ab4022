"""Writing results: safe file names and atomic writes (temporary file, then rename)."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from plangen.errors import OutputError
from plangen.source.oserrors import os_reason

MAX_NAME_BYTES = 200  # a whole stem; leaves room for ".docx" and temp-file affixes within 255 bytes
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """Returns `name` usable as one file name on Windows, macOS and Linux: no separators, no `..`,
    no control characters, at most `limit` bytes of UTF-8 (cut at a character boundary)."""
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" ._")
    encoded = name.encode("utf-8")[:limit]
    name = encoded.decode("utf-8", errors="ignore").strip(" ._")
    return name or "plan"


def output_stem(short_name: str, period_slug: str, style: str) -> str:
    """Returns `{school short name}-{学年/年度}-{style}`, sanitised and at most MAX_NAME_BYTES bytes
    (the school name is shortened first, so the period and style always show)."""
    tail = f"-{safe_name(period_slug, 60)}-{safe_name(style, 80)}"
    return safe_name(short_name, MAX_NAME_BYTES - len(tail.encode("utf-8"))) + tail


_REASONS = {  # what writing adds to the shared table
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.ENOTDIR: "路径中有一部分是文件而不是文件夹",
    errno.EEXIST: "同名文件已存在且不是文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EISDIR: "同名的文件夹已存在",
}


def describe_os_error(exc: OSError) -> str:
    """Returns why an OS call failed, in Chinese (an uncommon errno is named by its symbol)."""
    return os_reason(exc, _REASONS)


def write_atomic(path: Path, data: bytes) -> None:
    """Writes `data` to `path` via a temporary file in the same folder and a rename, so a failed
    run never leaves a half-written file and an old file stays intact until the new one is complete."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: 无法创建输出文件夹：{describe_os_error(exc)}") from None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{folder}: 输出文件夹不可写：{describe_os_error(exc)}") from None
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
            raise OutputError(f"{path}: 写入失败：{describe_os_error(exc)}") from None
        raise


def inside(folder: Path, path: Path) -> bool:
    """Returns whether `path` lies inside `folder` (after resolving links and `..`)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
