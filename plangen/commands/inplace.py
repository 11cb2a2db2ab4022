"""inplace: a plan file moved to another year by editing its text where the values are written.

`roll` changes a few scalars — the start year, dates, the years in a title and a 文号, on request
baselines. Editing exactly those spans of the text (found through PyYAML's node marks) keeps every
other byte as the user wrote it: comments at the end of a line or inside a flow list, anchors and
aliases (an aliased date is one node, so it moves once), quoting, a BOM and CRLF line ends. The
edit is checked against the period rules applied to the parsed data (plangen.plan.period.move_plan);
when the file lacks what must be edited (a period or date it inherits), `edit_in_place` returns None
and roll falls back to the ruamel round trip (plangen.commands.roundtrip).

`keep_unchanged_lines` then puts the user's own bytes back on every line an edit did not touch,
whichever way the new text was made.
"""

from __future__ import annotations

import codecs
import copy
import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from plangen.plan.period import (
    move_plan,
    shift_date_value,
    shift_doc_number,
    shift_title_years,
    start_key,
)

# The C parser when PyYAML has it: its marks count characters as the Python one does (checked
# in tests), and a 1 MB plan is parsed in a fraction of the time.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True)
class RawText:
    """A file's text as stored: whether it starts with a UTF-8 BOM, its newline, its lines."""

    bom: bool
    newline: str
    text: str  # without the BOM, newlines as stored

    @classmethod
    def from_bytes(cls, raw: bytes, fallback: str) -> RawText:
        """Returns the stored form of `raw`; `fallback` (the decoded text) when it is not UTF-8."""
        bom = raw.startswith(codecs.BOM_UTF8)
        try:
            text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
        except UnicodeDecodeError:
            return cls(False, "\n", fallback)
        return cls(bom, "\r\n" if "\r\n" in text else "\n", text)

    def encode(self, text: str) -> str:
        """Returns `text` as it is to be written: with the BOM when the file had one."""
        return ("\ufeff" if self.bom else "") + text


def load_plain(text: str) -> Any:
    """Returns the data of a YAML text, read by the safe loader (the C one when available)."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader: CSafeLoader or SafeLoader


def keep_unchanged_lines(stored: RawText, edited: str) -> str:
    """Returns `edited` (newlines as \\n) with each line that equals a line of the stored text, in
    the same order, taken from the stored text byte for byte, and each other line ending with the
    file's newline: only the changed lines differ from the file."""
    old = _LINE.findall(stored.text)
    new = _LINE.findall(edited)
    bare = [line.rstrip("\r\n") for line in old]
    fresh = [line.rstrip("\n") for line in new]
    opcodes: list[tuple[str, int, int, int, int]]
    if len(bare) == len(fresh):  # lines replaced, none added or removed: line by line
        opcodes = [
            ("equal" if a == b else "replace", i, i + 1, i, i + 1)
            for i, (a, b) in enumerate(zip(bare, fresh, strict=True))
        ]
    else:
        opcodes = list(difflib.SequenceMatcher(None, bare, fresh, autojunk=False).get_opcodes())
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out += old[i1:i2]
        else:
            out += [
                line[:-1] + stored.newline if line.endswith("\n") else line for line in new[j1:j2]
            ]
    return "".join(out)


def merge_onto(original: str, base: str, edited: str) -> str:
    """Returns `original` with the changes that turned `base` into `edited`: for a file edited
    through ruamel, `base` is ruamel's writing of the unchanged file and `edited` of the changed
    one, so lines ruamel writes differently (a comment inside a flow list it drops) stay as the
    user wrote them unless a change touches them. Returns `edited` when the merge would not read
    as `edited` does (all texts with \n newlines)."""
    orig, old, new = (_LINE.findall(t) for t in (original, base, edited))
    chunks: list[list[str]] = [
        [] for _ in range(len(old) + 1)
    ]  # the original lines of each base line
    mapping = difflib.SequenceMatcher(None, old, orig, autojunk=False)
    for tag, i1, i2, j1, j2 in mapping.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                chunks[i1 + k].append(orig[j1 + k])
        elif tag in ("replace", "insert"):
            chunks[i1] += orig[j1:j2]  # the block, or lines ruamel did not write, go with line i1
    out: list[str] = []
    changes = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in changes.get_opcodes():
        if tag == "equal":
            out += [line for k in range(i1, i2) for line in chunks[k]]
        else:
            out += new[j1:j2]
    out += chunks[len(old)]
    merged = "".join(out)
    try:
        same = load_plain(merged) == load_plain(edited)
    except yaml.YAMLError:
        same = False
    return merged if same else edited


# --- the edits --------------------------------------------------------------------------------


def _mapping(node: Any) -> dict[str, Any] | None:
    """Returns the keys of a mapping node and their value nodes; None for any other node."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


class _Edits:
    """Replacements of node spans in one text; each node is replaced at most once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: dict[int, tuple[int, int, str]] = {}

    def raw(self, node: yaml.Node) -> str:
        return self.text[node.start_mark.index : node.end_mark.index]

    def replace(self, node: yaml.Node, new: str) -> None:
        if id(node) not in self.spans and new != self.raw(node):
            self.spans[id(node)] = (node.start_mark.index, node.end_mark.index, new)

    def insert(self, at: int, new: str) -> None:
        self.spans[-len(self.spans) - 1] = (at, at, new)

    def apply(self) -> str:
        out, at = [], 0
        for start, end, new in sorted(self.spans.values(), key=lambda s: (s[0], s[1])):
            out += [self.text[at:start], new]
            at = end
        return "".join([*out, self.text[at:]])


def _shift_iso(raw: str, years: int, field: str) -> str:
    found = _ISO.search(raw)
    if found is None:
        return raw
    return raw[: found.start()] + shift_date_value(found.group(), years, field) + raw[found.end() :]


def edit_in_place(
    text: str, year: int, *, inherited: set[str], baselines: bool, newline: str = "\n"
) -> str | None:
    """Returns `text` with its period moved to start in `year` by editing the spans of the values
    that change, and with each quota's baseline set to its target when `baselines` (a line added
    ends with `newline`, the file's own); None when that cannot be done by such edits: the file does not write its period,
    or inherits a value the move changes (`inherited` names those: document.title, document.date,
    document.doc_number, schedule), or the result would differ from the period rules."""
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        plain: Any = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    top = _mapping(root)
    period = _mapping(top.get("period")) if top else None
    if top is None or period is None:
        return None
    key = start_key(plain["period"])
    start = period.get(key)
    if not isinstance(start, yaml.ScalarNode) or not isinstance(plain["period"].get(key), int):
        return None
    years = year - plain["period"][key]
    edits = _Edits(text)
    edits.replace(start, str(year))
    if years:
        if inherited:
            return None
        _edit_document(edits, top.get("document"), years)
        _edit_schedule(edits, top.get("schedule"), years)
    if baselines and not _edit_baselines(edits, top.get("quotas"), newline):
        return None
    edited = edits.apply()
    expected = copy.deepcopy(plain)
    move_plan(expected, year)
    if baselines:
        _copy_baselines(expected)
    return edited if load_plain(edited) == expected else None


def _edit_document(edits: _Edits, node: Any, years: int) -> None:
    document = _mapping(node) or {}
    shifts = {
        "date": lambda raw: _shift_iso(raw, years, "document.date"),
        "title": lambda raw: shift_title_years(raw, years),
        "doc_number": lambda raw: shift_doc_number(raw, years),
    }
    for key, shift in shifts.items():
        value = document.get(key)
        if isinstance(value, yaml.ScalarNode):
            edits.replace(value, shift(edits.raw(value)))


def _edit_schedule(edits: _Edits, node: Any, years: int) -> None:
    if not isinstance(node, yaml.SequenceNode):
        return
    for index, entry in enumerate(node.value):
        day = (_mapping(entry) or {}).get("date")
        if isinstance(day, yaml.ScalarNode):
            edits.replace(day, _shift_iso(edits.raw(day), years, f"schedule[{index}].date"))


def _edit_baselines(edits: _Edits, node: Any, newline: str) -> bool:
    """Sets each quota's baseline to its target: the baseline's value replaced, or a `baseline:`
    written after the last of target/unit/compare. Returns False for a layout it cannot edit."""
    if node is None:
        return True
    if not isinstance(node, yaml.SequenceNode):
        return False
    for quota in node.value:
        fields = _mapping(quota)
        if fields is None:
            return False
        target = fields.get("target")
        remove = fields.get("remove")
        if not isinstance(target, yaml.ScalarNode) or (
            remove is not None and remove.value == "true"
        ):
            continue  # a range ([1, 2]) is a sequence node: no level a baseline could take
        compare = fields.get("compare")
        if isinstance(compare, yaml.ScalarNode) and compare.value in ("increase", "decrease"):
            continue  # schema v2: a change is no level either
        if "baseline" in fields:
            edits.replace(fields["baseline"], edits.raw(target))
            continue
        keys = {k.value: k for k, _ in quota.value if isinstance(k, yaml.ScalarNode)}
        last = max(
            (fields[k] for k in ("target", "unit", "compare") if k in fields),
            key=lambda n: n.end_mark.index,
        )
        if quota.flow_style:
            edits.insert(last.end_mark.index, f", baseline: {edits.raw(target)}")
            continue
        end = edits.text.find("\n", last.end_mark.index)
        indent = " " * keys["target"].start_mark.column
        if end < 0:  # the file's last line, without a newline
            edits.insert(len(edits.text), f"{newline}{indent}baseline: {edits.raw(target)}")
        else:
            edits.insert(end + 1, f"{indent}baseline: {edits.raw(target)}{newline}")
    return True


def _copy_baselines(data: Any) -> None:
    for quota in data.get("quotas") or []:
        if not isinstance(quota, dict) or "target" not in quota or quota.get("remove") is True:
            continue
        if not isinstance(quota["target"], list) and quota.get("compare") not in (
            "increase",
            "decrease",
        ):
            quota["baseline"] = quota["target"]
