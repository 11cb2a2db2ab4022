"""Lines of a PDF page with their boxes (pdftotext -bbox-layout), and the page-break defects a
公文 reviewer marks: widows, orphans, label lines left at a page foot, punctuation past the margin."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

_XHTML = "{http://www.w3.org/1999/xhtml}"
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def page_lines(pdf: Path, footer_top_pt: float) -> list[list[Line]]:
    """Returns the text lines of every page above `footer_top_pt` (points from the top), top down."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        lines = []
        for line in page.iter(f"{_XHTML}line"):
            words = [w.text or "" for w in line.iter(f"{_XHTML}word")]
            box = [float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            if box[1] < footer_top_pt:
                lines.append(Line(*box, "".join(words)))
        lines.sort(key=lambda ln: (round(ln.y0), ln.x0))
        pages.append(lines)
    return pages


@dataclass(frozen=True)
class Area:
    """The type area (版心) in PDF points."""

    left: float
    width: float

    def full(self, line: Line) -> bool:
        return line.x1 >= self.left + self.width - 20

    def flush(self, line: Line) -> bool:
        return abs(line.x0 - self.left) < 3

    def indented(self, line: Line) -> bool:
        return self.left + 20 < line.x0 < self.left + 45


def docx_paragraphs(docx: bytes) -> list[str]:
    """Returns the text of every paragraph of a .docx's body (spaces removed, as pdftotext drops them)."""
    import io
    import zipfile

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    return [
        "".join(t.text or "" for t in p.iter(f"{w}t")).replace(" ", "") for p in root.iter(f"{w}p")
    ]


# The glyphs of Word list bullets: drawn on a list item's first line, not part of its text.
_BULLETS = "•·●▪◦○■□"


def _continues(last: Line, first: Line, paragraphs: list[str]) -> bool:
    """Returns whether `first` goes on with the paragraph whose line `last` is (one paragraph holds
    both); a Word bullet drawn before `last` is not part of the paragraph's text."""
    for head in {last.text, last.text.lstrip(_BULLETS + " ")}:
        joined = (head + first.text).replace(" ", "")
        if any(joined in p for p in paragraphs):
            return True
    return False


def widows(pages: list[list[Line]], area: Area, paragraphs: list[str]) -> list[tuple[int, str]]:
    """Returns (page, text) for each page opening with a short last line of a paragraph begun before."""
    found = []
    for number in range(1, len(pages)):
        before, lines = pages[number - 1], pages[number]
        if not before or not lines:
            continue
        last, first = before[-1], lines[0]
        if _continues(last, first, paragraphs) and first.x1 - first.x0 < area.width / 4:
            found.append((number + 1, first.text))
    return found


def orphans(pages: list[list[Line]], area: Area, paragraphs: list[str]) -> list[tuple[int, str]]:
    """Returns (page, text) for each page ending with the first line of a paragraph that goes on."""
    found = []
    for number in range(len(pages) - 1):
        lines, after = pages[number], pages[number + 1]
        if not lines or not after:
            continue
        last, first = lines[-1], after[0]
        starts = not _continues(lines[-2], last, paragraphs) if len(lines) > 1 else True
        if starts and _continues(last, first, paragraphs):
            found.append((number + 1, last.text))
    return found


def stranded_labels(
    pages: list[list[Line]], paragraphs: list[str] | None = None
) -> list[tuple[int, str]]:
    """Returns (page, text) for each page whose last line is a label ending with “：”: with the
    document's `paragraphs`, a line that is a whole paragraph (“行动项：”), not a wrapped line of a
    longer one that happens to break after a colon (“……年度考核（责任：”)."""
    whole = {p for p in paragraphs} if paragraphs is not None else None
    return [
        (n + 1, lines[-1].text)
        for n, lines in enumerate(pages[:-1])
        if lines
        and lines[-1].text.endswith("：")
        and (whole is None or lines[-1].text.replace(" ", "").lstrip(_BULLETS) in whole)
    ]


def overhanging(pages: list[list[Line]], area: Area) -> list[tuple[int, str]]:
    """Returns (page, text) for each line that reaches past the right edge of the type area."""
    edge = area.left + area.width + 2
    return [(n + 1, ln.text) for n, lines in enumerate(pages) for ln in lines if ln.x1 > edge]


def table_groups(docx: bytes) -> list[tuple[str, list[str]]]:
    """Returns (label, [second-column texts]) for every group of two or more consecutive body rows
    whose first cells read the same (a 行事历's month over its items) in the .docx's tables; spaces
    removed. A first cell left blank, or merged down (w:vMerge), belongs to the group above."""
    import io
    import zipfile

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    groups: list[tuple[str, list[str]]] = []
    for tbl in root.iter(f"{w}tbl"):
        runs: list[tuple[str, list[str]]] = []
        for tr in tbl.findall(f"{w}tr"):
            cells = tr.findall(f"{w}tc")
            if len(cells) < 2 or tr.find(f"{w}trPr/{w}tblHeader") is not None:
                continue
            texts = [
                "".join(t.text or "" for t in tc.iter(f"{w}t")).replace(" ", "") for tc in cells
            ]
            merge = cells[0].find(f"{w}tcPr/{w}vMerge")
            continues = merge is not None and merge.get(f"{w}val") != "restart"
            if runs and (continues or texts[0] in ("", runs[-1][0])):
                runs[-1][1].append(texts[1])
            else:
                runs.append((texts[0], [texts[1]]))
        groups += [run for run in runs if len(run[1]) > 1]
    return groups


def unlabelled_rows(
    pages: list[list[Line]], groups: list[tuple[str, list[str]]]
) -> list[tuple[int, str]]:
    """Returns (page, row text) for each grouped row printed on a page where its group's label is
    not beside the group: no line reading the label lies between the first and the last line of
    the group's rows on that page (a merged cell centres its label over the rows; a page that
    opens inside a group split from the page before shows a blank 时间 cell).

    A label set on two lines (broken before its bracket) counts by its first line. A row's first
    line is recognised as the start of an item (a cell's text), not as a body line
    that happens to begin with the same words; a line that could start an item of two groups
    says nothing."""

    def owners(text: str) -> set[str]:
        return {label for label, items in groups for item in items if item.startswith(text)}

    found = []
    for number, lines in enumerate(pages, 1):
        texts = [line.text.replace(" ", "") for line in lines]
        for label, _ in groups:
            rows = [
                (line, text)
                for line, text in zip(lines, texts, strict=True)
                if len(text) >= 4 and owners(text) == {label}
            ]
            if not rows:
                continue
            top = min(line.y0 for line, _ in rows) - 2 * (rows[0][0].y1 - rows[0][0].y0)
            bottom = max(line.y1 for line, _ in rows) + 2 * (rows[0][0].y1 - rows[0][0].y0)
            if not any(
                label.startswith(text) and len(text) >= min(2, len(label)) and top <= line.y0
                and line.y1 <= bottom
                for line, text in zip(lines, texts, strict=True)
            ):  # fmt: skip
                found += [(number, text) for _, text in rows]
    return found
