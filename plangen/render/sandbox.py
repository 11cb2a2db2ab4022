"""The sandbox user templates run in: Jinja's, also refusing what would build something too large.

Jinja's sandbox keeps a template away from Python's internals; this one also estimates, before
each operation that could build something large, the size of its result (`plangen.render.limits`)
and refuses it past the bounds: `"x" * 10**9`, `ns.v * ns.v` on a million-digit integer, `s ~ s`
doubling a string, `'%*d' % (300000000, 1)`, `'x'.ljust(10**9)`, `'{:>999999999}'.format(1)`.
A refusal is a SecurityError, reported at the template's line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, cast

import jinja2
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from plangen.render import limits
from plangen.render.limits import MAX_SEQUENCE, check_integer_bits, check_length, refuse, text_size

# Bumped whenever what the code generator writes changes: compiled templates are cached on disk
# under this name, and a template compiled by an older plangen must not skip a newer check.
GENERATION = "2"


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuses a count or width beyond MAX_SEQUENCE (`'x'.ljust(10**9)`, `center(10**9)`)."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SEQUENCE:
            raise refuse(f"参数 {value} 过大（最大 {MAX_SEQUENCE:,}）")


def _check_size(value: Any) -> Any:
    """Returns `value` unless it is a string or container longer than MAX_SEQUENCE."""
    if isinstance(value, (*_SEQUENCES, dict)) and len(value) > MAX_SEQUENCE:
        raise refuse(limits.TOO_LONG)
    return value


def _length(value: Any) -> int:
    """Returns len(value) for text, else an upper bound of its length as text (never building it)."""
    return len(value) if isinstance(value, str | bytes) else text_size(value)


def _lines(value: Any) -> int:
    """Returns how many lines `value` has as text (at most its length when it is not text)."""
    return value.count("\n") + 1 if isinstance(value, str) else text_size(value)


def _expected_length(name: str, values: list[Any], kwargs: dict[str, Any]) -> int:
    """Returns an upper bound of the length the filter or method `name` would build from
    `values` (its subject first), before it builds it; 0 for what cannot grow."""
    if name == "generate_lorem_ipsum":  # lipsum(n, html, min, max): n paragraphs of up to max words
        count = values[0] if values else kwargs.get("n", 5)
        words = values[3] if len(values) > 3 else kwargs.get("max", 100)
        return (
            16 * abs(count) * abs(words) if isinstance(count, int) and isinstance(words, int) else 0
        )
    if not values:
        return 0
    subject, rest = values[0], values[1:]
    if name in ("join", "join_cn") and hasattr(subject, "__len__"):  # subject: the items
        separator = (
            rest[0]
            if rest
            else kwargs.get("d", kwargs.get("sep", "、" if name == "join_cn" else ""))
        )
        return _length(separator) * len(subject) + text_size(subject)
    if name == "replace" and len(rest) >= 2:
        text, old, new = values[:3]
        if not (isinstance(text, str | bytes) and type(text) is type(old)):
            return _length(text) * (1 + _length(new))
        # `old` is of text's very type (checked above): mypy cannot pair the two in a union
        return len(text) + (text.count(cast(Any, old)) if old else len(text) + 1) * _length(new)
    if name == "format" and isinstance(subject, str):
        return limits.printf_size(subject, kwargs or tuple(rest))
    if name == "indent":
        width = rest[0] if rest else kwargs.get("width", 4)
        return _length(subject) + _lines(subject) * text_size(width)
    if name == "wordwrap":
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring") or "\n"
        return _length(subject) * (1 + _length(wrap)) + 1
    if name == "expandtabs" and isinstance(subject, str | bytes):
        size = rest[0] if rest else kwargs.get("tabsize", 8)
        tabs = subject.count("\t") if isinstance(subject, str) else subject.count(b"\t")
        return len(subject) + tabs * (size if isinstance(size, int) else 0)
    if name == "translate" and isinstance(subject, str) and rest and isinstance(rest[0], dict):
        longest = max((text_size(v) for v in rest[0].values()), default=1)
        return len(subject) * max(longest, 1)
    if name == "tojson":  # every line indented `indent` per level: `[[[[1]]]]|tojson(999999)`
        indent = rest[0] if rest else kwargs.get("indent") or 0
        step = indent if isinstance(indent, int) else _length(indent)
        return text_size(subject) * (1 + abs(step) * (limits.nesting(subject) + 1))
    if name in ("string", "pprint", "tojson", "urlencode", "escape", "e", "forceescape", "list"):
        return text_size(subject)
    return 0


def _bounded_list(items: Any) -> list[Any]:
    """Returns the items of an iterable as a list, refusing one of more than MAX_SEQUENCE items."""
    found = []
    for item in items:
        found.append(item)
        if len(found) > MAX_SEQUENCE:
            raise refuse(limits.TOO_LONG)
    return found


def guarded(name: str, filter_: Callable[..., Any]) -> Callable[..., Any]:
    """Returns `filter_` refusing counts, widths and results beyond MAX_SEQUENCE."""

    @functools.wraps(filter_)  # keeps Jinja's pass_eval_context marker
    def checked(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        first = int(bool(args) and isinstance(args[0], jinja2.nodes.EvalContext))
        if (
            name in ("join", "join_cn")
            and len(args) > first
            and not hasattr(args[first], "__len__")
        ):
            args = (
                *args[:first],
                _bounded_list(args[first]),
                *args[first + 1 :],
            )  # `x|map(...)|join`
        values = list(args[first:])
        check_length(_expected_length(name, values, kwargs))
        result = _check_size(filter_(*args, **kwargs))
        if isinstance(result, str):
            limits.count_built(len(result))
        return result

    return checked


# Filters whose arguments set the size of what they build, or that write a whole container out.
SIZED_FILTERS = (
    "center",
    "indent",
    "format",
    "wordwrap",
    "truncate",
    "join",
    "replace",
    "batch",
    "slice",
    "join_cn",
    "string",
    "pprint",
    "tojson",
    "urlencode",
    "escape",
    "e",
    "forceescape",
    "list",
)
# What `*` and `+` build by repetition and concatenation.
_SEQUENCES = (str, bytes, bytearray, list, tuple)
# String methods that can build far more than their arguments' size.
_GROWING_METHODS = frozenset({"join", "replace", "expandtabs", "translate"})


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with `a ~ b` going through `Sandbox.bounded_concat` (Jinja joins
    the parts directly, so the sandbox could not see the size before the string is built)."""

    @optimizeconst
    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:  # as Jinja's CodeGenerator.visit_Concat chooses
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write("))")


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing what would build something too large to be a plan."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_check_output, **options)

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,  # type: ignore[override]
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        return compile_checked(self, source, name, filename, raw, defer_init)

    def bounded_concat(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
        """Returns `join(parts)` (what `a ~ b` builds) unless it would be too long."""
        check_length(sum(text_size(part) for part in parts))
        return join(parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, list) and len(owner) >= MAX_SEQUENCE:  # l.append in a runaway loop
            raise refuse(limits.TOO_LONG)
        name = getattr(__obj, "__name__", "")
        joining = name == "join_cn" or (name == "join" and isinstance(owner, str | bytes))
        if joining and args and not hasattr(args[0], "__len__"):  # 'x'.join(a generator)
            args = (_bounded_list(args[0]), *args[1:])
        if isinstance(owner, str | bytes) and name == "join":  # 'separator'.join(items)
            check_length(_expected_length(name, [args[0] if args else (), owner], {}))
        elif isinstance(owner, str | bytes) and name in _GROWING_METHODS:
            check_length(_expected_length(name, [owner, *args], kwargs))
        elif name in ("join_cn", "generate_lorem_ipsum"):  # helpers called as functions
            check_length(_expected_length(name, list(args), kwargs))
        elif isinstance(owner, list) and name == "extend" and args and hasattr(args[0], "__len__"):
            check_length(len(owner) + len(args[0]))
        result = _check_size(super().call(__context, __obj, *args, **kwargs))
        if isinstance(result, str):
            limits.count_built(len(result))
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _check_size(super().getattr(obj, attribute))  # ns.s ~ ns.s in a loop

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None or isinstance(value.__self__, Markup):
            return wrapper
        text: str = value.__self__
        formatter = limits.BoundedFormatter(self)
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    return wrapper(*args, **kwargs)  # Jinja's own TypeError
                kwargs = args[0]
                args = ()
            return formatter.vformat(text, args, kwargs)

        return bounded


def _check_output(value: Any) -> Any:
    """Returns `value` for `{{ value }}`, unless writing it out would build too long a text."""
    check_length(text_size(value))
    return value


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuses `left operator right` if its result would be too large, before computing it."""
    numbers = isinstance(left, int | float) and isinstance(right, int | float)
    if operator == "**" and numbers:
        bits = abs(int(left)).bit_length() * right if isinstance(left, int) else 0
        if abs(right) > 64:
            raise refuse(f"幂运算的结果过大（{left} ** {right}）")
        check_integer_bits(int(bits), f"{left} ** {right}")
    elif operator == "*" and isinstance(left, int) and isinstance(right, int):
        check_integer_bits(left.bit_length() + right.bit_length(), "乘法")
    elif operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and isinstance(count, int):
                check_length(len(seq) * count)
    elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        check_length(len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        check_length(limits.printf_size(left, right))


_DEBUG_INFO = re.compile(r"^debug_info = '([\d=&]*)'$", re.MULTILINE)


def compile_checked(
    env: jinja2.Environment,
    source: Any,
    name: str | None,
    filename: str | None,
    raw: bool,
    defer_init: bool,
) -> Any:
    """Returns what `Environment.compile` returns; Python's own refusal of the generated code
    (more than 20 nested blocks: 25 nested `for`) becomes a template syntax error at its line."""
    try:
        return jinja2.Environment.compile(env, source, name, filename, raw, defer_init)  # type: ignore[call-overload]
    except SyntaxError as exc:
        if isinstance(exc, jinja2.TemplateSyntaxError):
            raise
        code = jinja2.Environment.compile(env, source, name, filename, True, defer_init)  # type: ignore[call-overload]
        found = _DEBUG_INFO.search(code)
        pairs = (
            [tuple(map(int, pair.split("="))) for pair in found.group(1).split("&") if pair]
            if found
            else []
        )
        line = max(
            (template for template, python in pairs if python <= (exc.lineno or 0)), default=1
        )
        raise jinja2.TemplateSyntaxError(
            "块嵌套过深（for、if、macro 等最多嵌套约 20 层），请减少嵌套层数", line, name, filename
        ) from None
