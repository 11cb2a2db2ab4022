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
    # The 公文 wrapper (GB/T 9704 §7.2–§7.4), each matched by exact paragraph text: see
    # plangen/docx/wrapper.py and docs/gongwen-notes.md.
    header: str = ""  # 发文机关标志 (红头), the first paragraph
    subtitle: str = ""  # a centred line right after the `#` title
    recipients: str = ""  # 主送: the paragraph is this text plus “：”
    attachments: tuple[str, ...] = ()  # 附件说明: “附件：1. 名称” and the further names
    cc: tuple[str, ...] = ()  # 版记 抄送 names
    printed_by: str = ""  # 版记 印发机关
    printed_date: str = ""  # 版记 印发日期, formatted (“2020年3月23日”)
    notice: bool = False  # the document opens with a 印发通知; the plan follows on a new page
    notice_signature: tuple[str, ...] = ()  # the notice's own 落款 lines
    sealed: bool = (
        False  # 加盖印章 layout of the 落款 (§7.3.5.1); also theme signature.rule: sealed
    )
