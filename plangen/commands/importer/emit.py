"""The imported plan as YAML text, with a header and what could not be placed as comments, and
the check that it loads as a plan."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path
from typing import Any

from plangen.commands.importer import Imported
from plangen.source.text import MAX_FILE_BYTES

ORDER = (
    "school",
    "period",
    "document",
    "headings",
    "layout",
    "guiding_ideology",
    "vision",
    "goals",
    "quotas",
    "departments",
    "areas",
    "leadership",
    "schedule",
    "safeguards",
    "evaluation",
    "sections",
    "closing",
    "style_text",
)
LEFT_MARK = "导入时未能归类"
_LOOKS_LIKE_KEY = re.compile(r"^\s*(?:[A-Za-z_][\w-]*|[\u4e00-\u9fff]+)\s*[：:]")


def to_yaml(result: Imported, source: Path) -> str:
    """Returns the plan as commented YAML; raises InputError, before writing any YAML, for a plan
    whose text alone is more than a plan file may hold."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    data = result.data
    if least_yaml_bytes(data) > MAX_FILE_BYTES:
        raise _too_long(source)
    top = CommentedMap()
    for key in ORDER:
        if key in data:
            top[key] = _commented(data[key])
    for key, value in data.items():
        if key not in top:
            top[key] = _commented(value)
    by_place: dict[str, list[str]] = {}
    tail = [
        f"# {LEFT_MARK}（{what}）：{text}"
        for place, what, text in result.notes.left_
        if place == "_end"
    ]
    for place, what, text in result.notes.left_:
        if place == "_end":
            continue
        by_place.setdefault(place if place in top else "school", []).append(
            f"{LEFT_MARK}（{what}）：{text}"
        )
    for place, lines in by_place.items():
        top.yaml_set_comment_before_after_key(place, before="\n".join(_wrap(lines)), indent=0)
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(top, out)
    guessed = [line.strip() for line in result.notes.guessed_lines()]
    header = (
        "# yaml-language-server: $schema=./plan.schema.json\n"
        f"# 由 plangen import 从 {source.name} 生成：请核对下面列出的推测，并处理注释中\n"
        f"# “{LEFT_MARK}”的文字，然后运行 plangen validate 与 plangen render。\n"
        + "".join(f"# {line}\n" for line in guessed)
    )
    body = out.getvalue()
    if tail:
        body += (
            "\n# 以下文字在原文中，但没有对应的位置，请手工放到合适的字段中：\n"
            + "\n".join(_wrap(tail))
            + "\n"
        )
    return header + body


def _wrap(lines: list[str]) -> list[str]:
    return [line.replace("\n", " ") for line in lines]


def _commented(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _commented(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_commented(v) for v in value)
        if all(isinstance(v, (int, float)) for v in value) or all(
            isinstance(v, str) and len(v) < 12 for v in value
        ):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        from ruamel.yaml.scalarstring import LiteralScalarString

        return LiteralScalarString(value + "\n")
    if isinstance(value, str) and _LOOKS_LIKE_KEY.match(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)  # plain, “组长：王强” reads as a mistyped key
    return value


def least_yaml_bytes(value: Any) -> int:
    """Returns a lower bound of the bytes of `value` written as YAML: its keys and texts in UTF-8,
    and “: ” or “- ” for each entry (quotes, indentation and comments only add to it). The one
    escape shorter than its character is ruamel's \\L or \\P for U+2028 or U+2029 (two bytes, not
    three) in a double-quoted text."""
    if isinstance(value, dict):
        return sum(least_yaml_bytes(str(k)) + 2 + least_yaml_bytes(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(2 + least_yaml_bytes(v) for v in value)
    if not isinstance(value, str):
        return 0
    return len(value.encode()) - value.count("\u2028") - value.count("\u2029")


def _too_long(source: Path) -> Exception:
    from plangen.commands.importer.read import fail

    return fail(
        source,
        f"导入得到的计划超过计划文件 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限：原文过长，"
        "不像一份工作计划；请只导入计划本身",
    )


def check(text: str, source: Path) -> None:
    """Raises InputError when the YAML does not load as a plan: too long a source, or (a bug of
    the importer) a value the schema refuses, shown at its line in “导入结果.yaml”."""
    from plangen.plan.load import load_plan

    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise _too_long(source)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "导入结果.yaml"
        path.write_text(text, encoding="utf-8")
        load_plan(path)
