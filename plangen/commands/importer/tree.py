"""The heading ladder: blocks become a tree of numbered items (一、 → （一） → 1. → （1） → ①).

Levels are read from the markers themselves, not from the Markdown or Word heading level, so a
plain-text plan and its .docx give the same tree. A run-in item (a bold lead-in, or a short lead
before a colon: “组织保障：……”) is one paragraph: the plain paragraphs after it belong to the item
above it. Plain list items are lines of text of the item they are in.
"""

from __future__ import annotations

import dataclasses

from plangen.commands.importer.frames import (
    COLON_LEAD,
    FRAME_LEADS,
    LADDER,
    OKR_OTHER,
    ORDINAL_ITEM,
    TAG_LINE,
)
from plangen.commands.importer.read import Block
from plangen.render.helpers import SENTENCE_ENDS

RUN_IN = 9  # a lead item without a number sits below every numbered level
LIST = 10  # list items with a bold lead, by depth below that


def marker_level(text: str) -> tuple[int, str] | None:
    """Returns the ladder level of a line's marker and the text after it, or None."""
    for level, pattern in LADDER:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return level, text[match.end() :]
    return None


def strip_marker(text: str) -> str:
    found = marker_level(text)
    return found[1] if found else text


@dataclasses.dataclass
class Node:
    level: int
    head: str = ""  # the item's own line, marker removed
    marker: str = ""  # the marker itself: 一、 （三） 1.
    bold: str = ""  # its bold lead-in, marker removed
    run_in: bool = False
    heading: bool = False
    body: list[str] = dataclasses.field(default_factory=list)
    children: list[Node] = dataclasses.field(default_factory=list)
    after: list[str] = dataclasses.field(default_factory=list)  # paragraphs after the items
    # okr: the plain bullets right under the item, the clauses of its text cut one per bullet
    # (render.wording.clauses): joined without a break they are its text again
    clauses: list[str] = dataclasses.field(default_factory=list)

    def title_text(self) -> tuple[str, str, bool]:
        """Returns (title, text of its own line, guessed): the bold lead-in, a heading line, a
        lead before a colon, or the first short sentence; `guessed` when none of these applies."""
        if self.heading:
            return self.head, "", False
        if self.bold:
            rest = self.head[len(self.bold) :] if self.head.startswith(self.bold) else self.head
            return self.bold.rstrip("。：:，"), rest.lstrip("。：: "), False
        lead = COLON_LEAD.match(self.head)
        if lead and lead.group("lead") not in FRAME_LEADS:
            return lead.group("lead").strip(), lead.group("rest").strip(), False
        head = self.head
        stop = head.find("。")
        if 0 < stop <= 40:
            return head[:stop], head[stop + 1 :].strip(), False
        if len(head) <= 40:
            return head.rstrip("。"), "", False
        comma = head.find("，")
        if 0 < comma <= 30:
            return head[:comma], head[comma + 1 :], True
        return head[:20], head[20:], True

    def own_text(self) -> str:
        """Returns the item's text: what follows its title, then its paragraphs, one per line."""
        first = self.title_text()[1]
        return "\n".join(t for t in [first, *self.body] if t)


def _is_run_in_lead(block: Block, text: str) -> bool:
    if block.bold:
        return True
    if TAG_LINE.match(text):
        return False
    lead = COLON_LEAD.match(text)
    return bool(lead) and lead.group("lead") not in FRAME_LEADS  # type: ignore[union-attr]


def _is_clause(block: Block, parent: Node) -> bool:
    """Whether an okr bullet is a clause of its task's text: plain (no bold lead, no “标题：” lead
    of a school's own step), punctuated as a cut clause, right under a task's title line and
    before its steps. A school's own plain sub-bullets — steps written “标题：内容”, notes
    without a final mark, the details of a step — are read as before."""
    return (
        block.kind == "item"
        and block.level == 1
        and not _is_run_in_lead(block, block.text)
        and block.text.endswith(tuple(SENTENCE_ENDS))  # cut after ；or 。, the last by `sentence`
        and bool(parent.bold)
        and parent.level == LIST
        and not parent.children
    )


def build_tree(blocks: list[Block], decimal: bool = False, okr: bool = False) -> Node:
    """Returns the root of the items in `blocks` (a section's content, its heading excluded).
    `decimal`: the plan numbers its steps 1.1. → 1.1.1. (rules), with （1） and ① below those.
    `okr`: a bullet without a bold lead right under a bold one is a clause of that item's text."""
    root = Node(level=0)
    stack = [root]
    for block in blocks:
        if block.kind in ("table", "break") or not block.text:  # tables: read from the section
            continue
        if okr and _is_clause(block, stack[-1]):
            stack[-1].clauses.append(block.text)
            continue
        if block.kind == "item" and not _is_run_in_lead(block, block.text):
            _text_owner(stack).body.append(block.text)
            continue
        if block.kind == "para" and block.text in OKR_OTHER:
            # okr “其他举措：” before the bullets of tasks driving no key result: a part of
            # its own, beside the key results (whose level it takes)
            kr = next(
                (n for n in reversed(stack) if n.heading and n.head.startswith("关键结果")), None
            )
            if kr:
                while stack[-1] is not kr:
                    stack.pop()
                stack.pop()
                node = Node(level=kr.level, head="其他行动项", heading=True)
                stack[-1].children.append(node)
                stack.append(node)
                continue
        found = marker_level(block.text)
        marker = ""
        if block.kind == "item":
            level, text, run_in = LIST + block.level, block.text, True
        elif found:
            level, text = found
            marker = block.text[: len(block.text) - len(text)].strip()
            if decimal and level in (4, 5) and not marker[:1].isdigit():
                level += 3  # （1） and ① below 1.1.1.1.
            run_in = block.kind != "heading" and _is_run_in_lead(block, text)
        elif block.kind == "heading":
            level, text, run_in = block.level, block.text, False
        elif _is_run_in_lead(block, block.text):
            level, text, run_in = RUN_IN, block.text, True
        else:
            owner = _text_owner(stack)
            (owner.after if owner.children else owner.body).append(block.text)
            continue
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        node = Node(
            level=level,
            head=text,
            bold=strip_marker(block.bold) if block.bold else "",
            run_in=run_in,
            heading=block.kind == "heading",
            marker=marker,
        )
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _text_owner(stack: list[Node]) -> Node:
    """Returns the deepest open item that takes plain paragraphs (not a run-in item)."""
    for node in reversed(stack):
        if not node.run_in:
            return node
    return stack[0]


def ordinal_items(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """Splits “……。一是健全决策机制。……二是……” into its lead text and (title, text) items, or
    returns None when the text has no run of 一是, 二是 … in order."""
    from plangen.zh import cn_number

    matches = list(ORDINAL_ITEM.finditer(text))
    expected, picked = 1, []
    for match in matches:
        if match.group(1) == cn_number(expected):
            picked.append(match)
            expected += 1
    if len(picked) < 2:
        return None
    lead = text[: picked[0].start()].strip()
    items = []
    for match, following in zip(picked, [*picked[1:], None], strict=False):
        part = text[match.end() : following.start() if following else len(text)].strip()
        stop = part.find("。")
        title, rest = (part[:stop], part[stop + 1 :]) if 0 < stop <= 40 else (part, "")
        items.append((title.strip("，；"), rest.strip()))
    return lead, items
