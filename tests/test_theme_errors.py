"""Bad theme files (`--theme my.yaml`) are read like plans: the same size limit, decoding and safe
YAML loader, and the same `FILE:LINE:COL: field.path: message` lines in Chinese, exit code 1.
Messages are checked word for word, through the library and through `plangen render --theme`."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN
from test_bad_input import SAVE_AS_UTF8, Case, billion_laughs

from plangen.docx.theme import builtin_theme_dir, load_theme
from plangen.errors import InputError, UsageError
from plangen.plan.load import load_plan
from plangen.source import merge

CASES = [
    Case(
        "yaml_syntax_error",
        "base: gongwen\npage: [1\n",
        (
            "bad.yaml:3:1: YAML 语法错误：第 2 行开始的方括号“[”没有闭合，或列表项之间缺少英文逗号“,”",
        ),
    ),
    Case(
        "duplicate_key",
        "base: gongwen\npage:\n  margin_top_mm: 30\n  margin_top_mm: 37\n",
        (
            "bad.yaml:4:3: page.margin_top_mm: 重复的键“margin_top_mm”（第 3 行已经写过）；请删除或合并其中一处",
        ),
    ),
    Case(
        "text_where_number",
        "base: gongwen\npage:\n  margin_top_mm: 三十七\n",
        ("bad.yaml:3:18: page.margin_top_mm: 应为数字，实际为文字“三十七”",),
    ),
    Case(
        "unknown_key_did_you_mean",
        "base: gongwen\nstyles:\n  body:\n    fisrt_line_chars: 2\n",
        (
            "bad.yaml:4:5: styles.body.fisrt_line_chars: 未知字段“fisrt_line_chars”，是否想写“first_line_chars”？",
        ),
    ),
    Case(
        "unknown_top_level_key",
        "base: gongwen\ncolour: red\n",
        (
            "bad.yaml:2:1: colour: 未知字段“colour”；这里可用的字段：name、description、page、grid、styles、"
            "page_number、table、lists、signature、fonts_on_runs、numbering、font_fallbacks、traditional_fonts",
        ),
    ),
    Case(
        "key_without_space_after_colon",
        "base: gongwen\nstyles:\n  body:first_line_chars: 2\n",
        (
            "bad.yaml:3:3: styles.body:first_line_chars: 键“body”后面的冒号后缺少空格；请在冒号后加一个空格，"
            "写作“body: first_line_chars”",
        ),
    ),
    Case(
        "value_without_space_after_colon",
        "base: gongwen\npage:\n  margin_top_mm:30\n",
        (
            "bad.yaml:3:16: page: 键“margin_top_mm”后面的冒号后缺少空格；请在冒号后加一个空格，"
            "写作“margin_top_mm: 30”（否则整行会被当成一段文字）",
        ),
    ),
    Case(
        "tab_indent",
        "base: gongwen\npage:\n\tmargin_top_mm: 30\n",
        ("bad.yaml:3:1: 这里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格",),
    ),
    Case(
        "full_width_colon",
        "base: gongwen\npage：\n  margin_top_mm: 30\n",
        ("bad.yaml:2:5: 键“page”后面用了中文冒号“：”；请改为英文冒号加空格，写作“page: ”",),
    ),
    Case(
        "choice",
        "base: gongwen\npage_number:\n  placement: middle\n",
        (
            "bad.yaml:3:14: page_number.placement: 取值“middle”无效，应为 outside、center、right、left、none 之一",
        ),
    ),
    Case(
        "out_of_range",
        "base: gongwen\ngrid:\n  lines_per_page: 2\n",
        ("bad.yaml:3:19: grid.lines_per_page: 应不小于 5，实际为 2",),
    ),
    Case(
        "union_of_number_and_text",
        "base: gongwen\nstyles:\n  body:\n    line_spacing: [1]\n",
        ("bad.yaml:4:19: styles.body.line_spacing: 应为数字，实际为列表",),
    ),
    Case(
        "checked_by_the_theme",
        "base: gongwen\nstyles:\n  body:\n    line_spacing: abc\n",
        (
            'bad.yaml:4:19: styles.body.line_spacing: 行距“abc”无法识别，应为倍数（如 1.5）、固定值（如 "28pt"）或 "grid"',
        ),
    ),
    Case(
        "empty_text",
        'base: gongwen\nstyles:\n  normal:\n    font: ""\n',
        ("bad.yaml:4:11: styles.normal.font: 不能为空：请填写内容",),
    ),
    Case(
        "missing_required",
        "page:\n  margin_top_mm: 30\n",
        ("bad.yaml:1:1: styles: 缺少必填字段“styles”",),
    ),
    Case(
        "three_mistakes_at_once",
        "base: gongwen\npage:\n  margin_top_mm: 三十七\n  margn_left_mm: 20\ngrid:\n  lines_per_page: 2\n",
        (
            "bad.yaml:3:18: page.margin_top_mm: 应为数字，实际为文字“三十七”",
            "bad.yaml:4:3: page.margn_left_mm: 未知字段“margn_left_mm”，是否想写“margin_left_mm”？",
            "bad.yaml:6:19: grid.lines_per_page: 应不小于 5，实际为 2",
        ),
    ),
    Case(
        "unknown_base_name",
        "base: gongwne\n",
        (
            "bad.yaml:1:7: base: 未知的主题“gongwne”：内置主题有 gongwen、plain，也可以给出以 .yaml 结尾的主题文件路径",
        ),
    ),
    Case(
        "missing_base_file",
        "base: school.yaml\n",
        ("bad.yaml:1:7: base: 找不到主题文件“school.yaml”（相对于 .）",),
    ),
    Case(
        "base_of_itself",
        "base: bad.yaml\n",
        ("bad.yaml:1:7: base: 继承形成了循环：bad.yaml → bad.yaml；请去掉其中一处 base",),
    ),
    Case(
        "base_not_text",
        "base: [gongwen]\n",
        ("bad.yaml:1:7: base: base 应为内置主题名（如 gongwen）或主题文件路径",),
    ),
    Case(
        "gbk",
        "base: gongwen\ndescription: 我们学校的版式\n".encode("gbk"),
        (f"bad.yaml: 文件是 GBK/GB18030 编码，plangen 只读取 UTF-8：{SAVE_AS_UTF8}",),
    ),
    Case(
        "empty_file",
        "# 我们学校的版式\n",
        (
            "bad.yaml: 文件是空的（或只有注释）；主题文件请至少写上 base: gongwen（或 plain），再写要改的键",
        ),
    ),
    Case(
        "top_level_list",
        "- base\n- gongwen\n",
        ("bad.yaml:1:1: 文件顶层应是“键: 值”的映射（如 base:、page:、styles:），实际是列表",),
    ),
    Case(
        "python_object_tag",
        'base: gongwen\nname: !!python/object/apply:os.system ["touch pwned"]\n',
        (
            "bad.yaml:2:7: name: 不支持的 YAML 标签“!!python/object/apply:os.system”，出于安全原因被拒绝；请删除这个标签",
        ),
    ),
    Case(
        "alias_bomb",
        "base: gongwen\n" + billion_laughs(),
        (
            "bad.yaml:2:8: 内容过多：展开后超过 100,000 个值（可能是恶意的别名嵌套“alias bomb”），已停止读取",
        ),
    ),
    Case(
        "nested_blocks",
        "base: gongwen\n" + "".join(" " * i + "a:\n" for i in range(60)),
        ("bad.yaml:41:40: 嵌套层次过深（超过 40 层），已停止读取；主题文件通常不超过 3 层",),
    ),
]


def _ids(cases: list[Case]) -> list[str]:
    return [case.name for case in cases]


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_load_theme_reports_each_mistake_word_for_word(
    case: Case, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml(case.content, "bad.yaml")
    with pytest.raises(InputError) as caught:
        load_theme(path)
    assert str(caught.value).splitlines() == list(case.expected)
    assert len(caught.value.problems) == len(case.expected)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_pure_python_yaml_gives_the_same_theme_messages(
    case: Case, write_yaml, monkeypatch
) -> None:
    from plangen.source import yamlnodes

    monkeypatch.setattr(yamlnodes, "_FAST", False)
    with pytest.raises(InputError) as caught:
        load_theme(write_yaml(case.content, "bad.yaml"))
    assert str(caught.value).splitlines() == list(case.expected)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_render_with_a_bad_theme_prints_the_same_lines_and_exits_1(
    case: Case, write_yaml, cli
) -> None:
    write_yaml(MINIMAL_PLAN)
    write_yaml(case.content, "bad.yaml")
    result = cli("render", "plan.yaml", "--theme", "bad.yaml", "--to", "docx", "-o", "out")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.output.splitlines() == list(case.expected)
    assert not Path("out").exists()


# The same mistake in a plan and in a theme: the same words after the place.
SAME_MISTAKE = [
    ("syntax_error", "x: [1\n", "plan.yaml:2:1: ", "bad.yaml:2:1: "),
    ("duplicate_key", "x: 1\nx: 2\n", "plan.yaml:2:1: x: ", "bad.yaml:2:1: x: "),
    ("python_tag", "x: !!python/object:os.system 1\n", "plan.yaml:1:4: x: ", "bad.yaml:1:4: x: "),
    ("tab", "x:\n\ty: 1\n", "plan.yaml:2:1: ", "bad.yaml:2:1: "),
    ("control_character", "x: a\x07b\n", "plan.yaml:1:5: ", "bad.yaml:1:5: "),
]


@pytest.mark.parametrize(
    ("mistake", "text", "plan_at", "theme_at"), SAME_MISTAKE, ids=[m[0] for m in SAME_MISTAKE]
)
def test_a_mistake_reads_the_same_in_a_plan_and_in_a_theme(
    mistake, text, plan_at, theme_at, write_yaml
) -> None:
    with pytest.raises(InputError) as plan_error:
        load_plan(write_yaml(text))
    with pytest.raises(InputError) as theme_error:
        load_theme(write_yaml(text, "bad.yaml"))
    plan_line, theme_line = str(plan_error.value), str(theme_error.value)
    assert plan_line.startswith(plan_at) and theme_line.startswith(theme_at)
    assert plan_line.removeprefix(plan_at) == theme_line.removeprefix(theme_at)


def test_a_mistake_in_the_base_file_points_into_the_base_file(write_yaml) -> None:
    write_yaml("base: gongwen\npage:\n  margin_top_mm: 三十七\n", "county/base.yaml")
    path = write_yaml(
        "base: county/base.yaml\npage:\n  margin_left_mm: 20\n  margn_right_mm: 20\n", "bad.yaml"
    )
    with pytest.raises(InputError) as caught:
        load_theme(path)
    assert str(caught.value).splitlines() == [
        "bad.yaml:4:3: page.margn_right_mm: 未知字段“margn_right_mm”，是否想写“margin_right_mm”？",
        "county/base.yaml:3:18: page.margin_top_mm: 应为数字，实际为文字“三十七”",
    ]


def test_a_value_overridden_by_the_child_is_reported_in_the_child(write_yaml) -> None:
    write_yaml("base: gongwen\npage:\n  margin_top_mm: 30\n  margin_left_mm: 28\n", "county.yaml")
    path = write_yaml("base: county.yaml\npage:\n  margin_top_mm: -1\n", "bad.yaml")
    with pytest.raises(InputError) as caught:
        load_theme(path)
    assert str(caught.value) == "bad.yaml:3:18: page.margin_top_mm: 应不小于 0，实际为 -1"
    path.write_text("base: county.yaml\npage:\n  margin_top_mm: 40\n", encoding="utf-8")
    theme = load_theme(path)
    assert (theme.name, theme.page.margin_top_mm, theme.page.margin_left_mm) == ("bad", 40, 28)


def test_a_base_cycle_names_every_file(write_yaml) -> None:
    write_yaml("base: bad.yaml\n", "other.yaml")
    path = write_yaml("base: other.yaml\n", "bad.yaml")
    with pytest.raises(InputError) as caught:
        load_theme(path)
    assert (
        str(caught.value)
        == "other.yaml:1:7: base: 继承形成了循环：bad.yaml → other.yaml → bad.yaml；请去掉其中一处 base"
    )


def test_unknown_theme_name_on_the_command_line_stays_a_usage_error(write_yaml, cli) -> None:
    write_yaml(MINIMAL_PLAN)
    result = cli("render", "plan.yaml", "--theme", "gongwne", "--to", "docx", "-o", "out")
    assert result.exit_code == 2, result.output
    assert "未知的主题“gongwne”：内置主题有 gongwen、plain" in result.output
    with pytest.raises(UsageError):
        load_theme("gongwne")


def test_missing_theme_file_is_an_input_error(write_yaml, cli) -> None:
    write_yaml(MINIMAL_PLAN)
    result = cli("render", "plan.yaml", "--theme", "nope.yaml", "--to", "docx", "-o", "out")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == ["nope.yaml: 找不到主题文件，请检查路径"]


def test_huge_theme_file_is_refused_by_size_without_reading_it(write_yaml) -> None:
    path = write_yaml("base: gongwen\n", "bad.yaml")
    os.truncate(path, 1024 * 1024 * 1024)  # sparse: 1 GB that costs no disk space
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            load_theme(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        "bad.yaml: 文件过大（1024.0 MB），超过 2 MB 的上限；主题文件通常只有几 KB，请确认选对了文件"
    )
    assert peak < 8 * 1024 * 1024


def test_alias_bomb_theme_is_refused_fast(write_yaml) -> None:
    path = write_yaml("base: gongwen\n" + billion_laughs(), "bad.yaml")
    start = time.perf_counter()
    with pytest.raises(InputError, match="alias bomb"):
        load_theme(path)
    assert (
        time.perf_counter() - start < 5
    )  # the old theme reader walked all 9**9 values (about a minute)


def test_python_tag_in_a_theme_never_runs_anything(write_yaml) -> None:
    with pytest.raises(InputError):
        load_theme(
            write_yaml(
                'base: gongwen\nname: !!python/object/apply:os.system ["touch pwned"]\n', "bad.yaml"
            )
        )
    assert not Path("pwned").exists()


def test_each_theme_file_is_read_once(write_yaml, monkeypatch) -> None:
    reads: list[str] = []
    original = merge.read_text

    def counting(path: Path, kind) -> str:
        reads.append(Path(path).name)
        return original(path, kind)

    monkeypatch.setattr(merge, "read_text", counting)
    case = next(c for c in CASES if c.name == "three_mistakes_at_once")
    with pytest.raises(InputError):
        load_theme(write_yaml(case.content, "bad.yaml"))
    assert reads == ["bad.yaml", "gongwen.yaml"]


def test_builtin_themes_load_through_the_same_reader() -> None:
    for path in sorted(builtin_theme_dir().glob("*.yaml")):
        assert load_theme(path.stem).name == path.stem


def test_keys_that_look_like_pydantic_names_keep_their_place(write_yaml) -> None:
    """pydantic names union members "str", "float[…]"; a user's key so named is still a key."""
    with pytest.raises(InputError) as caught:
        load_plan(write_yaml(MINIMAL_PLAN + "school[: 1\nstr: 2\n"))
    assert str(caught.value).splitlines() == [
        "plan.yaml:6:1: school[: 未知字段“school[”，是否想写“school”？",
        "plan.yaml:7:1: str: 未知字段“str”；自定义数据请放在 extra: 下",
    ]
