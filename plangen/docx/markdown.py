"""The shared markdown-it parser of the .docx converter (CommonMark plus GFM tables).

One parser per process, made on first use. Its core "inline" rule is replaced by one that gives
the tokens markdown-it would give, cheaper: most inline content of a plan is plain text without
any character an inline rule starts at, and for such text markdown-it's inline parser always ends
with one text token holding the whole content (its "text" rule, the first one, takes everything
up to the first such character). That token is made directly; any other content is parsed by
markdown-it as before.
"""

from __future__ import annotations

import threading
from typing import Any

_PARSER: Any = None
_PARSER_LOCK = threading.Lock()


def markdown_parser() -> Any:
    """Returns the shared markdown-it parser."""
    global _PARSER
    if _PARSER is None:
        with _PARSER_LOCK:
            if _PARSER is None:
                _PARSER = _make_parser()
    return _PARSER


def _make_parser() -> Any:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline.text import text as text_rule

    md = MarkdownIt("commonmark").enable("table")
    inline = md.inline
    terminators = getattr(inline, "terminator_re", None)  # markdown-it-py ≥ 4
    rules = inline.ruler.getRules("")
    if terminators is not None and rules and rules[0] is text_rule:
        md.core.ruler.at("inline", _plain_text_first(terminators.search))
    return md


def _plain_text_first(has_terminator: Any) -> Any:
    """Returns a core "inline" rule that makes the single text token of plain content directly."""
    from markdown_it.token import Token

    def inline(state: Any) -> None:
        parse = state.md.inline.parse
        for token in state.tokens:
            if token.type != "inline":
                continue
            if token.children is None:
                token.children = []
            content = token.content
            if content and has_terminator(content) is None:
                text = Token("text", "", 0)  # as StateInline.pushPending makes it
                text.content = content
                token.children.append(text)
            else:
                parse(content, state.md, state.env, token.children)

    return inline
