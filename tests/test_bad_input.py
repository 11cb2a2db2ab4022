"""Bad input (design.md §7): every mistake a user can make in a plan file gives one clear Chinese
line `FILE:LINE:COL: field.path: message`, exit code 1 and no traceback, through the library and
through `plangen validate` / `plangen render`. Messages are checked word for word."""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN

from plangen.errors import InputError
from plangen.plan.load import load_plan


@dataclass(frozen=True)
class Case:
    name: str
    content: str | bytes
    expected: tuple[str, ...]  # every line of the error, in order


def billion_laughs() -> str:
    """Returns the "billion laughs": 9 levels of 9 aliases, 9**9 values once expanded."""
    lines = ['a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _steps(levels: int) -> str:
    text = (
        MINIMAL_PLAN
        + "areas:\n  - id: moral\n    name: 德育工作\n    tasks:\n      - title: 主题教育\n"
    )
    indent = " " * 8
    for level in range(1, levels + 1):
        text += f"{indent}steps:\n{indent}  - title: 第{level}级\n"
        indent += " " * 4
    return text


SAVE_AS_UTF8 = "请在编辑器中“另存为”并选择 UTF-8 编码（记事本：编码选 UTF-8；VS Code：右下角编码 → 通过编码保存 → UTF-8）"
TOO_DEEP = "嵌套层次过深（超过 40 层），已停止读取；计划文件通常不超过 15 层"
EMPTY = "plan.yaml: 文件是空的（或只有注释）；请至少写上 school 和 period，可用 plangen new 生成一个模板"

CASES = [
    Case(
        "yaml_syntax_error",
        "school:\n  name: [星河小学\nperiod:\n  academic_year: 2025\n",
        (
            "plan.yaml:3:7: YAML 语法错误：第 2 行开始的方括号“[”没有闭合，或列表项之间缺少英文逗号“,”",
        ),
    ),
    Case(
        "unclosed_bracket_at_end",
        MINIMAL_PLAN + "extra:\n  x: [a, b,\n",
        ("plan.yaml:8:1: YAML 语法错误：方括号“[”或花括号“{”没有闭合：文件到这里就结束了",),
    ),
    Case(
        "stray_closing_bracket",
        MINIMAL_PLAN + "extra:\n  x: [a, b]]\n",
        ("plan.yaml:7:12: YAML 语法错误：这里多了一个“]”：前面没有与它对应的“[”或“{”",),
    ),
    Case(
        "unclosed_quote",
        'school:\n  name: "星河小学\nperiod:\n  academic_year: 2025\n',
        (
            "plan.yaml:2:9: YAML 语法错误：引号没有闭合：从这里开始的引号直到文件末尾都没有对应的结束引号",
        ),
    ),
    Case(
        "missing_space_after_colon",
        "school:\n  name:星河小学\nperiod:\n  academic_year: 2025\n",
        (
            (
                "plan.yaml:2:7: school: 键“name”后面的冒号后缺少空格；请在冒号后加一个空格，写作“name: 星河小学”"
                "（否则整行会被当成一段文字）"
            ),
        ),
    ),
    Case(
        "missing_space_after_colon_before_a_key",
        "school:\n  name:青岚县星河实验小学\n  short_name: 星河小学\nperiod:\n  academic_year: 2025\n",
        (
            "plan.yaml:2:7: 键“name”后面的冒号后缺少空格；请在冒号后加一个空格，写作“name: 青岚县星河实验小学”",
        ),
    ),
    Case(
        "full_width_colon_after_key",
        "school：\n  name: 星河小学\nperiod:\n  academic_year: 2025\n",
        ("plan.yaml:1:7: 键“school”后面用了中文冒号“：”；请改为英文冒号加空格，写作“school: ”",),
    ),
    Case(
        "full_width_colon_before_value",
        "school:\n  name： 星河小学\nperiod:\n  academic_year: 2025\n",
        (
            (
                "plan.yaml:2:7: school: 键“name”后面用了中文冒号“：”；请改为英文冒号加空格，写作“name: 星河小学”"
                "（否则整行会被当成一段文字）"
            ),
        ),
    ),
    Case(
        "tab_indent",
        "school:\n\tname: 星河小学\nperiod:\n  academic_year: 2025\n",
        ("plan.yaml:2:1: 这里有制表符（Tab）；YAML 只能用空格缩进，请把 Tab 换成空格",),
    ),
    Case(
        "key_without_colon",
        "school\nperiod:\n  academic_year: 2025\n",
        ("plan.yaml:1:1: YAML 语法错误：“school”后面缺少英文冒号；键要写作“school:”",),
    ),
    Case(
        "over_indented_key",
        "school:\n  name: 星河小学\n    short_name: 星河\nperiod:\n  academic_year: 2025\n",
        (
            "plan.yaml:3:5: YAML 语法错误：这一行比上一行缩进多，被当成了上一行值的续写；同一层的键请用相同的缩进",
        ),
    ),
    Case(
        "duplicate_key",
        "school:\n  name: 星河小学\n  name: 月亮小学\nperiod:\n  academic_year: 2025\n",
        ("plan.yaml:3:3: school.name: 重复的键“name”（第 2 行已经写过）；请删除或合并其中一处",),
    ),
    Case(
        "text_where_list",
        MINIMAL_PLAN + "goals: 德育实效提升\n",
        (
            "plan.yaml:6:8: goals: 应为列表（每项以“- ”开头，或写作 [a, b]），实际为文字“德育实效提升”",
        ),
    ),
    Case(
        "list_where_mapping",
        "school:\n  - 星河小学\nperiod:\n  academic_year: 2025\n",
        ("plan.yaml:2:3: school: 应为“键: 值”的映射，实际为列表",),
    ),
    Case(
        "text_where_number",
        MINIMAL_PLAN
        + "quotas:\n  - id: behavior_rate\n    name: 学生行为规范达标率\n    target: 很高\n",
        ("plan.yaml:9:13: quotas[0].target: 应为数字（如 98、2、0.5），实际为“很高”",),
    ),
    Case(
        "unknown_key_did_you_mean",
        "shcool:\n  name: 星河小学\nperiod:\n  academic_year: 2025\n",
        ("plan.yaml:1:1: shcool: 未知字段“shcool”，是否想写“school”？",),
    ),
    Case(
        "unknown_nested_key",
        "school:\n  name: 星河小学\n  nmae: 星河\nperiod:\n  academic_year: 2025\n",
        ("plan.yaml:3:3: school.nmae: 未知字段“nmae”，是否想写“name”？",),
    ),
    Case(
        "missing_required_fields",
        "school:\n  short_name: 星河小学\n",
        (
            "plan.yaml:1:1: period: 缺少必填字段“period”：计划周期：学年（academic_year）或年度（year）二选一",
            "plan.yaml:2:3: school.name: 缺少必填字段“name”：学校（单位）全称，用于标题，如“高青县青城学区中心小学”",
        ),
    ),
    Case(
        "unknown_ids",
        MINIMAL_PLAN
        + (
            "departments:\n  - id: jiaowu\n    name: 教务处\n"
            "quotas:\n  - id: reading\n    name: 阅读达标率\n    target: 90\n    unit: '%'\n"
            "    area: teching\n    owner: zhengjiao\n"
            "goals:\n  - title: 教学质量提升\n    area: teaching\n    quotas: [reading, homework]\n"
            "areas:\n  - id: teaching\n    name: 教学工作\n"
        ),
        (
            "plan.yaml:14:11: quotas[0].area: 未知的领域 id“teching”：areas 中没有它，是否想写“teaching”？",
            "plan.yaml:15:12: quotas[0].owner: 未知的部门 id“zhengjiao”：departments 中没有它；可用的 id：jiaowu",
            "plan.yaml:19:23: goals[0].quotas[1]: 未知的指标 id“homework”：quotas 中没有它；可用的 id：reading",
        ),
    ),
    Case(
        "duplicate_ids",
        MINIMAL_PLAN
        + "areas:\n  - id: moral\n    name: 德育工作\n  - id: moral\n    name: 教学工作\n",
        ("plan.yaml:9:9: areas[1].id: 领域 id“moral”重复（areas[0] 已使用）；id 在列表中必须唯一",),
    ),
    Case(
        "target_with_percent",
        MINIMAL_PLAN
        + 'quotas:\n  - id: behavior_rate\n    name: 学生行为规范达标率\n    target: "98%"\n',
        (
            'plan.yaml:9:13: quotas[0].target: 应为数字，不要带百分号：请写成 target: 98，并另写 unit: "%"',
        ),
    ),
    Case(
        "academic_year_with_year",
        "school:\n  name: 星河小学\nperiod:\n  academic_year: 2025\n  year: 2025\n",
        (
            (
                "plan.yaml:5:9: period.year: academic_year 与 year 只能二选一：学年计划写 academic_year"
                "（如 2025 表示 2025—2026学年），年度计划写 year；请删除其中一个"
            ),
        ),
    ),
    Case(
        "month_13",
        MINIMAL_PLAN + "schedule:\n  - month: 13\n    items:\n      - text: 开学安全大检查\n",
        ("plan.yaml:7:12: schedule[0].month: 月份应在 1 到 12 之间，实际为 13",),
    ),
    Case(
        "infinite_target",
        MINIMAL_PLAN + "quotas:\n  - id: rate\n    name: 达标率\n    target: .inf\n",
        (
            "plan.yaml:9:13: quotas[0].target: 应为普通数字（如 98），不能是无穷大或非数值（.inf、.nan）",
        ),
    ),
    # a tag forcing a value PyYAML cannot make: its constructors fail with KeyError,
    # IndexError, AttributeError — a located message, never an internal error
    Case(
        "bool_tag_on_a_word",
        MINIMAL_PLAN + "document:\n  notice: !!bool maybe\n",
        ("plan.yaml:7:11: document.notice: 无法识别的值“maybe”；如果它是文字，请给它加上引号",),
    ),
    Case(
        "int_tag_on_nothing",
        MINIMAL_PLAN + 'quotas:\n  - id: rate\n    name: 达标率\n    target: !!int ""\n',
        ("plan.yaml:9:13: quotas[0].target: 无法识别的整数“”；如果它是编号或文字，请给它加上引号",),
    ),
    Case(
        "timestamp_tag_on_a_word",
        MINIMAL_PLAN + "document:\n  date: !!timestamp abc\n",
        (
            "plan.yaml:7:9: document.date: 无法识别的日期“abc”：日期请写作 2025-09-10，且月、日要存在",
        ),
    ),
    Case(
        "impossible_date",
        MINIMAL_PLAN + "document:\n  date: 2025-02-30\n",
        (
            "plan.yaml:7:9: document.date: 无法识别的日期“2025-02-30”：日期请写作 2025-09-10，且月、日要存在",
        ),
    ),
    Case(
        "steps_deeper_than_4",
        _steps(5),
        (
            (
                "plan.yaml:20:29: areas[0].tasks[0].steps[0].steps[0].steps[0].steps[0].steps[0]: "
                "步骤嵌套超过 4 级；请把这一级并入上一级，或拆成单独的任务"
            ),
        ),
    ),
    Case(
        "gbk",
        MINIMAL_PLAN.encode("gbk"),
        (f"plan.yaml: 文件是 GBK/GB18030 编码，plangen 只读取 UTF-8：{SAVE_AS_UTF8}",),
    ),
    Case(
        "gb18030",
        (MINIMAL_PLAN + "# 𠀀\n").encode("gb18030"),
        (f"plan.yaml: 文件是 GBK/GB18030 编码，plangen 只读取 UTF-8：{SAVE_AS_UTF8}",),
    ),
    Case(
        "utf16_without_bom",
        MINIMAL_PLAN.encode("utf-16-le"),
        (f"plan.yaml: 文件是不带 BOM 标记的 UTF-16 编码，无法可靠识别；{SAVE_AS_UTF8}",),
    ),
    Case(
        "nul_bytes",
        MINIMAL_PLAN.encode() + b"\x00\x00\x00",
        (
            "plan.yaml: 文件含有 NUL 字节，不是文本文件（可能是二进制文件或 Word 文档）；请用文本编辑器保存为 UTF-8 编码的 .yaml 文件",
        ),
    ),
    Case(
        "binary_junk",
        b"\x89PNG\r\n\x1a\n" + bytes([200, 201, 255, 128]) * 50,
        (
            "plan.yaml:1:1: 文件不是 UTF-8 文本（第 1 行起有无法识别的字节），可能是二进制文件；请保存为 UTF-8 编码的 .yaml 文件",
        ),
    ),
    Case(
        "control_character",
        MINIMAL_PLAN.replace("星河小学", "星河\x07小学").encode(),
        (
            "plan.yaml:3:17: 这里有不可见的控制字符（U+0007），YAML 不允许；请删除它（常见于从网页、Word 或聊天软件复制来的文字）",
        ),
    ),
    Case("empty_file", "", (EMPTY,)),
    Case("only_comments", "# 星河小学工作计划\n# 还没写\n", (EMPTY,)),
    Case(
        "top_level_list",
        "- school\n- period\n",
        ("plan.yaml:1:1: 文件顶层应是“键: 值”的映射（如 school:、period:），实际是列表",),
    ),
    Case(
        "top_level_scalar",
        "星河小学工作计划\n",
        ("plan.yaml:1:1: 文件顶层应是“键: 值”的映射（如 school:、period:），实际是单个值",),
    ),
    Case(
        "alias_bomb",
        billion_laughs(),
        (
            "plan.yaml:1:13: 内容过多：展开后超过 100,000 个值（可能是恶意的别名嵌套“alias bomb”），已停止读取",
        ),
    ),
    Case(
        "nested_lists",
        "extra:\n  x: " + "[" * 10_000 + "]" * 10_000 + "\n",
        (f"plan.yaml:2:44: {TOO_DEEP}",),
    ),
    Case(
        "nested_mappings",
        "extra:\n  x: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        (f"plan.yaml:2:155: {TOO_DEEP}",),
    ),
    Case(
        "nested_blocks",
        "".join(" " * i + "a:\n" for i in range(200)) + " " * 200 + "a: 1\n",
        (f"plan.yaml:40:40: {TOO_DEEP}",),
    ),
    Case(
        "python_object_tag",
        MINIMAL_PLAN + 'extra:\n  x: !!python/object/apply:os.system ["touch pwned"]\n',
        (
            "plan.yaml:7:6: extra.x: 不支持的 YAML 标签“!!python/object/apply:os.system”，出于安全原因被拒绝；请删除这个标签",
        ),
    ),
    Case(
        "python_name_key",
        MINIMAL_PLAN + "? !!python/name:os.system\n: 1\n",
        (
            "plan.yaml:6:3: 不支持的 YAML 标签“!!python/name:os.system”，出于安全原因被拒绝；请删除这个标签",
        ),
    ),
    Case(
        "five_mistakes_at_once",
        (
            "school:\n  name: 星河小学\n  shcool: 星河\n"
            "period:\n  academic_year: 2025\n  year: 2025\n"
            'quotas:\n  - id: rate\n    name: 达标率\n    target: "98%"\n'
            "schedule:\n  - month: 13\n    items:\n      - text: 开学\n        owner: nobody\n"
        ),
        (
            "plan.yaml:3:3: school.shcool: 未知字段“shcool”；这里可用的字段：name、short_name、kind、region、motto",
            (
                "plan.yaml:6:9: period.year: academic_year 与 year 只能二选一：学年计划写 academic_year"
                "（如 2025 表示 2025—2026学年），年度计划写 year；请删除其中一个"
            ),
            'plan.yaml:10:13: quotas[0].target: 应为数字，不要带百分号：请写成 target: 98，并另写 unit: "%"',
            "plan.yaml:12:12: schedule[0].month: 月份应在 1 到 12 之间，实际为 13",
            "plan.yaml:15:16: schedule[0].items[0].owner: 未知的部门 id“nobody”：departments 中没有它；请先在对应列表中定义它",
        ),
    ),
]


def _ids(cases: list[Case]) -> list[str]:
    return [case.name for case in cases]


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_load_plan_reports_each_mistake_word_for_word(
    case: Case, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml(case.content)
    with pytest.raises(InputError) as caught:
        load_plan(path)
    assert str(caught.value).splitlines() == list(case.expected)
    assert len(caught.value.problems) == len(case.expected)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_pure_python_yaml_gives_the_same_messages(case: Case, write_yaml, monkeypatch) -> None:
    """Where PyYAML has no libyaml (C) extension, the pure-Python loader reports the same."""
    from plangen.source import yamlnodes as yamlsrc

    monkeypatch.setattr(yamlsrc, "_FAST", False)
    with pytest.raises(InputError) as caught:
        load_plan(write_yaml(case.content))
    assert str(caught.value).splitlines() == list(case.expected)


def _assert_clean_failure(result, expected: tuple[str, ...]) -> None:
    """The CLI printed every expected line, exited 1 and showed no Python traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    for line in expected:
        assert line in lines


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_validate_command_prints_the_same_lines(case: Case, write_yaml, cli) -> None:
    write_yaml(case.content)
    _assert_clean_failure(cli("validate", "plan.yaml"), case.expected)


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_render_command_prints_the_same_lines_and_writes_nothing(
    case: Case, write_yaml, cli
) -> None:
    write_yaml(case.content)
    _assert_clean_failure(cli("render", "plan.yaml", "-o", "out"), case.expected)
    assert not Path("out").exists() or not any(Path("out").iterdir())


def test_lines_of_one_file_come_sorted_by_line(write_yaml) -> None:
    case = next(c for c in CASES if c.name == "five_mistakes_at_once")
    with pytest.raises(InputError) as caught:
        load_plan(write_yaml(case.content))
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines) and len(set(lines)) == 5


def test_python_tag_never_runs_anything(write_yaml) -> None:
    with pytest.raises(InputError):
        load_plan(
            write_yaml(MINIMAL_PLAN + 'extra: !!python/object/apply:os.system ["touch pwned"]\n')
        )
    assert not Path("pwned").exists()


def test_alias_bomb_stops_early_with_little_memory(write_yaml) -> None:
    path = write_yaml(billion_laughs())
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="alias bomb"):
            load_plan(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024  # 9**9 expanded values would need gigabytes


def test_huge_file_is_refused_by_size_without_reading_it(write_yaml, cli) -> None:
    path = write_yaml(MINIMAL_PLAN)
    os.truncate(path, 50 * 1024 * 1024)  # sparse: costs no disk space
    expected = "plan.yaml: 文件过大（50.0 MB），超过 2 MB 的上限；计划文件通常只有几十 KB，请确认选对了文件"
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            load_plan(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == expected
    assert peak < 8 * 1024 * 1024
    _assert_clean_failure(cli("validate", "plan.yaml"), (expected,))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_endless_device_is_read_only_up_to_the_limit() -> None:
    with pytest.raises(InputError) as caught:
        load_plan("/dev/zero")
    assert (
        str(caught.value)
        == "/dev/zero: 文件过大，超过 2 MB 的上限；计划文件通常只有几十 KB，请确认选对了文件"
    )


def test_missing_file_and_folder(write_yaml, cli) -> None:
    Path("plans").mkdir()
    _assert_clean_failure(cli("validate", "nope.yaml"), ("nope.yaml: 文件不存在，请检查路径",))
    _assert_clean_failure(
        cli("validate", "plans"), ("plans: 这是一个文件夹，请指定 .yaml 计划文件",)
    )


@pytest.mark.parametrize(
    "encoded",
    [
        b"\xef\xbb\xbf" + MINIMAL_PLAN.encode(),
        MINIMAL_PLAN.encode("utf-16"),  # with BOM, as Windows Notepad writes "Unicode"
        b"\xfe\xff" + MINIMAL_PLAN.encode("utf-16-be"),
        MINIMAL_PLAN.encode("utf-32"),
        MINIMAL_PLAN.replace("\n", "\r\n").encode(),
    ],
    ids=["utf8_bom", "utf16_le_bom", "utf16_be_bom", "utf32_bom", "crlf"],
)
def test_marked_encodings_and_windows_line_ends_are_accepted(
    encoded: bytes, write_yaml, cli
) -> None:
    plan = load_plan(write_yaml(encoded))
    assert plan.school.name == "青岚县星河实验小学"
    assert plan.school.display_name == "星河小学"
    result = cli("validate", "plan.yaml")
    assert result.exit_code == 0, result.output


def test_merge_keys_are_not_duplicate_keys(write_yaml) -> None:
    plan = load_plan(
        write_yaml(
            MINIMAL_PLAN
            + (
                "departments:\n"
                "  - &office\n    id: jiaowu\n    name: 教务处\n    head: 李明\n"
                "  - <<: *office\n    id: zhengjiao\n    name: 政教处\n"
            )
        )
    )
    assert [(d.id, d.name, d.head) for d in plan.departments] == [
        ("jiaowu", "教务处", "李明"),
        ("zhengjiao", "政教处", "李明"),
    ]


def test_text_that_merely_contains_a_colon_is_fine(write_yaml) -> None:
    plan = load_plan(
        write_yaml(
            MINIMAL_PLAN.replace(
                "  short_name: 星河小学\n",
                "  short_name: 星河小学\n  motto: 'name:星河'\n  region: http://example.org/星河\n",
            )
            + "extra:\n  note: name:星河\n"
        )
    )
    assert plan.school.motto == "name:星河"
    assert plan.extra == {"note": "name:星河"}
