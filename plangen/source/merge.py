"""Files that build on other files: a plan's `extends:`, a theme's `base:`.

Each file of the chain is read once; the chain is deep-merged (this file wins) by one function,
which keeps every value's mark, so a problem is reported in the file that holds the value.

A file may build only on a regular `.yaml`/`.yml` file (never a device, pipe, folder or a file of
/proc, /sys, /dev). A file outside the folder of the first file (and outside plangen's bundled data)
may be anything the user can read: a problem in it is reported at its line with a generic message,
quoting nothing of its content (`Locations.quiet`).
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plangen import resources
from plangen.errors import InputError, Problem
from plangen.source.kind import FileKind
from plangen.source.locations import Locations, Mark
from plangen.source.problems import error_at, format_path, redact
from plangen.source.text import read_text
from plangen.source.yamlnodes import parse_yaml

MAX_CHAIN = 10  # files a chain may build on
SUFFIXES = (".yaml", ".yml")
_SYSTEM = (Path("/proc"), Path("/sys"), Path("/dev"))


def load_chain(
    path: Path,
    kind: FileKind,
    locs: Locations,
    *,
    key: str,
    resolve: Callable[[Any, Path, Mark | None], Path],
    defaults: Callable[[Path], dict[str, Any]] | None = None,
    _chain: tuple[Path, ...] = (),
) -> dict:
    """Returns the data of `path` merged onto the file its `key` names (`resolve` finds that file
    from the value, this file and the value's mark), and so on up the chain.

    `defaults(file)` gives values each file has unless it writes them (a theme's name)."""
    text = read_text(path, kind)
    if _chain and not _trusted(path.resolve(), _chain[0].parent):
        locs.quiet.add(str(path))
    try:
        return _merge_chain(text, path, kind, locs, key, resolve, defaults, _chain)
    except InputError as exc:
        if not locs.quiet or not exc.problems:
            raise
        raise InputError(redact(exc.problems, locs)) from None


def _merge_chain(
    text: str,
    path: Path,
    kind: FileKind,
    locs: Locations,
    key: str,
    resolve: Callable[[Any, Path, Mark | None], Path],
    defaults: Callable[[Path], dict[str, Any]] | None,
    chain: tuple[Path, ...],
) -> dict:
    data = parse_yaml(text, str(path), locs, kind)
    if defaults is not None:
        data.update({k: v for k, v in defaults(path).items() if k not in data})
    ref = data.get(key)
    if ref is None:
        return data
    mark = locs.find(data, (key,))
    parent_path = resolve(ref, path, mark)
    resolved = parent_path.resolve()
    if resolved in chain or resolved == path.resolve():
        names = " → ".join(p.name for p in (*chain, path.resolve(), resolved))
        raise error_at(mark, key, f"继承形成了循环：{names}；请去掉其中一处 {key}")
    if len(chain) >= MAX_CHAIN:
        raise error_at(mark, key, f"继承层次过多（超过 {MAX_CHAIN} 层）")
    _check_parent(parent_path, resolved, mark, key)
    parent = load_chain(
        parent_path,
        kind,
        locs,
        key=key,
        resolve=resolve,
        defaults=defaults,
        _chain=(*chain, path.resolve()),
    )
    child = {k: v for k, v in data.items() if k != key}
    locs.register_map(child, {k: v for k, v in locs.maps[id(data)].items() if k != key})
    merged = merge(parent, child, locs)
    locs.roots[id(merged)] = Mark(str(path), 1, 1)
    return merged


def _check_parent(path: Path, resolved: Path, mark: Mark | None, key: str) -> None:
    """Raises InputError unless `path` (resolving to `resolved`) is a regular .yaml/.yml file."""
    if path.suffix.lower() not in SUFFIXES:
        raise error_at(mark, key, f"只能继承 .yaml 或 .yml 文件，“{path.name}”不是；请检查路径")
    if resolved.suffix.lower() not in SUFFIXES:
        raise error_at(
            mark,
            key,
            f"“{path.name}”是链接，指向的“{resolved.name}”不是 .yaml 或 .yml 文件；"
            "只能继承 .yaml 或 .yml 文件",
        )
    if any(resolved.is_relative_to(system) for system in _SYSTEM):
        raise error_at(mark, key, f"不能继承系统文件夹 /{resolved.parts[1]} 中的文件")
    try:
        mode = resolved.stat().st_mode
    except OSError:
        raise error_at(mark, key, f"无法读取被继承的文件“{path.name}”；请检查路径和权限") from None
    if not stat.S_ISREG(mode):
        raise error_at(
            mark,
            key,
            f"被继承的“{path.name}”不是普通文件（可能是文件夹、管道或设备）；请指向一个 .yaml 文件",
        )


def _trusted(resolved: Path, folder: Path) -> bool:
    """Returns whether messages may quote a file: it lies in `folder` (the first file's) or is bundled."""
    return any(
        resolved.is_relative_to(root.resolve())
        for root in (folder, resources.data_dir("presets"), resources.data_dir("themes"))
    )


def merge(parent: Any, child: Any, locs: Locations, path: tuple[str | int, ...] = ()) -> Any:
    """Returns `child` deep-merged onto `parent`: mappings merge, lists of items with `id` merge by
    id (`remove: true` drops an item), any other value is replaced by the child's."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        entries = dict(locs.maps.get(id(parent), {}))
        child_entries = locs.maps.get(id(child), {})
        for key, value in child.items():
            out[key] = merge(parent[key], value, locs, (*path, key)) if key in parent else value
            if key in child_entries:
                entries[key] = child_entries[key]
        locs.register_map(out, entries)
        return out
    if _is_id_list(parent) and _is_id_list(child):
        return _merge_by_id(parent, child, locs, path)
    return child


def _is_id_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(i, dict) and "id" in i for i in value)
    )


def _merge_by_id(parent: list, child: list, locs: Locations, path: tuple[str | int, ...]) -> list:
    out = list(parent)
    marks = list(locs.seqs.get(id(parent), [Mark("", 0, 0)] * len(parent)))
    child_marks = locs.seqs.get(id(child), [Mark("", 0, 0)] * len(child))
    position = {str(item["id"]): i for i, item in enumerate(parent)}
    removed: set[int] = set()
    for i, (item, mark) in enumerate(zip(child, child_marks, strict=True)):
        remove = item.get("remove") is True
        clean = {k: v for k, v in item.items() if k != "remove"}
        locs.register_map(
            clean, {k: v for k, v in locs.maps.get(id(item), {}).items() if k != "remove"}
        )
        index = position.get(str(item["id"]))
        if index is None and remove:
            raise InputError(
                Problem(
                    mark.file,
                    mark.line,
                    mark.col,
                    format_path((*path, i, "remove")),
                    f"要删除的 id“{item['id']}”在被继承的文件中不存在；请检查 id 的拼写",
                )
            )
        if index is None:
            if not remove:
                out.append(clean)
                marks.append(mark)
            continue
        if remove:
            removed.add(index)
        else:
            out[index] = merge(out[index], clean, locs, (*path, index))
            marks[index] = mark
    kept = [i for i in range(len(out)) if i not in removed]
    result = [out[i] for i in kept]
    locs.register_seq(result, [marks[i] for i in kept])
    return result
