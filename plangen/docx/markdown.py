"""The shared markdown-it parser of the .docx converter (CommonMark plus GFM tables).

One parser per process, made on first use. Its core "inline" rule is replaced by one that gives
the tokens markdown-it would give, cheaper: most inline content of a plan is plain text without
any character an inline rule starts at, or a bold lead and such text after it (“**1.目标任务**。
……”). Such content is read as `plangen.docx.simple` reads it, and its tokens are made directly:
one text token (markdown-it's "text" rule, the first one, takes the text up to the next of its
terminators, and a terminator no active rule matches at, such as % or +, joins the text), or
copies of the tokens markdown-it gives for “**a**b” (or “**a**”) with the texts put in. Any other
content is parsed by markdown-it as before.

Its block rules that fail at their first character (a list needs a marker, a heading a #, a table a
delimiter row on the next line …) are called only where that character is, instead of at every
line start and at every line of a paragraph that might end there (`_guard_block_rules`).
tests/test_docx_markdown.py checks both against a plain markdown-it parser.
"""

from __future__ import annotations

import threading
from typing import Any

from plangen.docx.simple import INLINE_STARTS, plain_inline

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
    _guard_block_rules(md)
    inline = md.inline
    terminators = getattr(inline, "terminator_re", None)  # markdown-it-py ≥ 4
    rules = inline.ruler.getRules("")
    if (
        terminators is not None
        and rules
        and rules[0] is text_rule
        and _starts(md) == frozenset(INLINE_STARTS)
    ):
        md.core.ruler.at("inline", _known_inline_first(_strong_lead_templates(md)))
    return md


def _guard_block_rules(md: Any) -> None:
    """Puts a cheap check before the block rules that can fail without looking further than one
    character: most need a certain first character on their line (after its indentation), the
    indented code block four columns of indentation past the block, the table a next line that
    starts its delimiter row with | - or :, the setext heading a next line that is not blank.

    Each check is the rule's own first one, made before anything else it does (markdown-it-py 3.0
    to 4.3), so every rule matches exactly where it did; a rule is left as it is when its function
    is not markdown-it's own. markdown-it tries every block rule at every line start, and again
    at every line of a paragraph or list item to see whether it ends there; for a plan's lines,
    which start with Chinese text, almost every one of those calls fails at its first check."""
    from markdown_it import rules_block

    guards = {  # rule name: (markdown-it's rule, the check to put before it)
        "fence": (rules_block.fence, _starting_with("~`")),
        "blockquote": (rules_block.blockquote, _starting_with(">")),
        "hr": (rules_block.hr, _starting_with("*-_")),
        "list": (rules_block.list_block, _starting_with("*-+0123456789")),
        "reference": (rules_block.reference, _starting_with("[")),
        "html_block": (rules_block.html_block, _starting_with("<")),
        "heading": (rules_block.heading, _starting_with("#")),
        "code": (rules_block.code, _indented_code),
        "table": (rules_block.table, _table_below),
        "lheading": (rules_block.lheading, _line_below),
    }
    ruler = md.block.ruler
    for rule in list(ruler.__rules__):
        own, guard = guards.get(rule.name, (None, None))
        if guard is not None and rule.fn is own:
            # `at` alone would drop the rule's alt list (the rules it may end)
            ruler.at(rule.name, guard(rule.fn), {"alt": list(rule.alt)})


def _starting_with(chars: str) -> Any:
    def guard(rule: Any) -> Any:
        def guarded(state: Any, start: int, end: int, silent: bool) -> bool:
            try:
                first = state.src[state.bMarks[start] + state.tShift[start]]
            except IndexError:
                return False
            return first in chars and rule(state, start, end, silent)

        return guarded

    return guard


def _indented_code(rule: Any) -> Any:
    def guarded(state: Any, start: int, end: int, silent: bool) -> bool:
        return state.sCount[start] - state.blkIndent >= 4 and rule(state, start, end, silent)

    return guarded


def _table_below(rule: Any) -> Any:
    def guarded(state: Any, start: int, end: int, silent: bool) -> bool:
        below = start + 1
        if below >= end:
            return False
        pos = state.bMarks[below] + state.tShift[below]
        return (
            pos < state.eMarks[below]
            and state.src[pos] in "|-:"
            and rule(state, start, end, silent)
        )

    return guarded


def _line_below(rule: Any) -> Any:
    def guarded(state: Any, start: int, end: int, silent: bool) -> bool:
        below = start + 1
        return below < end and not state.isEmpty(below) and rule(state, start, end, silent)

    return guarded


# The characters each inline rule of CommonMark can match at (its first check); "text" matches
# at any other character up to the next terminator. markdown-it stops its "text" rule at more
# characters (% + - : # …, for rules of other presets and plugins); where none of the active
# rules starts at one, the character joins the text like any other.
_RULE_STARTS = {
    "text": "",
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "emphasis": "_*",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
_POST_RULES = {"balance_pairs", "emphasis", "fragments_join"}


def _starts(md: Any) -> frozenset[str] | None:
    """Returns the characters an active inline rule can match at, None when a rule is active
    whose start is not known here."""
    active = md.inline.ruler.get_active_rules()
    if (
        not set(active) <= _RULE_STARTS.keys()
        or not set(md.inline.ruler2.get_active_rules()) <= _POST_RULES
    ):
        return None
    return frozenset("".join(_RULE_STARTS[name] for name in active))


def _strong_lead_templates(md: Any) -> tuple[list[Any], list[Any]] | None:
    """Returns the inline tokens markdown-it gives for “**a**b” and “**a**”, None when they are
    not in the shape the fast path fills in (the text of the lead third, the rest fifth)."""
    with_rest = md.parseInline("**a**b")[0].children
    bare = md.parseInline("**a**")[0].children
    for tokens, rest in ((with_rest, "b"), (bare, "")):
        kinds = [t.type for t in tokens]
        if kinds != ["text", "strong_open", "text", "strong_close", "text"]:
            return None
        if [t.content for t in tokens] != ["", "", "a", "", rest] or any(
            t.children or t.attrs or t.meta for t in tokens
        ):
            return None
    return with_rest, bare


def _known_inline_first(templates: tuple[list[Any], list[Any]] | None) -> Any:
    """Returns a core "inline" rule that makes the tokens of plain content and of a bold lead
    and plain content (as `plangen.docx.simple` reads them) directly, and has markdown-it parse
    any other content."""
    import dataclasses

    from markdown_it.token import Token

    # The templates' fields but their attrs, meta and children (all empty): new tokens with
    # those fields are the templates' copies.
    own = [f.name for f in dataclasses.fields(Token) if f.name not in ("attrs", "meta", "children")]
    shapes = [
        [{name: getattr(t, name) for name in own} for t in ts] for ts in templates or ((), ())
    ]

    def inline(state: Any) -> None:
        parse = state.md.inline.parse
        for token in state.tokens:
            if token.type != "inline":
                continue
            if token.children is None:
                token.children = []
            known = plain_inline(token.content)
            if known is None or (len(known) > 1 and templates is None):
                parse(token.content, state.md, state.env, token.children)
            elif len(known) == 1:
                text = Token("text", "", 0)  # as StateInline.pushPending makes it
                text.content = known[0].content
                token.children.append(text)
            elif known:  # a bold lead: copies of markdown-it's tokens for “**a**b” or “**a**”
                lead, rest = known[2].content, known[4].content
                made = [Token(**fields) for fields in (shapes[0] if rest else shapes[1])]
                made[2].content = lead
                made[4].content = rest
                token.children.extend(made)

    return inline
