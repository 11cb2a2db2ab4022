"""Styles: the built-in ones (templates/styles.yaml) and those of a user's `--templates` folder.

A style is a template `<name>.md.j2`. Its leading comment may give `title:` and `description:` lines
and declares the paragraphs a plan may replace under `style_text.<name>`:

    {# title: 简报版
       description: 一页纸简报
       Slots (style_text.brief.<name>):
         intro   — the paragraph under the title
         closing — the last paragraph #}
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from plangen import resources
from plangen.errors import UsageError

TEMPLATE_SUFFIX = ".md.j2"
# The framing paragraphs templates/_base.md.j2 owns: a style that declares no slots has these.
BASE_SLOTS = ("intro", "closing")


@dataclass(frozen=True)
class Style:
    name: str
    title: str  # 中文名
    description: str
    source: str  # "内置" or the user's folder
    path: Path
    slots: tuple[str, ...] = BASE_SLOTS  # the names a plan may give under style_text.<name>


@dataclass(frozen=True)
class _Header:
    title: str = ""
    description: str = ""
    slots: tuple[str, ...] = ()


def builtin_styles() -> dict[str, Style]:
    """Returns the built-in styles in their documented order."""
    return dict(_builtin_styles())


@cache
def _builtin_styles() -> tuple[tuple[str, Style], ...]:
    folder = resources.data_dir("templates")
    # plangen's own file: libyaml reads it in a tenth of the time of PyYAML's pure-Python reader
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    table = yaml.load((folder / "styles.yaml").read_text(encoding="utf-8"), Loader=loader)
    found = []
    for name, meta in table.items():
        path = folder / f"{name}{TEMPLATE_SUFFIX}"
        slots = _template_header(path).slots or BASE_SLOTS
        found.append((name, Style(name, meta["title"], meta["description"], "内置", path, slots)))
    return tuple(found)


def styles(templates: Path | None = None) -> dict[str, Style]:
    """Returns every style available: the built-in ones, overridden or extended by `templates`."""
    found = builtin_styles()
    if templates is None:
        return found
    if not templates.is_dir():
        raise UsageError(f"模板文件夹不存在：{templates}")
    for path in sorted(templates.glob(f"*{TEMPLATE_SUFFIX}")):
        name = path.name.removesuffix(TEMPLATE_SUFFIX)
        if name.startswith("_"):
            continue  # partials such as _base.md.j2
        header = _template_header(path)
        base = found.get(name)
        found[name] = Style(
            name,
            header.title or (base.title if base else name),
            header.description or (base.description if base else "用户自定义风格"),
            str(templates),
            path,
            header.slots or (base.slots if base else BASE_SLOTS),
        )
    return found


_HEADER = re.compile(r"\{#-?\s*(.*?)\s*-?#\}", re.S)
_SLOTS_LINE = re.compile(r"\s*Slots\b[^:]*:\s*$")
_SLOT_ENTRY = re.compile(r"\s+([A-Za-z_]\w*)\s+[—-]\s")


def _template_header(path: Path) -> _Header:
    """Returns what a template's leading comment declares: title, description and slots."""
    # Only a regular file inside its own folder is read, and only its head: what a symbolic link
    # out of the folder points to, a FIFO or a huge file is refused when the style is rendered.
    folder = os.path.realpath(path.parent)
    if not path.is_file() or os.path.commonpath([os.path.realpath(path), folder]) != folder:
        return _Header()
    try:
        with path.open("rb") as file:
            head = file.read(16_000).decode("utf-8", errors="ignore")[:4000]
    except OSError:
        return _Header()
    match = _HEADER.match(head.lstrip())
    if not match:
        return _Header()
    meta: dict[str, str] = {}
    slots: list[str] = []
    in_slots = False
    for line in match.group(1).splitlines():
        if _SLOTS_LINE.match(line):
            in_slots = True
            continue
        entry = _SLOT_ENTRY.match(line) if in_slots else None
        if entry:
            slots.append(entry.group(1))
            continue
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("title", "description"):
            meta[key.strip()] = value.strip()
    return _Header(meta.get("title", ""), meta.get("description", ""), tuple(dict.fromkeys(slots)))
