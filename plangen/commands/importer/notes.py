"""What an import found, guessed and left: the report, and the comments kept in the YAML."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_CLAUSES = re.compile(r"[，。；：、！？,.;:!?（）()“”《》\s]+")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]{1,3}是")
CHECKED_CLAUSE = 8  # a clause this long (in Chinese characters) must be found in the plan


@dataclasses.dataclass
class Notes:
    guessed_: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    # (where it belongs: a top-level key, what it is, the text itself)
    left_: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    place: str = "document"  # the key whose comment takes what is left now

    def guessed(self, what: str, why: str) -> None:
        self.guessed_.append((what, why))

    def left(self, what: str, text: str, place: str | None = None) -> None:
        self.left_.append((place or self.place, what, text))

    def guessed_lines(self) -> list[str]:
        """Returns what was guessed, one line per reason: “  · q1、q2：……”."""
        grouped: dict[str, list[str]] = {}
        for what, why in self.guessed_:
            grouped.setdefault(why, []).append(what)
        return [
            f"  · {'、'.join(whats[:6])}{f' 等 {len(whats)} 处' if len(whats) > 6 else ''}：{why}"
            for why, whats in grouped.items()
        ]

    def report(self, counts: dict[str, int]) -> str:
        """Returns the short Chinese report printed after an import."""
        found = "，".join(f"{name} {n} 项" for name, n in counts.items() if n) or "没有可识别的内容"
        lines = [f"找到：{found}。"]
        if self.guessed_:
            lines.append(f"推测（请核对）：{len(self.guessed_)} 处")
            shown = self.guessed_lines()
            lines += shown[:12]
            if len(shown) > 12:
                lines.append(f"  · ……另有 {len(shown) - 12} 类，见 YAML 开头的注释")
        if self.left_:
            lines.append(f"未能归类、保留在注释中：{len(self.left_)} 段（搜索“导入时未能归类”）")
        else:
            lines.append("没有未能归类的文字。")
        return "\n".join(lines)


def keep_unplaced(blocks: list[Any], data: dict[str, Any], notes: Notes) -> None:
    """Keeps in comments every paragraph with a clause of the source that is nowhere in the plan
    or the comments: the last guard that nothing is dropped. Frames plangen writes (who leads,
    quota lists, section names) are read into fields and are not looked for. Work is linear in
    the size of the text: a clause counts as found when each of its CHECKED_CLAUSE-character
    pieces is found in what was kept."""
    from plangen.commands.importer.frames import FRAME_LINES, TITLE
    from plangen.commands.importer.quotas import is_quota_clause

    kept = _grams(json.dumps(data, ensure_ascii=False, default=str))
    kept |= _grams("".join(text for _, _, text in notes.left_))
    for block in blocks:
        text = block.text
        if block.role == "framing":
            continue
        if not text or block.kind in ("table", "title") or any(p.search(text) for p in FRAME_LINES):
            continue
        if len(text) <= 200 and TITLE.search("".join(text.split())):
            continue
        for clause in _CLAUSES.split(text):
            if is_quota_clause(clause):
                continue
            clause = _ORDINAL.sub("", _NOT_CJK.sub("", clause))
            if len(clause) >= CHECKED_CLAUSE and not _grams(clause) <= kept:
                notes.left("未能归类的文字", text, "_end")
                kept |= _grams(text)
                break


def _grams(text: str) -> set[int]:
    """Returns the hashes of the CHECKED_CLAUSE-character runs of `text`'s Chinese characters."""
    cjk = _NOT_CJK.sub("", text)
    n = CHECKED_CLAUSE
    return {hash(cjk[i : i + n]) for i in range(max(1, len(cjk) - n + 1))}
