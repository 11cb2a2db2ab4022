"""The facts about a document that are not in its Markdown text (title, author, date, 落款, 文号)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DocMeta:
    """Facts about the document that are not in its Markdown text."""

    title: str
    author: str = ""  # issuer → core property author
    date: datetime.date | None = None  # → core created/modified at 00:00:00 UTC; None → 2000-01-01
    signature: tuple[str, ...] = ()  # trailing paragraphs (issuer, date) right-aligned as 落款
    doc_number: str = ""  # a paragraph with exactly this text is centred (文号)
    language: str = "zh-CN"  # zh-TW / zh-HK for Traditional output
    # Where a title too long for one line may break (GB/T 9704 §7.3.1: keep words whole), e.g.
    # ("青岚县星河实验小学", "2025—2026学年工作计划"); used only when the joined lines equal the title.
    title_lines: tuple[str, ...] = ()
