"""Quota phrases read back into typed quotas (schema v2).

A phrase is read loosely (name, comparison word, number or range, unit, a baseline bracket), and
the reading is accepted as written only when plangen's own wording (`zh_quota.quota_words`, the one
place where phrases are decided) gives the same phrase back. Otherwise the quota keeps its typed
fields as the best reading and `text` keeps the school's words, so nothing changes in the output.
"""

from __future__ import annotations

import re
from typing import Any

from plangen.render.mdtext import normalize_punctuation
from plangen.zh_quota import quota_words

NUM = r"\d+(?:\.\d+)?"
_BASELINE = re.compile(
    rf"（(?P<prev>上学年|上一学期|上学期|上年度)(?P<b>{NUM})(?P<unit>[^（），、\d]*)(?:，[^（）]*)?）$"
)
_PHRASE = re.compile(
    rf"^(?P<pre>.*?)(?P<cmp>达到|控制在|不少于|不超过|不低于|不高于|高于|低于|少于|超过|超|达|为)?"
    rf"(?P<each>各)?(?P<num>{NUM})(?:[～~—至\-](?P<num2>{NUM}))?"
    r"(?P<unit>个百分点|%|％|[\u4e00-\u9fff]{1,4}?)?(?P<post>以上|以内|以下|及以上)?$"
)
_CHANGE = re.compile(
    r"^(?P<name>.+?)(?:较(?P<against>.+?)|同比|环比)(?P<verb>提升|提高|增加|增长|降低|缩短|减少|下降)$"
)
_LEADING = re.compile(rf"^(?P<num>{NUM})(?P<unit>%|％)(?P<post>以上|以内)?(?P<name>[^\d]{{2,}})$")
_ZERO = re.compile(r"^(?:实现)?(?P<name>.+?)(?:实现)?[“\"]?零发生[”\"]?$")
# Words before a target's name that are not part of it: 确保课堂教学达标率100%, 全年发展党员1～3名.
_LEAD_WORDS = re.compile(r"^(?:确保|力争|争取|实现|保证|全年|每年|本学年|本学期)+")
_INCREASE = frozenset({"提升", "提高", "增加", "增长"})
# Comparison words of free text, by the comparison they state.
_AT_LEAST = frozenset({"以上", "及以上", "不少于", "不低于", "高于", "超过", "超"})
_AT_MOST = frozenset({"以内", "以下", "不超过", "不高于", "低于", "少于"})
_SAME_AS_PREV = frozenset({"上学年", "上一学期", "上学期", "上年度"})


def read_phrase(phrase: str, prev: str) -> dict[str, Any] | None:
    """Returns the quota fields of `phrase` (without id), or None when it states no target.

    `text` is set to the phrase when plangen would word the fields differently."""
    phrase = phrase.strip().rstrip("。；;，,")
    if not phrase:
        return None
    readings = []
    for fields in _readings(phrase, prev):
        if _words(fields, prev) == normalize_punctuation(phrase):
            return fields
        readings.append(fields)
    if not readings:
        return None
    best = dict(readings[0])
    best["name"] = _LEAD_WORDS.sub("", best["name"]) or best["name"]
    return {**best, "text": phrase}


def is_quota_clause(clause: str) -> bool:
    """Returns whether a clause of free text states a target (a rate, a count with a bound, 零发生)."""
    clause = clause.strip()
    if not clause or len(clause) > 40:
        return False
    if _ZERO.match(clause) or _LEADING.match(clause):
        return True
    match = _PHRASE.match(_BASELINE.sub("", clause))
    if not match or not match.group("pre"):
        return False
    if match.group("num2") and match.group("unit"):
        return True  # a range of a count: 1～3名
    return bool(
        match.group("unit") in ("%", "％", "个百分点")
        or match.group("post")
        or match.group("cmp") in _AT_LEAST | _AT_MOST | {"达到", "达"}
    )


def _words(fields: dict[str, Any], prev: str) -> str:
    try:
        return quota_words(
            fields["name"],
            fields.get("target"),
            fields.get("unit", ""),
            fields.get("compare", "at_least"),
            fields.get("baseline"),
            prev,
            verb=fields.get("verb"),
            each=fields.get("each", False),
            against=fields.get("against"),
        )
    except (ValueError, TypeError, KeyError):
        return ""


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _readings(phrase: str, prev: str):  # type: ignore[no-untyped-def]
    """Yields plausible field sets for `phrase`, the likeliest first."""
    baseline = None
    baseline_unit = ""
    core = phrase
    bracket = _BASELINE.search(phrase)
    if bracket:
        baseline = _number(bracket.group("b"))
        baseline_unit = bracket.group("unit")
        core = phrase[: bracket.start()]
    zero = _ZERO.match(core)
    if zero:
        for verb, name in _verb_splits(zero.group("name")):
            fields = {"name": name, "compare": "zero", "verb": verb, "baseline": baseline}
            yield _clean({**fields, "unit": baseline_unit})
        return
    leading = _LEADING.match(core)
    if leading:
        post = leading.group("post")
        compare = "at_most" if post == "以内" else "at_least" if post else "exact"
        yield _clean(
            {
                "name": leading.group("name"),
                "compare": compare,
                "target": _number(leading.group("num")),
                "unit": "%",
            }
        )
        return
    match = _PHRASE.match(core)
    if not match or not match.group("pre"):
        return
    pre, unit = match.group("pre"), match.group("unit") or ""
    target: Any = _number(match.group("num"))
    if match.group("num2"):
        target = [target, _number(match.group("num2"))]
    change = _CHANGE.match(pre)
    if change:
        compare = "increase" if change.group("verb") in _INCREASE else "decrease"
        against = change.group("against")
        unit = "%" if unit == "个百分点" else unit
        for verb, name in _verb_splits(change.group("name")):
            yield _clean(
                {
                    "name": name,
                    "verb": verb,
                    "compare": compare,
                    "target": target,
                    "unit": unit,
                    "against": None if not against or against in _SAME_AS_PREV else against,
                    "baseline": baseline,
                }
            )
        return
    words = {match.group("cmp"), match.group("post")}
    compare = "at_least" if words & _AT_LEAST else "at_most" if words & _AT_MOST else "exact"
    if match.group("cmp") == "达到" and not match.group("post"):
        compare = "exact"
    if match.group("cmp") in ("达到", "控制在") and match.group("post") in ("以上", "以内"):
        compare = "at_least" if match.group("post") == "以上" else "at_most"
    for verb, name in _verb_splits(pre):
        yield _clean(
            {
                "name": name,
                "verb": verb,
                "each": bool(match.group("each")),
                "compare": compare,
                "target": target,
                "unit": unit.replace("％", "%"),
                "baseline": baseline,
            }
        )


def _verb_splits(pre: str) -> list[tuple[str | None, str]]:
    """Returns the ways `pre` may split into a verb and a name: none first, then 1–2 characters."""
    splits: list[tuple[str | None, str]] = [(None, pre)]
    for n in (2, 1):
        if len(pre) > n + 1:
            splits.append((pre[:n], pre[n:]))
    return splits


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if v not in (None, False, "")}
    if out.get("compare") == "at_least":
        out.pop("compare")
    return out


def split_quota_clauses(text: str) -> tuple[str, list[str]]:
    """Returns `text` without the clauses that state targets, and those clauses in order."""
    kept_sentences, found = [], []
    for sentence in re.split(r"(?<=[。！])", text):
        if not sentence.strip():
            continue
        parts = re.split(r"([，；,;。])", sentence)
        kept: list[str] = []
        for i in range(0, len(parts), 2):
            clause, sep = parts[i], parts[i + 1] if i + 1 < len(parts) else ""
            if is_quota_clause(clause):
                found.append(clause.strip())
            else:
                kept.append(clause + sep)
        rebuilt = "".join(kept).rstrip("，；,;")
        if rebuilt.strip() and rebuilt.strip() not in "。":
            kept_sentences.append(rebuilt if rebuilt.endswith(("。", "！")) else rebuilt + "。")
    return "".join(kept_sentences), found


def read_key_result(text: str, prev: str) -> dict[str, Any] | None:
    """Returns the quota of an OKR key result heading, “名称达到98%以上，较上学年提高2个百分点” or
    “名称较上年度（2起）实现零发生”: the phrase without its comparison, and the baseline that
    `zh_quota.quota_change` words back as the same comparison. None when no reading gives the
    heading back exactly."""
    from plangen.zh_quota import quota_change

    found = re.search(rf"，?(?=(?:较|与){re.escape(prev)})", text)
    whole = read_phrase(text, prev)
    if whole and "text" not in whole and prev not in whole["name"]:  # 较上学期提高3分
        return whole
    if not found:
        return whole if whole and "text" not in whole else None
    bare, change = text[: found.start()], text[found.end() :]
    zero = change.endswith("零发生")
    fields = read_phrase(bare + "零发生" if zero else bare, prev)
    if not fields or "text" in fields or isinstance(fields.get("target"), (list, tuple)):
        return None  # a range (1～2名) has no single figure to compare with the baseline
    compare = fields.get("compare", "at_least")
    target = fields.get("target", 0)
    unit = fields.get("unit", "")
    counted = re.search(rf"（{NUM}(?P<unit>[^（）\d]+)）实现零发生$", change) if zero else None
    if counted:  # 较上年度（2起）实现零发生: the unit is the baseline's
        unit = fields["unit"] = counted.group("unit")
        fields["target"] = 0
    numbers = [float(n) for n in re.findall(NUM, change)]
    for number in [0.0, *numbers]:
        for baseline in (number, target - number, target + number):
            value = int(baseline) if float(baseline).is_integer() else round(baseline, 4)
            if quota_change(target, unit, value, prev, compare) == change:
                return {**fields, "baseline": value}
    return None
