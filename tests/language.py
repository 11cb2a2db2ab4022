"""The language check: what a careful reader of a generated plan would object to (issue #11).

Used by tests/test_language.py over every example and preset in every style, and by hand:
    PYTHONPATH=. python -m tests.language      # prints the figures of every check

Generated text is what the templates add: the document with every text taken from the YAML masked
out (headings and table rows left out). The checks:
- `repeated_runs`: a 6-character run of generated text repeated more than MAX_REPEATS times;
- `shared_sentences`: generated sentences two schools' documents share in one style;
- `broken_forms`: the forms a careful office never writes (see BROKEN).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

RUN = 6  # characters of a generated run
MAX_REPEATS = 4  # a generated run may appear this often in one document
MAX_SHARED = 3  # generated sentences two schools may share in one style

MASK = "\x00"
_CJK = "\u4e00-\u9fff"
_SPLIT = re.compile(r"[。；！？\n]")
_PIECE = re.compile(r"[^，。；：、！？（）“”‘’《》\s,.;:()\[\]]+")


def source_texts(plan: Any) -> list[str]:
    """Returns every string value of the plan's data (its YAML after `extends`), longest first."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    walk(plan.model_dump())
    # A quota's phrase is its YAML restated by the fixed rule of design §3 (达到98%以上（上学年96%，
    # 提高2个百分点）): data, like a table row, not framing.
    prev = plan.period.previous
    for quota in plan.quotas:
        found.extend([quota.phrase(prev), quota.bare_phrase(prev), quota.change(prev)])
    return found


def _pieces(texts: Iterable[str]) -> list[str]:
    """Returns the source texts, their sentences and their punctuation-free pieces of 4+
    characters, longest first:
    templates cut a text at its punctuation (clause, sentence), so pieces are what can be found;
    shorter pieces (时间, 安排) would mask generated words too."""
    pieces: set[str] = set()
    for text in texts:
        text = text.strip()
        if len(text) >= 2:
            pieces.add(text)
        for part in _SPLIT.split(text):  # its sentences: a tag may stand before a final 。
            if len(part.strip()) >= 2:
                pieces.add(part.strip())
        for piece in _PIECE.findall(text):
            if len(piece) >= 4 or piece == text:
                pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


def body_lines(markdown: str) -> list[str]:
    """Returns the lines of running text: no headings, table rows, rules or front matter."""
    lines = []
    for line in markdown.splitlines():
        s = line.strip()
        if not s or s.startswith(("#", "|", "* * *", "---")):
            continue
        lines.append(s)
    return lines


def generated(markdown: str, plan: Any) -> list[str]:
    """Returns the running-text lines with every source piece replaced by MASK characters."""
    pieces = _pieces(source_texts(plan))
    out = []
    for line in body_lines(markdown):
        text = re.sub(r"\*\*|\\", "", line)
        for piece in pieces:
            if piece in text:
                text = text.replace(piece, MASK)
        out.append(text)
    return out


def _plain(line: str) -> str:
    """A line without its list marker, for counting runs."""
    return re.sub(r"^(-|\d+\.)\s+", "", line)


def run_counts(markdown: str, plan: Any) -> Counter[str]:
    """Counts each 6-character run of generated text (no MASK, at least one Chinese character)."""
    counts: Counter[str] = Counter()
    for line in generated(markdown, plan):
        for segment in _plain(line).split(MASK):
            seen_at: dict[str, int] = {}
            for i in range(len(segment) - RUN + 1):
                run = segment[i : i + RUN]
                if not re.search(f"[{_CJK}]", run) or " " in run:
                    continue
                if seen_at.get(run, -RUN) > i - RUN:  # overlapping repeat of itself
                    continue
                seen_at[run] = i
                counts[run] += 1
    return counts


def repeated_runs(markdown: str, plan: Any, limit: int = MAX_REPEATS) -> dict[str, int]:
    """Returns the generated runs seen more than `limit` times, with their counts."""
    return {run: n for run, n in run_counts(markdown, plan).items() if n > limit}


def sentences(markdown: str) -> list[str]:
    """Returns the sentences of the running text (split at 。；！？), without list markers."""
    out = []
    for line in body_lines(markdown):
        line = _plain(re.sub(r"\*\*|\\", "", line))
        out.extend(s.strip() for s in _SPLIT.split(line) if s.strip())
    return out


def generated_sentences(markdown: str, plan: Any) -> set[str]:
    """Returns the sentences with at least 6 generated characters (Chinese, outside source text)."""
    pieces = _pieces(source_texts(plan))
    found = set()
    for s in sentences(markdown):
        masked = s
        for piece in pieces:
            if piece in masked:
                masked = masked.replace(piece, MASK)
        if len(re.findall(f"[{_CJK}]", masked)) >= RUN:
            found.add(s)
    return found


def shared_sentences(a: tuple[str, Any], b: tuple[str, Any]) -> set[str]:
    """Returns the generated sentences two documents (markdown, plan) have in common."""
    return generated_sentences(a[0], a[1]) & generated_sentences(b[0], b[1])


# The forms a careful office never writes: name → pattern over the running text.
BROKEN: dict[str, re.Pattern[str]] = {
    "时间安排为": re.compile(r"时间安排为"),
    "stock action": re.compile(r"结合日常工作统筹推进|该任务同时推动本项关键结果"),
    "bucket": re.compile(r"^- (?:\*\*)?综合(?:\*\*)?：|其他重点工作|综合工作与关键结果|综合指标："),
    "scale claim": re.compile(r"本计划分.{1,4}(个方面|个领域|章)"),
    "each claim": re.compile(r"每项关键结果都|每项任务明确"),
    "time only measure": re.compile(
        r"(实施举措|创新实践|协作行动|实施安排)：[（(]?(时间|每|开学|全学)[^。\n]{0,12}[。）)]?$"
    ),
    # review round (#11 follow-up): sentences the YAML never says, about the tool or the plan
    "stock claim": re.compile(
        r"以项目方式|优先安排|便于对照|列出了.{0,12}的数据|集中考核一次|评优评先的依据|相互定期沟通"
        r"|等协作|本章安排|跟踪.{0,20}的完成数据"
    ),
    "glued label": re.compile(r"\*\*[^*]+\*\*关键指标"),
    "two brackets": re.compile(r"）（"),
    "bold time": re.compile(r"^- \*\*(本学期|本学年|本年度|学期末|学年末)[^*]*\*\*"),
    "half-width": re.compile(f"[{_CJK}][,;:?!()][{_CJK}]|[{_CJK}][,;:?!]$"),
    "。。": re.compile(r"。。|。，|，。"),
}


# The forms that are wrong only when generated: a plan may say them in its own words.
CLAIMS = ("时间安排为", "stock action", "bucket", "scale claim", "each claim", "stock claim")


def broken_forms(markdown: str, plan: Any = None) -> Counter[str]:
    """Counts each broken form in the document (running text, plus the checks below); with the
    plan, the CLAIMS are looked for in the generated text only (its own text masked out)."""
    counts: Counter[str] = Counter()
    lines = body_lines(markdown)
    masked = generated(markdown, plan) if plan is not None else lines
    for line, own in zip(lines, masked, strict=True):
        for name, pattern in BROKEN.items():
            counts[name] += len(pattern.findall(own if name in CLAIMS else line))
    for name, n in _structural(markdown, plan).items():
        counts[name] += n
    return +counts


_WHEN = re.compile(r"[（(]([^（）()]*?)[）)]")


def _structural(markdown: str, plan: Any = None) -> Counter[str]:
    """The forms that need more than one pattern: time said twice, lone first items, a 目标 that
    repeats a title, a goal's title glued to its text with a comma (these two with the plan)."""
    counts: Counter[str] = Counter()
    lines = body_lines(markdown)
    for line in lines:
        text = re.sub(r"\*\*|\\", "", line)
        # the same time twice in one sentence: "每月检查一次……（每月）", "每月进行一次……（时间：每月1次）"
        for s in _SPLIT.split(text):
            for tag in _WHEN.findall(s):
                for part in re.split(r"[，；、]", tag):
                    part = re.sub(r"^(时间|责任|配合)：", "", part)
                    if not part or len(part) < 2 or not re.match(r"(每|全|开学|期|学期|\d)", part):
                        continue
                    rest = s.replace(f"（{tag}）", "")
                    if _same_time(part, rest):
                        counts["time twice"] += 1
    titles = {clause(g.title) for g in plan.goals} if plan is not None else set()
    heading = ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading = re.sub(r"^#+\s*[\d.]*\s*", "", line).strip()
            continue
        found = re.match(r"^(?:项目目标|目标)：(.*?)。?$", line)
        if found and (found.group(1) == heading or found.group(1) in titles):
            counts["target repeats a title"] += 1
    if plan is not None:
        plain = re.sub(r"\*\*|\\", "", markdown)
        for goal in plan.goals:
            if goal.text and f"{clause(goal.title)}，{goal.text.strip()[:4]}" in plain:
                counts["glued title"] += 1
    counts["lone first"] += _lone_firsts(markdown)
    for (
        line
    ) in markdown.splitlines():  # bucket headings and part titles that claim what is not there
        if re.match(r"^#+ .*(其他行动项|量化指标$|与关键结果（OKR）|工作目标与关键结果)", line):
            counts["bucket heading"] += 1
        if re.match(r"^\*\*（[一二三四五六七八九十]+）量化指标\*\*", line):
            counts["bucket heading"] += 1
        if line.startswith("#") and "）（" in line:  # “（增长50%）（责任：教科室）” in a KR heading
            counts["two brackets"] += 1
    counts["core over names"] += _core_over_names(markdown)
    if plan is not None:
        counts["bare target"] += _bare_targets(markdown, plan)
        counts["cut when"] += _cut_whens(markdown, plan)
        vision = clause(plan.vision or "")
        if vision and re.search(
            f"^### 目标[一二三四五六七八九十]+：{re.escape(vision)}$", markdown, re.M
        ):
            counts["objective is the vision"] += 1
    return counts


def _core_over_names(markdown: str) -> int:
    """“核心目标如下：” over a list that holds only quota names (“- 关键指标：甲、乙。”)."""
    found = 0
    for block in re.findall(r"核心目标如下：\n\n((?:- .*\n?)+)", markdown):
        items = [line for line in block.splitlines() if line.strip()]
        if items and all(re.match(r"^- (\*\*[^*]+\*\*)?关键指标", i) for i in items):
            found += 1
    return found


def _bare_targets(markdown: str, plan: Any) -> int:
    """A 目标 / 项目目标 line that names a quota without its figure (“目标：校级公开课。”) or points
    elsewhere (“目标：全年组织专项督导（见3.1）。”)."""
    names = {clause(q.name) for q in plan.quotas}
    found = 0
    for line in markdown.splitlines():
        m = re.match(r"^(?:项目目标|目标)：(.*?)。?$", line.strip())
        if not m:
            continue
        for part in m.group(1).split("；"):
            part = re.sub(r"（见[^）]*）$", "", part.strip())
            if part in names or "（见" in m.group(1):
                found += 1
                break
    return found


def _timed(plan: Any) -> list[tuple[str, str]]:
    """(when, text) of every task and step with both."""
    found: list[tuple[str, str]] = []

    def walk(items: Any) -> None:
        for item in items:
            if getattr(item, "when", None) and getattr(item, "text", None):
                found.append((clause(str(item.when)), clause(" ".join(str(item.text).split()))))
            walk(getattr(item, "steps", []) or [])

    for area in plan.areas:
        walk(area.tasks)
    return found


def _cut_whens(markdown: str, plan: Any) -> int:
    """A task or step whose bracket prints only a part of its `when` (“时间：每学期初” for
    每学期初、期中; “（学年末）” for 每周、每月、学年末): the bracket right after the item's text."""
    text = re.sub(r"\*\*|\\", "", markdown)
    found = 0
    for when, own in _timed(plan):
        parts = [p.strip() for p in re.split(r"[、，]", when) if p.strip()]
        if len(parts) < 2:
            continue
        for m in re.finditer(re.escape(own[-8:]) + r"（([^（）]*)）", text):
            tag = m.group(1)
            said = re.search(r"时间：([^；）]*)", tag)
            time = said.group(1) if said else re.split(r"[，；][^，；]*负责$", tag)[0]
            if time != when and time and all(t in parts for t in re.split(r"[、，]", time)):
                found += 1
    return found


def clause(text: str) -> str:
    return text.strip().rstrip("。；，")


_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _same_time(part: str, rest: str) -> bool:
    """Whether the time `part` is already said in `rest`: literally, with its count in words
    (每月1次 ≈ 每月一次), or as a frequency and count with words between (每月1次 in 每月进行一次)."""
    words = str.maketrans({"1": "一", "2": "两", "3": "三"})
    part, rest = part.translate(words), rest.translate(words)
    if part in rest:
        return True
    m = re.match(r"^(每[周月年天日]|每学期|每学年)(.*)$", part)
    if not m:
        return False
    freq, count = m.groups()
    if not count:
        return freq in rest
    return bool(re.search(f"{freq}[^，。；]{{0,8}}{re.escape(count)}", rest))


_ITEM = re.compile(r"^(#*)\s*(?:\*\*)?(?:（([一二三四五六七八九十]+)）|(\d+)\.(?!\d))")


def _lone_firsts(markdown: str) -> int:
    """Counts first items (（一）, 1.) with no second item of the same kind and level after them
    before the enclosing heading ends: a heading closes the levels below it."""
    lone = 0
    open_firsts: set[tuple[str, int]] = set()

    def close(deeper_than: int) -> None:
        nonlocal lone
        for key in [k for k in open_firsts if k[1] > deeper_than]:
            lone += 1
            open_firsts.discard(key)

    for line in markdown.splitlines():
        s = line.strip()
        hashes = len(s) - len(s.lstrip("#")) if s.startswith("#") else 0
        m = _ITEM.match(s)
        depth = hashes or 99  # a paragraph item is below every heading
        if hashes:
            close(hashes if m else hashes - 1)
        if not m:
            continue
        kind = "cn" if m.group(2) else "digit"
        n = _cn(m.group(2)) if m.group(2) else int(m.group(3))
        key = (kind, depth)
        if n == 1:
            if key in open_firsts:
                lone += 1
            open_firsts.add(key)
        elif n == 2:
            open_firsts.discard(key)
    close(0)
    return lone


def _cn(value: str) -> int:
    if value in _NUM:
        return _NUM[value]
    if value.startswith("十"):
        return 10 + _NUM.get(value[1:], 0)
    return 0


def corpus() -> list[tuple[str, Any]]:
    """(name, plan) for every example and preset."""
    from plangen.plan.load import load_plan

    root = Path(__file__).resolve().parents[1]
    files = sorted((root / "examples").glob("*.yaml")) + sorted((root / "presets").glob("*.yaml"))
    files.append(root / "examples" / "inherit" / "school.yaml")
    return [(f"{p.parent.name}/{p.stem}", load_plan(p)) for p in files]


def main() -> None:
    from plangen.render.styles import builtin_styles
    from plangen.render.templates import render_markdown

    plans = corpus()
    for style in builtin_styles():
        docs = [(name, render_markdown(plan, style), plan) for name, plan in plans]
        worst = max(
            ((max(run_counts(md, p).values(), default=0), name) for name, md, p in docs),
        )
        shared = max(
            (len(shared_sentences((a[1], a[2]), (b[1], b[2]))), a[0], b[0])
            for i, a in enumerate(docs)
            for b in docs[i + 1 :]
        )
        forms: Counter[str] = Counter()
        for _, md, _p in docs:
            forms += broken_forms(md, _p)
        print(
            f"{style}: max run repeats {worst}; max shared sentences {shared}; forms {dict(forms)}"
        )


if __name__ == "__main__":
    main()
