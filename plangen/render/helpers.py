"""What templates call: heading numbering by position, sentence shaping, and the Jinja filters and
globals of every environment (Chinese numbering and dates come from `zh`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plangen import zh
from plangen.render import mdtext
from plangen.render.wording import with_tag


class Outline:
    """Numbers headings by position: level 1 一、, 2 （一）, 3 1., 4 （1）; deeper levels reset."""

    def __init__(self) -> None:
        self.counts = [0] * 6
        self.across: set[int] = set()  # levels numbered across their parents (layout.continuous)

    def __call__(self, level: int, title: str, alone: bool = False) -> str:
        """Returns the Markdown heading of the next item at `level` (`## 一、title` for level 1);
        `alone` (the only item of its list) counts it but shows no marker: a lone （一） or 1.
        with no second item is not numbered."""
        marker = self.marker(level)
        return f"{'#' * (level + 1)} {'' if alone else marker}{title}"

    def marker(self, level: int) -> str:
        """Returns the marker of the next item at `level` (一、, （一）…) and counts it."""
        self.counts[level - 1] += 1
        for lower in range(level, len(self.counts)):
            if lower + 1 not in self.across:
                self.counts[lower] = 0
        return zh.heading_marker(level, self.counts[level - 1])

    def continuous(self, level: int) -> str:
        """Numbers `level` across its parents from now on (（一）…（二十二） across chapters); ''."""
        self.across.add(level)
        return ""

    def separate(self, level: int) -> str:
        """Ends `continuous`: `level` restarts under its next parent again; ''."""
        self.across.discard(level)
        return ""


# The marks a sentence may end with: `sentence` adds no 。 after them.
SENTENCE_ENDS = "。！？；…”’）》"


def sentence(text: str) -> str:
    """Returns text ending with full stop unless it already ends with closing punctuation."""
    text = text.rstrip()
    if not text or text[-1] in SENTENCE_ENDS or text.endswith(("。”", "！”")):
        return text
    return text.rstrip("，、：,;:") + "。"


def clause(text: str) -> str:
    """Returns text without its final 。 so it can be joined into a longer sentence."""
    return text.rstrip().rstrip("。；，;,")


def paragraphs(text: str | None) -> str:
    """Returns text as Markdown paragraphs: each non-empty line a paragraph, ended as a sentence."""
    if not text:
        return ""
    lines = (line.strip() for line in str(text).split("\n") if line.strip())
    return "\n\n".join(sentence(line) for line in lines)


def join_cn(items: list[str], sep: str = "、") -> str:
    """Returns items joined with a Chinese separator, skipping empty ones."""
    return sep.join(str(i) for i in items if i)


def cell(text: Any) -> str:
    """Returns a value folded onto one line for a table cell ('' for an empty value)."""
    return mdtext.one_line(str(text)) if text else ""


# Text helpers templates may use both as functions and as filters.
_TEXT_HELPERS: dict[str, Callable[..., str]] = {
    "sentence": sentence,
    "clause": clause,
    "paragraphs": paragraphs,
    "join_cn": join_cn,
    "one_line": mdtext.one_line,
    "with_tag": with_tag,
}


def template_globals() -> dict[str, Callable[..., Any]]:
    """Returns the functions every template can call by name."""
    return {**zh.GLOBALS, **_TEXT_HELPERS}


def template_filters() -> dict[str, Callable[..., Any]]:
    """Returns the filters every template can use (`{{ n|cn_number }}`)."""
    return {**zh.FILTERS, **_TEXT_HELPERS, "cell": cell}
