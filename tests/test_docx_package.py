"""The .docx package itself: the on-disk skeleton cache, the zip, and the layout of plangen.docx.

The cache tests run conversions in fresh interpreters, since what they prove (python-docx is not
imported on a warm run) is about a process's imports.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "plangen" / "docx"

# Converts one document in a fresh interpreter; prints whether python-docx and lxml were loaded.
_CONVERT = """
import datetime, json, sys
from plangen.docx import DocMeta, markdown_to_docx
from plangen.docx.theme import load_theme
meta = DocMeta(title="星河小学工作计划", author="星河小学", date=datetime.date(2025, 9, 1),
               signature=("星河小学", "2025年9月1日"), language=sys.argv[3])
markdown = "# 星河小学工作计划\\n\\n## 一、目标\\n\\n正文**加粗**。\\n\\n| 月份 | 内容 |\\n|---|---|\\n| 9月 | 开学 |\\n\\n星河小学\\n\\n2025年9月1日\\n"
data = markdown_to_docx(markdown, load_theme(sys.argv[1]), meta)
open(sys.argv[2], "wb").write(data)
print(json.dumps({"docx": "docx" in sys.modules}))
"""


def _convert(
    tmp_path: Path, cache: str, theme: str = "gongwen", language: str = "zh-CN"
) -> tuple[bytes, bool]:
    """Returns the bytes of a conversion in a fresh process and whether it imported python-docx."""
    out = tmp_path / f"out-{os.urandom(4).hex()}.docx"
    env = {**os.environ, "PLANGEN_CACHE_DIR": cache, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CONVERT, theme, str(out), language],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.read_bytes(), json.loads(done.stdout)["docx"]


def _cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "docx-skeleton").glob("*.zip"))


def test_warm_cache_skips_python_docx_and_gives_the_same_bytes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold, cold_imported = _convert(tmp_path, str(cache))
    assert cold_imported  # nothing cached yet: the skeleton is built with python-docx
    assert len(_cache_files(cache)) == 1
    warm, warm_imported = _convert(tmp_path, str(cache))
    assert not warm_imported
    assert warm == cold
    uncached, imported = _convert(tmp_path, "off")
    assert imported and uncached == cold


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",  # empty
        lambda data: data.replace(b"PlanBody", b"PlanBodz", 1),  # a flipped byte: bad CRC
        lambda data: b"not a zip file at all",
    ],
    ids=["truncated", "empty", "bad-crc", "garbage"],
)
def test_damaged_cache_file_is_ignored_and_rebuilt(tmp_path: Path, damage) -> None:
    cache = tmp_path / "cache"
    good, _ = _convert(tmp_path, str(cache))
    (path,) = _cache_files(cache)
    intact = path.read_bytes()
    path.write_bytes(damage(intact))
    again, imported = _convert(tmp_path, str(cache))
    assert imported  # rebuilt with python-docx ...
    assert again == good  # ... to the same document
    assert path.read_bytes() == intact  # and stored whole again
    _, imported = _convert(tmp_path, str(cache))
    assert not imported


def test_cache_file_written_for_another_key_is_not_used(tmp_path: Path) -> None:
    gongwen, _ = _convert(tmp_path, str(tmp_path / "one"), "gongwen")
    _convert(tmp_path, str(tmp_path / "two"), "plain")
    (mine,) = _cache_files(tmp_path / "one")
    (other,) = _cache_files(tmp_path / "two")
    intact = mine.read_bytes()
    mine.write_bytes(other.read_bytes())  # a whole, valid cache file, but for another theme
    again, imported = _convert(tmp_path, str(tmp_path / "one"), "gongwen")
    assert imported and again == gongwen
    assert mine.read_bytes() == intact


def test_language_is_part_of_the_key(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    hans, _ = _convert(tmp_path, str(cache), language="zh-CN")
    hant, imported = _convert(tmp_path, str(cache), language="zh-TW")
    assert imported and hant != hans
    assert len(_cache_files(cache)) == 2
    settings = zipfile.ZipFile(_path(tmp_path, hant)).read("word/settings.xml")
    assert b'w:eastAsia="zh-TW"' in settings


def _path(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "check.docx"
    path.write_bytes(data)
    return path


def test_processes_filling_the_cache_at_once_agree(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "PLANGEN_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    outs = [tmp_path / f"race-{i}.docx" for i in range(3)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CONVERT, "gongwen", str(out), "zh-CN"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for out in outs
    ]
    assert [p.wait() for p in procs] == [0, 0, 0]
    assert len({out.read_bytes() for out in outs}) == 1
    assert [p.suffix for p in (cache / "docx-skeleton").iterdir()] == [".zip"]  # no temp left
    warm, imported = _convert(tmp_path, str(cache))
    assert not imported and warm == outs[0].read_bytes()


def test_unusable_cache_folder_falls_back_to_building(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    data, imported = _convert(tmp_path, str(blocker))
    assert imported
    reference, _ = _convert(tmp_path, "off")
    assert data == reference


def test_cache_write_is_atomic_and_leaves_no_temporary_files(tmp_path: Path, monkeypatch) -> None:
    from plangen.docx import skeleton_cache
    from plangen.docx.theme import load_theme

    monkeypatch.setenv("PLANGEN_CACHE_DIR", str(tmp_path))
    theme = load_theme("plain")
    built = skeleton_cache.skeleton_parts(theme, "zh-CN")
    folder = tmp_path / "docx-skeleton"
    assert [p.suffix for p in folder.iterdir()] == [".zip"]
    assert skeleton_cache.skeleton_parts(theme, "zh-CN") == built

    def refuse(*args, **kwargs):
        raise OSError("read-only")

    monkeypatch.setattr(os, "replace", refuse)
    for path in folder.iterdir():
        path.unlink()
    assert skeleton_cache.skeleton_parts(theme, "zh-CN") == built  # still works, stores nothing
    assert list(folder.iterdir()) == []


def test_zip_has_fixed_stamps_and_office_part_order(tmp_path: Path) -> None:
    data, _ = _convert(tmp_path, "off")
    with zipfile.ZipFile(_path(tmp_path, data)) as zf:
        assert zf.testzip() is None
        infos = zf.infolist()
        names = [i.filename for i in infos]
        core = zf.read("docProps/core.xml")
    assert names[0] == "[Content_Types].xml"
    assert {"word/document.xml", "word/styles.xml", "docProps/core.xml"} <= set(names)
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
    assert core.startswith(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties'
    )
    assert "<dc:title>星河小学工作计划</dc:title>".encode() in core


def test_importing_the_package_and_themes_stays_cheap() -> None:
    code = (
        "import sys, plangen.docx, plangen.docx.theme; "
        "print(sorted(m for m in ('lxml', 'docx', 'markdown_it') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_package_entry_points() -> None:
    import plangen.docx
    from plangen.docx import writer

    assert plangen.docx.markdown_to_docx is writer.markdown_to_docx
    assert plangen.docx.DocMeta is writer.DocMeta
    with pytest.raises(AttributeError):
        _ = plangen.docx.no_such_name


# --- layout of the package ---------------------------------------------------------------------


def _modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(DOCX.glob("*.py"))}


def _docx_imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """Returns (module, names) for every `from plangen.docx.X import ...`, wherever it stands."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("plangen.docx."):
            out.append((node.module.removeprefix("plangen.docx."), [a.name for a in node.names]))
    return out


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = [
        f"{name}: from {module} import {n}"
        for name, tree in _modules().items()
        for module, names in _docx_imports(tree)
        for n in names
        if n.startswith("_")
    ]
    assert offenders == []


def test_no_import_cycles_in_the_package() -> None:
    graph = {name: {m for m, _ in _docx_imports(tree)} for name, tree in _modules().items()}
    graph.pop("__init__", None)  # re-exports lazily, imported by nobody inside

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert node not in path, " → ".join((*path, node))
        for nxt in graph.get(node, ()):
            visit(nxt, (*path, node))

    for name in graph:
        visit(name, ())


def test_python_docx_is_imported_by_the_skeleton_builder_only() -> None:
    users = sorted(
        {
            name
            for name, tree in _modules().items()
            for node in ast.walk(tree)
            if (
                isinstance(node, ast.Import)
                and any(a.name.split(".")[0] == "docx" for a in node.names)
            )
            or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "docx")
        }
    )
    assert users == ["skeleton"]
