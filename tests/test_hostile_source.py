"""Hostile input, second round (issue 14), the cases that belong to reading and validating a plan:
each gives one located Chinese line, exit code 1 and no traceback, quotes nothing from a file the
user did not name as a plan, and stays within bounded time and memory. Grouped by stage:
bytes → text, YAML values, validation, extends, themes, bounds, and one Hypothesis property."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINIMAL_PLAN, scaled_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plangen.errors import InputError
from plangen.pipeline.output import describe_os_error
from plangen.plan.load import load_plan
from plangen.plan.model import Plan
from plangen.source.oserrors import os_reason

SAVE_AS_UTF8 = "请在编辑器中“另存为”并选择 UTF-8 编码（记事本：编码选 UTF-8；VS Code：右下角编码 → 通过编码保存 → UTF-8）"
HUGE_HEX = "0x" + "f" * 5000
TOO_MANY_DIGITS = (
    "位数过多（最多 30 位）；请写一个普通大小的数字，如果它是编号或文字，请给它加上引号"
)
QUIET = "被继承的文件在这里有错误；它不在当前文件所在的文件夹中，出于安全考虑不显示其内容，请打开这个文件检查这一处"
ROOT = Path(__file__).resolve().parents[1]


def _lines(path: Path | str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_plan(path)
    return str(caught.value).splitlines()


def _clean_failure(result: Any, expected: list[str]) -> None:
    """The CLI exited 1, printed every expected line, and showed no traceback and no internal error."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "内部错误" not in result.output
    for line in expected:
        assert line in result.output.splitlines()


# --- bytes → text ---------------------------------------------------------------------------------


def test_latin1_is_named_as_latin1_not_gbk(write_yaml) -> None:
    text = (
        "school:\n  name: Ecole\nperiod:\n  academic_year: 2025\nextra:\n  note: naïve café señor\n"
    )
    write_yaml(text.encode("latin-1"))
    assert _lines("plan.yaml") == [
        f"plan.yaml:6:1: 文件不是 UTF-8 编码，看起来是 Latin-1（西欧语言）编码（第 6 行起）；{SAVE_AS_UTF8}"
    ]


def test_gbk_is_still_named_as_gbk(write_yaml) -> None:
    write_yaml(MINIMAL_PLAN.encode("gbk"))
    assert _lines("plan.yaml") == [
        f"plan.yaml: 文件是 GBK/GB18030 编码，plangen 只读取 UTF-8：{SAVE_AS_UTF8}"
    ]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_without_bom_is_named_not_called_binary(encoding: str, write_yaml) -> None:
    write_yaml(MINIMAL_PLAN.encode(encoding))
    assert _lines("plan.yaml") == [
        f"plan.yaml: 文件是不带 BOM 标记的 UTF-32 编码，无法可靠识别；{SAVE_AS_UTF8}"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    # In a child: opening a FIFO nobody writes to blocks for ever, which must fail the test, not hang it.
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    done = _run_plangen("validate", str(fifo))
    assert done.returncode == 1, done.stderr
    assert (done.stdout + done.stderr).splitlines()[0] == (
        f"{fifo}: 这是一个管道或套接字，不是普通文件；请指定 .yaml 计划文件"
        "（要从管道读取，请用“-”表示标准输入）"
    )


def test_os_errors_are_described_in_chinese() -> None:
    assert (
        os_reason(IsADirectoryError(errno.EISDIR, "Is a directory")) == "这是一个文件夹，不是文件"
    )
    assert (
        os_reason(OSError(errno.EIO, "Input/output error"))
        == "磁盘读写出错（输入/输出错误），请检查磁盘或网络盘"
    )
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert describe_os_error(PermissionError(errno.EACCES, "Permission denied")) == "没有写入权限"
    assert (
        os_reason(OSError(errno.EPROTO, "Protocol error"))
        == f"操作系统报告错误 EPROTO（错误号 {errno.EPROTO}）"
    )
    assert os_reason(OSError(99999, "Made up")) == "操作系统报告了未知错误"


# --- YAML values: integers, control characters, keys ---------------------------------------------

QUOTA = MINIMAL_PLAN + "quotas:\n  - id: q1\n    name: 升学率\n    target: {}\n"
VALUE_CASES = {
    "huge_hex_target": (
        QUOTA.format(HUGE_HEX),
        [
            f"plan.yaml:9:13: quotas[0].target: 数字“0xffffffffffffffffff……”有 5,000 位，{TOO_MANY_DIGITS}"
        ],
    ),
    "4001_digit_target": (
        QUOTA.format("9" * 4001),
        [
            f"plan.yaml:9:13: quotas[0].target: 数字“99999999999999999999……”有 4,001 位，{TOO_MANY_DIGITS}"
        ],
    ),
    "two_huge_ids": (
        MINIMAL_PLAN
        + f"areas:\n  - id: {HUGE_HEX}\n    name: 甲\n  - id: {HUGE_HEX}\n    name: 乙\n",
        [
            f"plan.yaml:7:9: areas[0].id: 数字“0xffffffffffffffffff……”有 5,000 位，{TOO_MANY_DIGITS}",
            f"plan.yaml:9:9: areas[1].id: 数字“0xffffffffffffffffff……”有 5,000 位，{TOO_MANY_DIGITS}",
        ],
    ),
    "binary_academic_year": (
        MINIMAL_PLAN.replace("academic_year: 2025", "academic_year: 0b" + "1" * 20000),
        [
            f"plan.yaml:5:18: period.academic_year: 数字“0b111111111111111111……”有 20,000 位，"
            f"{TOO_MANY_DIGITS}"
        ],
    ),
    "octal_where_text": (
        MINIMAL_PLAN.replace("name: 青岚县星河实验小学", "name: 0" + "7" * 6000),
        [f"plan.yaml:2:9: school.name: 数字“07777777777777777777……”有 6,001 位，{TOO_MANY_DIGITS}"],
    ),
    "huge_int_in_front_matter": (
        MINIMAL_PLAN + f"document:\n  front_matter:\n    x: {HUGE_HEX}\n",
        [
            f"plan.yaml:8:8: document.front_matter.x: 数字“0xffffffffffffffffff……”有 5,000 位，"
            f"{TOO_MANY_DIGITS}"
        ],
    ),
    "bell_escape": (
        MINIMAL_PLAN.replace("name: 青岚县星河实验小学", 'name: "星河\\x07小学"'),
        [
            "plan.yaml:2:9: school.name: 文字中有不可见的控制字符 U+0007（响铃 BEL），写进文档会出错；请删除它"
            "（双引号中的转义如“\\x07”“\\e”“\\0”会产生这类字符）"
        ],
    ),
    "escape_escape": (
        MINIMAL_PLAN + 'extra:\n  note: "\\e[31m红色"\n',
        [
            "plan.yaml:7:9: extra.note: 文字中有不可见的控制字符 U+001B（转义符 ESC），写进文档会出错；请删除它"
            "（双引号中的转义如“\\x07”“\\e”“\\0”会产生这类字符）"
        ],
    ),
    "nul_escape": (
        MINIMAL_PLAN.replace("short_name: 星河小学", 'short_name: "星河\\0"'),
        [
            "plan.yaml:3:15: school.short_name: 文字中有不可见的控制字符 U+0000（空字符 NUL），写进文档会出错；请删除它"
            "（双引号中的转义如“\\x07”“\\e”“\\0”会产生这类字符）"
        ],
    ),
    "lone_surrogate": (
        MINIMAL_PLAN.replace("name: 青岚县星河实验小学", 'name: "星河\\ud800小学"'),
        [
            "plan.yaml:2:9: school.name: 文字中有无效的 Unicode 字符 U+D800（单独的代理项，不是真正的字符，"
            "常由双引号中的“\\ud800”转义产生）；请删除它"
        ],
    ),
    "control_character_in_a_key": (
        MINIMAL_PLAN + 'extra:\n  "a\\x07": 1\n',
        [
            "plan.yaml:7:3: extra: 文字中有不可见的控制字符 U+0007（响铃 BEL），写进文档会出错；"
            "请删除它（双引号中的转义如“\\x07”“\\e”“\\0”会产生这类字符）"
        ],
    ),
    "tilde_key": (
        MINIMAL_PLAN + "~: 1\n",
        ["plan.yaml:6:1: ~: 未知字段“~”；自定义数据请放在 extra: 下"],
    ),
    "boolean_key_as_written": (
        MINIMAL_PLAN + "on: 1\n",
        ["plan.yaml:6:1: on: 未知字段“on”；自定义数据请放在 extra: 下"],
    ),
    "NO_where_text": (
        MINIMAL_PLAN.replace("name: 青岚县星河实验小学", "name: NO"),
        [
            "plan.yaml:2:9: school.name: 应为文字，实际为布尔值 false（YAML 把不带引号的 NO 读作布尔值）；"
            '若要写文字 NO，请加引号："NO"'
        ],
    ),
    "yes_where_text": (
        MINIMAL_PLAN.replace("short_name: 星河小学", "short_name: yes"),
        [
            "plan.yaml:3:15: school.short_name: 应为文字，实际为布尔值 true（YAML 把不带引号的 yes 读作布尔值）；"
            '若要写文字 yes，请加引号："yes"'
        ],
    ),
    "key_over_1024_characters": (
        MINIMAL_PLAN + "k" * 1030 + ": 1\n",
        [
            "plan.yaml:6:1: YAML 语法错误：这个键有 1,030 个字符，超过 YAML 允许的 1024 个，"
            "所以找不到它后面的冒号；请缩短键名，长文字请写在冒号后面作为值"
        ],
    ),
}


@pytest.mark.parametrize("case", VALUE_CASES, ids=list(VALUE_CASES))
def test_hostile_values_give_one_located_line(case: str, write_yaml, cli) -> None:
    content, expected = VALUE_CASES[case]
    write_yaml(content)
    assert _lines("plan.yaml") == expected
    _clean_failure(cli("validate", "plan.yaml"), expected)


@pytest.mark.parametrize("case", VALUE_CASES, ids=list(VALUE_CASES))
def test_pure_python_yaml_gives_the_same_lines(case: str, write_yaml, monkeypatch) -> None:
    """Where PyYAML has no libyaml (C) extension, the pure-Python loader reports the same."""
    from plangen.source import yamlnodes

    monkeypatch.setattr(yamlnodes, "_FAST", False)
    content, expected = VALUE_CASES[case]
    write_yaml(content)
    assert _lines("plan.yaml") == expected


def test_huge_int_in_front_matter_fails_render_as_validate_does(
    write_yaml, cli, tmp_path: Path
) -> None:
    content, expected = VALUE_CASES["huge_int_in_front_matter"]
    write_yaml(content)
    _clean_failure(cli("render", "plan.yaml", "-o", tmp_path / "out"), expected)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_thirty_digits_are_still_a_number(write_yaml) -> None:
    write_yaml(MINIMAL_PLAN + "extra:\n  code: 123456789012345678901234567890\n  hex: 0xff\n")
    plan = load_plan("plan.yaml")
    assert plan.extra == {"code": 123456789012345678901234567890, "hex": 255}


def test_tab_and_newline_escapes_stay_allowed(write_yaml) -> None:
    write_yaml(
        MINIMAL_PLAN.replace("short_name: 星河小学", 'short_name: "星河\\t小学"')
        + 'extra:\n  a: "一\\n二"\n'
    )
    plan = load_plan("plan.yaml")
    assert plan.school.short_name == "星河\t小学" and plan.extra == {"a": "一\n二"}


def test_many_entries_are_not_called_an_alias_bomb(write_yaml) -> None:
    rows = "".join(f"    - {{a: {i}, b: {i}, c: x, d: y, e: z}}\n" for i in range(20000))
    write_yaml(MINIMAL_PLAN + "extra:\n  rows:\n" + rows)
    assert _lines("plan.yaml") == [
        "plan.yaml:16673:21: 内容过多：文件中有超过 100,000 个值，已停止读取；计划文件通常只有几十 KB，"
        "请确认选对了文件，或把内容拆分到多个文件"
    ]


# --- validation: keys users cannot see ------------------------------------------------------------


def test_invisible_characters_in_keys_are_shown(write_yaml) -> None:
    write_yaml(MINIMAL_PLAN + "go\u200bals: []\n\ufeffperiod2: 1\n")
    assert _lines("plan.yaml") == [
        "plan.yaml:6:1: go<U+200B>als: 键“go<U+200B>als”中有不可见的字符 U+200B（如零宽空格、BOM）；请删除它，写作“goals”",
        "plan.yaml:7:1: <U+FEFF>period2: 键“<U+FEFF>period2”中有不可见的字符 U+FEFF（如零宽空格、BOM）；请删除它",
    ]


def test_an_empty_key_is_named_empty(write_yaml) -> None:
    write_yaml(MINIMAL_PLAN + '"": 1\n')
    assert _lines("plan.yaml") == ["plan.yaml:6:1: 键名是空的；请在冒号前写上字段名，或删除这一行"]


# --- extends: only regular .yaml files, and nothing quoted from outside the plan's folder ----------


def _plan_extending(folder: Path, ref: str) -> Path:
    plan = folder / "plan" / "school.yaml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text(f"extends: {ref}\n" + MINIMAL_PLAN, encoding="utf-8")
    return plan


@pytest.mark.parametrize(
    "content",
    [
        "password: hunter2\n",
        "password:hunter2\n",
        "school: [hunter2\n",
        "quotas: hunter2\n",
        "extends: hunter2.yaml\n",
        "school:\n  name: !!python/name:hunter2\n",
    ],
    ids=["unknown_key", "no_space", "syntax_error", "wrong_type", "extends", "tag"],
)
def test_a_file_outside_the_plan_folder_is_never_quoted(content: str, tmp_path: Path, cli) -> None:
    secret = tmp_path / "secret" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(content, encoding="utf-8")
    for ref in (str(secret), "../secret/secret.yaml"):
        plan = _plan_extending(tmp_path, ref)
        lines = _lines(plan)
        assert lines and all(line.endswith(QUIET) for line in lines), lines
        assert all(
            line.startswith(f"{plan.parent / ref if not ref.startswith('/') else secret}:")
            for line in lines
        )
        result = cli("validate", plan)
        _clean_failure(result, lines)
        assert "hunter2" not in result.output and "password" not in result.output


@pytest.mark.parametrize(
    "ref, message",
    [
        ("/etc/passwd", "只能继承 .yaml 或 .yml 文件，“passwd”不是；请检查路径"),
        ("/proc/self/environ", "只能继承 .yaml 或 .yml 文件，“environ”不是；请检查路径"),
        (
            "../pw.yaml",
            "“pw.yaml”是链接，指向的“passwd”不是 .yaml 或 .yml 文件；只能继承 .yaml 或 .yml 文件",
        ),
        (
            "../folder.yaml",
            "被继承的“folder.yaml”不是普通文件（可能是文件夹、管道或设备）；请指向一个 .yaml 文件",
        ),
        (
            "../fifo.yaml",
            "被继承的“fifo.yaml”不是普通文件（可能是文件夹、管道或设备）；请指向一个 .yaml 文件",
        ),
        (
            "../proc.yaml",
            "“proc.yaml”是链接，指向的“status”不是 .yaml 或 .yml 文件；只能继承 .yaml 或 .yml 文件",
        ),
    ],
)
def test_extends_reads_only_regular_yaml_files(ref: str, message: str, tmp_path: Path) -> None:
    if not Path("/etc/passwd").exists() or not Path("/proc/self/status").exists():
        pytest.skip("needs /etc/passwd and /proc")
    (tmp_path / "pw.yaml").symlink_to("/etc/passwd")
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "proc.yaml").symlink_to("/proc/self/status")  # resolves to /proc/<pid>/status
    plan = _plan_extending(tmp_path, ref)
    assert _lines(plan) == [f"{plan}:1:10: extends: {message}"]


@pytest.mark.skipif(not os.access("/dev/shm", os.W_OK), reason="needs a writable /dev/shm")
def test_extends_never_reads_under_dev_proc_or_sys(tmp_path: Path) -> None:
    inside_dev = Path("/dev/shm") / f"plangen-{os.getpid()}.yaml"
    inside_dev.write_text(MINIMAL_PLAN, encoding="utf-8")
    try:
        plan = _plan_extending(tmp_path, str(inside_dev))
        assert _lines(plan) == [f"{plan}:1:10: extends: 不能继承系统文件夹 /dev 中的文件"]
    finally:
        inside_dev.unlink()


def test_a_parent_in_the_plan_folder_is_still_quoted(tmp_path: Path) -> None:
    plan = _plan_extending(tmp_path, "base.yaml")
    (plan.parent / "base.yaml").write_text(
        "school:\n  name: 0b" + "1" * 40 + "\n", encoding="utf-8"
    )
    assert _lines(plan) == [
        f"{plan.parent / 'base.yaml'}:2:9: school.name: 数字“0b111111111111111111……”有 40 位，"
        f"{TOO_MANY_DIGITS}"
    ]


def test_a_preset_parent_still_works(tmp_path: Path) -> None:
    plan = _plan_extending(tmp_path, "preset:primary-school")
    assert load_plan(plan).school.name == "青岚县星河实验小学"


# --- themes ---------------------------------------------------------------------------------------


def test_control_character_in_a_font_name(write_yaml, cli, tmp_path: Path) -> None:
    write_yaml(MINIMAL_PLAN)
    write_yaml('base: gongwen\nstyles:\n  normal:\n    font: "宋\\x07体"\n', "bad.yaml")
    result = cli(
        "render", "plan.yaml", "--to", "docx", "--theme", "bad.yaml", "-o", tmp_path / "out"
    )
    _clean_failure(
        result,
        [
            "bad.yaml:4:11: styles.normal.font: 文字中有不可见的控制字符 U+0007（响铃 BEL），"
            "写进文档会出错；请删除它（双引号中的转义如“\\x07”“\\e”“\\0”会产生这类字符）"
        ],
    )


def test_font_names_are_checked_by_the_theme_model_too() -> None:
    from pydantic import ValidationError

    from plangen.docx.theme import PageNumberSpec, StyleSpec

    with pytest.raises(ValidationError, match="字体名中有不可见的控制字符 U\\+0007"):
        StyleSpec(font="宋\x07体")
    with pytest.raises(ValidationError, match="string_too_long"):
        PageNumberSpec(font="宋" * 65)


def test_a_long_font_fallback_is_refused(write_yaml, cli, tmp_path: Path) -> None:
    write_yaml(MINIMAL_PLAN)
    write_yaml(f'base: gongwen\nfont_fallbacks:\n  "宋体": "{"x" * 5000}"\n', "bad.yaml")
    result = cli(
        "render", "plan.yaml", "--to", "docx", "--theme", "bad.yaml", "-o", tmp_path / "out"
    )
    _clean_failure(
        result, ["bad.yaml:3:9: font_fallbacks.宋体: 文字过长：最多 64 个字，实际为 5000 个"]
    )


# --- bounds: time and memory, measured in a child with its address space capped --------------------

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    limit = 768 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from plangen.errors import InputError
    from plangen.plan.load import load_plan
    out = {}
    for name in sys.argv[1:]:
        start = time.process_time()
        try:
            load_plan(name)
            first = "OK"
        except InputError as exc:
            first = str(exc).splitlines()[0]
        except BaseException as exc:
            first = "Other " + type(exc).__name__
        out[name] = [first, time.process_time() - start]
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
    out["PEAK_MB"] = int(line.split()[1]) // 1024
    print(json.dumps(out, ensure_ascii=False))
""")


def _run_plangen(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run(
            [sys.executable, "-c", "from plangen.cli import main; main()", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("plangen did not finish on its own")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to measure memory")
def test_hostile_values_are_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    files = {
        "huge_hex_target": VALUE_CASES["huge_hex_target"][0],
        "4001_digit_target": VALUE_CASES["4001_digit_target"][0],
        "binary_academic_year": VALUE_CASES["binary_academic_year"][0],
        "long_key": VALUE_CASES["key_over_1024_characters"][0],
        "rows": MINIMAL_PLAN
        + "extra:\n  rows:\n"
        + "".join(f"    - {{a: {i}, b: {i}, c: x, d: y, e: z}}\n" for i in range(20000)),
        "digits_2mb": QUOTA.format("9" * 2_000_000),
    }
    names = []
    for name, content in files.items():
        (tmp_path / f"{name}.yaml").write_text(content, encoding="utf-8")
        names.append(str(tmp_path / f"{name}.yaml"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, *names],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("loading did not stop on its own")
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    for name in names:
        first, cpu_seconds = out[name]
        assert first.startswith(name + ":") and (
            "位数过多" in first or "内容过多" in first or "键有" in first
        ), first
        assert cpu_seconds < 5, (name, cpu_seconds)  # generous: each takes well under a second
    assert out["PEAK_MB"] < 200, out["PEAK_MB"]


# --- property: any text in any string field loads or is an InputError ------------------------------

EXAMPLE = ROOT / "examples" / "xinghe-primary.yaml"
PROPERTY = settings(
    max_examples=scaled_examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _string_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _string_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _string_paths(v, (*path, i))]
    return [path] if isinstance(data, str) else []


BASE = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
STRING_PATHS = _string_paths(BASE)
HOSTILE_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=50),  # controls, surrogates, anything
    st.integers(0, 100_000).map(lambda n: "汉" * n),
    st.tuples(st.integers(0, 50_000), st.sampled_from("\x00\x07\x1b\ud800\ufeff\u200b\t\n")).map(
        lambda t: "汉" * t[0] + t[1] + "字"
    ),
)


def _with(data: Any, path: tuple[Any, ...], value: str) -> Any:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _with(data[path[0]], path[1:], value)
    return copy


@PROPERTY
@given(path=st.sampled_from(STRING_PATHS), text=HOSTILE_TEXT)
def test_any_text_in_any_string_field_loads_or_is_an_input_error(
    tmp_path: Path, path: tuple[Any, ...], text: str
) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(
        yaml.safe_dump(_with(BASE, path, text), allow_unicode=True), encoding="utf-8"
    )
    try:
        assert isinstance(load_plan(plan_file), Plan)
    except InputError as exc:
        assert exc.problems
        for (
            problem
        ) in exc.problems:  # a Chinese message (pydantic's English once leaked for surrogates)
            assert any("\u4e00" <= c <= "\u9fff" for c in problem.message), problem
            assert problem.line > 1 or problem.col > 1 or not problem.path, (
                problem
            )  # placed, not at 1:1


def test_the_property_reaches_string_fields() -> None:
    assert len(STRING_PATHS) > 20
    assert ("school", "name") in STRING_PATHS


def test_a_theme_base_reads_only_yaml_files_too(write_yaml, cli, tmp_path: Path) -> None:
    if not Path("/etc/passwd").exists():
        pytest.skip("needs /etc/passwd")
    write_yaml(MINIMAL_PLAN)
    Path("pw.yaml").symlink_to("/etc/passwd")
    write_yaml("base: pw.yaml\n", "bad.yaml")
    result = cli(
        "render", "plan.yaml", "--to", "docx", "--theme", "bad.yaml", "-o", tmp_path / "out"
    )
    _clean_failure(
        result,
        [
            "bad.yaml:1:7: base: “pw.yaml”是链接，指向的“passwd”不是 .yaml 或 .yml 文件；"
            "只能继承 .yaml 或 .yml 文件"
        ],
    )
    assert "root:" not in result.output


def test_a_python_tag_in_a_theme_is_refused_in_chinese(write_yaml, cli, tmp_path: Path) -> None:
    write_yaml(MINIMAL_PLAN)
    write_yaml(
        'base: gongwen\nstyles:\n  normal:\n    font: !!python/object/apply:os.system ["true"]\n',
        "bad.yaml",
    )
    result = cli(
        "render", "plan.yaml", "--to", "docx", "--theme", "bad.yaml", "-o", tmp_path / "out"
    )
    _clean_failure(
        result,
        [
            "bad.yaml:4:11: styles.normal.font: 不支持的 YAML 标签“!!python/object/apply:os.system”，"
            "出于安全原因被拒绝；请删除这个标签"
        ],
    )


def test_refused_characters_are_exactly_those_pyyaml_refuses() -> None:
    """The reader names a character PyYAML would refuse, with its place. Its pattern lists the
    refused characters instead of PyYAML's accepted ones, so check the two sets agree on every
    code point: a character missed would reach PyYAML's own English error, one too many would
    refuse a plan PyYAML reads."""
    from plangen.source import text as source_text

    every = "".join(map(chr, range(0x110000)))
    ours = source_text._NON_PRINTABLE.findall(every)
    pyyaml = yaml.reader.Reader.NON_PRINTABLE.findall(every)
    assert ours == pyyaml
    # C0 but tab, LF and CR; DEL and C1 but NEL; the surrogates; U+FFFE and U+FFFF
    assert len(ours) == 9 + 2 + 18 + 6 + 26 + 2048 + 2


def test_gb2312_guess_counts_only_its_blocks() -> None:
    """A GBK file is told from Latin-1 by how many of its characters are CJK of GB2312."""
    from plangen.source import text as source_text

    assert (
        source_text._in_gb2312("学")
        and source_text._in_gb2312("，")
        and source_text._in_gb2312("　")
    )
    assert not source_text._in_gb2312("é") and not source_text._in_gb2312("a")
    assert not source_text._in_gb2312("\u3400")  # CJK extension A: outside GB2312's blocks
