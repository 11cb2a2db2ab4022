"""User templates (`--templates DIR`) run in Jinja's sandbox (design.md §7): no escape to Python
internals, no file outside the templates folder, strict names, and bounded time and memory.
Every refusal is a TemplateError naming the template file and line, and exit 1 through the CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLE, MINIMAL_PLAN

from plangen.errors import TemplateError
from plangen.plan.load import load_plan
from plangen.render.templates import render_markdown

SECRET = "绝密内容 4f1c"


@pytest.fixture
def plan():
    return load_plan(EXAMPLE)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """Returns an empty templates folder with a secret file beside it (outside the folder)."""
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


def _render(plan, folder: Path, body: str) -> str:
    (folder / "x.md.j2").write_text(body, encoding="utf-8")
    return render_markdown(plan, "x", templates=folder)


def _refusal(plan, folder: Path, body: str) -> str:
    with pytest.raises(TemplateError) as caught:
        _render(plan, folder, body)
    return str(caught.value)


ESCAPES = {
    "str_class_mro": "{{ ''.__class__.__mro__ }}",
    "cycler_globals": "{{ cycler.__init__.__globals__ }}",
    "template_reference_context": "{{ self._TemplateReference__context }}",
    "view_internals": "{{ plan._obj }}",
    "plan_class": "{{ plan.__class__ }}",
    "format_string_escape": "{{ '{0.__class__}'.format(plan) }}",
    "lipsum_globals": "{{ lipsum.__globals__ }}",
    "slot_raw_texts": "{{ slot._texts }}",
}


@pytest.mark.parametrize("body", ESCAPES.values(), ids=ESCAPES.keys())
def test_attribute_escapes_are_refused_at_their_line(plan, templates: Path, body: str) -> None:
    message = _refusal(plan, templates, f"第一行\n{body}\n")
    assert message.startswith(
        f"{templates.resolve() / 'x.md.j2'}:2: 模板试图访问不安全的内容，已被沙箱拒绝"
    )
    assert "<class" not in message and "{'" not in message  # nothing of the internals leaks


@pytest.mark.parametrize(
    "body",
    ["{{ plan.__class__ }}", "{{ nope }}", "{% for i in range(10**9) %}{% endfor %}"],
    ids=["unsafe", "undefined", "range"],
)
def test_sandbox_messages_are_in_chinese(plan, templates: Path, body: str) -> None:
    message = _refusal(plan, templates, body)
    for english in ("unsafe", "is undefined", "Range too big", "sandbox blocks"):
        assert english not in message


@pytest.mark.parametrize(
    "body",
    [
        '{% include "../secret.txt" %}',
        '{% extends "../secret.txt" %}',
        '{% import "../secret.txt" as s %}',
        '{% include "{SECRET_PATH}" %}',
        '{% include "templates/../../secret.txt" %}',
    ],
    ids=["include_parent", "extends_parent", "import_parent", "include_absolute", "include_dotted"],
)
def test_templates_cannot_read_files_outside_their_folder(plan, templates: Path, body: str) -> None:
    body = body.replace("{SECRET_PATH}", str(templates.parent / "secret.txt"))
    message = _refusal(plan, templates, body)
    assert SECRET not in message
    assert "找不到模板“" in message and "include/extends 只能引用模板文件夹中的文件" in message


def test_template_syntax_error_names_file_and_line(plan, templates: Path) -> None:
    message = _refusal(plan, templates, "# {{ plan.title }}\n\n{% if %}\n")
    assert message == (
        f"{templates.resolve() / 'x.md.j2'}:3: 模板语法错误："
        "Expected an expression, got 'end of statement block'"
    )


def test_template_syntax_error_through_the_cli(write_yaml, cli, tmp_path: Path) -> None:
    write_yaml(MINIMAL_PLAN)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "x.md.j2").write_text("# {{ plan.title }}\n{% for %}\n", encoding="utf-8")
    result = cli("render", "plan.yaml", "--templates", folder, "--style", "x", "-o", "out")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{folder.resolve() / 'x.md.j2'}:2: 模板语法错误：" in result.output
    assert not Path("out").exists() or list(Path("out").iterdir()) == []


@pytest.mark.parametrize(
    "body",
    [
        "{{ nope }}",
        "{{ plan.nope }}",
        "{% if nope %}有{% endif %}",
        "{{ plan.school.nope }}",
        "{% for x in nope %}{% endfor %}",
    ],
)
def test_undefined_names_are_errors_never_blanks(plan, templates: Path, body: str) -> None:
    message = _refusal(plan, templates, f"# 标题\n{body}\n")
    assert message.startswith(f"{templates.resolve() / 'x.md.j2'}:2: 模板使用了未定义的名称：")
    assert "nope" in message


def test_the_plans_source_is_out_of_reach(plan, templates: Path) -> None:
    message = _refusal(plan, templates, "# 标题\n{{ plan.keep_source }}\n")
    assert message.startswith(f"{templates.resolve() / 'x.md.j2'}:2: 模板使用了未定义的名称：")


def test_a_sandboxed_style_fills_the_base_blocks(plan, templates: Path) -> None:
    body = (
        '{% extends "_base.md.j2" %}\n{% block intro_heading %}## 开篇\n{% endblock %}\n'
        "{% block default_intro %}默认导语。\n{% endblock %}\n{% block body %}正文。\n\n{% endblock %}\n"
        "{% block default_closing %}默认结语。\n{% endblock %}\n"
    )
    text = _render(plan.model_copy(update={"closing": None}), templates, body)
    assert "## 开篇\n\n默认导语。\n\n正文。\n\n默认结语。\n\n" in text
    own = plan.model_copy(update={"closing": None, "style_text": {"x": {"intro": "我们的导语"}}})
    assert "## 开篇\n\n我们的导语。\n\n正文。" in _render(own, templates, body)


def test_endless_self_include_is_stopped(plan, templates: Path) -> None:
    message = _refusal(plan, templates, '{% include "x.md.j2" %}')
    assert message == f"{templates.resolve() / 'x.md.j2'}: 模板递归过深，已中止"


def test_huge_output_is_stopped(plan, templates: Path) -> None:
    message = _refusal(
        plan, templates, '{% for i in range(100000) %}{{ "x" * 999999 }}{% endfor %}'
    )
    assert message == (
        f"{templates.resolve() / 'x.md.j2'}: 模板输出超过 5,000,000 个字符，已中止"
        "（模板中可能有失控的循环）"
    )


# --- runaway templates: run in a child process with capped memory, so a failure cannot take the
# test run down with it. ---------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    limit = 768 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import plangen.render.environment as environment
    import plangen.render.templates as render
    from plangen.errors import TemplateError
    from plangen.plan.load import load_plan
    if sys.argv[3]:
        environment.RENDER_SECONDS = float(sys.argv[3])
    plan = load_plan(sys.argv[1])
    try:
        render.render_markdown(plan, "x", templates=Path(sys.argv[2]))
        print("OK")
    except TemplateError as exc:
        print("TemplateError", exc)
    except BaseException as exc:
        print("Other", type(exc).__name__)
    # VmHWM is this program's own peak; ru_maxrss would include the parent's size at fork time.
    status = Path("/proc/self/status")
    if status.exists():
        line = next(l for l in status.read_text().splitlines() if l.startswith("VmHWM:"))
        peak_kb = int(line.split()[1])
    else:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("PEAK_MB", peak_kb // 1024)
""")


def _render_in_child(templates: Path, body: str, seconds: str = "") -> tuple[str, int]:
    """Returns (first output line, peak memory in MB) of rendering `body` in a child whose address
    space is capped at 768 MB; `seconds` replaces the render time limit (default: the real one)."""
    (templates / "x.md.j2").write_text(body, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(EXAMPLE), str(templates), seconds],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the render did not stop on its own")
    lines = done.stdout.splitlines()
    assert lines and lines[-1].startswith("PEAK_MB"), done.stderr[-2000:]
    return lines[0], int(lines[-1].split()[1])


BOUNDED = {
    "range_1e9": ("{% for i in range(10**9) %}x{% endfor %}", ":1: "),
    "string_times_1e9": ('{{ "x" * 10**9 }}', ":1: 模板试图访问不安全的内容，已被沙箱拒绝"),
    "list_times_1e9": ("{{ [0] * 10**9 }}", ":1: 模板试图访问不安全的内容，已被沙箱拒绝"),
    "huge_power": ("{{ 10 ** (10 ** 10) }}", ":1: 模板试图访问不安全的内容，已被沙箱拒绝"),
    "nested_loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        ": 模板运行超过 2 秒，已中止",
    ),
    "growing_list": (
        "{% set l = [] %}{% for i in range(100000) %}{% for j in range(100000) %}"
        "{{ l.append(i) or '' }}{% endfor %}{% endfor %}",
        ": 模板运行超过 2 秒，已中止",
    ),
    "recursive_macro": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", ": 模板递归过深"),
}
MEMORY_HUNGRY = {
    "str_method_width": "{{ 'x'.ljust(10**9) }}",
    "center_filter": "{{ 'x'|center(10**9) }}",
    "format_width": "{{ '%0999999999d'|format(1) }}",
    "str_format_width": "{{ '{:>999999999}'.format(1) }}",
    "join_multiplies": "{{ range(100000)|join('x' * 999999) }}",
    "replace_multiplies": "{{ ('x' * 999999)|replace('x', 'y' * 999999) }}",
    "doubling_namespace": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
}


@pytest.mark.parametrize(("body", "where"), BOUNDED.values(), ids=BOUNDED.keys())
def test_runaway_template_is_bounded_with_a_clear_message(
    templates: Path, body: str, where: str
) -> None:
    seconds = "2" if "秒" in where else ""  # the real limit is longer than a test should wait
    outcome, peak_mb = _render_in_child(templates, body, seconds)
    assert outcome.startswith(f"TemplateError {templates.resolve() / 'x.md.j2'}{where}"), outcome
    assert peak_mb < 300


@pytest.mark.parametrize("body", MEMORY_HUNGRY.values(), ids=MEMORY_HUNGRY.keys())
def test_memory_hungry_template_is_stopped_before_it_takes_the_memory(
    templates: Path, body: str
) -> None:
    outcome, peak_mb = _render_in_child(templates, body)
    assert outcome.startswith(f"TemplateError {templates.resolve() / 'x.md.j2'}"), outcome
    assert peak_mb < 300
