"""`plangen import` as one call: read the old plan, write the checked YAML, return the report."""

from __future__ import annotations

import sys
from pathlib import Path

from plangen.commands.importer import import_plan
from plangen.commands.importer.emit import check, to_yaml
from plangen.errors import OutputError


def import_file(source: Path, out: Path | None, *, force: bool = False) -> str:
    """Writes the plan imported from `source` to `out` (stdout when None); returns the report.

    Refuses to overwrite `out` without `force`, as `plangen new` does; the YAML is checked to load
    as a plan before anything is written."""
    if out is not None and out.exists() and not force:
        raise OutputError(f"{out} 已存在；如要覆盖请加 --force")
    result = import_plan(source)
    text = to_yaml(result, source)
    check(text, source)
    if out is None:
        sys.stdout.write(text)
        return result.report
    from plangen.commands.schema import write_schema
    from plangen.pipeline.output import write_atomic

    write_atomic(out, text.encode("utf-8"))
    schema = write_schema(out.parent)
    return f"{result.report}\n已写入 {out}（编辑器用的 {schema.name} 写在旁边）"
