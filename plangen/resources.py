"""Where the bundled data lives: templates, presets, themes, examples and the JSON Schema.

In a wheel they are shipped as `plangen/_data/<kind>`; in a source checkout (editable install)
they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(kind: str) -> Path:
    """Returns the folder of bundled `kind` files (templates, presets, themes, examples, schema)."""
    installed = _PACKAGE / "_data" / kind
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / kind


def preset_names() -> list[str]:
    """Returns the names of the bundled presets, sorted."""
    return sorted(p.stem for p in data_dir("presets").glob("*.yaml") if not p.name.startswith("_"))


def preset_path(name: str) -> Path | None:
    """Returns the file of the bundled preset `name`, or None."""
    if not name or "/" in name or "\\" in name or name.startswith((".", "_")):
        return None
    path = data_dir("presets") / f"{name}.yaml"
    return path if path.is_file() else None
