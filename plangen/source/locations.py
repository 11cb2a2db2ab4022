"""Where each value of a user's file stands: marks (file, line, column) kept by container identity.

`plangen.source.yamlnodes` registers every mapping and sequence it builds; `plangen.source.merge`
carries the marks over when files are merged, so a problem found later — by pydantic or by a
plan's cross checks — is reported in the file and at the line that holds the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Mark(NamedTuple):  # a tuple: a plan's thousands of marks are made cheaply
    file: str
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class Locations:
    """Where each key and value of the loaded data stands, by container identity."""

    # id(dict) -> {key: (key mark, value mark)}; id(list) -> [value mark, ...]
    maps: dict[int, dict[str, tuple[Mark, Mark]]] = field(default_factory=dict)
    seqs: dict[int, list[Mark]] = field(default_factory=dict)
    roots: dict[int, Mark] = field(default_factory=dict)
    keep: list[Any] = field(default_factory=list)  # keeps containers alive so ids stay unique
    literals: dict[Mark, str] = field(default_factory=dict)  # booleans as written (NO, yes, on)
    quiet: set[str] = field(default_factory=set)  # files whose content messages must not quote

    def register_map(self, obj: dict, entries: dict[str, tuple[Mark, Mark]]) -> None:
        self.maps[id(obj)] = entries
        self.keep.append(obj)

    def register_seq(self, obj: list, marks: list[Mark]) -> None:
        self.seqs[id(obj)] = marks
        self.keep.append(obj)

    def find(self, data: Any, path: tuple[str | int, ...], *, key: bool = False) -> Mark | None:
        """Returns the mark of the value at `path` (or of its key), else of its nearest known parent."""
        best = self.roots.get(id(data))
        node = data
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, dict) and id(node) in self.maps:
                entry = self.maps[id(node)].get(str(part))
                if entry is None:
                    return best
                best = entry[0] if (key and last) else entry[1]
                node = node.get(part, node.get(str(part)))
            elif isinstance(node, list) and id(node) in self.seqs and isinstance(part, int):
                marks = self.seqs[id(node)]
                if not 0 <= part < len(marks):
                    return best
                best = marks[part]
                node = node[part]
            else:
                return best
        return best
