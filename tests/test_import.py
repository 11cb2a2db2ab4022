"""plangen import: a plan plangen wrote comes back as the same plan.

Standard style: `render --to docx` (and .md), `import`, `render` gives the same Markdown, exactly.
Variant styles (narrative, rules, okr, collab, innovation): their frames (导言, 第N章, 目标N /
关键结果N.M, 1.2.1 rules, 结语) are plangen's words around the facts, and the importer reads them
the way it reads a hand-written plan, so a frame may come back as the school's own text. There
“matches” means: the import loads, nothing is left unplaced, and the Markdown rendered again in the
same style keeps at least 98% of the first one's Chinese characters (measured: 99.0% at worst).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import kept, reimport, round_trip

from plangen import load_plan, render_markdown

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("presets/*.yaml")])
VARIANTS = ("narrative", "rules", "okr", "collab", "innovation")


@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_standard_docx_imports_back_to_the_same_markdown(plan_file: Path, tmp_path: Path) -> None:
    first, again = round_trip(plan_file, "standard", "docx", tmp_path)
    assert again == first


@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_standard_markdown_imports_back_to_the_same_markdown(
    plan_file: Path, tmp_path: Path
) -> None:
    first, again = round_trip(plan_file, "standard", "md", tmp_path)
    assert again == first


@pytest.mark.parametrize("style", VARIANTS)
@pytest.mark.parametrize("plan_file", PLANS, ids=lambda p: p.stem)
def test_variant_styles_keep_their_text(plan_file: Path, style: str, tmp_path: Path) -> None:
    source = tmp_path / "plan.md"
    first = render_markdown(load_plan(plan_file), style)
    source.write_text(first, encoding="utf-8")
    plan, _text, result = reimport(source, tmp_path)
    assert not [t for place, _, t in result.notes.left_ if place == "_end"]
    assert kept(first, render_markdown(plan, style)) >= 0.98


def test_imported_plan_keeps_ids_out_and_names_in(tmp_path: Path) -> None:
    """What a user reads in the YAML: the school's names, headings only where they differ."""
    source = tmp_path / "hewan.md"
    source.write_text(
        render_markdown(load_plan(ROOT / "examples" / "hewan-primary-term.yaml")), encoding="utf-8"
    )
    plan, _text, _ = reimport(source, tmp_path)
    assert plan.school.name == "青岚县河湾中心小学"
    assert (plan.period.academic_year, plan.period.term) == (2025, "second")
    assert plan.document.doc_number == "河小发〔2026〕2号"
    assert plan.headings.guiding_ideology == "工作思路"
    assert plan.headings.tasks is None  # 重点任务与措施 is the default: not written
    backbone = next(q for q in plan.quotas if q.name == "校级学科骨干教师")
    assert (backbone.verb, backbone.target, backbone.unit) == ("培养", (2, 3), "名")
    assert "text" not in backbone.model_fields_set  # read exactly: no written-out phrase
    assert [d.name for d in plan.listed_departments] == ["教导处", "德育处", "总务处"]
    assert plan.schedule[0].month == 2 and plan.schedule[0].items[0].owner == ["总务处", "办公室"]
