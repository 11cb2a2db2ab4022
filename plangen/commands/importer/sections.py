"""The 一、 sections of an old plan, and the built-in part each one names."""

from __future__ import annotations

import dataclasses

from plangen.commands.importer import frames as f
from plangen.commands.importer.read import Block
from plangen.commands.importer.tree import marker_level, strip_marker


@dataclasses.dataclass
class Section:
    heading: str  # without its marker
    blocks: list[Block]
    marker: str = ""  # its 一、 or 第一章： marker
    tail: bool = False  # after the document's 结语: an extra section at the end
    gathered: bool = False  # split out of a chapter that gathers parts (组织实施): never an area


def is_section_start(block: Block) -> bool:
    found = marker_level(block.text)
    if not found or found[0] != 1:
        return block.kind == "heading" and block.level == 1
    return block.kind == "heading" or (len(block.text) <= 30 and "。" not in block.text[:-1])


def split_sections(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """Returns the blocks before the first 一、 section, and the sections (a chapter that only
    gathers built-in parts, as 组织实施 does in the variant styles, is split into them)."""
    front, sections = _split_top(blocks)
    return front, [part for section in sections for part in _split_gathering(section)]


def _split_gathering(section: Section) -> list[Section]:
    # its parts: headings “（一）”, “1.” (rules) or unnumbered (okr), the first kind found
    starts = [i for i, b in enumerate(section.blocks) if b.kind == "heading"]
    if starts:
        first = _part_level(section.blocks[starts[0]].text)
        starts = [i for i in starts if _part_level(section.blocks[i].text) == first]
    keys = [section_key(strip_marker(section.blocks[i].text)) for i in starts]
    named = section_key(section.heading)
    # a chapter named for one part is split only when it gathers two (预期目标与评价机制); its
    # lead paragraphs then belong to the first part. Its other headings are extra sections.
    # (a part is named by a short heading: 组织领导, 各月工作安排 — not a sentence that has the
    # words, as “关键结果4.2：督导评估报告公开率……” has 督导评估)
    heads = [strip_marker(section.blocks[i].text) for i in starts]
    gathered = {k for k, h in zip(keys, heads, strict=True) if k in GATHERED and len(h) <= 12}
    if not gathered or (named and len(gathered) < 2):
        return [section]
    lead = section.blocks[: starts[0]]
    parts = [Section(section.heading, lead)] if lead and not named else []
    for start, end in zip(starts, [*starts[1:], len(section.blocks)], strict=True):
        heading = strip_marker(section.blocks[start].text)
        parts.append(Section(heading, section.blocks[start + 1 : end], gathered=True))
    if named:
        parts[0].blocks[:0] = lead
    return parts


def _part_level(text: str) -> int:
    found = marker_level(text)
    return found[0] if found else 0


GATHERED = frozenset({"goals", "leadership", "departments", "schedule", "safeguards", "evaluation"})


def _split_top(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    front: list[Block] = []
    sections: list[Section] = []
    for block in blocks:
        if block.kind in ("heading", "para") and is_section_start(block):
            found = marker_level(block.text)
            heading = found[1] if found else block.text
            marker = block.text[: len(block.text) - len(heading)].strip()
            sections.append(Section(heading, [], marker=marker))
        elif sections:
            sections[-1].blocks.append(block)
        else:
            front.append(block)
    return front, sections


def section_key(heading: str) -> str:
    for key, words in f.SECTION_WORDS:
        if any(word in heading for word in words):
            return key
    return ""
