"""Fuzzing: whatever lands in a plan file, loading gives a Plan or an InputError — never another
exception (a traceback is a bug); and every valid plan renders in every style, to Markdown and .docx."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import scaled_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plangen.errors import InputError
from plangen.plan.fields import split_ime_list
from plangen.plan.load import load_plan
from plangen.plan.model import Plan
from plangen.render.templates import builtin_styles, render_markdown

# Example counts are those of the CI profile; the lighter dev profile runs a share (conftest.py).
FUZZ = settings(
    max_examples=scaled_examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
STYLES = list(builtin_styles())
HAS_DOCX = importlib.util.find_spec("plangen.docx.writer") is not None


@pytest.fixture(scope="module")
def plan_file() -> Iterator[Path]:
    """Returns one file path the examples overwrite (Hypothesis reruns a test many times)."""
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "plan.yaml"


def load_or_input_error(path: Path, content: str | bytes) -> Plan | None:
    """Writes `content`, loads it; returns the Plan or None for an InputError. Anything else fails."""
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    try:
        return load_plan(path)
    except InputError as exc:
        assert str(exc).strip(), "an InputError must say something"
        assert all(p.message for p in exc.problems)
        return None


# --- arbitrary text and bytes -------------------------------------------------------------------------


@FUZZ
@given(st.text())
def test_any_text_loads_or_is_an_input_error(plan_file: Path, text: str) -> None:
    load_or_input_error(plan_file, text)


@FUZZ
@given(st.binary())
def test_any_bytes_load_or_are_an_input_error(plan_file: Path, raw: bytes) -> None:
    load_or_input_error(plan_file, raw)


@FUZZ
@given(
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gb18030", "big5"]),
    st.text(),
)
def test_text_in_any_encoding_loads_or_is_an_input_error(
    plan_file: Path, encoding: str, text: str
) -> None:
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode(encoding, errors="replace")
    load_or_input_error(plan_file, raw)


# --- YAML-shaped text from fragments --------------------------------------------------------------------

SCHEMA_KEYS = [
    "school",
    "name",
    "short_name",
    "period",
    "academic_year",
    "year",
    "term",
    "quotas",
    "id",
    "target",
    "unit",
    "areas",
    "tasks",
    "steps",
    "title",
    "owner",
    "schedule",
    "month",
    "items",
    "text",
    "extends",
    "extra",
    "goals",
    "departments",
    "<<",
]
FRAGMENTS = [
    *SCHEMA_KEYS,
    ":",
    ": ",
    "：",
    "-",
    "- ",
    " ",
    "  ",
    "    ",
    "\t",
    "\n",
    "\n  ",
    "\n- ",
    "'",
    '"',
    "&a ",
    "*a",
    "&b ",
    "*b",
    "[",
    "]",
    "{",
    "}",
    ",",
    "|",
    ">",
    "#",
    "? ",
    "!!python/object ",
    "!!str ",
    "!!binary ",
    "!!set ",
    "---",
    "...",
    "%YAML 1.1",
    "98",
    "98%",
    "13",
    "2025",
    "2025-09-10",
    "2025-02-30",
    ".inf",
    ".nan",
    "~",
    "null",
    "yes",
    "星河小学",
    "德育工作",
    "\\",
    "\x07",
    "\ufeff",
    "\u3000",
    "preset:primary-school",
    "../x.yaml",
    "remove: true",
]


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_yaml_shaped_text_loads_or_is_an_input_error(plan_file: Path, text: str) -> None:
    load_or_input_error(plan_file, text)


# --- plan-shaped data -----------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(max_size=12)
    | st.dates()
    | st.sampled_from(["98%", "first", "at_least", "moral", "", " "])
)


def _plan_shaped() -> st.SearchStrategy[Any]:
    keys = st.sampled_from(
        [
            *SCHEMA_KEYS[:-1],
            "compare",
            "baseline",
            "when",
            "tags",
            "months",
            "week",
            "date",
            "document",
            "leadership",
            "style_text",
            "remove",
            "kind",
        ]
    )
    return st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
        max_leaves=40,
    )


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "school",
                "period",
                "quotas",
                "areas",
                "goals",
                "schedule",
                "departments",
                "document",
                "leadership",
                "extra",
                "vision",
            ]
        ),
        _plan_shaped(),
        max_size=8,
    )
)
def test_plan_shaped_data_loads_or_is_an_input_error(plan_file: Path, data: dict) -> None:
    load_or_input_error(plan_file, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


# --- valid plans, generated ------------------------------------------------------------------------

HAN = "星河实验学校德育教学安全工作计划目标任务推进落实提升全面发展课堂阅读体育艺术劳动家校社协同"
# Free text also carries Markdown and YAML syntax, full-width punctuation and spaces.
TEXT_ALPHABET = HAN + "，。、；：？！“”（）《》—…·" + "|#*_-+>[]<`~&\\!.=0123456789 abcXYZ:%"

names = st.text(alphabet=HAN, min_size=2, max_size=12)
texts = st.text(alphabet=TEXT_ALPHABET, min_size=1, max_size=40).filter(str.strip)
paragraphs = st.lists(texts, min_size=1, max_size=3).map("\n".join)
# An item of a list of names holds one name: “甲，乙” is refused as a Chinese-keyboard slip.
list_items = texts.filter(lambda text: split_ime_list(text) is None)
ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
# Figures a school could write; absurd magnitudes have their own test below.
numbers = st.integers(-1000, 10**6) | st.floats(min_value=0.01, max_value=1e6).map(
    lambda x: round(x, 2)
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _without_none(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


@st.composite
def steps(draw: st.DrawFn, owners: list[str], depth: int = 1) -> list[dict]:
    children = st.just([]) if depth >= 4 else steps(owners, depth + 1)
    return [
        _without_none(
            {
                "title": draw(texts),
                "text": draw(optional(texts)),
                "when": draw(optional(texts)),
                "owner": draw(optional(st.sampled_from(owners))) if owners else None,
                "steps": draw(children),
            }
        )
        for _ in range(draw(st.integers(0, 2)))
    ]


@st.composite
def valid_plans(draw: st.DrawFn) -> dict:
    """Returns the data of a plan that must validate: ids unique, every reference defined."""
    dept_ids = draw(st.lists(ids, max_size=4, unique=True))
    area_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    quota_ids = draw(st.lists(ids, max_size=5, unique=True))
    owner = optional(st.sampled_from(dept_ids)) if dept_ids else st.none()
    period = draw(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "academic_year": st.integers(1990, 2100),
                    "term": st.sampled_from(["year", "first", "second"]),
                }
            ),
            st.fixed_dictionaries({"year": st.integers(1990, 2100)}),
        )
    )
    quotas = [
        _without_none(
            {
                "id": qid,
                "name": draw(texts),
                "target": draw(numbers),
                "unit": draw(st.sampled_from(["%", "次", "个", "小时", "", "名"])),
                "compare": draw(st.sampled_from(["at_least", "at_most", "exact", "zero"])),
                "baseline": draw(optional(numbers)),
                "area": draw(optional(st.sampled_from(area_ids))),
                "owner": draw(owner),
            }
        )
        for qid in quota_ids
    ]
    quota_refs = (
        st.lists(st.sampled_from(quota_ids), max_size=3, unique=True) if quota_ids else st.just([])
    )
    areas = [
        _without_none(
            {
                "id": aid,
                "name": draw(names),
                "summary": draw(optional(texts)),
                "objective": draw(optional(texts)),
                "owner": draw(owner),
                "partners": draw(st.lists(list_items, max_size=2)),
                "tasks": [
                    _without_none(
                        {
                            "title": draw(texts),
                            "text": draw(optional(paragraphs)),
                            "owner": draw(owner),
                            "partners": draw(st.lists(list_items, max_size=2)),
                            "when": draw(optional(texts)),
                            "quotas": draw(quota_refs),
                            "tags": draw(
                                st.lists(
                                    st.sampled_from(["innovation", "collaboration", "routine"]),
                                    max_size=2,
                                    unique=True,
                                )
                            ),
                            "steps": draw(steps(dept_ids)),
                        }
                    )
                    for _ in range(draw(st.integers(0, 3)))
                ],
            }
        )
        for aid in area_ids
    ]
    when = st.one_of(
        st.fixed_dictionaries({"month": st.integers(1, 12)}),
        st.fixed_dictionaries({"months": st.lists(st.integers(1, 12), min_size=1, max_size=3)}),
        st.fixed_dictionaries({"week": st.integers(1, 30)}),
        st.fixed_dictionaries({"date": st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))}),
    )
    schedule = [
        {
            **draw(when),
            "items": [
                _without_none({"text": draw(texts), "owner": draw(owner)})
                for _ in range(draw(st.integers(1, 3)))
            ],
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    titled = st.lists(st.fixed_dictionaries({"title": texts, "text": paragraphs}), max_size=2)
    return _without_none(
        {
            "school": _without_none(
                {
                    "name": draw(names),
                    "short_name": draw(optional(names)),
                    "kind": draw(optional(st.sampled_from(["primary", "junior", "bureau"]))),
                    "region": draw(optional(texts)),
                    "motto": draw(optional(texts)),
                }
            ),
            "period": period,
            "document": _without_none(
                {
                    "issuer": draw(optional(texts)),
                    "doc_number": draw(optional(texts)),
                    "date": draw(optional(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))),
                }
            ),
            "guiding_ideology": draw(optional(paragraphs)),
            "vision": draw(optional(texts)),
            "goals": [
                _without_none(
                    {
                        "title": draw(texts),
                        "text": draw(optional(texts)),
                        "area": draw(optional(st.sampled_from(area_ids))),
                        "quotas": draw(quota_refs),
                    }
                )
                for _ in range(draw(st.integers(0, 3)))
            ],
            "quotas": quotas,
            "departments": [
                _without_none(
                    {
                        "id": did,
                        "name": draw(names),
                        "head": draw(optional(names)),
                        "duty": draw(optional(texts)),
                    }
                )
                for did in dept_ids
            ],
            "areas": areas,
            "schedule": schedule,
            "leadership": draw(
                optional(
                    st.fixed_dictionaries(
                        {
                            "name": texts,
                            "leader": texts,
                            "deputies": st.lists(list_items, max_size=2),
                            "members": st.lists(list_items, max_size=3),
                        }
                    )
                )
            ),
            "safeguards": draw(titled),
            "evaluation": draw(titled),
            "closing": draw(optional(paragraphs)),
            "style_text": draw(
                optional(
                    st.dictionaries(
                        st.sampled_from(STYLES), st.fixed_dictionaries({"intro": texts}), max_size=2
                    )
                )
            ),
        }
    )


RENDER = settings(
    max_examples=scaled_examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _load_valid(path: Path, data: dict) -> Plan:
    plan = load_or_input_error(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert plan is not None, "the generator made an invalid plan, or a valid plan was refused"
    return plan


@RENDER
@given(valid_plans())
def test_every_valid_plan_renders_in_every_style(plan_file: Path, data: dict) -> None:
    plan = _load_valid(plan_file, data)
    for style in STYLES:
        markdown = render_markdown(plan, style)
        assert markdown.endswith("\n") and not markdown.endswith("\n\n")
        title = next(
            line for line in markdown.splitlines() if line.startswith("# ")
        )  # the 文号 may precede it
        assert plan.school.name in title
        for area in plan.areas:
            assert area.name in markdown, f"{style} lost the area {area.name}"


@pytest.mark.skipif(not HAS_DOCX, reason="plangen.docx.writer has not landed yet")
@RENDER
@given(valid_plans())
def test_every_valid_plan_converts_to_docx_in_every_style(plan_file: Path, data: dict) -> None:
    from plangen.pipeline.document import render_docx

    plan = _load_valid(plan_file, data)
    for style in STYLES:
        document = render_docx(plan, style, markdown=render_markdown(plan, style))
        with zipfile.ZipFile(io.BytesIO(document)) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
        assert plan.school.name in body


def test_absurd_baseline_renders_or_is_refused(write_yaml) -> None:
    """Found by the fuzzer: a ratio beyond Decimal's 28 digits once crashed the quota phrase."""
    path = write_yaml(
        "school:\n  name: 星河小学\nperiod:\n  academic_year: 2025\n"
        "quotas:\n  - id: a\n    name: 家访次数\n    target: 1\n    unit: 次\n"
        "    baseline: 1.0e-183\n"
    )
    try:
        plan = load_plan(path)
    except InputError:
        return
    for style in STYLES:
        render_markdown(plan, style)
