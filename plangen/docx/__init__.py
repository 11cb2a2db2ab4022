"""Markdown → .docx under a theme. Word (python-docx, OOXML) is used behind this package only."""
