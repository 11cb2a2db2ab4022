"""Hostile input, second round (issue 14): the cases that belong to rendering and templates.

Each case runs through the CLI (`plangen render plan.yaml --templates DIR -s x`) and must end
with one located Chinese line and exit 1: no traceback, no 内部错误, nothing read outside the
templates folder. Cases that could take the machine's memory or time run in a child process
whose address space and CPU time are capped (RLIMIT_AS, RLIMIT_CPU), so a regression fails the
test instead of taking the run down; no assertion reads a clock.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pydantic
import pytest
import yaml
from conftest import EXAMPLE, MINIMAL_PLAN, ROOT, scaled_examples
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from plangen.plan import checks
from plangen.plan.model import Plan
from plangen.render import mdtext
from plangen.render.templates import builtin_styles, render_markdown

# --- running the CLI in a bounded child ------------------------------------------------------------

CHILD = textwrap.dedent("""
    import resource, sys
    limit = int(sys.argv[1]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[2]), int(sys.argv[2])))
    sys.argv = ["plangen", *sys.argv[3:]]
    from plangen.cli.app import app
    app()
""")


def _plangen(
    folder: Path, *args: str, memory_mb: int = 400, cpu_seconds: int = 30
) -> subprocess.CompletedProcess:
    """Returns the finished `plangen ARGS` run in `folder`, in a child capped at `memory_mb` of
    address space and `cpu_seconds` of CPU (the kernel stops it past either)."""
    env = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "PLANGEN_CACHE_DIR": "off",
        "LANG": "C.UTF-8",
    }
    try:
        return subprocess.run(
            [sys.executable, "-c", CHILD, str(memory_mb), str(cpu_seconds), *args],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("plangen did not stop on its own")


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """Returns a folder holding plan.yaml and an empty templates folder `tpl`."""
    (tmp_path / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (tmp_path / "tpl").mkdir()
    return tmp_path


def _render(world: Path, body: str | bytes, **limits: int) -> tuple[int, str]:
    """Returns (exit code, stderr+stdout) of rendering the template `body` as style x."""
    path = world / "tpl" / "x.md.j2"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    done = _plangen(
        world, "render", "plan.yaml", "--templates", "tpl", "-s", "x", "-o", "out", **limits
    )
    output = done.stderr + done.stdout
    assert "Traceback" not in output and "内部错误" not in output, output
    return done.returncode, output.strip()


TEMPLATE = "tpl/x.md.j2"
REFUSED = "模板试图访问不安全的内容，已被沙箱拒绝："
TOO_LONG = "生成的字符串或列表过长（超过 1,000,000 项）"


# --- case 3: punctuation normalisation is linear -----------------------------------------------------


def test_a_long_vision_renders(world: Path) -> None:
    """1.8 MB of Han without punctuation took more than 180 s; a CPU cap of 20 s stops a regression."""
    plan = MINIMAL_PLAN + "vision: " + "好" * 600_000 + "\n"
    (world / "plan.yaml").write_text(plan, encoding="utf-8")
    done = _plangen(world, "render", "plan.yaml", "-o", "out", cpu_seconds=20, memory_mb=1000)
    assert done.returncode == 0, done.stderr
    assert "好" * 600_000 in next((world / "out").glob("*.md")).read_text(encoding="utf-8")


# The patterns normalisation used before it was made linear: the rewrite must agree with them.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = (
    f"[{_HAN}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u201c\u201d\u2018\u2019\u2014\u2026]"
)
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_OLD_URL = r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+"
_OLD_PLAIN = (
    (rf"\(([^()]*[{_HAN}][^()]*)\)", lambda m: f"（{m.group(1)}）"),
    (rf"(?<={_CJK})\s*([,:;?!])(?!//)", lambda m: _FULL[m.group(1)]),
    (rf"([,;?!]|:(?!//))\s*(?={_CJK})", lambda m: _FULL[m.group(1)]),
    (
        rf"(?<=[{_HAN}]) +(?=[，。：；？！、）”])|(?<=[，。：；？！、（“]) +(?=[{_HAN}])",
        lambda m: "",
    ),
)


def _old_normalize(text: str) -> str:
    import re

    if not text or not re.search(f"[{_HAN}]", text):
        return text

    def plain(part: str) -> str:
        for pattern, replace in _OLD_PLAIN:
            part = re.sub(pattern, replace, part)
        return part

    parts, last = [], 0
    for match in re.finditer(_OLD_URL, text):
        parts += [plain(text[last : match.start()]), match.group()]
        last = match.end()
    return "".join([*parts, plain(text[last:])])


_PIECES = st.sampled_from(
    [
        "好",
        "学",
        "a",
        "1",
        ".",
        "@",
        "-",
        "+",
        "_",
        ":",
        "/",
        ",",
        ";",
        "?",
        "!",
        "(",
        ")",
        " ",
        "\u3000",
        "\n",
        "\t",
        "（",
        "，",
        "。",
        "“",
        "w",
        "http://",
        "www.",
        "//",
    ]
)


@given(st.lists(_PIECES, max_size=16).map("".join))
def test_linear_normalisation_agrees_with_the_old_patterns(text: str) -> None:
    import re

    assert mdtext.normalize_punctuation(text) == _old_normalize(text)
    assert mdtext.one_line(text) == " ".join(p for p in re.split(r"\s*\n\s*", text) if p)


# --- the property: no text in a string field makes render superlinear or crash ------------------------


def _string_paths(data: object, path: tuple = ()) -> list[tuple]:
    """Returns the paths of every string in `data` (the example plan as YAML gives it)."""
    if isinstance(data, str):
        return [path]
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    return [found for key, value in items for found in _string_paths(value, (*path, key))]


def _with_text(data: object, path: tuple, text: str) -> object:
    """Returns a copy of `data` with the string at `path` replaced by `text`."""
    if not path:
        return text
    copy = dict(data) if isinstance(data, dict) else list(data)  # type: ignore[call-overload]
    copy[path[0]] = _with_text(copy[path[0]], path[1:], text)
    return copy


def _valid(data: object) -> Plan | None:
    """Returns the plan `data` makes if it passes what `load_plan` checks, else None."""
    if checks.check(data):  # type: ignore[arg-type]
        return None
    try:
        return Plan.model_validate(data)
    except pydantic.ValidationError:
        return None


EXAMPLE_DATA = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
# Where any text keeps the plan valid: prose, not ids, enumerations or references.
PROSE_PATHS = [
    p for p in _string_paths(EXAMPLE_DATA) if _valid(_with_text(EXAMPLE_DATA, p, "任意文字 x"))
]
_HOSTILE = st.sampled_from(
    [
        "好",
        "学",
        ",",
        ":",
        "(",
        ")",
        "@",
        ".",
        "-",
        " ",
        "\u3000",
        "\n",
        "\t",
        "http://",
        "www.",
        "a",
        "1",
        "|",
        "#",
        "&",
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\u200b",
        "\ufeff",
        "\U0001f600",
        "\ud800",
    ]
)
_SEEDS = st.lists(
    st.one_of(_HOSTILE, st.characters(exclude_categories=())), min_size=1, max_size=12
).map("".join)


def _cpu_seconds_of_render(plan: Plan, style: str) -> float:
    started = time.process_time()
    render_markdown(plan, style)
    return time.process_time() - started


@settings(
    max_examples=scaled_examples(50),
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(PROSE_PATHS), seed=_SEEDS, style=st.sampled_from(list(builtin_styles()))
)
def test_no_text_in_a_plan_makes_render_superlinear_or_crash(
    path: tuple, seed: str, style: str
) -> None:
    """Any text in any prose field of a valid plan renders (control characters, emoji, zero-width
    characters; surrogates make the plan invalid, so they never reach render), and rendering
    100,000 characters of it costs at most a few times 8 × rendering 12,500.

    Linear is checked by the growth of the work, not against a clock: the CPU time of this process
    alone (`time.process_time`, which other processes' load does not inflate) is measured for the
    field at 0, n = 12,500 and 8n = 100,000 characters of the same repeated text, the fixed cost at 0
    is subtracted, and the growth from n to 8n must stay under 24 (linear work grows 8×, quadratic
    64×; the old normalisation took 6.5 s at 20,000 characters). A floor of 50 ms of growth keeps
    timer granularity on tiny renders from failing it (a quadratic step costs seconds at
    100,000 characters); garbage collection is off while measuring. Each size is a different
    string, so no cache hides the work.
    """
    small = _valid(_with_text(EXAMPLE_DATA, path, (seed * (12_500 // len(seed) + 1))[:12_500]))
    assume(small is not None)
    big = _valid(_with_text(EXAMPLE_DATA, path, (seed * (100_000 // len(seed) + 1))[:100_000]))
    empty = _valid(
        _with_text(EXAMPLE_DATA, path, seed.strip()[:1] or "x")
    )  # “ ” alone is an empty name
    if path[-1] == "unit":  # a unit may not be wrapped in quotes: “'好'” is refused at any length
        assume(big is not None and empty is not None)
    assert big is not None and empty is not None  # a length alone never makes prose invalid
    render_markdown(empty, style)  # compiles the template
    gc.disable()  # a collection during one measurement would skew it
    try:
        fixed = min(_cpu_seconds_of_render(empty, style) for _ in range(3))
        growth_small = max(_cpu_seconds_of_render(small, style) - fixed, 0.0)
        growth_big = _cpu_seconds_of_render(big, style) - fixed
    finally:
        gc.enable()
    assert growth_big <= max(24 * growth_small, 0.050), (growth_small, growth_big)


# --- case 4: one long integer operation --------------------------------------------------------------


def test_squaring_an_integer_is_refused_before_it_runs_long(world: Path) -> None:
    body = (
        "{% set ns = namespace(v=3) %}{% for i in range(40) %}{% set ns.v = ns.v * ns.v %}{% endfor %}"
        "{{ ns.v > 0 }}"
    )
    code, output = _render(world, body, cpu_seconds=10)
    assert (code, output) == (
        1,
        f"{world / TEMPLATE}:1: {REFUSED}整数运算的结果过大（乘法，超过 100,000 位二进制）",
    )


def test_an_integer_too_long_to_write_is_a_chinese_message(world: Path) -> None:
    code, output = _render(
        world,
        "第一行\n{% set ns = namespace(v=1) %}{% set ns.v = 7 ** 60 %}{% for i in range(7) %}"
        "{% set ns.v = ns.v * ns.v %}{% endfor %}{{ ns.v }}\n",
    )
    assert (code, output) == (
        1,
        f"{world / TEMPLATE}:2: 模板运行出错：整数过长，无法写成文字（最多 4,300 位）",
    )


# --- case 5: symbolic links out of the templates folder ----------------------------------------------

LINK_OUT = "是指向模板文件夹之外的符号链接，拒绝读取（模板只能是模板文件夹中的文件）"


def test_an_included_symlink_out_of_the_folder_is_refused(world: Path) -> None:
    (world / "secret.txt").write_text("root:x:0:0:绝密", encoding="utf-8")
    (world / "tpl" / "leak.md.j2").symlink_to(world / "secret.txt")
    for body in (
        '# 标题\n{% include "leak.md.j2" %}',
        '# 标题\n{% import "leak.md.j2" as s %}',
        '# 标题\n{% extends "leak.md.j2" %}',
    ):
        code, output = _render(world, body)
        assert (code, output) == (1, f"{world / TEMPLATE}:2: {REFUSED}模板“leak.md.j2”{LINK_OUT}")
        assert not (world / "out").exists()


def test_a_style_file_that_is_a_symlink_out_of_the_folder_is_refused(world: Path) -> None:
    (world / "secret.txt").write_text("{# title: 绝密 #}root:x:0:0", encoding="utf-8")
    (world / "tpl" / "x.md.j2").symlink_to(world / "secret.txt")
    done = _plangen(world, "render", "plan.yaml", "--templates", "tpl", "-s", "x", "-o", "out")
    assert (done.returncode, done.stderr.strip()) == (
        1,
        f"{TEMPLATE}: {REFUSED}模板“x.md.j2”{LINK_OUT}",
    )
    listing = _plangen(world, "styles", "--templates", "tpl")
    assert "绝密" not in listing.stdout  # its header is not read either


def test_a_symlink_inside_the_folder_is_fine(world: Path) -> None:
    (world / "tpl" / "inner.md.j2").write_text("正文 {{ plan.school.name }}\n", encoding="utf-8")
    (world / "tpl" / "link.md.j2").symlink_to("inner.md.j2")
    code, output = _render(world, '{% include "link.md.j2" %}')
    assert code == 0, output
    assert (
        next((world / "out").glob("*.md")).read_text(encoding="utf-8")
        == "正文 青岚县星河实验小学\n"
    )


# --- case 6: memory bounded before anything is built -------------------------------------------------

MEMORY = {
    "doubling_with_concat": "{% set s = 'x' * 999999 %}"
    + "{% set s = s ~ s %}" * 10
    + "{{ s|length }}",
    "star_width": "{{ '%*d' % (300000000, 1) }}",
    "star_width_after_percent": "{{ '%%%*d' % (300000000, 1) }}",
    "many_wide_fields": "{{ ('%999999d' * 100000) % ((1,) * 100000) }}",
    "many_wide_format_fields": "{{ ('{:>999999}' * 100000).format(*range(100000)) }}",
    "plus_of_strings": "{% set s = 'x' * 999999 %}{{ (s + s)|length }}",
    "plus_of_lists": "{% set l = [0] * 999999 %}{{ (l + l)|length }}",
    "writing_a_huge_list": "{{ ['x' * 999999] * 999999 }}",
    "string_filter_of_a_huge_list": "{{ (['x' * 999999] * 999999)|string }}",
    "expandtabs": "{{ ('\\t' * 999999).expandtabs(999999) }}",
    "indent": "{{ ('x\\n' * 499999)|indent(999999) }}",
    "join_cn": "{{ join_cn(range(100000)|list, 'x' * 999999) }}",
    "lipsum": "{{ lipsum(999999) }}",
    "str_join_method": "{{ ('x' * 999999).join(['a'] * 999999) }}",
    "join_of_a_generator": "{{ range(999)|map('string')|join('x' * 999999) }}",
    "join_method_of_a_generator": "{{ ('x' * 999999).join(range(999)|map('string')) }}",
    "join_cn_of_a_generator": "{{ join_cn(range(999)|map('string'), 'x' * 999999) }}",
    "bytes_times": "{{ 'x'.encode() * 999999999 }}",
    "bytes_replace": "{{ ('x' * 999999).encode().replace('x'.encode(), ('y' * 999999).encode()) }}",
    "deep_tojson_indent": "{{ " + "[" * 20 + "1" + "]" * 20 + "|tojson(999999) }}",
}


@pytest.mark.parametrize("body", MEMORY.values(), ids=MEMORY.keys())
def test_a_huge_string_is_refused_before_it_is_built(world: Path, body: str) -> None:
    code, output = _render(world, body, memory_mb=300, cpu_seconds=10)
    assert (code, output) == (1, f"{world / TEMPLATE}:1: {REFUSED}{TOO_LONG}")


def test_what_one_render_builds_is_bounded_in_total(world: Path) -> None:
    body = "{% set l = [] %}{% for i in range(1000) %}{{ l.append('x' * 99999 ~ i) or '' }}{% endfor %}"
    code, output = _render(world, body, memory_mb=300, cpu_seconds=10)
    assert (code, output) == (
        1,
        f"{world / TEMPLATE}:1: {REFUSED}模板生成的文字总量过大（超过 20,000,000 个字符）",
    )


def test_a_template_file_over_48_kib_is_refused_before_it_is_read(world: Path) -> None:
    code, output = _render(world, "x" * (48 * 1024 + 1), memory_mb=300)
    assert (code, output) == (
        1,
        f"{world / TEMPLATE}: 模板文件过大（49,153 字节，最大 49,152 字节）",
    )


def test_the_costliest_template_under_the_size_limit_compiles_within_bounds(world: Path) -> None:
    """Nested calls are what Jinja and Python take longest and most memory to compile, per byte."""
    unit = "{{ f(f(f(f(f(f(f(f(1)))))))) }}"
    code, output = _render(world, unit * (48 * 1024 // len(unit)), memory_mb=450, cpu_seconds=15)
    assert (code, output) == (
        1,
        f"{world / TEMPLATE}:1: 模板使用了未定义的名称：“f”没有定义（请检查拼写；计划中的数据写作 plan.字段名）",
    )


def test_sized_operations_that_stay_small_still_work(world: Path) -> None:
    body = (
        "{{ plan.school.name ~ '！' }} {{ '%s-%d' % ('a', 3) }} {{ '{}{:>3}'.format(1, 2) }} "
        "{{ '%(a)s' % {'a': 1} }} {{ 2 ** 10 }} {{ [1] + [2] }} {{ 'a' + 'b' }} {{ 'x' * 3 }} "
        "{{ '-'.join(range(3)|map('string')) }} {{ range(3)|join_cn }} {{ 5|replace('5', '6') }}\n"
    )
    code, output = _render(world, body)
    assert code == 0, output
    text = next((world / "out").glob("*.md")).read_text(encoding="utf-8")
    assert text == "青岚县星河实验小学！ a-3 1  2 1 1024 [1, 2] ab xxx 0-1-2 1、2 6\n"


# --- case 10: located messages instead of 内部错误 -----------------------------------------------------


def test_an_unknown_encoding_is_located(world: Path) -> None:
    code, output = _render(world, '# 标题\n\n{{ "x".encode("nope") }}\n')
    assert (code, output) == (1, f"{world / TEMPLATE}:3: 模板运行出错：未知的编码名称：nope")


def test_too_deeply_nested_blocks_are_a_located_syntax_error(world: Path) -> None:
    body = (
        "# 标题\n"
        + "".join(f"{{% for i{n} in [1] %}}\n" for n in range(25))
        + "x\n"
        + "{% endfor %}\n" * 25
    )
    code, output = _render(world, body)
    assert code == 1
    line = int(output.split(":")[1])
    assert 20 <= line <= 27, output  # at one of the innermost loops, as Python counts them
    assert (
        output
        == f"{world / TEMPLATE}:{line}: 模板语法错误：块嵌套过深（for、if、macro 等最多嵌套约 20 层），请减少嵌套层数"
    )


# --- case 11: a template in GBK ------------------------------------------------------------------------


def test_a_gbk_template_is_a_clear_message(world: Path) -> None:
    code, output = _render(world, "# title\n{{ plan.school.name }}\n工作计划\n".encode("gbk"))
    assert (code, output) == (
        1,
        f"{world / TEMPLATE}:3: 模板文件不是 UTF-8 编码（可能是 GBK），请用 UTF-8 另存后再试",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学 ，好", "学，好"),
        ("（ 好）", "（好）"),
        ("“ 好”", "“好”"),
        ("好 。", "好。"),
        ("ab ，", "ab ，"),
    ],
)
def test_spaces_between_chinese_and_full_width_punctuation_are_dropped(
    text: str, expected: str
) -> None:
    assert mdtext.normalize_punctuation(text) == expected
