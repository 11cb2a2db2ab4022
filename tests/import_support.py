"""Helpers of the import tests: a plan rendered, imported and rendered again, and the measure of
how much of a text's Chinese survives."""

from __future__ import annotations

import collections
from pathlib import Path

from plangen import load_plan, render_docx, render_markdown
from plangen.commands.importer import import_plan
from plangen.commands.importer.emit import least_yaml_bytes, to_yaml


def cjk(text: str) -> collections.Counter[str]:
    return collections.Counter(c for c in text if "\u4e00" <= c <= "\u9fff")


def kept(original: str, result: str) -> float:
    """Returns the share of `original`'s Chinese characters found in `result` (as a multiset:
    a character twice in the original must be there twice)."""
    want, have = cjk(original), cjk(result)
    return sum(min(n, have[c]) for c, n in want.items()) / max(1, sum(want.values()))


def reimport(source: Path, folder: Path, name: str = "imported.yaml"):  # type: ignore[no-untyped-def]
    """Returns (plan, yaml text, import result) for the old document at `source`."""
    result = import_plan(source)
    text = to_yaml(result, source)
    # the bound that refuses an oversized import before writing it never exceeds what is written
    assert least_yaml_bytes(result.data) <= len(text.encode("utf-8"))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return load_plan(path), text, result


def round_trip(plan_file: Path, style: str, fmt: str, folder: Path) -> tuple[str, str]:
    """Returns (first, second): `plan_file` rendered in `style`, and the same after writing it as
    `fmt` (docx or md), importing that and rendering the import in `style`."""
    plan = load_plan(plan_file)
    first = render_markdown(plan, style)
    source = folder / f"plan.{fmt}"
    if fmt == "docx":
        source.write_bytes(render_docx(plan, style, markdown=first))
    else:
        source.write_text(first, encoding="utf-8")
    again, _, _ = reimport(source, folder)
    return first, render_markdown(again, style)
