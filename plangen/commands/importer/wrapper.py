"""The 公文 wrapper of an old plan: title, 红头, 文号, 印发通知, 主送, and at the end 附件, 落款,
date, 抄送 and 印发 — everything around the sections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plangen import zh
from plangen.commands.importer import frames as f
from plangen.commands.importer.notes import Notes
from plangen.commands.importer.read import Block

MAX_TITLE = 120  # a title is one or two lines; longer text is never matched against TITLE


def read_title(title: str, data: dict[str, Any], notes: Notes) -> bool:
    """Sets school, period and document.subject from a title; returns False when it is not one."""
    compact = "".join(title.split())
    if len(compact) > MAX_TITLE:
        return False
    prefix = f.TITLE_PREFIX.match(compact)
    if prefix:
        notes.left("标题前的栏目名", prefix.group(0))
        compact = compact[prefix.end() :]
    match = f.TITLE.match(compact)
    if not match:
        return False
    school = data.setdefault("school", {})
    school["name"] = match.group("school").rstrip("关于")
    period: dict[str, Any] = {}
    if match.group("a"):
        period["academic_year"] = int(match.group("a"))
        term = match.group("term")
        if term:
            period["term"], names = f.TERM_WORDS[term]
            if names != "first_second":
                period["term_names"] = names
        else:
            period["term"] = "year"
    elif match.group("y"):
        period["year"] = int(match.group("y"))
    else:
        season = match.group("season")
        start = int(match.group("sy"))
        period["academic_year"] = start if season == "秋季" else start - 1
        period["term"] = "first" if season == "秋季" else "second"
        period["term_names"] = "seasons"
    written = match.group("period")
    made = zh.period_label(
        academic_year=period.get("academic_year"),
        year=period.get("year"),
        term=period.get("term", "year"),
        names=period.get("term_names", "first_second"),
    )
    if written != made:
        period["label"] = written
        notes.guessed(
            "period.label", f"标题中的周期写作“{written}”（plangen 写作“{made}”），原样保留"
        )
    data["period"] = period
    subject = match.group("subject")
    if subject:
        data.setdefault("document", {})["subject"] = subject
    data["_title"] = compact if prefix else title.strip()
    return True


def parse_date(text: str) -> dt.date | None:
    match = f.DATE.match(text.strip()) or f.ISO_DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def read_front(blocks: list[Block], data: dict[str, Any], notes: Notes) -> list[str]:
    """Reads the blocks before the first section; returns the paragraphs left (the intro)."""
    document = data.setdefault("document", {})
    intro: list[str] = []
    titled = False
    in_notice = False
    notice: list[str] = []
    for block in blocks:
        text = block.text.strip()
        if block.kind == "table":
            notes.left("开头的表格", " / ".join(" | ".join(r) for r in block.rows))
            continue
        if not text:
            continue
        if f.WEB_CHROME.match(text):
            notes.left("网页或页眉中的文字", text)
            continue
        if _web_meta(text, document, notes):
            continue
        notice_title = f.NOTICE_TITLE.match(text)
        if notice_title:
            in_notice = True
            continue
        if block.kind == "title" or (
            not titled and len(text) <= 60 and f.TITLE.match("".join(text.split()))
        ):
            if not titled and read_title(text, data, notes):
                titled = True
                in_notice = False
                continue
            if titled and "".join(text.split()) in "".join(data.get("_title", "").split()):
                notes.left("重复的标题行", text)
                continue
        if in_notice:
            date = parse_date(text) if f.DATE.match(text) else None
            if date:
                document["date"] = date
            elif f.RECIPIENTS.match(text) and "recipients" not in document and not notice:
                document["recipients"] = f.RECIPIENTS.match(text).group("who")  # type: ignore[union-attr]
            elif block.role == "落款" or (notice and len(text) <= 30 and "。" not in text):
                document["issuer"] = text
            else:
                notice.append(text)
            continue
        if f.DOC_NUMBER.match(text):
            document["doc_number"] = text
        elif f.HEADER.match(text) and not titled:
            document["header"] = text
        elif f.SUBTITLE.match(text) and titled:
            document["subtitle"] = text
        elif titled and f.RECIPIENTS.match(text) and not intro:
            document["recipients"] = f.RECIPIENTS.match(text).group("who")  # type: ignore[union-attr]
        elif len(text) <= 20 and not titled:
            notes.left("网页或页眉中的文字", text)
        elif not titled and len(text) <= 30:
            notes.left("标题前的文字", text)
        else:
            intro.append(text)
    if notice:
        document["notice"] = "\n".join(notice)
    return intro


def _web_meta(text: str, document: dict[str, Any], notes: Notes) -> bool:
    """Reads 发文日期 / 发布机构 / 文号 from a web page's meta lines; returns whether it was one."""
    hit = False
    for key, pattern in f.WEB_META.items():
        match = pattern.search(text)
        if match and key not in document:
            value = match.group(1)
            if key == "date":
                date = parse_date(value)
                if date is None:
                    continue
                document["date"] = date
            else:
                document[key] = value
            notes.guessed(f"document.{key}", f"取自网页信息行“{text}”")
            hit = True
    hit = hit or bool(f.WEB_META["date"].search(text))
    if hit:
        notes.left("网页信息行", text)
    return hit


def read_tail(blocks: list[Block], data: dict[str, Any], notes: Notes) -> list[Block]:
    """Reads 附件, 落款, date, 抄送 and 印发 from the end; returns the blocks before them."""
    document = data.setdefault("document", {})
    end = len(blocks)
    attachments: list[str] = []
    while end > 0:
        block = blocks[end - 1]
        text = block.text.strip()
        if (
            block.kind == "table"
            and block.rows
            and any("抄送" in c or "印发" in c for r in block.rows for c in r)
        ):
            lines = [c for r in block.rows for c in r if c]
            for line in lines:
                _tail_line(line, document)
            end -= 1
            continue
        if block.kind not in ("para",) or not text:
            if block.kind == "break" or (not text and block.kind != "table"):
                end -= 1
                continue
            break
        if _tail_line(text, document):
            end -= 1
            continue
        date = parse_date(text) if f.DATE.match(text) else None
        if date and "date" not in document.get("_seen", ()):
            document["date"] = date
            document.setdefault("_seen", []).append("date")
            end -= 1
            continue
        if (
            "date" in document.get("_seen", ())
            and "issuer" not in document.get("_seen", ())
            and len(text) <= 40
            and "。" not in text
        ):
            document["issuer"] = text
            document["_seen"].append("issuer")
            end -= 1
            continue
        attachment = f.ATTACHMENT.match(text)
        if attachment and (text.startswith("附件") or attachments):
            attachments.insert(0, attachment.group("name") or attachment.group("one"))
            end -= 1
            if text.startswith("附件"):
                break
            continue
        break
    if attachments:
        document["attachments"] = attachments
    document.pop("_seen", None)
    return blocks[:end]


def _tail_line(text: str, document: dict[str, Any]) -> bool:
    cc = f.CC.match(text)
    if cc:
        document["cc"] = [
            n.strip() for n in cc.group("names").replace("、", "，").split("，") if n.strip()
        ]
        return True
    printed = f.PRINTED.match(text)
    if printed:
        if printed.group("by").strip():
            document["printed_by"] = printed.group("by").strip()
        document["printed_date"] = parse_date(printed.group("date"))
        return True
    return False
