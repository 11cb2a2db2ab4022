"""Other tools read the .docx: `openxml-audit` (the Open XML SDK's rules) finds no error in any
example × style × theme, nor in the wrapped notice or under native numbering; pandoc reading the
.docx back keeps the title, the headings, the lists and the table. Each is skipped, and says so,
where the tool is not installed (openxml-audit is in the `test` extra, pandoc in `bench`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from plangen import load_plan
from plangen.pipeline.document import render_docx
from plangen.render.templates import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    (e, s, t)
    for e in ("xinghe-primary", "bureau-2026")
    for s in builtin_styles()
    for t in ("gongwen", "plain")
]


def _docx(example: str, style: str, theme: str) -> bytes:
    return render_docx(load_plan(ROOT / "examples" / f"{example}.yaml"), style, theme=theme)


def _audit(data: bytes) -> list[str]:
    audit = pytest.importorskip(
        "openxml_audit", reason="未安装 openxml-audit（pip install openxml-audit）"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.docx"
        path.write_bytes(data)
        result = audit.OpenXmlValidator().validate(str(path))
    return [str(error) for error in result.errors if getattr(error, "severity", None) is None
            or "error" in str(error.severity).lower()]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids="-".join)
def test_openxml_audit_finds_no_error(case: tuple[str, str, str]) -> None:
    assert _audit(_docx(*case)) == []


@pytest.mark.slow
def test_openxml_audit_accepts_the_wrapper_and_native_numbering(tmp_path: Path) -> None:
    from test_docx_wrapper import wrapped

    assert _audit(wrapped()) == []
    native = tmp_path / "native.yaml"
    native.write_text("base: gongwen\nnumbering: native\n", encoding="utf-8")
    plan = load_plan(ROOT / "examples" / "xinghe-primary.yaml")
    assert _audit(render_docx(plan, "standard", theme=native)) == []


def _pandoc(pypandoc, data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".docx") as f:
        f.write(data)
        f.flush()
        return pypandoc.convert_file(
            f.name, "markdown", format="docx", extra_args=["--wrap=none", "--standalone"]
        )


@pytest.mark.slow
def test_pandoc_takes_the_notice_title_under_a_red_header() -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="未安装 pypandoc-binary（bench 依赖）")
    try:
        pypandoc.get_pandoc_version()
    except OSError:
        pytest.skip("未找到 pandoc")
    from test_docx_wrapper import wrapped

    meta, body = _pandoc(pypandoc, wrapped()).split("\n---\n", 1)
    assert "title: 关于印发《柳溪中心小学2019---2020学年第二学期学校工作计划》的通知" in meta
    assert body.lstrip().startswith("青岚县柳溪中心小学文件\n\n柳小发〔2020〕5号")


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["gongwen", "plain"])
def test_pandoc_reads_back_title_headings_lists_and_table(theme: str) -> None:
    pypandoc = pytest.importorskip("pypandoc", reason="未安装 pypandoc-binary（bench 依赖）")
    try:
        pypandoc.get_pandoc_version()
    except OSError:
        pytest.skip("未找到 pandoc")
    data = _docx("xinghe-primary", "collab", theme)
    text = _pandoc(pypandoc, data)
    # The title is the document's title, though the 文号 prints above it (issue 12: pandoc read it
    # as a paragraph when the 文号 came first); the 文号 follows as a paragraph.
    meta, body = text.split("\n---\n", 1)
    assert (
        meta.startswith("---\ntitle:") and "青岚县星河实验小学" in meta and "学年工作计划" in meta
    )
    assert body.lstrip().startswith("星小发〔2025〕12号")
    assert "\n# " in text and "\n## " in text  # headings stay headings
    assert "\n-   " in text or "\n- " in text  # lists stay lists (Word bullets in both themes)
    assert "\n• " not in text  # no typed bullet
    assert "十一月份" in text and ("---" in text or "|" in text)  # the table
