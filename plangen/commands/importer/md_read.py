"""Markdown as blocks, through markdown-it-py (CommonMark with GFM tables); front matter read."""

from __future__ import annotations

import re

from plangen.commands.importer.read import Block

_FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.S)


def markdown_blocks(text: str) -> list[Block]:
    """Returns the blocks of a Markdown text; a front matter `title:` becomes the title block."""
    from markdown_it import MarkdownIt

    blocks: list[Block] = []
    match = _FRONT_MATTER.match(text)
    if match:
        for line in match.group("body").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "title" and value.strip():
                blocks.append(Block("title", value.strip().strip("'\""), role="front_matter"))
            elif line.strip():
                blocks.append(Block("para", line.strip(), role="front_matter"))
        text = text[match.end() :]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    numbers: list[str] = []
    ordered: list[bool] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            ordered.append(tok.type == "ordered_list_open")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            ordered.pop()
        elif tok.type == "list_item_open":
            numbers.append(tok.info if ordered and ordered[-1] else "")
        elif tok.type == "list_item_close":
            numbers.pop()
        elif tok.type == "heading_open":
            level = int(tok.tag[1]) - 1
            content = _inline(tokens[i + 1])[0]
            blocks.append(Block("title" if level == 0 else "heading", content, level=level))
            i += 2
        elif tok.type == "paragraph_open":
            content, bold = _inline(tokens[i + 1])
            depth = len(ordered) - 1  # of the list the paragraph stands in (-1: none)
            if depth >= 0 and numbers and tokens[i - 1].type == "list_item_open":
                number = numbers[-1]
                if number:
                    blocks.append(Block("para", f"{number}.{content}"))
                else:
                    blocks.append(Block("item", content, level=depth, bold=bold))
            else:
                blocks.append(Block("para", content, bold=bold))
            i += 2
        elif tok.type == "hr":
            blocks.append(Block("break"))
        elif tok.type == "table_open":
            rows: list[list[str]] = []
            while tokens[i].type != "table_close":
                if tokens[i].type == "tr_open":
                    rows.append([])
                elif tokens[i].type == "inline":
                    rows[-1].append(_inline(tokens[i])[0])
                i += 1
            blocks.append(Block("table", rows=rows))
        i += 1
    return blocks


def _inline(token) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Returns an inline token's plain text and its bold lead-in ('' when it opens with none)."""
    out: list[str] = []
    bold = ""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content)]
    in_lead = bool(children) and children[0].type == "strong_open"
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
            if in_lead:
                bold += child.content
        elif child.type == "softbreak":
            out.append("")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "strong_close":
            in_lead = False
    return "".join(out).strip(), bold.strip()
