"""import: a plan the school already has (.docx, .md, .txt) becomes a commented plan YAML.

    read blocks → split the 一、 sections → title block and signature → each section into the
    part it names → departments and the title check → YAML with what was left in comments

The result always loads as a plan (it is checked with `plangen.plan.load` before it is returned).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from plangen import zh
from plangen.commands.importer import frames as f
from plangen.commands.importer import okr
from plangen.commands.importer.body import Builder
from plangen.commands.importer.load import read_blocks
from plangen.commands.importer.notes import Notes, keep_unplaced
from plangen.commands.importer.read import fail
from plangen.commands.importer.schedule import read_schedule
from plangen.commands.importer.sections import Section, section_key, split_sections
from plangen.commands.importer.tree import build_tree
from plangen.commands.importer.variant import (
    area_name,
    detect_style,
    drop_framing,
    is_area_chapter,
    rules_assessment,
    rules_opening,
)
from plangen.commands.importer.wrapper import read_front, read_tail

NO_LADDER = (
    "没有找到工作计划的标题层次：计划的各部分应以“一、”“二、”……开头（如“一、指导思想”），"
    "或在 Word 中使用“标题 1”样式；请确认选对了文件"
)


@dataclasses.dataclass
class Imported:
    data: dict[str, Any]
    notes: Notes
    counts: dict[str, int]

    @property
    def report(self) -> str:
        return self.notes.report(self.counts)


def import_plan(path: Path) -> Imported:
    """Returns the plan read from the old document at `path` (not yet written)."""
    blocks = read_blocks(path)
    notes = Notes()
    data: dict[str, Any] = {}
    blocks = read_tail(blocks, data, notes)
    front, sections = split_sections(blocks)
    if not sections:
        raise fail(path, NO_LADDER)
    intro = read_front(front, data, notes)
    if "school" not in data:
        data["school"] = {"name": "（请填写学校全称）"}
        data["period"] = {"academic_year": 2025, "term": "year"}
        notes.guessed("school 与 period", "没有找到“××学校××学年工作计划”这样的标题，请手工填写")
    _guess_kind(data, blocks, notes)
    _short_name(data, blocks)
    period = data["period"]
    prev = zh.previous_period_word(
        academic_year=period.get("academic_year"),
        year=period.get("year"),
        term=period.get("term", "year"),
        names=period.get("term_names", "first_second"),
    )
    builder = Builder(data, notes, prev)
    builder.framed = any(f.FRAMED.search(b.text) for b in blocks)
    builder.style = detect_style(blocks)
    builder.framed = builder.framed or bool(builder.style)  # its targets are in its frames
    if builder.style:
        drop_framing(sections, builder.style, notes, data)
        _closing_section(sections, data)
    _read_sections(sections, builder)
    if builder.style == "okr":
        okr.finish(builder)
    builder.resolve_pending()
    if intro:
        data.setdefault("style_text", {})["standard"] = {"intro": "\n\n".join(intro)}
        notes.guessed("开头的段落", "放在 style_text.standard.intro（规范版标题下的导语）")
    _finish(data, builder)
    keep_unplaced(blocks, data, notes)
    counts = {
        "指导思想": 1 if data.get("guiding_ideology") else 0,
        "目标": len(data.get("goals", [])),
        "指标": len(data.get("quotas", [])),
        "领域": builder.count["areas"],
        "任务": builder.count["tasks"],
        "步骤": builder.count["steps"],
        "领导小组": 1 if data.get("leadership") else 0,
        "部门": len(data.get("departments", [])),
        "行事历": len(data.get("schedule", [])),
        "保障措施": len(data.get("safeguards", [])),
        "考核评价": len(data.get("evaluation", [])),
        "附加章节": len(data.get("sections", [])),
    }
    return Imported(data, notes, counts)


def _read_sections(sections: list[Section], builder: Builder) -> None:
    data, notes = builder.data, builder.notes
    rules, okr_style = builder.style == "rules", builder.style == "okr"
    trees = [build_tree(s.blocks, rules, okr_style) for s in sections]
    keys = [_key(s, builder.style) for s in sections]
    for i, (section, tree) in enumerate(zip(sections, trees, strict=False)):
        if keys[i] == "schedule" and not any(b.kind == "table" for b in section.blocks):
            keys[i] = "tasks" if tree.children else ""
    unnamed = [
        i
        for i, k in enumerate(keys)
        if not k and trees[i].children and not (sections[i].gathered or sections[i].tail)
    ]
    # Two chapters or more of items under no built-in name are the areas; in a variant style one
    # area chapter is enough (its frame, “…：目标与关键结果”, says what it is).
    one_chapter = bool(builder.style) and any(
        is_area_chapter(sections[i], builder.style) for i in unnamed
    )
    top = "tasks" not in keys and (len(unnamed) >= 2 or one_chapter)
    firsts = [trees[i].children[0].marker for i in unnamed[1:] if trees[i].children]
    # (a chapter's own decimals, 2.1 in collab, restart by construction)
    continuous = any(m and m not in f.FIRST_MARKERS and not f.DECIMAL_HEAD.match(m) for m in firsts)
    # a variant style's chapters are the areas of a plain plan, unless numbered across them
    if top and (not builder.style or continuous):
        data["layout"] = {"areas": "top", **({"continuous": True} if continuous else {})}
        notes.guessed("layout.areas: top", "各“一、”章节就是工作领域")
    used: set[str] = set()
    last = "start"
    headings = data.setdefault("headings", {})
    for i, (section, tree) in enumerate(zip(sections, trees, strict=False)):
        key = keys[i]
        is_last = i == len(sections) - 1
        notes.place = key or "sections"
        if is_last:
            trailing = _trailing(tree)
            if trailing:
                data["closing"] = "\n".join(trailing)
        if top and i in unnamed:
            builder.areas([_as_area(section, tree)])
            last = "tasks"
            continue
        if key in used:
            key = ""
        if key:
            used.add(key)
            default = f.DEFAULT_HEADINGS[key]
            if key == "departments":
                default = f.DEFAULT_DEPARTMENTS_HEADING.get(data["school"].get("kind", ""), default)
            style_heading = f.STYLE_HEADINGS.get(key) if builder.style else None
            section.heading = area_name(section.heading, builder.style)  # ……与关键结果（OKR）
            if section.heading != default and not (
                style_heading and style_heading.match(section.heading)
            ):
                headings[key] = section.heading
            last = key
        if builder.style == "rules" and section.heading in f.RULES_OPENING:
            headings.pop(key, None)
            rules_opening(section, builder)
        elif builder.style == "rules" and section.heading == f.RULES_ASSESSMENT:
            rules_assessment(section, builder, is_last)
        elif builder.style == "okr" and section.heading == f.OKR_OPENING:
            okr.opening(section.blocks, builder)
        elif key == "guiding_ideology":
            builder.guiding(section)
        elif key == "goals" and builder.style == "okr":
            okr.loose_part(tree, builder)
        elif key == "goals":
            builder.goals(tree)
        elif key == "tasks":
            builder.areas(tree.children)
            _left(tree.body, notes, "areas")
        elif key == "leadership":
            builder.leadership(section)
        elif key == "departments":
            builder.listed_departments(tree)
            _left([*tree.body, *tree.after], notes, "departments")
        elif key == "schedule":
            builder.schedule(section, is_last)
        elif key in ("safeguards", "evaluation"):
            data[key] = builder.titled(tree, key)
            if is_last and not tree.children and len(tree.body) > (0 if builder.style else 1):
                # the last part has no items (narrative 评价机制): what follows its first
                # paragraph is the plan's closing
                # (in a variant style that paragraph was framing, already set aside)
                first = 0 if builder.style else 1
                data["closing"] = "\n".join(
                    [*tree.body[first:], *filter(None, [data.get("closing")])]
                )
                tree.body = tree.body[:first]
            _left(tree.body, notes, key)
        else:
            if last not in ("start", "tasks") and not data.get(PART_DATA.get(last, last)):
                filled = [k for k in used if data.get(PART_DATA.get(k, k))]
                last = next((k for k in reversed(keys[:i]) if k in filled), "start")
                last = "end" if is_last else last
            extra: dict[str, Any] = {"title": section.heading, "after": last}
            if section.tail:
                extra["after"] = "end"
            if tree.body:
                extra["text"] = "\n".join(tree.body)
            items = builder.titled(tree, "sections")
            if items:
                extra["items"] = items
            data.setdefault("sections", []).append(extra)
    _loose_tables(sections, keys, builder)
    if not headings:
        data.pop("headings")


def _key(section: Section, style: str) -> str:
    """The built-in part a section is, as its style (if plangen wrote it) or its words tell."""
    if is_area_chapter(section, style):
        return ""
    if style == "rules" and section.heading == f.RULES_ASSESSMENT:
        return "evaluation"
    if style == "okr" and section.heading in (f.OKR_OPENING, f.OKR_REVIEW):
        return "guiding_ideology" if section.heading == f.OKR_OPENING else "evaluation"
    key = section_key(section.heading)
    tables = [b for b in section.blocks if b.kind == "table" and b.rows]
    if not key and any(w in "".join(t.rows[0]) for t in tables for w in f.SCHEDULE_HEADER_WORDS):
        return "schedule"  # 工作进度安排: a 行事历 under the school's own heading
    return key


# The data a section's key fills (an extra section placed after an empty part follows the one
# before it).
PART_DATA = {"tasks": "areas"}


def _trailing(tree):  # type: ignore[no-untyped-def]
    """Takes the paragraphs after the last items of the last section: the plan's closing."""
    node, last = tree, None
    while True:
        if node.after:
            last = node
        if not node.children:
            break
        node = node.children[-1]
    if last is None:
        return []
    lines, last.after = last.after, []
    return lines


def _loose_tables(sections: list[Section], keys: list[str], builder: Builder) -> None:
    """Reads a 行事历 table found inside another section (the variant styles put it under 组织实施)
    as the schedule; keeps any other table's rows in comments."""
    for section, key in zip(sections, keys, strict=False):
        if key == "schedule" and builder.data.get("schedule"):
            continue
        for block in section.blocks:
            if block.kind != "table" or not block.rows:
                continue
            header = "".join(block.rows[0])
            if not builder.data.get("schedule") and any(
                w in header for w in f.SCHEDULE_HEADER_WORDS
            ):
                read_schedule([block], builder)
                builder.notes.guessed("行事历", f"取自“{section.heading}”中的表格")
            else:
                for row in block.rows:
                    builder.notes.left(f"“{section.heading}”中的表格", " | ".join(row), "sections")


def _as_area(section: Section, tree):  # type: ignore[no-untyped-def]
    from plangen.commands.importer.tree import Node

    node = Node(level=1, head=section.heading, heading=True, body=tree.body, children=tree.children)
    node.after = tree.after
    return node


def _guess_kind(data: dict[str, Any], blocks: list, notes: Notes) -> None:  # type: ignore[type-arg]
    """Sets school.kind from the words of the plan (股室 → bureau) or from the school's name."""
    name = data["school"]["name"]
    kind = next((k for words, k in f.KIND_WORDS if any(w in name for w in words)), None)
    if any("股室" in b.text or any("股室" in c for r in b.rows for c in r) for b in blocks):
        kind = "bureau"
    if kind:
        data["school"]["kind"] = kind
        notes.guessed("school.kind", f"由单位名称或用词推测为 {kind}")


def _closing_section(sections: list[Section], data: dict[str, Any]) -> None:
    """A section “结语：……” (collab, innovation) is the plan's closing; the sections after it
    are extra sections at the end."""
    found = [i for i, s in enumerate(sections) if f.CLOSING_HEADING.match(s.heading)]
    if found:
        last = sections.pop(found[-1])
        text = "\n".join(b.text for b in last.blocks if b.text)
        if text:
            data["closing"] = text
        for section in sections[found[-1] :]:
            section.tail = True


def _short_name(data: dict[str, Any], blocks: list) -> None:  # type: ignore[type-arg]
    """Sets school.short_name from a framing sentence that names the school (“本学期，青岚二中要
    实现的目标和指标如下。”), when it is not the full name."""
    school = data["school"]
    for block in blocks:
        for pattern in f.SHORT_NAME:
            found = pattern.match(block.text)
            if found and found.group("short") != school["name"]:
                school["short_name"] = found.group("short")
                return


def _left(lines: list[str], notes: Notes, place: str) -> None:
    for line in lines:
        notes.left("章节开头的文字", line, place)


def _finish(data: dict[str, Any], builder: Builder) -> None:
    """Lists the departments named as owners, and keeps the title when plangen's differs."""
    for quota in data.get("quotas", []):
        quota.pop("_unnamed", None)
    if builder.departments:
        data["departments"] = builder.departments
    title = data.pop("_title", None)
    if title:
        school, period, document = data["school"], data["period"], data.get("document", {})
        label = period.get("label") or zh.period_label(
            academic_year=period.get("academic_year"),
            year=period.get("year"),
            term=period.get("term", "year"),
            names=period.get("term_names", "first_second"),
        )
        made = f"{school['name']}{label}{document.get('subject', '')}工作计划"
        if made != title:
            data.setdefault("document", {})["title"] = title
            builder.notes.guessed(
                "document.title", f"原标题“{title}”与自动生成的“{made}”不同，原样保留"
            )
    for key in ("document",):
        if not data.get(key):
            data.pop(key, None)
