"""The sizes a sandboxed template may build, estimated before anything is built.

Python cannot be interrupted inside one long operation (`x * x` on a million-digit integer, `s ~ s`
on a 500-million-character string), so a watchdog alone cannot bound a template: every operation
that could build something large has its result's size estimated first, from the sizes of its
operands, and is refused past the bounds below. The estimates are upper bounds and cheap: a walk
of a nested container stops as soon as it has seen more than the bound.
"""

from __future__ import annotations

import contextvars
import decimal
import re
from collections.abc import Mapping
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedFormatter

MAX_SEQUENCE = 1_000_000  # longest string or list, and largest count or width, a template may use
MAX_INTEGER_BITS = 100_000  # largest integer `*` or `**` may build (2**100000 has 30,103 digits)
MAX_BUILT_CHARS = (
    20_000_000  # all the text one render may build; a plan's document is ~10k characters
)
TOO_LONG = f"生成的字符串或列表过长（超过 {MAX_SEQUENCE:,} 项）"
TOO_MUCH = f"模板生成的文字总量过大（超过 {MAX_BUILT_CHARS:,} 个字符）"

_built: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "plangen_built", default=None
)


def refuse(message: str) -> jinja2.exceptions.SecurityError:
    """Returns the sandbox's refusal carrying `message` (Chinese), for the template's line."""
    return jinja2.exceptions.SecurityError(message)


def text_size(value: Any, bound: int = MAX_SEQUENCE) -> int:
    """Returns an upper bound of `len(str(value))`, or any number above `bound` once it is clear
    the text would be longer (the walk of a container stops there)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bytes | bytearray):
        return 4 * len(value) + 3  # b'\xff'
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 2
    if isinstance(value, float):
        return 24
    if isinstance(value, decimal.Decimal):  # `{:f}` writes every digit of 1E+999999
        exponent = value.as_tuple().exponent
        return (
            len(value.as_tuple().digits) + (abs(exponent) if isinstance(exponent, int) else 0) + 8
        )
    if isinstance(value, Mapping):
        items: Any = (item for pair in value.items() for item in pair)
    elif isinstance(value, list | tuple | set | frozenset):
        items = iter(value)
    elif isinstance(value, jinja2.utils.Namespace):
        return 64 + sum(min(text_size(v, bound), bound + 1) for v in _namespace_values(value))
    else:
        return 64  # a View, a helper, a range: written as a short name
    total = 2
    for item in items:
        total += 2 + text_size(item, bound - total)
        if total > bound:
            break
    return total


def nesting(value: Any, bound: int = MAX_SEQUENCE) -> int:
    """Returns how deeply containers nest in `value` (0 for a scalar); `bound` once it has seen
    more than `bound` items."""
    depth, level, seen = 0, [value], 0
    while True:
        children: list[Any] = []
        for item in level:
            if isinstance(item, Mapping):
                children.extend(item.values())
            elif isinstance(item, list | tuple | set | frozenset):
                children.extend(item)
            else:
                continue
            if len(children) + seen > bound:
                return bound
        if not children and not any(
            isinstance(i, Mapping | list | tuple | set | frozenset) for i in level
        ):
            return depth
        depth += 1
        seen += len(children)
        level = children


def _namespace_values(namespace: jinja2.utils.Namespace) -> list[Any]:
    """Returns the values a Namespace holds (its repr shows them all)."""
    return list(object.__getattribute__(namespace, "_Namespace__attrs").values())


def check_length(length: int) -> None:
    """Refuses building a string or list of `length`, and counts it into the render's total."""
    if length > MAX_SEQUENCE:
        raise refuse(TOO_LONG)
    count_built(length)


def count_built(length: int) -> None:
    """Counts `length` characters into what the current render built; refuses past MAX_BUILT_CHARS."""
    built = _built.get()
    if built is None:
        return
    built[0] += length
    if built[0] > MAX_BUILT_CHARS:
        raise refuse(TOO_MUCH)


class counting_built:
    """Context manager: counts what the templates rendered inside it build (`count_built`)."""

    def __enter__(self) -> None:
        self.token = _built.set([0])

    def __exit__(self, *exc: object) -> None:
        _built.reset(self.token)


def check_integer_bits(bits: int, what: str) -> None:
    """Refuses an integer result of `bits` bits; `what` shows the operation in the message."""
    if bits > MAX_INTEGER_BITS:
        raise refuse(f"整数运算的结果过大（{what}，超过 {MAX_INTEGER_BITS:,} 位二进制）")


# --- formatting: `'%*d' % (300000000, 1)`, `'{:>999999}' * 100000` ---------------------------------

_PRINTF_SPEC = re.compile(r"[-+ #0]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?(.?)", re.S)
_NUMBER = re.compile(r"\d+")
_SLACK = (
    330  # what one field may add beyond its width and value: sign, prefix, a float's 309 digits
)


def _width(text: str) -> int:
    return int(text) if len(text) < 10 else MAX_SEQUENCE + 1


def printf_size(fmt: str, args: Any) -> int:
    """Returns an upper bound of `len(fmt % args)`, reading the fields as Python does."""
    mapping = isinstance(args, Mapping)
    values = [] if mapping else list(args) if isinstance(args, tuple) else [args]
    largest = (
        max((text_size(v) for v in args.values()), default=0) if mapping else 0
    )  # any field may name it
    size = len(fmt)
    position = fmt.find("%")
    while position >= 0 and size <= MAX_SEQUENCE:
        position += 1
        if fmt.startswith("(", position):  # %(key)s, the key's parentheses nested as in Python
            depth = 0
            for position in range(position, len(fmt)):  # noqa: B020 - the scan goes on from here
                depth += {"(": 1, ")": -1}.get(fmt[position], 0)
                if depth == 0:
                    break
            position += 1
        field = _PRINTF_SPEC.match(fmt, position)
        assert field is not None  # every part of the pattern may be empty
        for width in field.groups()[:2]:
            if width == "*":
                star = values.pop(0) if values else 0
                size += abs(star) if isinstance(star, int) else 0
            elif width:
                size += _width(width)
        if field.group(3) != "%":
            size += _SLACK + (largest if mapping else text_size(values.pop(0)) if values else 0)
        position = fmt.find("%", field.end())
    return size


def field_size(value: Any, spec: str) -> int:
    """Returns an upper bound of `len(format(value, spec))`."""
    return _SLACK + text_size(value) + sum(_width(n) for n in _NUMBER.findall(spec))


class BoundedFormatter(SandboxedFormatter):
    """Jinja's formatter for `str.format` in the sandbox, refusing a result longer than
    MAX_SEQUENCE before each field is formatted (`('{:>999999}' * 100000).format(…)`)."""

    def vformat(self, format_string: str, args: Any, kwargs: Any) -> str:
        self.size = len(format_string)
        text = super().vformat(format_string, args, kwargs)
        count_built(len(text))
        return text

    def format_field(self, value: Any, format_spec: str) -> Any:
        self.size += field_size(value, format_spec)
        if self.size > MAX_SEQUENCE:
            raise refuse(TOO_LONG)
        return super().format_field(value, format_spec)
