"""compare: the field-by-field comparer behind `plangen diff`, over `model_dump()` of two plans.

What a line says is data: the Chinese name of each field (the editor's names, FIELD_TITLES), how
the entries of a list are aligned (`align`: by position and title), and how an entry is named in
a line (`ListRule`). Every value shown goes through `escape`, so a plan cannot reach the terminal
with control characters.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from plangen.commands.schema import FIELD_TITLES
from plangen.zh import format_date, format_number, month_label

TITLES = {
    **FIELD_TITLES,
    "date": "日期",
    "subject": "主题",
    "name": "名称",
    "text": "内容",
    "motto": "理念",
    "short_name": "简称",
    "items": "事项",
}
SECTION_TITLES = {  # the field names of the document section, as a 公文 names them
    "document": {
        "date": "成文日期",
        "issuer": "落款",
        "subject": "主题",
        "doc_number": "文号",
        "front_matter": "文件头（front_matter）",
    },
}
LONG_TEXT = 60  # a longer text (or one with line breaks) is reported as “内容有修改”
BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def escape(text: str) -> str:
    """Returns `text` with control and bidirectional-override characters written as \\x1b or
    \\u202e, so that nothing from a plan can move the cursor or recolour a terminal."""

    def one(ch: str) -> str:
        code = ord(ch)
        if unicodedata.category(ch) == "Cc" or code in BIDI:
            return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        return ch

    return "".join(one(ch) for ch in text)


@dataclass(frozen=True)
class Change:
    """One difference: where in the plan (a field path), the old and new values, and the
    Chinese line that says it."""

    path: str
    old: Any
    new: Any
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "old": self.old, "new": self.new, "中文说明": self.text}


def show(value: Any) -> str:
    """Returns a value as a diff line shows it: 无 for nothing, a date as 2025年9月10日, a list
    joined with 、, control characters escaped."""
    if value is None or value == [] or value == {}:
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, list):
        return "、".join(show(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{escape(str(k))}: {show(v)}" for k, v in value.items())
    return escape(str(value))


def is_long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > LONG_TEXT or "\n" in value)


@dataclass(frozen=True)
class Where:
    """Where a field lives, for its line: a section (学校, 领导小组: “学校简称：a → b”) or an
    entry (“德育工作：导语 a → b”)."""

    label: str
    path: str
    entry: bool = False
    titles: dict[str, str] | None = None

    def title(self, key: str) -> str:
        return (self.titles or {}).get(key) or TITLES.get(key, key)

    def line(self, key: str, old: Any, new: Any) -> str:
        name = self.title(key)
        if is_long(old) or is_long(new):
            return (
                f"{self.label}：{name}有修改" if self.entry else f"{self.label}{name}：内容有修改"
            )
        if self.entry:
            return f"{self.label}：{name} {show(old)} → {show(new)}"
        return f"{self.label}{name}：{show(old)} → {show(new)}"

    def at(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key


class Differ:
    """Collects the changes between two plans, section by section."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, path: str, old: Any, new: Any, text: str) -> None:
        self.changes.append(Change(path, jsonable(old), jsonable(new), text))

    def fields(self, where: Where, a: dict, b: dict, skip: frozenset[str] = frozenset()) -> None:
        """Adds one change per field that differs; lists of entries go to their own rule."""
        for key in dict.fromkeys([*a, *b]):
            if key in skip or a.get(key) == b.get(key):
                continue
            rule = LISTS.get(key)
            if rule is not None and entries(a.get(key)) and entries(b.get(key)):
                self.titled(rule, where, key, a.get(key) or [], b.get(key) or [])
                continue
            if isinstance(a.get(key), dict | None) and isinstance(b.get(key), dict | None):
                self.leaves(where, key, flat(a.get(key) or {}), flat(b.get(key) or {}))
                continue
            self.add(where.at(key), a.get(key), b.get(key), where.line(key, a.get(key), b.get(key)))

    def leaves(self, where: Where, key: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        """Adds one change per leaf of a free mapping (style_text, extra, front_matter) that
        differs, named as 替换段落（okr.intro）."""
        for leaf in dict.fromkeys([*a, *b]):
            if a.get(leaf) != b.get(leaf):
                named = Where(
                    where.label,
                    where.path,
                    where.entry,
                    {key: f"{where.title(key)}（{escape(leaf)}）"},
                )
                self.add(
                    f"{where.at(key)}.{leaf}",
                    a.get(leaf),
                    b.get(leaf),
                    named.line(key, a.get(leaf), b.get(leaf)),
                )

    def titled(
        self, rule: ListRule, where: Where, key: str, old: list[dict], new: list[dict]
    ) -> None:
        """Adds the changes of a list matched by position and title: additions, removals, then
        the fields of the entries kept."""
        keys_a, keys_b = [rule.key(x) for x in old], [rule.key(x) for x in new]
        added, removed, kept = align(old, new, keys_a, keys_b)
        path = where.at(key)
        for j in added:
            self.add(f"{path}[{j}]", None, new[j], rule.added(where, keys_b[j]) + nth(keys_b, j))
        for i in removed:
            self.add(f"{path}[{i}]", old[i], None, rule.removed(where, keys_a[i]) + nth(keys_a, i))
        for i, j in kept:
            inner = Where(rule.context(where, keys_b[j]), f"{path}[{j}]", entry=True)
            special = dict(rule.lines)
            for field, line in special.items():
                if old[i].get(field) != new[j].get(field):
                    self.add(
                        f"{path}[{j}].{field}",
                        old[i].get(field),
                        new[j].get(field),
                        line.format(title=escape(keys_b[j])),
                    )
            self.fields(inner, old[i], new[j], skip=rule.skip | set(special))


def align(
    old: list[dict],
    new: list[dict],
    keys_a: list[str],
    keys_b: list[str],
) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Returns (added, removed, kept pairs) of two lists aligned by position and title: whole
    entries first (so that of two tasks with one title, the one that is gone is the one reported),
    then, between them, entries with the same title (kept, with changed fields)."""
    whole = difflib.SequenceMatcher(
        None, [same(x) for x in old], [same(x) for x in new], autojunk=False
    )
    added: list[int] = []
    removed: list[int] = []
    kept: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in whole.get_opcodes():
        if tag == "equal":
            kept += zip(range(i1, i2), range(j1, j2), strict=True)
            continue
        titles = difflib.SequenceMatcher(None, keys_a[i1:i2], keys_b[j1:j2], autojunk=False)
        for sub, a1, a2, b1, b2 in titles.get_opcodes():
            if sub == "equal":
                kept += zip(range(i1 + a1, i1 + a2), range(j1 + b1, j1 + b2), strict=True)
            else:
                removed += range(i1 + a1, i1 + a2)
                added += range(j1 + b1, j1 + b2)
    return added, removed, kept


def same(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str)


def nth(titles: list[str], index: int) -> str:
    """Returns the place of the entry at `index` (（第2项）) when the list repeats its title."""
    return f"（第{index + 1}项）" if titles.count(titles[index]) > 1 else ""


def flat(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Returns a nested mapping as {dotted.key: leaf value}."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            out.update(flat(item, name + "."))
        else:
            out[name] = item
    return out


def entries(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class ListRule:
    """How a list of titled entries is matched and named in a line: by `key` (its title), as a
    `noun` (任务, 步骤, 事项 …); `lines` replace the line of a field of a kept entry."""

    key: Callable[[dict], str]
    noun: str
    skip: frozenset[str] = frozenset()
    lines: tuple[tuple[str, str], ...] = ()  # (field, line with {title})

    def added(self, where: Where, title: str) -> str:
        if not where.label:
            return f"新增{self.noun}：{escape(title)}"
        return f"{where.label}：新增{self.noun}“{escape(title)}”"

    def removed(self, where: Where, title: str) -> str:
        if not where.label:
            return f"删除{self.noun}：{escape(title)}"
        return f"{where.label}：删除{self.noun}“{escape(title)}”"

    def context(self, where: Where, title: str) -> str:
        entry = f"{self.noun}“{escape(title)}”"
        return f"{where.label}：{entry}" if where.label else entry


def entry_label(entry: dict) -> str:
    """Returns a schedule entry's time as a reader names it: 九月份, 第3周, 2025年9月1日."""
    term = {"first": "第一学期", "second": "第二学期"}.get(entry.get("term") or "", "")
    if entry.get("date") is not None:
        return show(entry["date"])
    if entry.get("months"):
        return term + month_label(entry["months"])
    if entry.get("month") is not None:
        return term + month_label([entry["month"]])
    if entry.get("week") is not None:
        return f"{term}第{entry['week']}周"
    return "未定时间"


def title_of(entry: dict) -> str:
    return str(entry.get("title", ""))


LISTS: dict[str, ListRule] = {
    "tasks": ListRule(title_of, "任务", frozenset({"title"})),
    "steps": ListRule(title_of, "步骤", frozenset({"title"})),
    "items": ListRule(lambda e: str(e.get("text", "")), "事项", frozenset({"text"})),
}
# Top-level lists of titled entries: (rule, section label as in 新增保障措施：组织保障).


def changes_json(changes: list[Change]) -> str:
    """Returns the changes as a JSON list of {path, old, new, 中文说明}, with every control
    character escaped (JSON escapes C0 itself; DEL, C1 and bidi overrides are escaped here)."""
    text = json.dumps([c.as_json() for c in changes], ensure_ascii=False, indent=2)
    return (
        "".join(
            f"\\u{ord(ch):04x}"
            if ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0 or ord(ch) in BIDI
            else ch
            for ch in text
        )
        + "\n"
    )
