"""A .docx as blocks, read from its XML with lxml (entities and network off); macros refused."""

from __future__ import annotations

from pathlib import Path

from plangen.commands.importer.read import Block, W, fail, open_docx, read_part

_HEADING_STYLES = {"heading 1": 1, "heading 2": 2, "heading 3": 3, "heading 4": 4}
_TITLE_STYLES = frozenset({"title"})
_MACRO_TYPES = (b"macroEnabled", b"vbaProject")


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def docx_blocks(path: Path, raw: bytes) -> list[Block]:
    """Returns the body of the .docx as blocks: paragraphs by style, tables by rows."""
    from lxml import etree

    with open_docx(path, raw) as zf:
        names = set(zf.namelist())
        types = read_part(path, zf, "[Content_Types].xml") or b""
        if any(t in types for t in _MACRO_TYPES) or any("vbaProject" in n for n in names):
            raise fail(
                path,
                "这个文档含有宏（VBA），为安全起见不导入；请在 Word 中“另存为”不含宏的 .docx 后再导入",
            )
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise fail(path, "这个文件设置了打开密码（已加密）；请在 Word 中取消密码后再导入")
        body = read_part(path, zf, "word/document.xml")
        if body is None:
            raise fail(path, "这不是 Word 文档：压缩包里没有 word/document.xml")
        styles = read_part(path, zf, "word/styles.xml")
    try:
        root = etree.fromstring(body, _parser())
        style_names = _style_names(etree.fromstring(styles, _parser())) if styles else {}
    except etree.XMLSyntaxError as exc:
        raise fail(path, f"文档内容无法解析（XML 有误：{exc}），文件可能已损坏") from None
    found = root.find(f"{W}body")
    if found is None:
        raise fail(path, "文档是空的：没有正文")
    blocks: list[Block] = []
    frames: list[bool] = []  # whether each block is a framed paragraph (w:framePr)
    for element in found:
        if element.tag == f"{W}p":
            block = _paragraph(element, style_names)
            if block is not None:
                blocks.append(block)
                frames.append(element.find(f"{W}pPr/{W}framePr") is not None)
        elif element.tag == f"{W}tbl":
            rows = [[_cell_text(c) for c in row.iter(f"{W}tc")] for row in element.iter(f"{W}tr")]
            blocks.append(Block("table", rows=rows))
            frames.append(False)
    return _frames_above_title(blocks, frames)


def _frames_above_title(blocks: list[Block], frames: list[bool]) -> list[Block]:
    """The 红头 and 文号 are frames anchored at the top of the first page, written after the
    document's title (so that pandoc reads the title first): they are read above it."""
    if not blocks or blocks[0].kind != "title":
        return blocks
    count = 0
    while count + 1 < len(blocks) and frames[count + 1]:
        count += 1
    return [*blocks[1 : count + 1], blocks[0], *blocks[count + 1 :]]


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    """A table cell's paragraphs, one per line; a line break before a bracket is layout (a
    行事历 time label breaks only before its date range), not a new line of the cell."""
    text = "\n".join(_text(p) for p in cell.iter(f"{W}p")).strip()
    return text.replace("\n（", "（")


def _style_names(root) -> dict[str, str]:  # type: ignore[no-untyped-def]
    names = {}
    for style in root.iter(f"{W}style"):
        name = style.find(f"{W}name")
        if name is not None:
            names[style.get(f"{W}styleId")] = (name.get(f"{W}val") or "").lower()
    return names


def _text(p) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _bold(run) -> bool:  # type: ignore[no-untyped-def]
    props = run.find(f"{W}rPr")
    b = props.find(f"{W}b") if props is not None else None
    return b is not None and b.get(f"{W}val") not in ("0", "false", "off")


def _paragraph(p, style_names: dict[str, str]) -> Block | None:  # type: ignore[no-untyped-def]
    props = p.find(f"{W}pPr")
    style_id = ""
    if props is not None:
        ref = props.find(f"{W}pStyle")
        if ref is not None:
            style_id = ref.get(f"{W}val") or ""
        if props.find(f"{W}rPr/{W}del") is not None:
            return None
    style = style_names.get(style_id, style_id.lower())
    if p.find(f".//{W}br[@{W}type='page']") is not None and not _text(p).strip():
        return Block("break")
    text = _text(p)
    if style in _TITLE_STYLES:
        return Block("title", text.replace("\n", "").strip(), role=style)
    text = text.replace("\n", "").strip()
    if not text:
        return None
    if style in _HEADING_STYLES:
        return Block("heading", text, level=_HEADING_STYLES[style], role=style)
    bold = ""
    for run in p.iter(f"{W}r"):
        run_text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if not run_text:
            continue
        if not _bold(run):
            break
        bold += run_text
    bold = bold.strip() if bold.strip() != text else ""
    level = props.find(f"{W}numPr/{W}ilvl") if props is not None else None
    if level is not None or "列表" in style or style.startswith("list"):
        depth = int(level.get(f"{W}val") or 0) if level is not None else 0
        return Block("item", text, level=depth, bold=bold, role=style)
    return Block("para", text, bold=bold, role=style)
