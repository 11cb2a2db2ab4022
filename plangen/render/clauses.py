"""okr's short action bullets: a long task text cut into its clauses (issue #11, seed 003 篇三).

The pieces joined give the text back exactly, so `plangen import` can join the bullets again
(plangen/commands/importer/tree.py).
"""

from __future__ import annotations

import re

__all__ = ["OKR_SPLIT_OVER", "clauses", "okr_lines"]

# A task text longer than this (characters) with two clauses or more is written as one bullet per
# clause. The action items of seed 003 篇三 are 16–52 characters, one sentence each: a text the
# length of one of them reads as one action and stays on its task's line.
OKR_SPLIT_OVER = 52

# The marks a clause ends with, and the brackets and quotes inside which none ends one.
_CLAUSE_ENDS = "；。"
_OPENING = "（(【[“‘《「『〈"
_CLOSING = "）)】]”’》」』〉"
# A clause that starts with one of these would open a Markdown list inside its bullet.
_LIST_START = re.compile(r"^(\d+)([.)])|^([+-])")


def clauses(text: str) -> list[str]:
    """Returns `text` cut after each “；” and each “。” that stand outside brackets and quotes
    （）“”《》「」…, each piece keeping its own punctuation, so that the pieces joined give `text`
    back exactly. No cut where the next character is white space or another “；”/“。” (a bullet
    never opens with either), and none at the end."""
    pieces: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        elif char in _CLAUSE_ENDS and depth == 0 and i + 1 < len(text):
            following = text[i + 1]
            if not following.isspace() and following not in _CLAUSE_ENDS:
                pieces.append(text[start : i + 1])
                start = i + 1
    pieces.append(text[start:])
    return pieces


def okr_lines(text: str) -> list[str]:
    """Returns the text bullets of an okr action: the (escaped) task text cut into its clauses,
    the last ended as a sentence as the one-line form ends it; [] when the text stays on the
    task's line: one clause, at most OKR_SPLIT_OVER characters, or several paragraphs (a line
    break between them could not be told from a cut)."""
    from plangen.render.helpers import sentence  # (helpers imports the wording, which imports this)

    text = text.strip()
    if "\n" in text or len(text.replace("\\", "")) <= OKR_SPLIT_OVER:
        return []
    pieces = clauses(text)
    if len(pieces) < 2:
        return []
    pieces[-1] = sentence(pieces[-1])
    return [pieces[0], *(_bullet_start(p) for p in pieces[1:])]


def _bullet_start(piece: str) -> str:
    """A clause cut from the middle of an escaped text, made safe at the start of a bullet: “1.”,
    “-” or “+” there would open a list of its own (the text's other marks are escaped already)."""
    return _LIST_START.sub(lambda m: (m.group(1) or "") + "\\" + (m.group(2) or m.group(3)), piece)
