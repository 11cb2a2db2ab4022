"""User text on its way into Markdown: punctuation normalised, Markdown syntax neutralised.

Templates never see a raw user string: they get a `View` of the validated plan whose text fields
come out already escaped, so a `|`, a leading `#`, `1.` or `-` typed in YAML can never change the
document's structure, while numbering and headings written by the templates stay Markdown.
"""

from __future__ import annotations

import contextvars
import re
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from plangen.plan.fields import Verbatim

# --- punctuation -----------------------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u201c\u201d\u2018\u2019\u2014\u2026"
_CJK = f"[{_HAN}{_CJK_PUNCT}]"
# Every pattern here runs in time linear in the text, however hostile: a plan may hold 100,000
# characters of Han without punctuation. A pattern may only start where its first character is
# (an e-mail address at the start of a run of word characters, never inside one), and no two
# greedy runs over the same characters are tried against each other.
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.]+")
# The same, starting anywhere: tried only where the previous link ended (an address may follow
# another directly, as `a@b.c-d@e.f` does), so that links are found exactly as by the plain pattern.
_URL_HERE = re.compile(r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]++@[\w-]+\.[\w.]+")
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF = re.compile(r"[,:;?!](?!//)")
# The patterns over Chinese characters are compiled on first use: each class of Han characters
# costs Python's compiler a millisecond or two, and most plans never need them (their texts have
# no half-width mark and no space for normalize_punctuation to look at).
_HAN_CHAR = f"[{_HAN}]"
_AFTER = rf"([,;?!]|:(?!//))\s*(?={_CJK})"
_PARENS = rf"\((?=[^()]*[{_HAN}])([^()]*+)\)"
_SPACED = rf"(?<=[{_HAN}]) +(?=[，。：；？！、）”])|(?<=[，。：；？！、（“]) +(?=[{_HAN}])"
# What normalize_punctuation can change: without any of these, a text comes back as it is.
_MARKS = frozenset("(,:;?! ")


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def normalize_punctuation(text: str) -> str:
    """Returns text with half-width , : ; ? ! ( ) next to Chinese made full-width, as 公文 tools do.

    Numbers (3.5, 7:30), URLs, e-mail addresses and English text are left alone.
    """
    if not text or _MARKS.isdisjoint(text) or not _pattern(_HAN_CHAR).search(text):
        return text
    parts = []
    last = 0
    for match in _links(text):
        parts.append(_normalize_plain(text[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(_normalize_plain(text[last:]))
    return "".join(parts)


def _links(text: str) -> Iterator[re.Match[str]]:
    """Yields the URLs and e-mail addresses in text, left to right, as `_URL_HERE.finditer` would."""
    position = 0
    while True:
        match = (_URL_HERE.match(text, position) if position else None) or _URL.search(
            text, position
        )
        if match is None:
            return
        yield match
        position = match.end()


def _normalize_plain(text: str) -> str:
    text = _pattern(_PARENS).sub(r"（\1）", text)
    text = _full_width_before(text)
    text = _pattern(_AFTER).sub(lambda m: _FULL[m.group(1)], text)
    return _pattern(_SPACED).sub("", text)


def _full_width_before(text: str) -> str:
    r"""Returns text with each half-width mark that follows Chinese, perhaps across white space, made
    full-width and the space dropped: `re.sub(rf"(?<={_CJK})\s*([,:;?!])(?!//)", …)`, but linear.

    The pattern itself would try every position of a long run of white space (U+3000 is both
    Chinese and white space); here each mark looks back over the white space before it once.
    """
    parts = []
    last = 0
    for mark in _HALF.finditer(text):
        end = mark.start()
        start = end
        while start > last and text[start - 1].isspace():
            start -= 1
        if start > 0 and _pattern(_CJK).match(text, start - 1):
            begin = start
        else:  # inside the run, only an ideographic space counts as the Chinese before the mark
            ideographic = text.find("\u3000", start, end)
            if ideographic < 0:
                continue
            begin = ideographic + 1
        parts.append(text[last:begin])
        parts.append(_FULL[mark.group()])
        last = mark.end()
    parts.append(text[last:])
    return "".join(parts)


# --- Markdown escaping -----------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_NUMBERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Returns text whose Markdown meaning is neutralised: it renders exactly as typed."""
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = _NUMBERED.sub(r"\1\\\2", text)
    return re.sub(r"^([#>+=-])", r"\\\1", text, flags=re.MULTILINE)


def one_line(text: str) -> str:
    r"""Returns text folded onto one line (for table cells and headings): each run of white space
    holding a line break becomes one space (`re.split(r"\s*\n\s*")`, but linear in long spaces)."""
    lines = text.split("\n")
    parts = []
    for i, line in enumerate(lines):
        if i > 0:
            line = line.lstrip()
        if i < len(lines) - 1:
            line = line.rstrip()
        if line:
            parts.append(line)
    return " ".join(parts)


# --- the view templates receive -----------------------------------------------------------------


@cache
def verbatim_fields(model: type[BaseModel]) -> frozenset[str]:
    """Returns the fields of `model` whose type says they are not prose: `Verbatim`-marked texts
    (ids) and enumerations, alone, optional or in a list. Templates get those untouched."""
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if any(isinstance(m, Verbatim) for m in info.metadata) or _is_verbatim(info.annotation)
    )


def _is_verbatim(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return True
    if origin is typing.Annotated:
        return any(isinstance(m, Verbatim) for m in annotation.__metadata__) or _is_verbatim(
            typing.get_args(annotation)[0]
        )
    if origin in (typing.Union, types.UnionType, list):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(args) and all(_is_verbatim(a) for a in args)
    return False


class View:
    """A read-only view of a model whose text comes out normalised and escaped for Markdown.

    A wrapped value is computed on first use and kept in the instance's `__dict__` (the model is
    frozen, so it never goes stale): later reads are plain attribute lookups that never reach
    `__getattr__`, which matters because templates read the same fields tens of thousands of times.
    """

    def __init__(self, obj: BaseModel, text: Callable[[str], str]):
        self._obj = obj
        self._text = text

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._obj, name)
        if name in verbatim_fields(type(self._obj)):
            result = value
        elif callable(value) and not isinstance(value, type):
            result = _Method(value, self._text)
        else:
            result = wrap(value, self._text)
        self.__dict__[name] = result
        return result

    def __eq__(self, other: object) -> bool:
        return isinstance(other, View) and other._obj == self._obj

    def __hash__(self) -> int:
        return hash(id(self._obj))

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:  # shows up in a template only by mistake
        return f"View({type(self._obj).__name__})"


class _Method:
    """A bound model method whose result is wrapped like an attribute."""

    __slots__ = ("_func", "_text")

    def __init__(self, func: Callable, text: Callable[[str], str]):
        self._func = func
        self._text = text

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return wrap(self._func(*args, **kwargs), self._text)


def wrap(value: Any, text: Callable[[str], str]) -> Any:
    """Returns value with every string passed through `text` and every model wrapped in a View."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, BaseModel):
        return View(value, text)
    if isinstance(value, list | tuple):
        return [wrap(v, text) for v in value]
    if isinstance(value, dict):
        return {k: wrap(v, text) for k, v in value.items()}
    return value


# The Views the built-in templates share inside `one_view_per_plan`: (id of the plan, text function)
# → (the plan, its View). The plan is held, so its id cannot be reused while the scope lasts.
_views: contextvars.ContextVar[
    dict[tuple[int, Callable[[str], str]], tuple[BaseModel, View]] | None
] = contextvars.ContextVar("plangen_views", default=None)


@contextmanager
def one_view_per_plan() -> Iterator[None]:
    """Within it, the built-in templates' renders of one plan with one text function share one
    View, so that what one style has wrapped and escaped (thousands of values) serves the next.
    The pipeline renders a plan it has just loaded in every style inside it; outside it every
    render wraps the plan anew, so a caller who changes a plan's lists between renders is
    always shown the change. A user's template never shares: it may change a list it was given."""
    token = _views.set({})
    try:
        yield
    finally:
        _views.reset(token)


def shared_view(plan: BaseModel, text: Callable[[str], str]) -> View:
    """Returns the View of `plan` for the built-in templates: inside `one_view_per_plan` the one
    made before for this very plan and text function, else a new one."""
    views = _views.get()
    if views is None:
        return View(plan, text)
    found = views.get((id(plan), text))
    if found is not None and found[0] is plan:
        return found[1]
    view = View(plan, text)
    views[(id(plan), text)] = (plan, view)
    return view


def text_filter(normalize: bool) -> Callable[[str], str]:
    """Returns the function applied to every user string: punctuation (optional), then escaping."""
    if normalize:
        return _escape_normalized
    return _escape_cached


@lru_cache(maxsize=8192)
def _escape_normalized(text: str) -> str:
    return escape(normalize_punctuation(text))


@lru_cache(maxsize=8192)
def _escape_cached(text: str) -> str:
    return escape(text)
