"""When a task's or step's time is already said by its text (issue #11, review A1 / E26).

A `when` is printed whole or not at all: it is left out only when the text says every part of it.
plangen/render/wording.py uses these for the task and step tags.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_NUMERALS = str.maketrans({"1": "一", "2": "两", "3": "三", "4": "四", "5": "五"})
_FREQUENCY = re.compile(r"^(每[周月年天日]|每学期|每学年|每季度|每次)")
# A count's measure words that mean the same in a time: 每学期1场 is said by “每学期举办一次专场”.
_MEASURES = "次场期节个项"
# A time word at the head of a when (“学年末展示”: 学年末 + what happens then).
_TIME_HEAD = re.compile(r"^(学年末|学年初|学期末|学期初|期末|期中|开学初|开学前|寒假|暑假)(.+)$")
# A limit counted from an event: “发现后3日内”, “受理后10个工作日内”, “单元教学前一周”.
_FROM_EVENT = re.compile(r"^(.{1,6}?)(后|前)(\d+[^\d]{0,5}|[一两三四五六七八九十]+[^\d]{0,4})$")


def _said_one(when: str, text: str) -> bool:
    """Whether one time (no 、 list) is said by `text` (see `when_said`)."""
    if when in text:
        return True
    spoken_text = text.translate(_NUMERALS)
    if when.translate(_NUMERALS) in spoken_text:
        return True
    spoken = when.replace("次", "").translate(_NUMERALS)
    if len(spoken) >= 2 and spoken in spoken_text:
        return True
    head = _TIME_HEAD.match(when)
    if head:  # “学年末展示” is said by “学年末进行艺术技能展示”
        return head.group(1) in text and head.group(2) in text
    event = _FROM_EVENT.match(when)
    if event:  # “发现后3日内” is said by “3日内整改”, “单元教学前一周” by “提前一周提交”
        limit = event.group(3).translate(_NUMERALS)
        return (limit if event.group(2) == "后" else "前" + limit) in spoken_text
    found = _FREQUENCY.match(when)
    if not found:
        return False
    count = when[found.end() :].translate(_NUMERALS)
    if not count:  # a plain 每月 is said by “每月检查一次”
        return when in text
    # 每月1次 is said by “每月组织1次集中学习”, “每月进行一次”, 每学期1场 by “每学期举办一次专场”,
    # 每学期2次 by “每学期……联合整治不少于2次”: the frequency, then the count in the same clause
    number = re.match(r"^([一两三四五六七八九十\d]+)([^\d]*)$", count)
    if number and number.group(2)[:1] in _MEASURES:
        wanted = re.escape(number.group(1)) + f"[{_MEASURES}]"
    else:
        wanted = re.escape(count)
    pattern = re.escape(found.group(1)) + "[^。；]{0,24}?" + wanted
    return bool(re.search(pattern, spoken_text))


def when_said(when: str, text: str | None) -> bool:
    """Whether ALL of the time `when` is already said by `text`: literally (“每月1次” in the text),
    with the count in words (每月1次 ≈ 每月一次), as a frequency and its count later in the same
    clause (“每月组织1次学习” says 每月1次, “每学期举办一次专场” says 每学期1场), as a time word and
    what happens then (“学年末进行艺术技能展示” says 学年末展示), as a limit from an event (“3日内整改”
    says 发现后3日内), or as the frequency a plain 每月 names (“每月检查一次” says 每月). A list
    (“每学期初、期中”, “每周公示，每月检查”) is said only when every item is."""
    if not when or not text:
        return False
    when, text = _clause(when), str(text)
    if _said_one(when, text):
        return True
    for sep in ("、", "，"):
        parts = [p.strip() for p in when.split(sep) if p.strip()]
        if len(parts) > 1:
            return all(when_said(p, text) for p in parts)
    return False


@lru_cache(maxsize=4096)  # every style of a plan asks about the same tasks and steps
def when_left(when: str | None, text: str | None) -> str:
    """The time to print after a text: “” when the text says all of `when`, else the whole `when`
    — never a part of it (“每学期初、期中” is printed whole when the text says only 每学期初)."""
    if not when:
        return ""
    when = _clause(when)
    return "" if when_said(when, text) else when


def _clause(text: Any) -> str:
    return " ".join(str(text).split()).rstrip("。；，;,")
