"""Chinese-keyboard slips (issue 13.4) are refused with a message that says what was typed and
shows the corrected text: full-width quotes around a unit, full-width commas or 、 in a list."""

from __future__ import annotations

import pytest

from plangen.errors import InputError
from plangen.plan.fields import split_ime_list
from plangen.plan.load import load_plan

HEAD = (
    "school: {name: 星河小学}\nperiod: {academic_year: 2025}\n"
    "departments:\n  - {id: deyu, name: 德育处}\n  - {id: jiaowu, name: 教务处}\n"
)


def _problems(tmp_path, body: str) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_plan(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


@pytest.mark.parametrize("unit", ["“%”", "'\"%\"'", "＂%＂", "「%」"])
def test_quotes_typed_around_a_unit_are_refused(tmp_path, unit):
    problems = _problems(
        tmp_path, f"quotas:\n  - {{id: a, name: 达标率, target: 98, unit: {unit}}}\n"
    )
    shown = {"'\"%\"'": '"%"'}.get(unit, unit)
    assert problems == [
        f"7:42: quotas[0].unit: 单位 {shown} 两边的引号成了单位的一部分"
        f'（会连引号一起印进文档，如 98{shown}以上）；请用半角引号 "" 或不加引号：写作 unit: "%"'
    ]


def test_a_full_width_comma_in_a_list_of_names_is_refused_with_the_list_rewritten(tmp_path):
    problems = _problems(
        tmp_path,
        "areas:\n  - id: moral\n    name: 德育\n"
        "    partners: [红色教育基地, 家长委员会，所在社区]\n",
    )
    assert problems == [
        "9:15: areas[0].partners: “家长委员会，所在社区”里有全角逗号或顿号（中文输入法下的“，”“、”），会被当作一项；"
        "列表各项之间请用半角逗号“,”分隔，写作 partners: [红色教育基地, 家长委员会, 所在社区]"
    ]


def test_ids_joined_by_a_full_width_comma_say_so_instead_of_a_misleading_suggestion(tmp_path):
    problems = _problems(
        tmp_path,
        "quotas:\n  - {id: a, name: 甲, target: 1}\n  - {id: b, name: 乙, target: 2}\n"
        "areas:\n  - id: moral\n    name: 德育\n    tasks:\n      - title: 班会\n"
        "        quotas: [a，b]\n        owner: deyu，jiaowu\n",
    )
    assert (
        problems
        == [
            "14:18: areas[0].tasks[0].quotas[0]: “a，b”里有全角逗号或顿号（中文输入法下的“，”“、”），会被当作一项；"
            "列表各项之间请用半角逗号“,”分隔，写作 quotas: [a, b]",
            "15:16: areas[0].tasks[0].owner: “deyu，jiaowu”里有全角逗号或顿号（中文输入法下的“，”“、”），会被当作一项；"
            "列表各项之间请用半角逗号“,”分隔，写作 owner: [deyu, jiaowu]",  # an owner may be a list of departments
        ]
    )


def test_an_area_holds_one_id_and_says_so(tmp_path):
    problems = _problems(
        tmp_path,
        "areas:\n  - {id: moral, name: 德育}\n  - {id: safety, name: 安全}\n"
        "goals:\n  - {title: 德育实效, area: moral，safety}\n",
    )
    assert problems == [
        "10:25: goals[0].area: “moral，safety”里有全角逗号或顿号（中文输入法下的“，”“、”）；area 只能写一个 id，"
        "如 area: moral"
    ]


def test_separators_inside_brackets_are_text_and_a_plain_unit_is_fine(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        HEAD + 'quotas:\n  - {id: a, name: 达标率, target: 98, unit: "%"}\n'
        "leadership:\n  deputies: [袁芳（局党组成员、副局长）]\n",
        encoding="utf-8",
    )
    plan = load_plan(path)
    assert plan.quotas[0].target_text == "98%以上"
    assert plan.leadership is not None and plan.leadership.deputies == [
        "袁芳（局党组成员、副局长）"
    ]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("家长委员会，所在社区", ["家长委员会", "所在社区"]),
        ("甲、乙；丙", ["甲", "乙", "丙"]),
        ("袁芳（局党组成员、副局长）", None),
        ("“一、二”活动", None),
        ("社区", None),
    ],
)
def test_split_ime_list(text, parts):
    assert split_ime_list(text) == parts
