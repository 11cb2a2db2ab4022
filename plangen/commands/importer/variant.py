"""A plan plangen wrote in one of its variant styles (narrative, rules, okr, collab, innovation):
the style is told by a heading only it writes, and the paragraphs it builds from the plan's facts
(its framing, `render.wording.Wording.frame`) are set aside, since rendering the imported plan
writes them again. Patterns: frames.STYLE_MARKS, frames.FRAMING."""

from __future__ import annotations

from typing import Any

from plangen.commands.importer import frames as f
from plangen.commands.importer.notes import Notes
from plangen.commands.importer.sections import Section
from plangen.commands.importer.tree import strip_marker


def detect_style(blocks: list[Any]) -> str:
    """Returns the variant style whose own heading the plan has, or ""."""
    headings = [strip_marker(b.text) for b in blocks if b.kind == "heading"]
    for style, mark in f.STYLE_MARKS:
        # (a school may call one chapter “……行动细则”: the rules style has two such marks)
        if sum(1 for h in headings if mark.match(h)) >= (2 if style == "rules" else 1):
            return style
    return ""


def drop_framing(sections: list[Section], style: str, notes: Notes, data: dict[str, Any]) -> None:
    """Removes the style's framing paragraphs from the sections (a task tag at the end of one,
    as in “本章安排甲和乙（责任：教务处）。”, stays as a paragraph of its own)."""
    from plangen.commands.importer.body import take_tag

    patterns = f.FRAMING.get(style, ())
    dropped = 0
    for section in sections:
        kept = []
        for block in section.blocks:
            if block.kind in ("para", "item") and block.text:
                text, tag = take_tag(block.text)
                found = next((m for p in patterns if (m := p.match(text))), None)
                if found:
                    dropped += 1
                    if found.groupdict().get("motto"):  # the one fact a framing carries
                        data["school"].setdefault("motto", found.group("motto"))
                    if f.OKR_FOCUS.match(text):  # the order of the quotas
                        data["_focus"] = text
                    block.role = "framing"  # not looked for by notes.keep_unplaced
                    if not tag:
                        continue
                    block.text = "（" + "；".join(f"{k}：{v}" for k, v in tag.items()) + "）"
            kept.append(block)
        section.blocks = kept
    if dropped:
        notes.guessed(
            f"{dropped} 段",
            f"按 {style} 风格由计划内容生成的段落（导语、结语等），重新生成时会再写出，未作为原文导入",
        )


def area_name(name: str, style: str) -> str:
    """An area's name without the frame of its style's heading (“……行动细则”, “……与关键结果（OKR）”)."""
    pattern = f.AREA_NAME.get(style)
    found = pattern.match(name) if pattern else None
    return found.group("name") if found else name


def task_part(line: str, task: dict[str, Any], builder: Any) -> str | None:
    """Reads a labelled part of a collab/innovation task: 目标 lines are its quotas (returns
    None), the label of its step bullets is dropped (None), 主要措施：… gives its text back."""
    if line in f.STEP_LABELS:
        if line == f.INNOVATION_LABEL:
            task["tags"] = ["innovation"]
        return None
    found = f.TASK_PARTS.match(line)
    if not found:
        return line
    if found.group("label") in ("目标", "项目目标"):
        phrases = [p for p in found.group("rest").rstrip("。").split("；") if p.strip()]
        task["quotas"] = [
            builder.quota_refs(see.group("names"))[0]
            if (see := f.QUOTA_SEE.match(p)) and see.group("where")[:1].isdigit()
            else builder.known_or_new(p)
            for p in phrases
        ]
        by_id = {q["id"]: q for q in builder.data.get("quotas", [])}
        for phrase, qid in zip(phrases, task["quotas"], strict=True):
            quota = by_id[qid]
            if builder.area_id and phrase != quota["name"]:  # phrased in full: its own chapter
                quota["area"] = builder.area_id
            elif builder.area_id:  # named only: the first chapter that names it
                quota.setdefault("area", builder.area_id)
        return None
    return found.group("rest")


def goal_titles(line: str, data: dict[str, Any]) -> bool:
    """Reads “工作目标：甲；乙。” of a collab/innovation opening as the titles of the goals."""
    found = f.AREA_OBJECTIVE.match(line)
    if not found or data.get("goals"):
        return False
    data["goals"] = [{"title": t} for t in found.group("text").rstrip("。").split("；") if t]
    return True


def is_area_chapter(section: Section, style: str) -> bool:
    """Whether a section is one of the style's area chapters, whatever words its name has
    (“第一章：学校督导评估” is an area, not 督导评估)."""
    if style in ("collab", "innovation"):
        chapter = section.marker.endswith(("章：", "章\u3000", "章"))
        return chapter and not section.heading.endswith(("保障机制", "组织保障"))
    if style == "narrative":  # every chapter with items but its own three is an area
        return section.heading not in f.NARRATIVE_CHAPTERS and any(
            b.kind == "heading" and b.text.startswith(("（", "(")) for b in section.blocks
        )
    pattern = f.AREA_NAME.get(style)
    return bool(pattern and pattern.match(section.heading)) and not section.heading.startswith(
        "工作目标"
    )


def area_goals(children: list[Any], builder: Any) -> list[Any]:
    """Reads the goals a chapter style writes before an area's tasks (“**title**：text。”, a bold
    lead without a number) as goals of that area; returns the other items, its tasks."""
    if builder.style not in ("collab", "innovation"):
        return children
    goals = builder.data.setdefault("goals", [])
    rest: list[Any] = []
    for node in children:
        if node.bold and not node.marker and not node.heading and not rest and not node.children:
            title, text, _ = node.title_text()
            goal = {"title": title, **({"text": text} if text else {}), "area": builder.area_id}
            goals.append(goal)
        else:
            rest.append(node)
    return rest


def rules_opening(section: Section, builder: Any) -> None:
    """总体要求与核心理念 (rules): 工作思路 (the guiding ideology, under the school's own heading),
    核心理念 (办学理念：“…”。 → school.motto) and 工作目标 (总体目标：…, then “3.1.title：text。”)."""
    data, part, guiding = builder.data, "", []
    for block in section.blocks:
        if block.kind == "heading":
            title = strip_marker(block.text)
            part = "motto" if title == "核心理念" else "goals" if "目标" in title else "guiding"
            if part == "guiding" and title != "指导思想":
                data.setdefault("headings", {})["guiding_ideology"] = title
            if part == "goals" and title != "工作目标":
                data.setdefault("headings", {})["goals"] = title
            continue
        text = block.text
        motto = f.MOTTO.match(text)
        vision = f.VISION.match(text)
        if part == "motto" and motto:
            data["school"]["motto"] = motto.group("motto")
        elif part == "goals" and vision:
            data["vision"] = vision.group("text").rstrip("。")
        elif part == "goals" and text:
            line = f.DECIMAL.sub("", text).rstrip("。")
            title, _, rest = line.partition("：")
            data.setdefault("goals", []).append(
                {"title": title, **({"text": rest} if rest else {})}
            )
        elif text:
            guiding.append(text)
    if guiding:
        data["guiding_ideology"] = "\n".join(guiding)


def rules_assessment(section: Section, builder: Any, is_last: bool) -> None:
    """绩效考核与持续改进 (rules): 考核指标 “1.2.phrase。责任：德育处。” are the quotas; its other
    parts are framing, except evaluation items kept under 考核周期与方式."""
    part = ""
    for block in section.blocks:
        if block.kind == "heading":
            part = strip_marker(block.text)
            continue
        found = f.RULES_QUOTA.match(block.text) if part == "考核指标" else None
        fields = builder.read_quota(found.group("phrase")) if found else {}
        if found and not f.DECIMAL_ITEM.match(block.text) and "text" in fields:
            found = None  # unnumbered and not read as a quota: the plan's closing after 考核指标
        if found:
            block.role = "framing"  # read into the quota: not looked for as text
            if found.group("owner"):
                fields["owner"] = builder.owner(found.group("owner"))
            if fields["name"] not in builder.quota_ids:
                builder.add_quota(fields)  # (unnamed: the tag that names it says it)
        elif block.text and part == "考核周期与方式" and f.DECIMAL.match(block.text):
            title, _, text = f.DECIMAL.sub("", block.text).partition("：")
            item = {"title": title.rstrip("。"), **({"text": text} if text else {})}
            builder.data.setdefault("evaluation", []).append(item)
        elif block.text and is_last and part in ("改进机制", "考核指标"):
            closing = builder.data.get("closing")
            builder.data["closing"] = "\n".join(filter(None, [closing, block.text]))
        elif block.text:
            builder.notes.left(f"“{part or section.heading}”中的文字", block.text, "evaluation")


def own_heading(blocks: list[Any], data: dict[str, Any]) -> None:
    """A heading inside a variant style's opening (### 工作思路 above the 指导思想) is the
    school's own heading of the guiding ideology."""
    for block in blocks:
        if block.kind == "heading" and (title := strip_marker(block.text)) != "指导思想":
            data.setdefault("headings", {})["guiding_ideology"] = title
            return
