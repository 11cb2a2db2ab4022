"""Output files: atomic writes that never leave half a file, safe names, clear errors for folders
that cannot be written, and batches that write every good plan even when others fail."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import EXAMPLE, MINIMAL_PLAN

from plangen.errors import OutputError
from plangen.pipeline import output
from plangen.pipeline.output import output_stem, safe_name, write_atomic

OLD = "旧的计划内容\n".encode()
NEW = "新的计划内容\n".encode() * 1000


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- write_atomic under failure --------------------------------------------------------------------


def test_failed_rename_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "计划.md"
    target.write_bytes(OLD)

    def broken_replace(src, dst):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, NEW)
    assert str(caught.value) == f"{target}: 写入失败：没有写入权限"
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


class _DiskFull:
    """A stream that accepts the first half of the data, then fails like a full disk."""

    def __init__(self, real) -> None:
        self.real = real

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        self.real.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


def test_disk_full_midway_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "计划.docx"
    target.write_bytes(OLD)
    real_fdopen = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: _DiskFull(real_fdopen(fd, mode)))
    with pytest.raises(OutputError) as caught:
        write_atomic(target, NEW)
    assert str(caught.value) == f"{target}: 写入失败：磁盘空间不足"
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_interrupt_midway_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "计划.md"
    target.write_bytes(OLD)

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_successful_write_replaces_the_old_file_completely(tmp_path: Path) -> None:
    target = tmp_path / "新文件夹" / "计划.md"
    write_atomic(target, OLD)
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW
    assert _leftovers(target.parent) == []


# --- names -----------------------------------------------------------------------------------------

HOSTILE_NAMES = [
    "../../evil/校名",
    "..",
    "C:\\Windows\\system32",
    '星河:小学*?<>|"',
    "星河\n小学\r\t",
    "星河\x00小学",
    "/etc/passwd",
    " . 星河小学 . ",
    "星" * 100,  # 300 bytes of UTF-8
    "",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_name_is_one_harmless_file_name(name: str, tmp_path: Path) -> None:
    cleaned = safe_name(name)
    assert cleaned
    assert "/" not in cleaned and "\\" not in cleaned and ".." not in cleaned
    assert not any(ord(c) < 32 or c in ':*?"<>|' for c in cleaned)
    assert len(cleaned.encode("utf-8")) <= output.MAX_NAME_BYTES
    assert not cleaned.startswith((".", " ")) and not cleaned.endswith((".", " "))
    stem = output_stem(name, "2025—2026学年", "innovation")
    assert len(f"{stem}.docx".encode()) <= 255
    (tmp_path / f"{stem}.docx").write_bytes(b"x")  # the file system accepts it
    assert [p.name for p in tmp_path.iterdir()] == [f"{stem}.docx"]


def test_long_name_is_cut_between_characters_and_keeps_period_and_style() -> None:
    stem = output_stem("星" * 100, "2025—2026学年", "innovation")
    assert stem.endswith("-2025—2026学年-innovation")
    assert set(stem.removesuffix("-2025—2026学年-innovation")) == {"星"}
    assert len(stem.encode()) <= output.MAX_NAME_BYTES


def test_readable_names_stay_as_they_are() -> None:
    assert output_stem("星河小学", "2025—2026学年", "standard") == "星河小学-2025—2026学年-standard"


# --- through the command line -------------------------------------------------------------------------


def _plan_named(short_name: str) -> str:
    return MINIMAL_PLAN.replace("short_name: 星河小学", f"short_name: {short_name}")


def test_cli_writes_only_inside_the_output_folder(write_yaml, cli, tmp_path: Path) -> None:
    write_yaml(_plan_named('"../../evil/校名"'))
    result = cli("render", "plan.yaml", "-o", "out/a", "--style", "standard")
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["out/a/evil_校名-2025—2026学年-standard.md", "plan.yaml"]
    assert not (tmp_path.parent / "evil").exists()


def test_cli_shortens_a_very_long_school_name(write_yaml, cli) -> None:
    write_yaml(_plan_named("星" * 120))
    result = cli("render", "plan.yaml", "-o", "out")
    assert result.exit_code == 0, result.output
    [written] = Path("out").iterdir()
    assert len(written.name.encode()) <= 255
    assert written.name.endswith("-2025—2026学年-standard.md")


def test_output_folder_under_a_file_is_a_clear_error(write_yaml, cli) -> None:
    write_yaml(MINIMAL_PLAN)
    Path("somefile").write_text("不是文件夹", encoding="utf-8")
    result = cli("render", "plan.yaml", "-o", "somefile/sub")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "somefile/sub: 无法创建输出文件夹：路径中有一部分是文件而不是文件夹"
        in result.output.splitlines()
    )


# A folder that refuses new files, made three ways. Read-only permissions are what users meet, but
# root ignores them (and CI runs as root); an immutable folder (chattr +i) refuses even root where the
# file system and the capabilities allow it; refusing at the OS call works everywhere.


def _accepts_files(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return False
    probe.unlink()
    return True


@contextmanager
def _read_only_permissions(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder.chmod(0o500)
    try:
        if _accepts_files(folder):
            pytest.skip("running with privileges that ignore folder permissions (root)")
        yield
    finally:
        folder.chmod(0o700)


@contextmanager
def _immutable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    chattr = shutil.which("chattr")
    if (
        chattr is None
        or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0
    ):
        pytest.skip(
            "chattr +i is not possible here (needs CAP_LINUX_IMMUTABLE and ext4, xfs or btrfs)"
        )
    try:
        assert not _accepts_files(folder)
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


@contextmanager
def _refused_by_os(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """os.open refuses to create a file in `folder` as the kernel does for a read-only folder."""
    real_open = os.open

    def open_unless_creating_in_folder(path, flags, mode=0o777, *, dir_fd=None):
        if flags & os.O_CREAT and Path(path).resolve().parent == folder.resolve():
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", open_unless_creating_in_folder)
    yield


LOCKS = {
    "permissions": _read_only_permissions,
    "immutable": _immutable,
    "refused_by_os": _refused_by_os,
}


@pytest.mark.parametrize("lock", LOCKS)
def test_read_only_output_folder_is_a_clear_error(write_yaml, cli, monkeypatch, lock: str) -> None:
    write_yaml(MINIMAL_PLAN)
    locked = Path("locked")
    locked.mkdir()
    with LOCKS[lock](locked, monkeypatch):
        result = cli("render", "plan.yaml", "-o", "locked")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "locked: 输出文件夹不可写：没有写入权限" in result.output.splitlines()
    assert list(locked.iterdir()) == []


def test_folder_refusing_new_files_is_a_clear_error(write_yaml, cli, monkeypatch) -> None:
    """The same refusal as a read-only folder, made visible even when tests run as root."""
    write_yaml(MINIMAL_PLAN)

    def refused(**kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkstemp", refused)
    result = cli("render", "plan.yaml", "-o", "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "out: 输出文件夹不可写：没有写入权限" in result.output.splitlines()


def test_batch_writes_the_good_plan_and_exits_1_for_the_bad_one(write_yaml, cli) -> None:
    write_yaml("school:\n  name: [坏的\n", "bad.yaml")
    write_yaml(EXAMPLE.read_text(encoding="utf-8"), "good.yaml")
    result = cli("render", "bad.yaml", "good.yaml", "-o", "out", "-j", "2")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "bad.yaml:3:1: YAML 语法错误：第 2 行开始的方括号“[”没有闭合，或列表项之间缺少英文逗号“,”"
        in result.output.splitlines()
    )
    assert [p.name for p in Path("out").iterdir()] == ["星河实验小学-2025—2026学年-standard.md"]
