"""Every command the README shows runs as written, in a fresh folder with the files it names.

The README's two commands (`make demo`, `make test`) are what CI and a newcomer run; every other
shell block — the first steps, a school's own theme, the yearly script for a county — is run here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def _fences(*infos: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(README)
    return [t.content for t in tokens if t.type == "fence" and t.info.strip() in infos]


def _workspace(tmp_path: Path) -> Path:
    """Returns a folder holding every file the README's commands name."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "xinghe-primary.yaml", work / "计划.yaml")
    theme = next(block for block in _fences("yaml") if block.startswith("# 本校版式.yaml"))
    (work / "本校版式.yaml").write_text(theme, encoding="utf-8")
    (work / "county").mkdir()
    (work / "schools").mkdir()
    shutil.copy(ROOT / "examples" / "inherit" / "bureau-base.yaml", work / "county" / "base.yaml")
    school = (ROOT / "examples" / "inherit" / "school.yaml").read_text(encoding="utf-8")
    school = school.replace("extends: bureau-base.yaml", "extends: ../county/base.yaml")
    (work / "schools" / "溪口镇中心小学.yaml").write_text(school, encoding="utf-8")
    from plangen import load_plan, render_docx  # “从已有计划开始” imports last year's .docx

    (work / "去年的计划.docx").write_bytes(
        render_docx(load_plan(ROOT / "examples" / "hewan-primary-term.yaml"))
    )
    return work


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PLANGEN_CACHE_DIR": str(tmp_path / "cache"),
        "COLUMNS": "80",
    }


@pytest.mark.skipif(
    shutil.which("plangen", path=str(BIN)) is None, reason="plangen 命令未安装在当前环境"
)
def test_every_shell_command_in_the_readme_runs(tmp_path: Path) -> None:
    work, env = _workspace(tmp_path), _env(tmp_path)
    ran = []
    for block in _fences("sh"):
        for line in block.splitlines():
            if not line.startswith("plangen "):
                assert line.startswith("make "), (
                    line
                )  # only the README's two commands are not run here
                continue
            done = subprocess.run(
                ["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=300
            )
            assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
            ran.append(line)
    assert len(ran) >= 4


@pytest.mark.skipif(
    shutil.which("plangen", path=str(BIN)) is None, reason="plangen 命令未安装在当前环境"
)
def test_the_yearly_script_in_the_readme_runs(tmp_path: Path) -> None:
    work, env = _workspace(tmp_path), _env(tmp_path)
    (script,) = _fences("bash")
    (work / "yearly.sh").write_text(script, encoding="utf-8")
    done = subprocess.run(
        ["bash", "yearly.sh"], cwd=work, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "2027—2028学年" in (work / "schools" / "溪口镇中心小学.yaml").read_text(
        encoding="utf-8"
    ) or "academic_year: 2027" in (work / "schools" / "溪口镇中心小学.yaml").read_text(
        encoding="utf-8"
    )
    assert len(list((work / "out" / "2027").glob("*.docx"))) == 6
    assert (work / "changes" / "2027" / "溪口镇中心小学.txt").is_file()


def _now_excerpts() -> list[tuple[str, str]]:
    """Returns (style, excerpt) for each “现在：” block of the README's style sections."""
    found = []
    style = None
    lines = README.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("### ") and "：" in line:
            style = line[4:].split("：")[0].strip()
        if line.strip() == "现在：" and style:
            start = lines.index("```markdown", i) + 1
            end = lines.index("```", start)
            found.append((style, "\n".join(lines[start:end])))
    return found


def test_each_style_excerpt_is_what_plangen_writes_today() -> None:
    """The README shows, per style, an excerpt of today's output: each of its lines (an elision
    “……” standing for text left out) is a line of that style's golden output. A change to a
    template that makes an excerpt stale fails here, not in a reader's hands."""
    excerpts = _now_excerpts()
    assert {style for style, _ in excerpts} == {
        "standard",
        "narrative",
        "rules",
        "okr",
        "collab",
        "innovation",
    }
    for style, excerpt in excerpts:
        golden_lines = {
            line
            for path in (ROOT / "tests" / "golden").glob(f"*.{style}.md")
            for line in path.read_text(encoding="utf-8").splitlines()
        }
        for line in excerpt.splitlines():
            if not line.strip():
                continue
            head, *rest = line.split("……")
            matches = [
                g
                for g in golden_lines
                if g.startswith(head) and g.endswith(rest[-1] if rest else head)
            ]
            if rest:
                matches = [g for g in matches if all(part in g for part in rest)]
            else:
                matches = [g for g in matches if g == line]
            assert matches, f"README 的 {style} 摘录中这一行不在输出里：{line}"
