"""What an import found, guessed and left: the report, and the comments kept in the YAML."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Notes:
    found_: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    guessed_: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    # (where it belongs: a top-level key, what it is, the text itself)
    left_: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    place: str = "document"  # the key whose comment takes what is left now

    def found(self, what: str, detail: str = "") -> None:
        self.found_.append((what, detail))

    def guessed(self, what: str, why: str) -> None:
        self.guessed_.append((what, why))

    def left(self, what: str, text: str, place: str | None = None) -> None:
        self.left_.append((place or self.place, what, text))

    def report(self, counts: dict[str, int]) -> str:
        """Returns the short Chinese report printed after an import."""
        found = "，".join(f"{name} {n} 项" for name, n in counts.items() if n) or "没有可识别的内容"
        lines = [f"找到：{found}。"]
        if self.guessed_:
            lines.append(f"推测（请核对）：{len(self.guessed_)} 处")
            lines += [f"  · {what}：{why}" for what, why in self.guessed_[:12]]
            if len(self.guessed_) > 12:
                lines.append(f"  · ……另有 {len(self.guessed_) - 12} 处，见 YAML 中的注释")
        if self.left_:
            lines.append(f"未能归类、保留在注释中：{len(self.left_)} 段（搜索“导入时未能归类”）")
        else:
            lines.append("没有未能归类的文字。")
        return "\n".join(lines)
