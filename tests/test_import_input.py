"""plangen import on the command line, and bad input as design §7 says: a clear Chinese message,
exit 1, and bounded work (sizes are checked before anything is read or unpacked)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from plangen import load_plan, render_docx, render_markdown
from plangen.commands.importer.read import MAX_PART_BYTES

ROOT = Path(__file__).resolve().parent.parent
HEWAN = ROOT / "examples" / "hewan-primary-term.yaml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx() -> bytes:
    return render_docx(load_plan(HEWAN))


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _with_part(name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(_docx())) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    return _zip({**parts, name: data})


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as stream:
        stream.truncate(size)
    return path


CASES = {
    "not-a-zip.docx": (lambda p: p.write_bytes(b"hello"), "这不是有效的 .docx 文件"),
    "encrypted.docx": (
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        "设置了打开密码（已加密）",
    ),
    "macro.docm": (lambda p: p.write_bytes(_docx()), "含宏的 Word 文档（.docm），为安全起见不导入"),
    "vba.docx": (
        lambda p: p.write_bytes(_with_part("word/vbaProject.bin", b"\0")),
        "这个文档含有宏（VBA），为安全起见不导入",
    ),
    "bomb.docx": (
        lambda p: p.write_bytes(
            _zip({"word/document.xml": b"<a>" + b" " * (MAX_PART_BYTES + 1) + b"</a>"})
        ),
        "文档内容过大（word/document.xml 解压后超过 16 MB）",
    ),
    "empty.docx": (
        lambda p: p.write_bytes(
            _zip(
                {
                    "word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'.encode()
                }
            )
        ),
        "文档是空的：没有找到任何文字",
    ),
    "empty.txt": (lambda p: p.write_bytes(b""), "文档是空的：没有找到任何文字"),
    "big.docx": (lambda p: _sparse(p, 50 * 1024 * 1024), "文件过大（50.0 MB），超过 20 MB 的上限"),
    "big.txt": (lambda p: _sparse(p, 50 * 1024 * 1024), "文件过大（50.0 MB），超过 2 MB 的上限"),
    "prose.txt": (
        lambda p: p.write_text(
            "学校工作计划\n我们要努力工作，争取更好的成绩。\n", encoding="utf-8"
        ),
        "没有找到工作计划的标题层次",
    ),
    "entity.docx": (
        lambda p: p.write_bytes(
            _zip(
                {
                    "word/document.xml": b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&e;'
                    b"</w:t></w:r></w:p></w:body></w:document>"
                }
            )
        ),
        "文档是空的",  # the entity is not resolved: no other file's text comes in
    ),
    "old.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "旧版 Word 文档（.doc）"),
    "plan.pdf": (lambda p: p.write_bytes(b"%PDF-1.4"), "不支持的文件类型“.pdf”"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_explained_and_exits_1(cli, tmp_path: Path, name: str) -> None:
    make, message = CASES[name]
    path = tmp_path / name
    make(path)
    result = cli("import", path, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_missing_file(cli, tmp_path: Path) -> None:
    result = cli("import", tmp_path / "nope.docx")
    assert result.exit_code == 1
    assert "文件不存在，请检查路径" in result.output


def test_gbk_text_is_read(cli, tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(
        "某某小学2025—2026学年工作计划\n一、指导思想\n坚持立德树人。\n".encode("gb18030")
    )
    result = cli("import", path, "-o", tmp_path / "plan.yaml")
    assert result.exit_code == 0, result.output
    assert load_plan(tmp_path / "plan.yaml").guiding_ideology == "坚持立德树人。"


def test_writes_yaml_to_stdout_and_the_report_to_stderr(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "hewan.docx"
    source.write_bytes(_docx())
    run = subprocess.run(
        [sys.executable, "-m", "plangen", "import", str(source)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("# yaml-language-server: $schema=./plan.schema.json\n")
    assert "school:\n  name: 青岚县河湾中心小学\n" in run.stdout
    assert run.stderr.startswith(
        "找到：指导思想 1 项，目标 3 项，指标 6 项，领域 3 项，任务 5 项，步骤 2 项"
    )
    assert "找到" not in run.stdout


def test_refuses_to_overwrite_without_force(cli, tmp_path: Path) -> None:
    source = tmp_path / "plan.md"
    source.write_text(render_markdown(load_plan(HEWAN)), encoding="utf-8")
    out = tmp_path / "plan.yaml"
    out.write_text("# mine\n", encoding="utf-8")
    result = cli("import", source, "-o", out)
    assert result.exit_code == 1
    assert "已存在；如要覆盖请加 --force" in result.output
    assert out.read_text(encoding="utf-8") == "# mine\n"
    result = cli("import", source, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert load_plan(out).school.name == "青岚县河湾中心小学"
    assert (tmp_path / "plan.schema.json").exists()
    assert f"已写入 {out}" in result.output


def test_a_text_too_long_for_a_plan_is_refused(cli, tmp_path: Path) -> None:
    """A text under the 2 MB input limit whose plan would pass the plan file's own limit."""
    lines = ["某某小学2025—2026学年工作计划", "一、重点工作", "（一）教学"]
    size, i = 0, 0
    while size < 1_950_000:
        i += 1
        lines.append(f"任务{i}：落实工作要求。")  # a run-in task: its YAML is longer than its text
        size += len(lines[-1].encode("utf-8")) + 1
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert path.stat().st_size < 2 * 1024 * 1024
    result = cli("import", path, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1, result.output[-300:]
    assert "导入得到的计划超过计划文件 2 MB 的上限" in result.output


def test_a_word_file_not_written_by_plangen(tmp_path: Path) -> None:
    """A .docx as Word writes it (python-docx's default template): Title and Heading styles,
    a bold run lead-in, a table; the ladder still comes from the markers."""
    import docx
    from import_support import reimport

    document = docx.Document()
    document.add_heading("柳溪小学2026—2027学年工作计划", 0)
    document.add_heading("一、指导思想", 1)
    document.add_paragraph("以立德树人为根本任务。")
    document.add_heading("二、重点工作", 1)
    document.add_heading("（一）教学管理", 2)
    item = document.add_paragraph()
    item.add_run("常规检查").bold = True
    item.add_run("：每月检查一次备课和作业。")
    document.add_heading("三、行事历", 1)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ("时间", "工作内容", "负责部门"),
            ("九月份", "开学典礼", "德育处"),
            ("十月份", "运动会", "体育组、德育处"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    source = tmp_path / "word.docx"
    document.save(str(source))
    plan, _, result = reimport(source, tmp_path)
    assert plan.school.name == "柳溪小学" and plan.period.academic_year == 2026
    assert plan.guiding_ideology == "以立德树人为根本任务。"
    assert [(t.title, t.text) for t in plan.areas[0].tasks] == [
        ("常规检查", "每月检查一次备课和作业。")
    ]
    assert [(e.month, e.items[0].owner) for e in plan.schedule] == [
        (9, "德育处"),
        (10, ["体育组", "德育处"]),
    ]
    assert plan.headings.tasks == "重点工作" and plan.headings.schedule == "行事历"
    assert not result.notes.left_


def test_control_characters_and_tabs_do_not_break_the_yaml(cli, tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_text(
        "某某小学2025—2026学年工作计划\n一、指导思想\n坚持\x0b立德\t树人。\x1b[31m\n网页\x07尾巴\n",
        encoding="utf-8",
    )
    result = cli("import", path, "-o", tmp_path / "plan.yaml")
    assert result.exit_code == 0, result.output
    assert load_plan(tmp_path / "plan.yaml").guiding_ideology == "坚持立德 树人。[31m\n网页尾巴"


def test_line_separators_keep_the_early_size_bound_below_the_yaml(tmp_path: Path) -> None:
    """ruamel writes U+2028 as the two-byte escape \\L inside a quoted text: the bound that refuses
    an oversized import early counts it so, and such a plan is imported (reimport checks the bound)."""
    from import_support import reimport

    source = tmp_path / "plan.md"
    text = "坚持：" + "\u2028" * 3200 + "立德树人，五育并举。"
    source.write_text(
        f"# 星河实验小学2025—2026学年工作计划\n\n## 一、指导思想\n\n{text}\n", encoding="utf-8"
    )
    plan, yaml_text, _ = reimport(source, tmp_path)
    assert "\\L" in yaml_text
    assert plan.guiding_ideology is not None and "\u2028" in str(plan.guiding_ideology)
