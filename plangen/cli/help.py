"""Help pages and command-line mistakes, in Chinese, laid out for the terminal's width.

Typer's own help is a rich table whose type column (`<list[Path]>`) takes a third of an 80-column
terminal and cuts Chinese help text with “…”; Click's messages are English. This module writes
both itself: names on the left, help wrapped by display width (a Han character is two columns),
and each kind of Click mistake told in Chinese from the exception's own fields.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from plangen.cli.fast import width

if TYPE_CHECKING:
    from typer import _click as click

LEFT_MAX = 30  # a longer option column puts its help on the next line
HELP_TEXT = "显示帮助并退出"

_METAVARS = {"int": "整数", "Path": "路径", "str": "文字", "float": "数字"}


def display_width(text: str) -> int:
    """Returns how many terminal columns `text` takes (wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """Returns `text` broken into lines of at most `columns` display columns.

    Chinese text may break between any two characters; a run of Latin letters, digits and
    ASCII punctuation (an option name, a path) is kept whole when it fits on a line.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0
        for token in _tokens(paragraph):
            size = display_width(token)
            if used + size > columns and line.strip():
                lines.append(line.rstrip())
                token = token.lstrip()
                line, used = "", 0
                size = display_width(token)
            line += token
            used += size
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> Iterable[str]:
    """Yields the unbreakable pieces of `text`: one wide character, or a run of narrow ones."""
    run = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            if run:
                yield run
                run = ""
            yield ch
        elif ch == " ":
            yield run + ch
            run = ""
        else:
            run += ch
    if run:
        yield run


def _two_columns(rows: list[tuple[str, str]], total: int) -> list[str]:
    left = min(LEFT_MAX, max((display_width(name) for name, _ in rows), default=0))
    right = max(20, total - left - 4)
    out: list[str] = []
    for name, text in rows:
        help_lines = wrap(text, right) if text else [""]
        if display_width(name) > left:
            out.append(f"  {name}")
            out.extend(" " * (left + 4) + line for line in help_lines)
            continue
        pad = " " * (left - display_width(name))
        out.append(f"  {name}{pad}  {help_lines[0]}".rstrip())
        out.extend(" " * (left + 4) + line for line in help_lines[1:])
    return out


def metavar(param: Any) -> str:
    """Returns the placeholder shown after an option that takes a value."""
    if getattr(param, "metavar", None):
        return str(param.metavar)
    return _METAVARS.get(_type_name(param), "值")


def _type_name(param: Any) -> str:
    """Returns the Python type name of the values `param` takes (`list[int]` → “int”)."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", str)
    args = getattr(annotation, "__args__", None)
    if args:  # list[X], X | None
        annotation = next((a for a in args if a is not type(None)), str)
    return getattr(annotation, "__name__", "str")


def _option_row(param: Any) -> tuple[str, str]:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    label = ", ".join(names)
    if not param.is_flag and not getattr(param, "count", False):
        label += f" {metavar(param)}"
    text = param.help or ""
    extra = []
    if param.required:
        extra.append("必填")
    default = param.default
    if param.show_default is not False and not param.is_flag and default not in (None, (), [], ""):
        shown = "、".join(map(str, default)) if isinstance(default, (list, tuple)) else str(default)
        extra.append(f"默认：{shown}")
    if extra:
        text += f"（{'；'.join(extra)}）"
    return label, text


def _argument_row(param: Any) -> tuple[str, str]:
    label = param.metavar or param.name.upper()
    if param.nargs != 1:
        label += "..."
    text = getattr(param, "help", None) or ""
    if param.required:
        text += "（必填）"
    return label, text


def usage(command: click.Command, ctx: click.Context) -> str:
    """Returns the usage line, e.g. “用法：plangen render [选项] 计划.yaml...”."""
    pieces = ["[选项]"]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            label, _ = _argument_row(param)
            pieces.append(label if param.required else f"[{label}]")
    if hasattr(command, "commands"):
        pieces.append("命令 [参数]...")
    return f"用法：{ctx.command_path} {' '.join(pieces)}"


def help_page(command: click.Command, ctx: click.Context) -> str:
    """Returns the whole help page of `command`: usage, description, arguments, options,
    subcommands and examples, wrapped to the terminal's width."""
    total = width()
    lines = [usage(command, ctx), ""]
    if command.help:
        lines += [*wrap(command.help.strip(), total), ""]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [_argument_row(p) for p in params if p.param_type_name == "argument"]
    options = [_option_row(p) for p in params if p.param_type_name == "option"]
    if arguments:
        lines += ["参数：", *_two_columns(arguments, total), ""]
    if options:
        lines += ["选项：", *_two_columns(options, total), ""]
    commands = getattr(command, "commands", None)
    if commands:
        rows = [
            (name, sub.help.strip().splitlines()[0] if sub.help else "")
            for name, sub in commands.items()
            if not sub.hidden
        ]
        lines += ["命令：", *_two_columns(rows, total), ""]
        lines.append(f"运行“{ctx.command_path} 命令 -h”查看各命令的用法。")
        lines.append("")
    if command.epilog:
        for paragraph in command.epilog.strip("\n ").split("\n\n"):
            lines += wrap(paragraph.strip("\n "), total)
        lines.append("")
    return "\n".join(lines)


def mistake(exc: click.ClickException) -> str:
    """Returns the Chinese message for a command-line mistake Click found."""
    from typer import _click as click

    hint = _hint(getattr(exc, "param", None), getattr(exc, "param_hint", None))
    if isinstance(exc, click.exceptions.MissingParameter):
        kind = "参数" if getattr(exc, "param_type", "") == "argument" else "选项"
        if exc.param is not None:
            kind = "参数" if exc.param.param_type_name == "argument" else "选项"
        return f"缺少{kind}{hint}"
    if isinstance(exc, click.exceptions.NoSuchOption):
        text = f"没有选项“{exc.option_name}”"
        if exc.possibilities:
            text += f"；您是不是要写“{exc.possibilities[0]}”？"  # Click lists the closest first
        return text
    if isinstance(exc, click.exceptions.BadOptionUsage):
        return f"选项“{exc.option_name}”需要一个值"
    if isinstance(exc, click.exceptions.BadParameter):
        return f"{hint}的值无效：{_expected(exc.param)}" if exc.param else f"{hint}的值无效"
    if isinstance(exc, click.exceptions.FileError):
        return f"无法打开文件“{exc.ui_filename}”"
    message = exc.format_message()
    if message.startswith("No such command"):
        name = message.split("'")[1] if "'" in message else message
        ctx = getattr(exc, "ctx", None)
        known = "、".join(ctx.command.commands) if ctx and hasattr(ctx.command, "commands") else ""
        return f"没有命令“{name}”" + (f"；可用的命令：{known}" if known else "")
    if message.startswith("Got unexpected extra argument"):
        extra = message.partition("(")[2].rstrip(")")
        return f"多余的参数：{extra}"
    return message


def _hint(param: Any, param_hint: Any) -> str:
    if param is not None:
        if param.param_type_name == "argument":
            return f"“{param.metavar or param.name}”"
        names = [o for o in param.opts if o.startswith("--")] + [
            o for o in param.opts if not o.startswith("--")
        ]
        return f"“{'/'.join(names)}”"
    if param_hint:
        hint = param_hint if isinstance(param_hint, str) else "/".join(param_hint)
        return f"“{hint.strip(chr(39))}”"
    return ""


def _expected(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    kind = _type_name(param)
    number = {"int": "整数", "float": "数字"}.get(kind, "值")
    if low is not None and high is not None:
        return f"应为 {low} 到 {high} 之间的{number}"
    if low is not None:
        return f"应为不小于 {low} 的{number}"
    if high is not None:
        return f"应为不大于 {high} 的{number}"
    if kind in ("int", "float"):
        return f"应为{number}"
    if kind == "bool":
        return "应为 true 或 false"
    return "请检查这个值"
