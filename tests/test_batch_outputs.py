"""What a batch writes: never one plan over another, Markdown to stdout, style names in Chinese."""

from __future__ import annotations

from pathlib import Path

import plangen

EXAMPLES = Path(plangen.__file__).parent.parent / "examples"
SMALL = "extends: preset:primary-school\nschool:\n  name: {name}\n  short_name: 同名小学\n"


def _two_same_named(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(SMALL.format(name="甲县同名小学"), encoding="utf-8")
    b.write_text(SMALL.format(name="乙县同名小学"), encoding="utf-8")
    return a, b


def test_two_plans_that_would_write_one_file(cli, tmp_path: Path) -> None:
    a, b = _two_same_named(tmp_path)
    out = tmp_path / "out"
    result = cli("render", a, b, "-o", out, "--to", "md,docx")
    assert result.exit_code == 1
    assert f"{b}: 与 {a} 要写出同一个文件" in result.output
    assert "失败 1 个" in result.output
    files = sorted(out.iterdir())
    assert len(files) == 2  # a's .md and .docx, not overwritten by b's
    text = next(f for f in files if f.suffix == ".md").read_text(encoding="utf-8")
    assert "甲县同名小学" in text and "乙县同名小学" not in text


def test_errors_are_repeated_below_the_summary_table(cli, tmp_path: Path) -> None:
    good = EXAMPLES / "xinghe-primary.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text("school: {name: 某校}\n", encoding="utf-8")
    result = cli("render", good, bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    table_end = result.output.index("共 2 个计划")
    assert f"{bad}:" in result.output[:table_end]
    assert f"{bad}:" in result.output[table_end:]
    assert "以下文件有错误：" in result.output[table_end:]


def test_dash_o_writes_markdown_to_stdout(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("render", EXAMPLES / "xinghe-primary.yaml", "-o", "-")
    assert result.exit_code == 0
    assert "# 青岚县星河实验小学2025—2026学年工作计划" in result.stdout
    assert list(tmp_path.iterdir()) == []  # no folder named “-”


def test_dash_o_refuses_docx(cli, tmp_path: Path) -> None:
    result = cli("render", EXAMPLES / "xinghe-primary.yaml", "-o", "-", "--to", "docx")
    assert result.exit_code == 2
    assert "-o - 只能把 Markdown 写到标准输出" in result.output


def test_styles_by_chinese_name(cli, tmp_path: Path) -> None:
    result = cli(
        "render", EXAMPLES / "xinghe-primary.yaml", "-s", "规范版,目标与关键结果", "-o", tmp_path
    )
    assert result.exit_code == 0
    assert sorted(p.name.rsplit("-", 1)[1] for p in tmp_path.glob("*.md")) == [
        "okr.md",
        "standard.md",
    ]


def test_dash_reads_a_plan_from_stdin(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from plangen.cli.app import app

    monkeypatch.chdir(tmp_path)
    text = (EXAMPLES / "xinghe-primary.yaml").read_bytes()
    result = CliRunner().invoke(app, ["render", "-", "-o", "-"], input=text)
    assert result.exit_code == 0
    assert "# 青岚县星河实验小学2025—2026学年工作计划" in result.stdout
    bad = CliRunner().invoke(app, ["validate", "-"], input="school: {name: x}\n")
    assert bad.exit_code == 1
    assert "-:1:1: period: 缺少必填字段“period”" in bad.output


def test_no_more_workers_than_plans(tmp_path: Path, monkeypatch) -> None:
    from plangen.pipeline import batch
    from plangen.pipeline.build import Options

    started = []

    class Pool:
        def __init__(self, max_workers: int, **_: object) -> None:
            started.append(max_workers)

        def __enter__(self) -> Pool:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def map(self, fn, *iterables, chunksize: int = 1):  # type: ignore[no-untyped-def]
            return map(fn, *iterables)

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", Pool)  # imported when used
    plans = [
        EXAMPLES / "xinghe-primary.yaml",
        EXAMPLES / "bureau-2026.yaml",
        EXAMPLES / "hewan-primary-term.yaml",
    ]
    results = list(batch.run_batch(plans, Options(out_dir=tmp_path), jobs=64))
    assert started == [3]  # `-j 64` with three plans forks three workers, not 64
    assert all(r.error is None for r in results)


def test_a_batch_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    """A batch sets the objects of its warm start apart from the garbage collector while it runs
    (plangen.pipeline.batch), and gives them back when it ends: a program that calls run_batch
    now and then does not keep everything it ever held uncollectable."""
    import gc

    from plangen.pipeline import batch
    from plangen.pipeline.build import Options

    plans = [EXAMPLES / "xinghe-primary.yaml", EXAMPLES / "bureau-2026.yaml"]
    assert gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    during = []
    for result in batch.run_batch(plans, Options(out_dir=tmp_path)):
        assert result.error is None
        during.append((gc.get_freeze_count(), gc.get_threshold()[0]))
    assert all(frozen > 0 and young >= batch.GC_YOUNG for frozen, young in during)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


def test_a_batch_leaves_automatic_collection_off_when_the_caller_turned_it_off(
    tmp_path: Path,
) -> None:
    import gc

    from plangen.pipeline import batch
    from plangen.pipeline.build import Options

    plans = [EXAMPLES / "xinghe-primary.yaml", EXAMPLES / "bureau-2026.yaml"]
    threshold = gc.get_threshold()
    gc.set_threshold(0)
    try:
        during = [gc.get_threshold()[0] for _ in batch.run_batch(plans, Options(out_dir=tmp_path))]
        assert during == [0, 0]
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*threshold)
