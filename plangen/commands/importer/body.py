"""The sections of an old plan: each 一、 section becomes the built-in part it names (with the
school's heading kept in `headings`) or an extra `sections` entry; its items become areas, tasks,
steps, goals, titled items, the 行事历 and the 领导小组."""

from __future__ import annotations

import re
from typing import Any

from plangen.commands.importer import frames as f
from plangen.commands.importer import okr
from plangen.commands.importer.notes import Notes
from plangen.commands.importer.quota_refs import QuotaReading
from plangen.commands.importer.quotas import split_quota_clauses
from plangen.commands.importer.schedule import read_schedule
from plangen.commands.importer.sections import Section
from plangen.commands.importer.tree import Node, ordinal_items
from plangen.commands.importer.variant import (
    area_goals,
    area_name,
    goal_titles,
    own_heading,
    task_part,
)


class Builder(QuotaReading):
    """Builds the plan's mapping section by section."""

    def __init__(self, data: dict[str, Any], notes: Notes, prev: str) -> None:
        self.data = data
        self.notes = notes
        self.prev = prev
        self.quota_ids: dict[str, str] = {}  # quota name → id
        self.departments: list[Any] = []
        self.count = {"areas": 0, "tasks": 0, "steps": 0}
        # plangen's own frames were seen (工作指标：…): targets are then stated only in them
        self.framed = False
        self.area_id = ""  # the area being read
        self.okr_core: list[Any] = []  # okr: the core bullets, the tasks' key results
        self.okr_home: dict[int, str] = {}
        self.okr_refs: list[tuple[str, str]] = []  # (task title, quota id): “任务（见1.2）”
        self.style = ""  # the variant style plangen wrote the plan in (variant.detect_style)
        # tags name quotas that a later section may define (narrative and okr put the goals
        # after the areas): their names are resolved once every section is read
        self.pending: list[tuple[dict[str, Any], str]] = []

    # --- quotas and departments ---

    def owner(self, text: str) -> Any:
        names = [n.strip() for n in text.split("、") if n.strip()]
        for name in names:
            if name not in self.departments:
                self.departments.append(name)
        return names[0] if len(names) == 1 else names

    # --- sections ---

    def area_tag(self, line: str, area: dict[str, Any]) -> None:
        """Sets an area's owners from a tag paragraph （责任：…；配合：…）."""
        rest, tag = take_tag(line)
        self._apply_tag(tag, area)
        if rest:
            area["summary"] = "\n".join(filter(None, [area.get("summary"), rest]))

    def guiding(self, section: Section) -> None:
        texts = [b.text for b in section.blocks if b.text]
        if self.style:  # ### 工作思路 above the 指导思想: the school's own heading
            own_heading(section.blocks, self.data)
            texts = [b.text for b in section.blocks if b.text and b.kind != "heading"]
            for text in [t for t in texts if f.VISION.match(t)]:
                self.data["vision"] = f.VISION.match(text).group("text").rstrip("。")  # type: ignore[union-attr]
                texts.remove(text)
        if self.style in ("collab", "innovation"):
            texts = [t for t in texts if not goal_titles(t, self.data)]
        self.data["guiding_ideology"] = "\n".join(texts)

    def goals(self, root: Node) -> None:
        goals = self.data.setdefault("goals", [])
        for line in root.body:
            vision = f.VISION.match(line)
            left = _area_targets(line)  # the quotas no goal names: 工作指标：…。
            if vision:
                self.data["vision"] = vision.group("text").rstrip("。")
            elif left:
                for phrase in _phrases(left.group("list").rstrip("。")):
                    self.quota_from_phrase(phrase)
            else:
                self.notes.left("工作目标下的文字", line, "goals")
        for node in root.children:
            title, _, _ = node.title_text()
            text = "\n".join(filter(None, [node.own_text(), *node.after]))
            if title in f.OTHER_QUOTAS:
                for phrase in _phrases(text.rstrip("。")):
                    self.quota_from_phrase(phrase)
                continue
            goal: dict[str, Any] = {"title": title}
            lead = f.QUOTA_LEAD.match(text.replace("\n", ""))
            if (lead and lead.group("before") == "") or (
                lead and lead.group("before").endswith("。")
            ):
                text = lead.group("before")  # type: ignore[union-attr]
                goal["quotas"] = [
                    self.quota_from_phrase(p) for p in _phrases(lead.group("list").rstrip("。"))
                ]  # type: ignore[union-attr]
            else:
                text, clauses = split_quota_clauses(text.replace("\n", "")) if text else ("", [])
                if clauses:
                    goal["quotas"] = [self.quota_from_phrase(c) for c in clauses]
            if text:
                goal["text"] = text
            goals.append(goal)
            for child in node.children:
                qid = self.key_result(child)
                if qid:
                    goal.setdefault("quotas", []).append(qid)
                else:
                    self.notes.left(f"目标“{title}”下的条目", _flat_lines(child), "goals")
        for line in root.after:
            self.notes.left("工作目标后的文字", line, "goals")

    def areas(self, roots: list[Node]) -> None:
        areas = self.data.setdefault("areas", [])
        for node in roots:
            name = area_name(node.title_text()[0], self.style)
            area: dict[str, Any] = {"id": f"area{len(areas) + 1}", "name": name}
            lines = [t for t in [node.title_text()[1], *node.body] if t]
            if self.style:  # the area's 量化指标 line, after its goals (items of the tree)
                targets = [t for t in node.after if _area_targets(t)]
                lines += targets
                node.after = [t for t in node.after if t not in targets]
            summary: list[str] = []
            for line in lines:
                objective = f.AREA_OBJECTIVE.match(line)
                owners = (
                    f.AREA_OWNERS.match(line) if ("牵头" in line or "协作单位" in line) else None
                )
                if objective:
                    area["objective"] = objective.group("text")
                elif owners and (owners.group("owner") or owners.group("partners")):
                    if owners.group("owner"):
                        area["owner"] = self.owner(owners.group("owner"))
                    if owners.group("partners"):
                        area["partners"] = owners.group("partners").split("、")
                elif self.style and (lead := _area_targets(line)):
                    for phrase in _phrases(lead.group("list").rstrip("。")):
                        qid = self.known_or_new(phrase)  # the area's: no task drives it
                        quota = next(q for q in self.data["quotas"] if q["id"] == qid)
                        quota["area"] = area["id"]
                else:
                    line, tag = take_tag(line)
                    self._apply_tag(tag, area)
                    if line:
                        summary.append(line)
            if summary:
                area["summary"] = "\n".join(summary)
            self.area_id = area["id"]
            children = area_goals(node.children, self) if self.style else node.children
            if self.style == "okr":
                children = okr.area_items(children, self, area)
            area["tasks"] = [self.task(child) for child in children]
            for child, task in zip(children, area["tasks"], strict=True):
                if id(child) in self.okr_home:
                    task["_home"] = self.okr_home[id(child)]
            for line in node.after:
                area["tasks"][-1]["text"] = "\n".join(
                    filter(None, [area["tasks"][-1].get("text"), line])
                )
            areas.append(area)
            self.count["areas"] += 1

    def task(self, node: Node) -> dict[str, Any]:
        title, first, guessed = node.title_text()
        if guessed:
            self.notes.guessed(f"任务“{title}”", "原文没有小标题，取了第一句作为标题")
        task: dict[str, Any] = {"title": title}
        text: list[str] = []
        for line in [first, *node.body] if first else node.body:
            if self._task_frame(line, task):
                continue
            part = task_part(line, task, self) if self.style in ("collab", "innovation") else line
            if part is None:
                continue
            line = part
            line, tag = take_tag(line)
            self._apply_tag(tag, task)
            if line:
                text.append(line)
        if node.clauses:  # okr: its text cut one clause per bullet, the tag on the title's line
            text.append("".join(node.clauses))
        steps = []
        for child in node.children:
            qid = self.key_result(child)
            if qid:
                task.setdefault("quotas", []).append(qid)
            else:
                steps.append(self.step(child))
        text += node.after  # paragraphs after its steps: kept with its text
        if not steps and text:
            split = ordinal_items("".join(text) if len(text) == 1 else text[-1])
            if split and len(text) == 1:
                lead, items = split
                text = [lead] if lead else []
                steps = [{"title": t, **({"text": r} if r else {})} for t, r in items]
                self.count["steps"] += len(steps)
        if text:
            task["text"] = "\n".join(text)
            if not self.framed and "quotas" not in task:
                clauses = split_quota_clauses(task["text"].replace("\n", ""))[1]
                if clauses:
                    task["quotas"] = [self.quota_from_phrase(c) for c in clauses]
                    self.notes.guessed(f"任务“{title}”", "指标从任务文字中读出，任务文字不变")
        if steps:
            task["steps"] = steps
        self.count["tasks"] += 1
        return task

    def _task_frame(self, line: str, task: dict[str, Any]) -> bool:
        lead = f.QUOTA_LEAD.match(line)
        if lead and not lead.group("before"):
            see = f.QUOTA_SEE.match(lead.group("list"))
            if see:
                task["quotas"] = self.quota_refs(see.group("names"))
            else:
                task["quotas"] = [
                    self.known_or_new(p) for p in _phrases(lead.group("list").rstrip("。"))
                ]
            return True
        meta = (
            f.TASK_META.match(line)
            if ("牵头" in line or "时间安排为" in line or "协作单位为" in line)
            else None
        )
        if meta and any(meta.groupdict().values()):
            if meta.group("owner"):
                task["owner"] = self.owner(meta.group("owner"))
            partners = meta.group("partners") or meta.group("partners2")
            if partners:
                task["partners"] = partners.split("、")
            if meta.group("when"):
                task["when"] = meta.group("when")
            return True
        return False

    def _apply_tag(self, tag: dict[str, str], item: dict[str, Any]) -> None:
        """Sets the fields a generated tag （责任：…；配合：…；时间：…；指标：…） names."""
        for word, value in tag.items():
            key = f.TAG_PARTS[word]
            if key == "owner":
                item["owner"] = self.owner(value)
            elif key == "partners":
                item["partners"] = value.split("、")
            elif key == "quotas":
                item["quotas"] = []
                self.pending.append((item, value))
                self.framed = True
            else:
                item[key] = value

    def step(self, node: Node, depth: int = 1) -> dict[str, Any]:
        if depth == MAX_STEP_DEPTH and node.children:
            node.body = [*node.body, *(_flat_lines(c) for c in node.children)]
            node.children = []
            self.notes.guessed(
                f"步骤“{node.head[:12]}”", f"下面的层次超过 {MAX_STEP_DEPTH} 级，并入了它的文字"
            )
        title, text, _ = node.title_text()
        if node.heading or node.bold:
            text = node.own_text()
        else:
            text = "\n".join(t for t in [text, *node.body] if t)
        text = "\n".join(t for t in [text, *node.after] if t)
        step: dict[str, Any] = {"title": title}
        text = text.rstrip("。") if text and not node.children else text
        text, tag = take_tag(text) if text else (text, {})
        if set(tag) <= {"责任", "时间"}:
            self._apply_tag(tag, step)
        else:  # a task's tag on a bullet (okr): a step cannot hold partners or quotas
            text += "（" + "；".join(f"{k}：{v}" for k, v in tag.items()) + "）"
        meta = None if tag else f.STEP_META.search(text) if text else f.STEP_META.search(title)
        if meta:
            where = "text" if text else "title"
            value = (text if text else title)[: meta.start()].rstrip("。")
            if meta.group("when"):
                step["when"] = meta.group("when")
            owner = meta.group("owner1") or meta.group("owner2")
            if owner:
                step["owner"] = self.owner(owner)
            if where == "title":
                step["title"] = value
                text = ""
            else:
                text = value
        if text:
            step["text"] = text.rstrip("。") if not node.children else text
        if node.children:
            step["steps"] = [self.step(c, depth + 1) for c in node.children]
        self.count["steps"] += 1
        return step

    def titled(self, root: Node, place: str) -> list[dict[str, Any]]:
        items = []
        for node in root.children:
            title, _, _ = node.title_text()
            item: dict[str, Any] = {"title": title}
            text = "\n".join(
                filter(
                    None, [node.own_text(), *(_flat_lines(c) for c in node.children), *node.after]
                )
            )
            if text:
                item["text"] = text
            items.append(item)
        for line in root.after:
            if items:
                items[-1]["text"] = "\n".join(filter(None, [items[-1].get("text"), line]))
        return items

    def leadership(self, section: Section) -> None:
        group: dict[str, Any] = {}
        for block in section.blocks:
            text = block.text.strip()
            for key, pattern in f.LEADERSHIP.items():
                match = pattern.match(text)
                if match and key not in group:
                    value = match.group("v")
                    group[key] = (
                        [v for v in value.split("、")] if key in ("deputies", "members") else value
                    )
                    break
            else:
                if text:
                    self.notes.left("组织领导下的文字", text, "leadership")
        if "office" in group:
            group["office"] = group["office"].rstrip("。")
        self.data["leadership"] = group

    def listed_departments(self, root: Node) -> None:
        for node in root.children:
            title, _, _ = node.title_text()
            match = f.DEPARTMENT.match(title)
            name = match.group("name") if match else title
            dept: dict[str, Any] = {"id": name, "name": name}
            if match and match.group("head"):
                dept["head"] = match.group("head")
            text = node.own_text()
            head = re.match(r"^（负责人[：:](?P<head>[^）]+)）[。.]?", text)
            if head:
                dept["head"] = head.group("head")
                text = text[head.end() :]
            if text:
                dept["duty"] = text.rstrip("。") if text.count("。") <= 1 else text
            self.departments = [d for d in self.departments if d != name]
            self.departments.append(dept)

    def schedule(self, section: Section, is_last: bool = False) -> None:
        tables = [b for b in section.blocks if b.kind == "table"]
        if not tables:
            return
        read_schedule(tables, self)
        after_table = False
        for block in section.blocks:
            after_table = after_table or block.kind == "table"
            if block.kind == "table" or not block.text:
                continue
            if after_table and is_last:
                self.data["closing"] = "\n".join(
                    filter(None, [self.data.get("closing"), block.text])
                )
            else:
                self.notes.left("行事历表格外的文字", block.text, "schedule")


MAX_STEP_DEPTH = 4  # the schema's limit (plan/checks.py)


def _flat_lines(node: Node) -> str:
    return "；".join(
        filter(None, [node.head, *node.body, *(_flat_lines(c) for c in node.children)])
    )


def take_tag(line: str) -> tuple[str, dict[str, str]]:
    """Returns `line` without a trailing tag （责任：教务处；时间：每学期） and the tag's parts."""
    match = f.TAG.search(line)
    if not match:
        return line, {}
    parts = dict(part.split("：", 1) for part in match.group("parts").split("；") if "：" in part)
    rest = line[: match.start()]
    return (rest + match.group("end") if rest else ""), parts


def _phrases(text: str) -> list[str]:
    return [p for p in text.split("；") if p.strip()]


def _area_targets(line: str) -> re.Match[str] | None:
    """“量化指标：……” of an area in a chapter style (the quotas no task of it drives)."""
    lead = f.QUOTA_LEAD.match(line)
    return lead if lead and not lead.group("before") else None
