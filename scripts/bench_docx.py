"""Micro-benchmark of the Markdown → .docx converter, in process.

Builds a Markdown document in the shape of a normal plan (about 10,000 characters: a title,
6 `##` sections, 25 `###` subsections, paragraphs with bold lead-ins, 2 tables of about 10 rows,
落款), converts it N times per theme and prints the median and best ms per document; then times
`render_docx(plan, "standard", markdown=md)` on examples/xinghe-primary.yaml (Markdown rendered
once, so only metadata, theme lookup and conversion are timed).

    .venv/bin/python scripts/bench_docx.py [-n 200] [--theme gongwen] [--clock cpu] [--write out.docx]

On a busy machine `--clock cpu` (this process's CPU time) says more than wall time.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plangen.docx import DocMeta, markdown_to_docx
from plangen.docx.theme import load_theme

_CN = "一二三四五六七八九十"
_SECTIONS = ["指导思想", "工作目标", "重点任务与措施", "工作安排", "保障措施", "评价与复盘"]
_TOPICS = [
    "德育",
    "教学",
    "教研",
    "体育",
    "艺术",
    "劳动教育",
    "心理健康",
    "安全",
    "后勤",
    "家校共育",
    "信息化",
    "课后服务",
    "阅读推广",
    "科技创新",
    "教师发展",
    "班主任队伍",
    "校园文化",
    "卫生健康",
    "社团活动",
    "综合评价",
    "特殊教育",
    "图书管理",
    "财务管理",
    "档案管理",
    "对外交流",
]
_CLAUSES = [
    "围绕立德树人根本任务，把各项工作落到每一个班级和每一名学生",
    "建立“周安排、月检查、期末评价”的工作机制，做到责任到人、时间到点",
    "每月开展一次专题活动，活动前有方案、活动中有记录、活动后有总结",
    "学期初制定计划，学期中组织视导，学期末进行量化考核并公布结果",
    "发挥骨干教师的示范作用，以老带新，促进青年教师尽快成长",
    "完善家校沟通渠道，每学期召开两次家长会，开展一次家访活动",
    "加强过程管理，发现问题及时整改，确保各项指标稳步提升",
    "结合学校实际，整合校内外资源，形成具有本校特点的工作品牌",
]


def _chinese(n: int) -> str:
    """Returns 1..99 as Chinese numerals (一 … 九十九)."""
    if n <= 10:
        return _CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


def _paragraph(seed: int, sentences: int = 3) -> str:
    return "；".join(_CLAUSES[(seed + i * 3) % len(_CLAUSES)] for i in range(sentences)) + "。"


def _table(title: str, rows: int, seed: int) -> str:
    lines = [f"| {title} | 工作内容 | 负责部门 |", "|:---:|---|:---:|"]
    for i in range(rows):
        work = _CLAUSES[(seed + i) % len(_CLAUSES)][:18]
        lines.append(f"| {i + 1}月 | {work} | {_TOPICS[(seed + i) % len(_TOPICS)]}处 |")
    return "\n".join(lines)


# The metadata the sample is converted with (also by scripts/docx_snapshot.py).
SAMPLE_META = DocMeta(
    title="青城中心小学2025—2026学年工作计划",
    author="高青县青城学区中心小学",
    date=datetime.date(2025, 9, 10),
    signature=("高青县青城学区中心小学", "2025年9月10日"),
    doc_number="青小发〔2025〕3号",
)


def sample_plan_markdown() -> str:
    """Returns a Markdown plan of about 10,000 characters (6 sections, 25 subsections, 2 tables)."""
    blocks = ["# 青城中心小学2025—2026学年工作计划", "青小发〔2025〕3号"]
    topic = 0
    per_section = [3, 5, 6, 4, 4, 3]
    for s, name in enumerate(_SECTIONS):
        blocks.append(f"## {_chinese(s + 1)}、{name}")
        blocks.append(_paragraph(s, 7))
        for k in range(per_section[s]):
            blocks.append(f"### （{_chinese(k + 1)}）{_TOPICS[topic]}工作")
            blocks.append(f"**1.目标任务**。{_paragraph(topic, 3)}")
            blocks.append(f"**2.具体措施**。{_paragraph(topic + 1, 3)}")
            blocks.append(_paragraph(topic + 2, 3))
            topic += 1
        if s == 3:
            blocks.append(_table("月份", 10, 1))
            blocks.append(_table("时间", 10, 5))
    blocks.extend(["高青县青城学区中心小学", "2025年9月10日"])
    return "\n\n".join(blocks) + "\n"


def main() -> None:
    """Prints ms per document (median and best of N runs) for each theme."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="runs per theme (default 200)")
    parser.add_argument("--theme", action="append", help="theme name or .yaml (default: both)")
    parser.add_argument("--write", type=Path, help="also write the first theme's .docx here")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall time (default) or this process's CPU time",
    )
    parser.add_argument(
        "--plan-runs",
        type=int,
        default=50,
        help="runs of render_docx on examples/xinghe-primary.yaml (default 50; 0 skips)",
    )
    args = parser.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    markdown = sample_plan_markdown()
    print(f"Markdown: {len(markdown)} characters")
    for i, name in enumerate(args.theme or ["gongwen", "plain"]):
        theme = load_theme(name)
        start = clock()
        data = markdown_to_docx(
            markdown, theme, SAMPLE_META
        )  # first call builds the theme's skeleton
        first = (clock() - start) * 1000
        times = []
        for _ in range(args.n):
            start = clock()
            markdown_to_docx(markdown, theme, SAMPLE_META)
            times.append((clock() - start) * 1000)
        print(
            f"{name:>8}: {statistics.median(times):6.2f} ms/doc median, {min(times):6.2f} best "
            f"(n={args.n}; first call {first:.1f} ms incl. theme setup; {len(data)} bytes)"
        )
        if args.write and i == 0:
            args.write.write_bytes(data)
    if args.plan_runs:
        _bench_plan(args.plan_runs, clock)


def _bench_plan(runs: int, clock: Callable[[], float]) -> None:
    """Prints the median ms of render_docx(plan, "standard", markdown=md) on the example plan."""
    from plangen.pipeline.document import markdown_text, render_docx
    from plangen.plan.load import load_plan

    plan = load_plan(Path(__file__).resolve().parent.parent / "examples" / "xinghe-primary.yaml")
    markdown = markdown_text(plan, "standard")
    render_docx(plan, "standard", markdown=markdown)
    times = []
    for _ in range(runs):
        start = clock()
        render_docx(plan, "standard", markdown=markdown)
        times.append((clock() - start) * 1000)
    print(
        f"render_docx(xinghe-primary, standard, markdown=md): {statistics.median(times):6.2f} ms "
        f"median, {min(times):6.2f} best (n={runs})"
    )


if __name__ == "__main__":
    main()
