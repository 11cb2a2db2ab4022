"""Tests for `plangen roll`: next year's file keeps the user's writing and moves only the dates."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plangen import resources
from plangen.cli.app import app
from plangen.commands.roll import default_roll_path, roll_plan
from plangen.commands.roundtrip import guess_layout, round_trip_dump, round_trip_load
from plangen.errors import InputError, OutputError, UsageError
from plangen.plan.load import load_plan
from plangen.plan.period import shift_title_years

REPO = Path(__file__).resolve().parent.parent

PLAN_2023 = """\
# yaml-language-server: $schema=../schema/plan.schema.json
# 星河小学工作计划：每年用 plangen roll 生成下一年

school:
  name: 星河小学          # 全称
  short_name: '星河'
period:
  academic_year: 2023   # 学年起始年
  term: year
document:
  title: "星河小学2023—2024学年工作计划"
  issuer: 星河小学
  date: 2023-09-01
quotas:
  - id: behavior_rate
    name: 学生行为规范达标率
    target: 98
    unit: "%"
    compare: at_least   # 以上
    baseline: 96
  - id: drills
    name: 应急疏散演练
    target: 4
    unit: 次
    # 每学期两次，下面是安全指标
  - id: accidents
    name: 安全责任事故
    target: 0
    compare: zero
areas:
  - id: safety
    name: 安全工作
    tasks:
      - title: 应急演练
        quotas: [drills, accidents]
        tags: [routine]
schedule:
  - date: 2024-02-29   # 闰日
    items: [{text: 开学工作会议}]
  - date: "2024-03-01"
    items:
      - text: 安全教育日
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_roll_changes_only_the_year_the_dates_and_the_title(tmp_path):
    src = _write(tmp_path, "星河-2023.yaml", PLAN_2023)
    dest = tmp_path / "星河-2024.yaml"
    roll_plan(src, 2024, dest, targets_to_baselines=False)
    expected = (
        PLAN_2023.replace("academic_year: 2023", "academic_year: 2024")
        .replace('"星河小学2023—2024学年工作计划"', '"星河小学2024—2025学年工作计划"')
        .replace("date: 2023-09-01", "date: 2024-09-01")
        .replace("date: 2024-02-29", "date: 2025-02-28")
        .replace('date: "2024-03-01"', 'date: "2025-03-01"')
    )
    assert dest.read_text(encoding="utf-8") == expected
    plan = load_plan(dest)
    assert plan.title == "星河小学2024—2025学年工作计划"
    assert plan.period.label == "2024—2025学年"
    assert [str(e.date) for e in plan.schedule] == ["2025-02-28", "2025-03-01"]
    assert src.read_text(encoding="utf-8") == PLAN_2023  # the old year's file is untouched


def test_targets_to_baselines_copies_each_target_and_keeps_the_comments_in_place(tmp_path):
    src = _write(tmp_path, "plan.yaml", PLAN_2023)
    dest = tmp_path / "next.yaml"
    roll_plan(src, 2024, dest, targets_to_baselines=True)
    text = dest.read_text(encoding="utf-8")
    assert "    compare: at_least   # 以上\n    baseline: 98\n  - id: drills" in text
    assert (
        "    unit: 次\n    baseline: 4\n    # 每学期两次，下面是安全指标\n  - id: accidents" in text
    )
    assert "    compare: zero\n    baseline: 0\nareas:" in text
    plan = load_plan(dest)
    assert {q.id: (q.target, q.baseline) for q in plan.quotas} == {
        "behavior_rate": (98, 98),
        "drills": (4, 4),
        "accidents": (0, 0),
    }


def test_rolling_back_and_forth_restores_the_file_except_29_february(tmp_path):
    src = _write(tmp_path, "plan.yaml", PLAN_2023)
    roll_plan(src, 2026, tmp_path / "2026.yaml", targets_to_baselines=False)
    roll_plan(
        tmp_path / "2026.yaml", 2023, tmp_path / "back.yaml", targets_to_baselines=False, force=True
    )
    assert (tmp_path / "back.yaml").read_text(encoding="utf-8") == PLAN_2023.replace(
        "2024-02-29", "2024-02-28"
    )


def test_calendar_year_plan_moves_year_and_title(tmp_path):
    text = (
        "school:\n  name: 青岚县教育和体育局\nperiod:\n  year: 2026   # 年度\n"
        "document:\n  title: 青岚县教育和体育局2026年安全工作计划\n  date: 2026-01-12\n"
    )
    src = _write(tmp_path, "bureau.yaml", text)
    roll_plan(src, 2027, tmp_path / "out.yaml", targets_to_baselines=False)
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8") == (
        text.replace("2026   #", "2027   #")
        .replace("局2026年", "局2027年")
        .replace("2026-01-12", "2027-01-12")
    )


def test_a_file_that_inherits_its_period_and_date_gets_them(tmp_path):
    text = (
        "# 只写差异的学校计划\nextends: preset:primary-school\nschool:\n  name: 星河小学\n"
        "\n# 落款\ndocument:\n  issuer: 星河小学\n"
    )
    src = _write(tmp_path, "plan.yaml", text)
    preset = load_plan(resources.data_dir("presets") / "primary-school.yaml")
    assert preset.period.academic_year is not None and preset.document.date is not None
    year = preset.period.academic_year + 1
    roll_plan(src, year, tmp_path / "out.yaml", targets_to_baselines=False)
    day = preset.document.date.replace(year=preset.document.date.year + 1)
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8") == (
        "# 只写差异的学校计划\nextends: preset:primary-school\nschool:\n  name: 星河小学\n"
        f"period:\n  academic_year: {year}\n\n# 落款\ndocument:\n  issuer: 星河小学\n"
        f"  date: {day.isoformat()}\n"
    )
    rolled = load_plan(tmp_path / "out.yaml")
    assert rolled.period.label == f"{year}—{year + 1}学年"
    assert rolled.document.date == day  # last year's inherited date is not kept


def test_relative_extends_still_names_the_parent_from_the_new_folder(tmp_path):
    shutil.copy(REPO / "examples" / "inherit" / "bureau-base.yaml", tmp_path / "county.yaml")
    school = (REPO / "examples" / "inherit" / "school.yaml").read_text(encoding="utf-8")
    src = _write(
        tmp_path,
        "2025/school.yaml",
        school.replace("extends: bureau-base.yaml", "extends: ../county.yaml"),
    )
    dest = tmp_path / "archive" / "2026" / "school.yaml"
    roll_plan(src, 2026, dest, targets_to_baselines=False)
    assert "extends: ../../county.yaml" in dest.read_text(encoding="utf-8")
    plan = load_plan(dest)
    assert plan.period.academic_year == 2026
    assert plan.school.region == "江川省云溪市青岚县"  # still inherited from the county file


def _bundled_plans() -> list[Path]:
    presets = [
        p
        for p in sorted(resources.data_dir("presets").glob("*.yaml"))
        if not p.name.startswith("_")
    ]
    examples = sorted(resources.data_dir("examples").rglob("*.yaml"))
    return presets + examples


@pytest.mark.parametrize("path", _bundled_plans(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_plan_rolls_forward_and_still_loads(tmp_path, path):
    before = load_plan(path)
    for sibling in path.parent.glob("*.yaml"):  # keeps relative extends working
        shutil.copy(sibling, tmp_path / sibling.name)
    src = tmp_path / path.name
    same = tmp_path / "same.yaml"
    roll_plan(
        src, before.period.year or before.period.academic_year, same, targets_to_baselines=False
    )
    assert same.read_text(encoding="utf-8") == src.read_text(
        encoding="utf-8"
    )  # a no-op roll changes nothing

    roll_plan(
        src,
        (before.period.year or before.period.academic_year) + 1,
        tmp_path / "next.yaml",
        targets_to_baselines=True,
    )
    after = load_plan(tmp_path / "next.yaml")
    assert (after.period.year or after.period.academic_year) == (
        before.period.year or before.period.academic_year
    ) + 1
    if before.document.date is not None and after.document.date is not None:
        assert after.document.date.year == before.document.date.year + 1
    assert [q.id for q in after.quotas] == [q.id for q in before.quotas]


def test_an_invalid_plan_is_reported_and_nothing_is_written(tmp_path):
    src = _write(tmp_path, "plan.yaml", PLAN_2023.replace("target: 98\n", 'target: "98%"\n'))
    dest = tmp_path / "next.yaml"
    with pytest.raises(InputError) as caught:
        roll_plan(src, 2024, dest, targets_to_baselines=False)
    assert f"{src}:17:" in str(caught.value)
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]  # no temporary file left behind


def test_an_absurd_year_is_a_usage_error(tmp_path):
    src = _write(tmp_path, "plan.yaml", PLAN_2023)
    with pytest.raises(UsageError, match="年份 20245 超出范围"):
        roll_plan(src, 20245, tmp_path / "next.yaml", targets_to_baselines=False)


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("星河小学-2025.yaml", 2026, "星河小学-2026.yaml"),
        ("2025-2026学年.yaml", 2026, "2026-2027学年.yaml"),
        ("plan.yaml", 2026, "plan-2026.yaml"),
        ("plan.yml", 2030, "plan-2030.yml"),
        ("schools/bureau2026.yaml", 2027, "schools/bureau2027.yaml"),
    ],
)
def test_default_roll_path(name, year, expected):
    assert default_roll_path(Path(name), year) == Path(expected)


@pytest.mark.parametrize(
    ("title", "years", "expected"),
    [
        ("星河小学2025—2026学年第一学期工作计划", 1, "星河小学2026—2027学年第一学期工作计划"),
        ("2025-2026 学年工作要点", 2, "2027-2028 学年工作要点"),
        ("青岚县教育和体育局2026年安全工作计划", 1, "青岚县教育和体育局2027年安全工作计划"),
        ("落实2022版课程方案的工作计划", 1, "落实2022版课程方案的工作计划"),
    ],
)
def test_title_years(title, years, expected):
    assert shift_title_years(title, years) == expected


def test_cli_roll_writes_the_default_path_and_refuses_to_overwrite(tmp_path):
    src = _write(tmp_path, "星河-2023.yaml", PLAN_2023)
    runner = CliRunner()
    result = runner.invoke(app, ["roll", str(src), "--to", "2024", "--targets-to-baselines"])
    assert result.exit_code == 0, result.output
    assert load_plan(tmp_path / "星河-2024.yaml").quota_by_id["behavior_rate"].baseline == 98
    again = runner.invoke(app, ["roll", str(src), "--to", "2024"])
    assert again.exit_code == 1
    assert "已存在" in again.output


# --- the layout is guessed from the text, and the file parsed once ---------------------------

LAYOUTS = {
    (
        2,
        4,
        2,
    ): "school:\n  name: 星河小学\nquotas:\n  - id: a\n    name: 甲\n    steps:\n      - x\n",
    (2, 2, 0): "school:\n  name: 星河小学\nquotas:\n- id: a\n  name: 甲\n  steps:\n  - x\n",
    (4, 6, 4): "school:\n    name: 星河小学\nquotas:\n    - id: a\n      name: 甲\n",
    (
        3,
        5,
        3,
    ): "school:\n   name: 星河小学\nquotas:\n   - id: a\n     name: 甲\n",  # roll used to re-indent this
    (
        4,
        4,
        2,
    ): "# 注释：\nschool:    # 学校\n    name: 星河小学\nquotas:\n  - id: a\n    name: 甲\n",
}


@pytest.fixture
def count_loads(monkeypatch):
    """Returns a list that gets one entry per ruamel parse."""
    from ruamel.yaml import YAML

    calls: list[int] = []
    original = YAML.load

    def load(self, stream):
        calls.append(1)
        return original(self, stream)

    monkeypatch.setattr(YAML, "load", load)
    return calls


@pytest.mark.parametrize(("layout", "text"), LAYOUTS.items(), ids=str)
def test_the_layout_is_guessed_from_the_text_and_the_file_parsed_once(layout, text, count_loads):
    assert guess_layout(text) == layout
    yaml, data = round_trip_load(text, "plan.yaml")
    assert round_trip_dump(yaml, data) == text
    assert len(count_loads) == 1


@pytest.mark.parametrize("path", _bundled_plans(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_plan_is_parsed_once(path, count_loads):
    text = path.read_text(encoding="utf-8")
    yaml, data = round_trip_load(text, str(path))
    assert round_trip_dump(yaml, data) == text
    assert len(count_loads) == 1


def test_a_wrong_guess_falls_back_to_the_layout_that_writes_the_file_back(count_loads):
    text = "intro: |\n  - 第一条像列表\nitems:\n- a\n- b\n"
    assert guess_layout(text) == (2, 4, 2)  # misled by the block text
    yaml, data = round_trip_load(text, "plan.yaml")
    assert round_trip_dump(yaml, data) == text
    assert len(count_loads) > 1


# --- issue 13.3 / 14.1 / 14.8: an honest roll that keeps the user's bytes --------------------

KEPT = """\
school:
  name: 星河小学   # 全称
period: {academic_year: 2025}   # 学年
document:
  date: 2025-09-10  # 成文
  doc_number: 星小发〔2025〕12号
  title: 星河小学2025—2026学年工作计划
quotas:
  - {id: a, name: 达标率, target: 98, unit: "%"}
schedule:
  - &opening {date: 2025-09-01, items: [{text: 开学}]}
  - *opening
areas:
  - id: moral
    name: 德育
    partners: [家长委员会,   # 家委会
               社区]
"""


def _changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.split(b"\n"), after.split(b"\n")
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_a_bom_crlf_file_keeps_every_byte_of_the_lines_roll_does_not_change(tmp_path):
    src = tmp_path / "plan.yaml"
    src.write_bytes(b"\xef\xbb\xbf" + KEPT.replace("\n", "\r\n").encode("utf-8"))
    dest = tmp_path / "next.yaml"
    roll_plan(src, 2026, dest, targets_to_baselines=False)
    after = dest.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == KEPT.count("\n")
    assert _changed_lines(src.read_bytes(), after) == [
        (
            "period: {academic_year: 2025}   # 学年\r".encode(),
            "period: {academic_year: 2026}   # 学年\r".encode(),
        ),
        ("  date: 2025-09-10  # 成文\r".encode(), "  date: 2026-09-10  # 成文\r".encode()),
        (
            "  doc_number: 星小发〔2025〕12号\r".encode(),
            "  doc_number: 星小发〔2026〕12号\r".encode(),
        ),
        (
            "  title: 星河小学2025—2026学年工作计划\r".encode(),
            "  title: 星河小学2026—2027学年工作计划\r".encode(),
        ),
        (
            "  - &opening {date: 2025-09-01, items: [{text: 开学}]}\r".encode(),
            "  - &opening {date: 2026-09-01, items: [{text: 开学}]}\r".encode(),
        ),
    ]
    plan = load_plan(dest)
    assert [str(e.date) for e in plan.schedule] == [
        "2026-09-01",
        "2026-09-01",
    ]  # the alias moved once


def test_roll_returns_one_chinese_line_per_change(tmp_path):
    src = _write(tmp_path, "plan.yaml", KEPT)
    assert roll_plan(src, 2026, tmp_path / "next.yaml", targets_to_baselines=True) == [
        "学年：2025—2026 → 2026—2027",
        "成文日期：2025年9月10日 → 2026年9月10日",
        "文号：星小发〔2025〕12号 → 星小发〔2026〕12号",
        "标题：星河小学2025—2026学年工作计划 → 星河小学2026—2027学年工作计划",
        "行事历日期：2025年9月1日 → 2026年9月1日",
        "达标率：基线 无 → 98%",
    ]
    assert '  - {id: a, name: 达标率, target: 98, unit: "%", baseline: 98}\n' in (
        tmp_path / "next.yaml"
    ).read_text(encoding="utf-8")


def test_cli_roll_prints_the_changes_and_refuses_a_backward_roll_without_force(tmp_path):
    src = _write(tmp_path, "plan.yaml", KEPT)
    runner = CliRunner()
    result = runner.invoke(app, ["roll", str(src), "--to", "2026", "-o", str(tmp_path / "n.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "学年：2025—2026 → 2026—2027",
        "成文日期：2025年9月10日 → 2026年9月10日",
        "文号：星小发〔2025〕12号 → 星小发〔2026〕12号",
    ]
    back = runner.invoke(app, ["roll", str(src), "--to", "2024", "-o", str(tmp_path / "b.yaml")])
    assert back.exit_code == 1
    assert (
        f"{src}: 计划的学年起始年是 2025，--to 2024 是往回滚动；如确实要生成往年的计划，请加 --force"
        in back.output
    )
    assert not (tmp_path / "b.yaml").exists()
    forced = runner.invoke(
        app, ["roll", str(src), "--to", "2024", "-o", str(tmp_path / "b.yaml"), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert load_plan(tmp_path / "b.yaml").document.doc_number == "星小发〔2024〕12号"


def test_a_date_that_cannot_move_is_a_clear_error(tmp_path):
    src = _write(
        tmp_path,
        "plan.yaml",
        "school: {name: 星河小学}\nperiod: {academic_year: 2025}\ndocument: {date: 9999-12-31}\n",
    )
    result = CliRunner().invoke(
        app, ["roll", str(src), "--to", "2026", "-o", str(tmp_path / "n.yaml")]
    )
    assert result.exit_code == 1
    assert (
        f"{src}: document.date: 日期 9999-12-31 无法移动 1 年：结果超出公元 1 到 9999 年的范围；"
        "请改正这个日期"
    ) in result.output
    assert "Traceback" not in result.output and not (tmp_path / "n.yaml").exists()


@pytest.mark.parametrize("year", ["20266", "-5", "123456789012345678901"])
@pytest.mark.parametrize("command", ["validate", "render", "roll"])
def test_an_absurd_year_option_is_a_usage_error_everywhere(tmp_path, command, year):
    src = _write(
        tmp_path,
        "p.yaml",
        "school: {name: 星河小学}\nperiod: {academic_year: 2025}\ndocument: {date: 2025-09-10}\n",
    )
    option = "--to" if command == "roll" else "--year"
    args = [command, str(src), option, year] + (
        ["-o", str(tmp_path / "out")] if command != "validate" else []
    )
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    shown = year if len(year) < 12 else "12345678…（21 位数）"
    assert (
        f"年份 {shown} 超出范围：应在 1949 到 2200 之间（学年写起始年，如 2026）" in result.output
    )
    assert "内部错误" not in result.output and "Traceback" not in result.output


def test_a_file_that_inherits_keeps_its_comments_where_ruamel_would_move_or_drop_them(tmp_path):
    text = (
        "extends: preset:primary-school   # 继承预设\nschool:\n  name: 星河小学   # 全称\n"
        "document:\n  issuer: 星河小学   # 落款\nareas:\n  - id: moral   # 德育\n    name: 德育工作\n"
        "    partners: [家长委员会,   # 家委会\n               社区]\n"
    )
    src = _write(tmp_path, "plan.yaml", text)
    preset = load_plan(resources.data_dir("presets") / "primary-school.yaml")
    assert preset.period.academic_year is not None and preset.document.date is not None
    year = preset.period.academic_year + 2
    roll_plan(src, year, tmp_path / "out.yaml", targets_to_baselines=False)
    day = preset.document.date.replace(year=preset.document.date.year + 2)
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8") == (
        "extends: preset:primary-school   # 继承预设\nschool:\n  name: 星河小学   # 全称\n"
        f"period:\n  academic_year: {year}\n"
        f"document:\n  issuer: 星河小学   # 落款\n  date: {day.isoformat()}\nareas:\n  - id: moral   # 德育\n"
        "    name: 德育工作\n    partners: [家长委员会,   # 家委会\n               社区]\n"
    )


def test_the_c_parser_marks_count_characters_as_the_python_parser_does():
    yaml = pytest.importorskip("yaml")
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML 没有 C 扩展")
    text = 'a: 星河小学\r\nb: [家长委员会,  # 注释\r\n  社区]\r\nc: "〔2025〕"\r\n'

    def marks(loader) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []

        def walk(node) -> None:
            found.append((node.start_mark.index, node.end_mark.index))
            if isinstance(node.value, list):
                for item in node.value:
                    for child in item if isinstance(item, tuple) else (item,):
                        walk(child)

        walk(yaml.compose(text, Loader=loader))
        return found

    assert marks(yaml.CSafeLoader) == marks(yaml.SafeLoader)


def test_roll_explains_a_failed_write_in_chinese(tmp_path, monkeypatch):
    import errno

    from plangen.commands import roundtrip

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(roundtrip.os, "replace", full)
    source = Path(__file__).resolve().parent.parent / "examples" / "xinghe-primary.yaml"
    with pytest.raises(OutputError) as caught:
        roll_plan(source, 2026, tmp_path / "next.yaml", targets_to_baselines=False)
    assert "写入失败" in str(caught.value)
    assert "No space" not in str(caught.value)
