"""diff: what changed between two plans, field by field, in Chinese lines a principal can read.

The comparison walks the two validated plans (`model_dump()`), so a field added to the model is
compared without a line of code here; only what a reader needs said differently is data below:
the Chinese name of each field (plangen.commands.schema.FIELD_TITLES, the same names an editor
shows), how the items of each list are matched, and the few summaries that read better than a
field list (a quota's target phrase, a generated title that only followed the period).

Lists of entries with ids (quotas, departments, areas) are matched by id. Lists of titled entries
(goals, tasks, steps, schedule entries and their items, safeguards, evaluation) are matched by
position AND title — an alignment of the two title sequences — so that removing one of two tasks
with the same title is one removal, and inserting a task does not make every later task “changed”.

Why not deepdiff: its paths would still need this table to become Chinese, its list matching
(by position, or by hash with ignore_order) is neither of the two rules above, and it would be a
new dependency for ~200 lines of plain recursion that state the rules directly.
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
from plangen.plan.model import Plan, Quota
from plangen.plan.period import shift_title_years, start_of
from plangen.render.zh import format_date, format_number, month_label

NO_DIFFERENCE = "两份计划没有差异。"
# Names that differ from the editor's field titles where a change is reported.
TITLES = {
    **FIELD_TITLES,
    "date": "日期", "subject": "主题", "name": "名称", "text": "内容", "motto": "理念",
    "short_name": "简称", "items": "事项",
}
SECTION_TITLES = {  # the field names of the document section, as a 公文 names them
    "document": {"date": "成文日期", "issuer": "落款", "subject": "主题", "doc_number": "文号",
                 "front_matter": "文件头（front_matter）"},
}
LONG_TEXT = 60  # a longer text (or one with line breaks) is reported as “内容有修改”
_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def escape(text: str) -> str:
    """Returns `text` with control and bidirectional-override characters written as \\x1b or
    \\u202e, so that nothing from a plan can move the cursor or recolour a terminal."""
    def one(ch: str) -> str:
        code = ord(ch)
        if unicodedata.category(ch) == "Cc" or code in _BIDI:
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


def _is_long(value: Any) -> bool:
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
        if _is_long(old) or _is_long(new):
            return f"{self.label}：{name}有修改" if self.entry else f"{self.label}{name}：内容有修改"
        if self.entry:
            return f"{self.label}：{name} {show(old)} → {show(new)}"
        return f"{self.label}{name}：{show(old)} → {show(new)}"

    def at(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key


class _Diff:
    """Collects the changes between two plans, section by section."""

    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, path: str, old: Any, new: Any, text: str) -> None:
        self.changes.append(Change(path, _jsonable(old), _jsonable(new), text))

    def fields(self, where: Where, a: dict, b: dict, skip: frozenset[str] = frozenset()) -> None:
        """Adds one change per field that differs; lists of entries go to their own rule."""
        for key in dict.fromkeys([*a, *b]):
            if key in skip or a.get(key) == b.get(key):
                continue
            rule = LISTS.get(key)
            if rule is not None and _entries(a.get(key)) and _entries(b.get(key)):
                self.titled(rule, where, key, a.get(key) or [], b.get(key) or [])
                continue
            if isinstance(a.get(key), dict | None) and isinstance(b.get(key), dict | None):
                self.leaves(where, key, _flat(a.get(key) or {}), _flat(b.get(key) or {}))
                continue
            self.add(where.at(key), a.get(key), b.get(key), where.line(key, a.get(key), b.get(key)))

    def leaves(self, where: Where, key: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        """Adds one change per leaf of a free mapping (style_text, extra, front_matter) that
        differs, named as 替换段落（okr.intro）."""
        for leaf in dict.fromkeys([*a, *b]):
            if a.get(leaf) != b.get(leaf):
                named = Where(where.label, where.path, where.entry,
                              {key: f"{where.title(key)}（{escape(leaf)}）"})
                self.add(f"{where.at(key)}.{leaf}", a.get(leaf), b.get(leaf),
                         named.line(key, a.get(leaf), b.get(leaf)))

    def titled(self, rule: ListRule, where: Where, key: str, old: list[dict], new: list[dict]) -> None:
        """Adds the changes of a list matched by position and title: additions, removals, then
        the fields of the entries kept."""
        keys_a, keys_b = [rule.key(x) for x in old], [rule.key(x) for x in new]
        added, removed, kept = _align(old, new, keys_a, keys_b)
        path = where.at(key)
        for j in added:
            self.add(f"{path}[{j}]", None, new[j], rule.added(where, keys_b[j]) + _nth(keys_b, j))
        for i in removed:
            self.add(f"{path}[{i}]", old[i], None, rule.removed(where, keys_a[i]) + _nth(keys_a, i))
        for i, j in kept:
            inner = Where(rule.context(where, keys_b[j]), f"{path}[{j}]", entry=True)
            special = dict(rule.lines)
            for field, line in special.items():
                if old[i].get(field) != new[j].get(field):
                    self.add(f"{path}[{j}].{field}", old[i].get(field), new[j].get(field),
                             line.format(title=escape(keys_b[j])))
            self.fields(inner, old[i], new[j], skip=rule.skip | set(special))


def _align(old: list[dict], new: list[dict], keys_a: list[str], keys_b: list[str],
           ) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Returns (added, removed, kept pairs) of two lists aligned by position and title: whole
    entries first (so that of two tasks with one title, the one that is gone is the one reported),
    then, between them, entries with the same title (kept, with changed fields)."""
    whole = difflib.SequenceMatcher(None, [_same(x) for x in old], [_same(x) for x in new],
                                    autojunk=False)
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


def _same(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str)


def _nth(titles: list[str], index: int) -> str:
    """Returns the place of the entry at `index` (（第2项）) when the list repeats its title."""
    return f"（第{index + 1}项）" if titles.count(titles[index]) > 1 else ""


def _flat(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Returns a nested mapping as {dotted.key: leaf value}."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            out.update(_flat(item, name + "."))
        else:
            out[name] = item
    return out


def _entries(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def _jsonable(value: Any) -> Any:
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


def _entry_label(entry: dict) -> str:
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


def _title(entry: dict) -> str:
    return str(entry.get("title", ""))


LISTS: dict[str, ListRule] = {
    "tasks": ListRule(_title, "任务", frozenset({"title"})),
    "steps": ListRule(_title, "步骤", frozenset({"title"})),
    "items": ListRule(lambda e: str(e.get("text", "")), "事项", frozenset({"text"})),
}
# Top-level lists of titled entries: (rule, section label as in 新增保障措施：组织保障).
TOP_TITLED = {"safeguards": "保障措施", "evaluation": "评价与复盘"}


def plan_changes(old: Plan, new: Plan) -> list[Change]:
    """Returns every difference between `old` and `new`, field by field, in reading order:
    period, school, title and document, guiding ideology, vision, goals, quotas, areas and their
    tasks, departments, schedule, leadership, safeguards, evaluation, closing, style_text, extra."""
    a, b = old.model_dump(), new.model_dump()
    d = _Diff()
    if old.period.label != new.period.label:
        d.add("period", a["period"], b["period"], f"周期：{old.period.label} → {new.period.label}")
    if old.school.name != new.school.name:
        d.add("school.name", old.school.name, new.school.name,
              f"学校：{show(old.school.name)} → {show(new.school.name)}")
    d.fields(Where("学校", "school"), a["school"], b["school"], skip=frozenset({"name"}))
    if old.title != new.title and _moved_title(old, new) != new.title:
        d.add("document.title", old.title, new.title, f"标题：{show(old.title)} → {show(new.title)}")
    d.fields(Where("", "document", titles=SECTION_TITLES["document"]), a["document"], b["document"],
             skip=frozenset({"title"}))
    if old.guiding_ideology != new.guiding_ideology:
        d.add("guiding_ideology", old.guiding_ideology, new.guiding_ideology, "指导思想：内容有修改")
    if old.vision != new.vision:
        d.add("vision", old.vision, new.vision, f"总体目标：{show(old.vision)} → {show(new.vision)}")
    _goals(d, a["goals"], b["goals"])
    _quotas(d, old, new, a["quotas"], b["quotas"])
    _by_id(d, "areas", "工作领域", a["areas"], b["areas"])
    _by_id(d, "departments", "部门", a["departments"], b["departments"])
    _schedule(d, a["schedule"], b["schedule"])
    d.fields(Where("领导小组", "leadership"), a["leadership"] or {}, b["leadership"] or {})
    for key, noun in TOP_TITLED.items():
        rule = ListRule(_title, noun, frozenset({"title"}))
        d.titled(rule, Where("", ""), key, a[key], b[key])
    handled = {"school", "period", "document", "guiding_ideology", "vision", "goals",
               "quotas", "areas", "departments", "schedule", "leadership", *TOP_TITLED}
    d.fields(Where("", ""), {k: v for k, v in a.items() if k not in handled},
             {k: v for k, v in b.items() if k not in handled})
    return d.changes


def diff_plans(old: Plan, new: Plan) -> list[str]:
    """Returns one Chinese line per difference between `old` and `new`; [] when none differ."""
    return [change.text for change in plan_changes(old, new)]


def changes_json(changes: list[Change]) -> str:
    """Returns the changes as a JSON list of {path, old, new, 中文说明}, with every control
    character escaped (JSON escapes C0 itself; DEL, C1 and bidi overrides are escaped here)."""
    text = json.dumps([c.as_json() for c in changes], ensure_ascii=False, indent=2)
    return "".join(f"\\u{ord(ch):04x}" if ord(ch) == 0x7F or 0x80 <= ord(ch) < 0xA0 or ord(ch) in _BIDI
                   else ch for ch in text) + "\n"


def _moved_title(old: Plan, new: Plan) -> str:
    """Returns `old`'s title as moving the plan to `new`'s period and school would write it: a
    title that changed only that way is not news."""
    (_, start), (_, end) = start_of(old.period), start_of(new.period)
    years = end - start if start is not None and end is not None else 0
    title, label = shift_title_years(old.title, years), shift_title_years(old.period.label, years)
    return title.replace(label, new.period.label).replace(old.school.name, new.school.name)


def _goals(d: _Diff, old: list[dict], new: list[dict]) -> None:
    rule = ListRule(_title, "目标", frozenset({"title"}), (("text", "目标“{title}”的说明有修改"),))
    d.titled(rule, Where("", ""), "goals", old, new)


def _quota_target(q: dict) -> str:
    return Quota.model_validate(q).target_text


def _quota_baseline(q: dict) -> str:
    return "无" if q.get("baseline") is None else format_number(q["baseline"]) + q.get("unit", "")


def _quotas(d: _Diff, old_plan: Plan, new_plan: Plan, old: list[dict], new: list[dict]) -> None:
    by_a, by_b = {q["id"]: q for q in old}, {q["id"]: q for q in new}
    index_a, index_b = {q["id"]: i for i, q in enumerate(old)}, {q["id"]: i for i, q in enumerate(new)}
    for qid, q in by_b.items():
        if qid not in by_a:
            d.add(f"quotas[{index_b[qid]}]", None, q, f"新增指标：{escape(q['name'])}（目标 {_quota_target(q)}）")
    for qid, q in by_a.items():
        if qid not in by_b:
            d.add(f"quotas[{index_a[qid]}]", q, None, f"删除指标：{escape(q['name'])}")
    for qid, x in by_a.items():
        y = by_b.get(qid)
        if y is None:
            continue
        path, name = f"quotas[{index_b[qid]}]", escape(y["name"])
        if x["name"] != y["name"]:
            d.add(f"{path}.name", x["name"], y["name"], f"指标更名：{escape(x['name'])} → {name}")
        if _quota_target(x) != _quota_target(y):
            d.add(f"{path}.target", x["target"], y["target"],
                  f"{name}：目标 {_quota_target(x)} → {_quota_target(y)}")
        if _quota_baseline(x) != _quota_baseline(y):
            d.add(f"{path}.baseline", x.get("baseline"), y.get("baseline"),
                  f"{name}：基线 {_quota_baseline(x)} → {_quota_baseline(y)}")
        d.fields(Where(name, path, entry=True), x, y,
                 skip=frozenset({"id", "name", "target", "unit", "compare", "baseline"}))


def _by_id(d: _Diff, key: str, noun: str, old: list[dict], new: list[dict]) -> None:
    """Adds the changes of a list of entries with ids (areas, departments): additions, removals,
    renames, then each kept entry's other fields (an area's tasks by position and title)."""
    by_a, by_b = {x["id"]: x for x in old}, {x["id"]: x for x in new}
    index_b = {x["id"]: i for i, x in enumerate(new)}
    index_a = {x["id"]: i for i, x in enumerate(old)}
    for xid, x in by_b.items():
        if xid not in by_a:
            d.add(f"{key}[{index_b[xid]}]", None, x, f"新增{noun}：{escape(x['name'])}")
    for xid, x in by_a.items():
        if xid not in by_b:
            d.add(f"{key}[{index_a[xid]}]", x, None, f"删除{noun}：{escape(x['name'])}")
    for xid, x in by_a.items():
        y = by_b.get(xid)
        if y is None:
            continue
        path = f"{key}[{index_b[xid]}]"
        if x["name"] != y["name"]:
            d.add(f"{path}.name", x["name"], y["name"], f"{noun}更名：{escape(x['name'])} → {escape(y['name'])}")
        label = escape(y["name"]) if key == "areas" else f"{noun}“{escape(y['name'])}”"
        d.fields(Where(label, path, entry=True), x, y, skip=frozenset({"id", "name"}))


def _schedule(d: _Diff, old: list[dict], new: list[dict]) -> None:
    """Adds the changes of the schedule: entries aligned by position and time, then their items
    by position and text."""
    rule = ListRule(_entry_label, "时间段")
    labels_a, labels_b = [_entry_label(e) for e in old], [_entry_label(e) for e in new]
    added, removed, kept = _align(old, new, labels_a, labels_b)
    where = Where("行事历", "")
    for j in added:
        d.add(f"schedule[{j}]", None, new[j], rule.added(where, labels_b[j]) + _nth(labels_b, j))
    for i in removed:
        d.add(f"schedule[{i}]", old[i], None, rule.removed(where, labels_a[i]) + _nth(labels_a, i))
    for i, j in kept:
        d.fields(Where(f"行事历{labels_b[j]}", f"schedule[{j}]", entry=True), old[i], new[j])
