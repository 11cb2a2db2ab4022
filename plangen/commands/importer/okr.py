"""The okr style read back: 第一部分 (vision, motto, the core goals by area), each area's part
(目标N → its objective, 关键结果N.M → its quotas with their owner, 行动项 bullets → its tasks, each
driving the key result it is written under and those that name it “（见1.2）”), and the review
bullets (framing). Patterns: frames.OKR_*."""

from __future__ import annotations

from typing import Any

from plangen.commands.importer import frames as f
from plangen.commands.importer.tree import Node


def opening(blocks: list[Any], builder: Any) -> None:
    """第一部分：战略愿景与核心目标 — the guiding ideology, 战略愿景 (vision), the motto and the core
    bullets (goals, resolved by `finish` once the areas and key results are read)."""
    from plangen.commands.importer.variant import own_heading

    data, guiding = builder.data, []
    own_heading(blocks, data)
    for block in blocks:
        text = block.text if block.kind != "heading" else ""
        vision = f.OKR_VISION.match(text)
        motto = f.MOTTO.match(text)
        if vision:
            data["vision"] = vision.group("text").rstrip("。")
        elif motto:
            data["school"]["motto"] = motto.group("motto")
        elif block.kind == "item" and (core := f.OKR_CORE.match(text)):
            builder.okr_core.append(core)
        elif text:
            guiding.append(text)
    if guiding:
        data["guiding_ideology"] = "\n".join(guiding)


def area_items(children: list[Node], builder: Any, area: dict[str, Any]) -> list[Node]:
    """Returns the task items of an okr area part; reads its 目标N heading (objective, tag) and
    its key results into quotas, noting which task drives which."""
    tasks: list[Node] = []
    for node in children:
        objective = f.OKR_OBJECTIVE.match(node.head) if node.heading else None
        if not objective:
            tasks.append(node)
            continue
        area["_objective"] = objective.group("text")
        for line in node.body:
            if line not in f.ACTION_LABELS:
                builder.area_tag(line, area)
        for child in node.children:
            qid = builder.key_result_quota(child) if child.heading else None
            if not child.heading:  # a bullet under 行动项： (an area without key results)
                tasks.append(child)
            elif qid:
                builder.data["quotas"][_index(builder, qid)].setdefault("area", area["id"])
                _refs(child.body, builder, qid)
                for item in child.children:
                    builder.okr_home[id(item)] = qid
                    tasks.append(item)
            else:  # 其他行动项 / 行动项
                tasks += child.children
    return tasks


def _refs(lines: list[str], builder: Any, qid: str) -> None:
    """Notes the tasks a key result's “任务名称（见2.1）” lines name as driving it."""
    for line in lines:
        ref = f.OKR_REF.match(line)
        if ref:
            builder.okr_refs.append((ref.group("title"), qid))


def _index(builder: Any, qid: str) -> int:
    return next(i for i, q in enumerate(builder.data["quotas"]) if q["id"] == qid)


def finish(builder: Any) -> None:
    """Links each task to the key results it drives, reads the core goals, and keeps an area's
    objective only where it is not the one okr would derive (its goal's title, its task titles)."""
    data = builder.data
    areas = data.get("areas", [])
    by_name = {a["name"]: a for a in areas}
    for area in areas:
        for task in area["tasks"]:
            home = task.pop("_home", None)
            refs = [
                q
                for t, q in builder.okr_refs
                if t == task["title"] and q != home  # (见5.2) may name a task of another area
            ]
            if home or refs:
                task["quotas"] = [*([home] if home else []), *refs]
    focus = data.pop("_focus", "")
    if focus and data.get("quotas"):  # 本学期重点抓两项指标：甲和乙。 names every quota in order
        data["quotas"].sort(key=lambda q: focus.find(q["name"]) % (len(focus) + 1))
    goals = data.setdefault("goals", [])
    for core in builder.okr_core:
        label, rest, names = core.group("label"), core.group("rest"), core.group("names")
        area = by_name.get(label)
        if area and names:
            builder.quota_refs(names.rstrip("。"))  # names a key result read without a name
        if area and rest:
            for part in rest.rstrip("。").split("；"):
                title, _, text = part.partition("——")
                goals.append(
                    {"title": title, **({"text": text} if text else {}), "area": area["id"]}
                )
        elif not area and label:
            goal: dict[str, Any] = {"title": label}
            if rest:
                goal["text"] = rest.rstrip("。")
            if names:
                goal["quotas"] = builder.quota_refs(names.rstrip("。"))
            goals.append(goal)
    for area in areas:
        objective = area.pop("_objective", None)
        own = [g["title"] for g in goals if g.get("area") == area["id"]]
        linked = [
            g["title"]
            for g in goals
            if "area" not in g
            and any(
                q.get("area") == area["id"]
                for q in data.get("quotas", [])
                if q["id"] in g.get("quotas", [])
            )
        ]
        titles = "，".join(t["title"] for t in area["tasks"][:3])
        derived = {(own or linked or [titles or area["name"]])[0], area["name"]}
        if objective and objective not in derived:
            area["objective"] = objective


def loose_part(root: Node, builder: Any) -> None:
    """第N部分：工作目标与关键结果（OKR）: the key results of quotas without an area."""
    for node in root.children:
        for child in node.children if f.OKR_OBJECTIVE.match(node.head) else [node]:
            qid = builder.key_result_quota(child) if child.heading else None
            if not qid:
                builder.notes.left("关键结果部分的条目", child.head, "goals")
                continue
            _refs(child.body, builder, qid)  # tasks of some area drive it
