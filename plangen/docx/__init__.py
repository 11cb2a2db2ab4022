"""Markdown → .docx under a theme. Word (python-docx, OOXML) is used behind this package only.

`markdown_to_docx(markdown, theme, meta)` and `DocMeta` are the entry points; themes are in
`plangen.docx.theme`. Importing this package is cheap: the converter (and lxml) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plangen.docx.meta import DocMeta
    from plangen.docx.writer import markdown_to_docx

__all__ = ["DocMeta", "markdown_to_docx"]


def __getattr__(name: str) -> Any:
    if name == "DocMeta":
        from plangen.docx.meta import DocMeta

        return DocMeta
    if name == "markdown_to_docx":
        from plangen.docx.writer import markdown_to_docx

        return markdown_to_docx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
