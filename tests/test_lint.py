"""lint: each rule fires on the slip it names, stays quiet on good text, and every bundled
example and preset comes out clean in every style."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint import lint

from plangen import load_plan, render_markdown
from plangen.render.templates import builtin_styles

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "examples").rglob("*.yaml")) + sorted(
    p for p in (ROOT / "presets").glob("*.yaml") if not p.name.startswith("_")
)

GOOD = """\
# 青岚县星河实验小学2025—2026学年工作计划

## 一、指导思想

坚持立德树人，早上7:30到校，比例为3:2，详见 https://xinghe.example.org/plan?a=1,b=2 网站。

他说：“好。”这件事……就这样定了！真的吗？

1\\)德育工作按计划推进（时间：每月1次；负责：德育处）。

### （一）德育工作

- **主题教育**：每月开展一次。
  - **升旗仪式**：每周一。

**1.组织保障**。领导小组每月开会。

1.2.2.1.主备人：阐述教学设计思路（时间：每周二）。

| 时间 | 工作内容 |
| :--- | ---: |
| 九月份 | 开学安全检查 |

Nonetheless, TrueType fonts are fine.
"""


def test_good_text_has_no_findings():
    assert lint(GOOD) == []


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ("学校,教师", "半角标点“,”"),
        ("目标:提升质量", "应改为全角“：”"),
        ("开展活动;做好记录", "“；”"),
        ("安全教育(每月)", "“（”"),
        ("真的吗?", "“？”"),
        ("加油!", "“！”"),
    ],
)
def test_half_width_punctuation_next_to_chinese(bad, words):
    findings = lint(f"## 一、总则\n\n{bad}\n")
    assert len(findings) >= 1
    assert findings[0].startswith("第3行：")
    assert words in findings[0]


@pytest.mark.parametrize(
    "bad",
    [
        "完成。。",
        "目标，。",
        "内容；。",
        "甲、、乙",
        "负责：。",
        "要求！，",
        "（，说明）",
        "说明，）",
    ],
)
def test_piled_punctuation(bad):
    findings = lint(f"{bad}\n")
    assert findings and "标点重叠" in findings[0]


@pytest.mark.parametrize(
    "bad", ["2025-2026学年", "2025–2026学年", "2025－2026学年", "2025——2026学年", "2025 - 2026学年"]
)
def test_school_year_without_the_em_dash(bad):
    findings = lint(f"# 青岚小学{bad}工作计划\n")
    assert findings == [f"第1行：学年写作“{bad}”，应写作“2025\u20142026学年”（一字线）"]


@pytest.mark.parametrize(
    "bad",
    ["##", "## 一、", "### （二）", "## 第三章：", "#### 关键结果1.1：", "### 1.1 ", "#### 1."],
)
def test_empty_heading(bad):
    findings = lint(f"正文。\n\n{bad}\n")
    assert findings == [f"第3行：标题“{bad.strip()}”没有文字"]


@pytest.mark.parametrize("bad", ["- ", "-", "  - **：**", "* ****", "1. "])
def test_empty_bullet(bad):
    findings = lint(f"正文。\n\n{bad}\n")
    assert any(f.startswith("第3行：") and "没有内容" in f for f in findings), findings


@pytest.mark.parametrize(
    ("bad", "leftover"),
    [
        ("负责：None。", "None"),
        ("已完成：True。", "True"),
        ("协作单位：{{ task.partners }}。", "{{"),
        ("{% if x %}内容", "{%"),
        ("协作单位：[]。", "[]"),
        ("内容View(Area)", "View("),
        ("时间（）安排", "（）"),
    ],
)
def test_template_leftovers(bad, leftover):
    findings = lint(f"{bad}\n")
    assert any(f"模板残留“{leftover}”" in f for f in findings), findings


def test_bold_that_commonmark_does_not_close():
    findings = lint("**（一）组织保障。**领导小组每月开会。\n\n**（二）制度保障**。修订制度。\n")
    assert len(findings) == 1
    assert findings[0].startswith("第1行：加粗标记“**”未生效")


def test_findings_are_ordered_by_line():
    findings = lint("甲,乙\n\n## 二、\n\n2025-2026学年\n")
    assert [f.split("：", 1)[0] for f in findings] == ["第1行", "第3行", "第5行"]


def test_front_matter_is_not_prose():
    assert (
        lint("---\ntitle: 青岚小学工作计划\ncategory: 学校工作计划\n---\n\n# 青岚小学工作计划\n")
        == []
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.parametrize("style", list(builtin_styles()))
def test_every_bundled_plan_is_clean_in_every_style(path, style):
    assert lint(render_markdown(load_plan(path), style)) == []
