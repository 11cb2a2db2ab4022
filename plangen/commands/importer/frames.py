"""The words an imported plan is recognised by, as data: the heading ladder, the names of the
built-in sections, and the frames plangen's own styles write around a plan's facts.

The frames follow the wording of templates/_base.md.j2 and _macros.md.j2 (the standard style).
When the generated wording changes, this file is the one place to follow it: each frame is a
regular expression whose named groups are the facts it carries.
"""

from __future__ import annotations

import re

CN_DIGITS = "一二三四五六七八九十百零〇两"

# The 公文 heading ladder (GB/T 9704 §7.3.3 and common practice), outermost first:
# level → a pattern for the marker at the start of a line. 1.2.3 decimals are not a level.
LADDER: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{CN_DIGITS}]+[、，,．]\s*")),
    (1, re.compile(rf"^第[{CN_DIGITS}]+(?:章|部分)(?:[：:]|\u3000)\s*")),
    (2, re.compile(rf"^[（(][{CN_DIGITS}]+[)）]\s*")),
    (2, re.compile(r"^\d{1,2}\.\d{1,2} +")),  # 1.2 推进课堂提质 (collab, innovation)
    (3, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))\s*")),
    (4, re.compile(r"^[（(]\d{1,2}[)）]\s*")),
    (5, re.compile(r"^[①-⑳]\s*")),
    # decimal items (the rules style's steps and parts): 1.2. below 1., 1.2.1. below that
    (4, re.compile(r"^\d{1,2}\.\d{1,2}\.(?!\d)")),
    (5, re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.(?!\d)")),
    (6, re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.\d{1,2}\.(?!\d)")),
)
# Items written “一是……。二是……。” inside a paragraph: steps of the item they are in.
ORDINAL_ITEM = re.compile(rf"(?:^|(?<=[。；;：:，,]))\s*([{CN_DIGITS}]{{1,3}})是")

# The built-in sections by the names schools give them (checked in this order: the first
# section whose words appear in a heading wins). Keys are `headings` keys of the schema.
SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "guiding_ideology",
        ("指导思想", "工作思路", "总体思路", "总体要求", "总纲", "导言", "引言"),
    ),
    ("goals", ("工作目标", "目标任务", "主要目标", "总体目标", "发展目标", "预期目标")),
    ("schedule", ("行事历", "月工作安排", "周工作安排", "工作日程", "工作安排")),
    ("tasks", ("重点任务", "重点工作", "主要工作", "工作措施", "主要任务", "具体措施", "工作重点")),
    ("leadership", ("组织领导", "领导小组", "组织机构")),
    ("departments", ("部门职责", "股室职责", "职责分工", "分工与协作")),
    ("safeguards", ("保障措施", "工作保障")),
    ("evaluation", ("考核评价", "考核评估", "评价反馈", "督导评估", "评价机制")),
)
# What plangen's standard style calls them: a school's own name is kept in `headings` only
# when it differs from these.
DEFAULT_HEADINGS = {
    "guiding_ideology": "指导思想",
    "goals": "工作目标",
    "tasks": "重点任务与措施",
    "leadership": "组织领导",
    "departments": "部门职责",
    "schedule": "工作安排",
    "safeguards": "保障措施",
    "evaluation": "考核评价",
}
DEFAULT_DEPARTMENTS_HEADING = {"bureau": "股室职责"}
SCHEDULE_COLUMNS = {"schedule_time": "时间", "schedule_work": "工作内容"}
SCHEDULE_OWNER_COLUMN = {"bureau": "负责股室", "": "负责部门"}

# --- The title block and the signature ------------------------------------------------

TITLE = re.compile(
    r"^(?P<school>.+?)\s*"
    r"(?P<period>(?P<a>\d{4})\s*[—–\-－~～至]\s*(?P<b>\d{4})\s*(?:学年度|学年|年度|年)"
    r"(?P<term>第一学期|第二学期|上学期|下学期|秋季学期|春季学期)?"
    r"|(?P<sy>\d{4})\s*年?(?P<season>秋季|春季)学期"
    r"|(?P<y>\d{4})\s*(?:年度|年))"
    r"\s*(?P<subject>.*?)(?P<kind>工作计划|工作要点|计划)$"
)
TERM_WORDS = {
    "第一学期": ("first", "first_second"),
    "第二学期": ("second", "first_second"),
    "上学期": ("first", "upper_lower"),
    "下学期": ("second", "upper_lower"),
    "秋季学期": ("first", "seasons"),
    "春季学期": ("second", "seasons"),
}
TITLE_PREFIX = re.compile(r"^【[^】]{1,12}】")  # a web site's column name: 【工作计划】
NOTICE_TITLE = re.compile(r"^关于印发《(?P<title>.+)》的通知$")
DOC_NUMBER = re.compile(r"^\S{0,20}〔\d{4}〕\d+号$")
HEADER = re.compile(r"^\S{2,30}文件$")
SUBTITLE = re.compile(r"^——\S.*$")
RECIPIENTS = re.compile(r"^(?P<who>[^。，]{2,40})[：:]$")
DATE = re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
ISO_DATE = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
# Lines of a web page that published the plan: what they carry, never the plan's text.
WEB_META = {
    "date": re.compile(r"(?:发文日期|发布日期|成文日期|createTime)\s*[:：]\s*(\S+)"),
    "issuer": re.compile(r"(?:发布机构|发文机关|来源)\s*[:：]\s*(\S+)"),
    "doc_number": re.compile(r"文号\s*[:：]\s*(\S*〔\d{4}〕\d+号)"),
}
WEB_CHROME = re.compile(
    r"^(?:[•·]?\s*(?:字号|打印|分享|\|)\s*[:：]?\s*|大\s*中\s*小|扫码.*|标题\s*[:：].*|索引号.*)$"
)
ATTACHMENT = re.compile(
    r"^(?:附件[：:]\s*)?(?P<n>\d+)[.．]\s*(?P<name>.+)$|^附件[：:]\s*(?P<one>[^\d\s].*)$"
)  # several: 附件：1. 名称; one: 附件：名称
CC = re.compile(r"^抄送[：:](?P<names>.+?)。?$")
PRINTED = re.compile(r"^(?P<by>.*?)[\s\u3000]*(?P<date>\d{4}年\d{1,2}月\d{1,2}日)印发$")

# --- Frames of the standard style's body ----------------------------------------------

QUOTA_LEAD = re.compile(
    r"^(?P<before>.*?)(?:工作指标|量化指标|考核指标|关键结果|综合指标)[：:](?P<list>.+)$"
)
QUOTA_SEE = re.compile(r"^(?P<names>.+)（见(?P<where>[^（）]+)）。?$")
OTHER_QUOTAS = frozenset({"其他量化指标", "量化指标"})
VISION = re.compile(r"^总体目标[：:](?P<text>.+)$")
AREA_OBJECTIVE = re.compile(r"^工作目标[：:](?P<text>.+)$")
AREA_OWNERS = re.compile(
    r"^(?:牵头(?:部门|股室)[：:](?P<owner>[^；;。]+))?[；;]?(?:协作单位[：:](?P<partners>[^；;。]+))?。$"
)
TASK_META = re.compile(
    r"^(?:由(?P<owner>[^，。]+?)牵头(?:组织实施|，(?P<partners>[^，。]+?)配合)?"
    r"|协作单位为(?P<partners2>[^，。]+))?"
    r"(?:[，,]?时间安排为(?P<when>.+?))?。$"
)
STEP_META = re.compile(
    r"（(?:(?P<when>[^（）]+?)(?:[，；](?P<owner1>[^，；（）]+)负责)?|(?P<owner2>[^（），；]+)负责)）$"
)
LEADERSHIP = {
    "name": re.compile(r"^成立(?P<v>[^，。]+?小组)[，。]"),
    "leader": re.compile(r"^组\s*长[：:](?P<v>.+?)。?$"),
    "deputies": re.compile(r"^副组长[：:](?P<v>.+?)。?$"),
    "members": re.compile(r"^成\s*员[：:](?P<v>.+?)。?$"),
    "office": re.compile(r"^(?P<v>.*办公室设在.+)$"),
}
DEPARTMENT = re.compile(r"^(?P<name>[^（）]+?)(?:（负责人[：:](?P<head>[^）]+)）)?$")
# A run-in lead “组织保障：……” (a colon within the first few characters, no comma before it).
COLON_LEAD = re.compile(r"^(?P<lead>(?:[^，,。：:；;（(]|（[^（）]*）){2,24})[：:](?P<rest>.+)$")
# Run-in leads that are frames, not item titles.
FRAME_LEADS = frozenset(
    {
        "工作指标",
        "量化指标",
        "牵头部门",
        "牵头股室",
        "协作单位",
        "工作目标",
        "组长",
        "副组长",
        "成员",
        "总体目标",
        "考核指标",
        "关键结果",
        "综合指标",
        "目标",
        "项目目标",
        "主要措施",
        "创新实践",
        "实施举措",
    }
)

# The first marker of a level: a chapter whose items start elsewhere is numbered across chapters.
FIRST_MARKERS = frozenset({"（一）", "(一)", "1.", "1、", "1．", "（1）", "(1)", "①", "一、"})
# school.kind from the unit's name (the first hit wins); a plan that speaks of 股室 is a bureau's.
KIND_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("教育局", "教育和体育局", "教体局", "教育体育局"), "bureau"),
    (("幼儿园",), "kindergarten"),
    (("九年一贯", "九年制"), "nine_year"),
    (("职业", "职教中心", "中等专业"), "vocational"),
    (("小学",), "primary"),
    (("初级中学", "初中"), "junior"),
    (("高级中学", "高中"), "senior"),
)
# A table whose first row has one of these is a 行事历.
SCHEDULE_HEADER_WORDS = ("时间", "周次", "月份", "日期", "工作内容", "工作安排")
# A document with these was written by plangen (or follows its frames): its targets are stated in
# them, so free text is not searched for more.
FRAMED = re.compile(
    r"^(?:\*\*)?(?:[（(][一二三四五六七八九十]+[)）])?[^。]*?。?工作指标[：:]|（见工作目标）"
)
# OKR: a key result heading “关键结果1.2：名称达到98%以上，较上学年提高1.5个百分点（责任：德育处）”
# (the tag is quota.owner), its 行动项 label, and the bullets that name a task written elsewhere.
KEY_RESULT = re.compile(
    r"^关键结果\d+(?:\.\d+)*[：:](?P<phrase>.+?)"
    r"(?:（(?:(?P<ratio>[^（）；]+)；)?责任：(?P<owner>[^（）]+)）)?$"
)  # the ratio shares the owner's bracket: （增长50%；责任：教科室）
ACTION_LABELS = frozenset({"行动项", "行动项：", "其他行动项"})
ACTION_REF = re.compile(r"^[^（）]+（见(?:第[一二三四五六七八九十]+部分|\d+(?:\.\d+)*)）$")
# Lines that are plangen's frames (their facts are read into fields): not looked for as text.
FRAME_LINES = (
    QUOTA_LEAD,
    re.compile(r"^由.+?牵头"),
    re.compile(r"时间安排为"),
    re.compile(r"^(?:牵头(?:部门|股室)|协作单位)[：:]"),
    re.compile(r"^[一二三四五六七八九十]+、\S{2,12}$"),
    re.compile(r"^(?:\*\*)?(?:[（(][一二三四五六七八九十]+[)）]|\d+\.)?(?:其他)?量化指标"),
    re.compile(r"^成立[^，。]+?小组[，。]"),
    KEY_RESULT,
    re.compile(r"^(?:项目)?目标："),  # a collab/innovation task's quota phrases
    re.compile(r"^\d{1,2}\.\d{1,2}\.[^。]+。(?:责任：[^。]+。)?$"),  # a rules 考核指标 line
    re.compile(r"关键指标：[^：]+。$"),  # an okr core bullet (its goal and quota names are read)
    re.compile(r"^第[一二三四五六七八九十]+部分(?:：|\u3000)\S{2,20}$"),
    # an area heading of the rules and okr styles (its name is read without the frame)
    re.compile(
        r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分：).+(?:行动细则|[与及]关键结果（OKR）)$"
    ),
)
# The tag the wording of issue #11 puts at the end of a task's (or an area's) text:
# （责任：教务处；配合：家长委员会、社区；时间：每学期；指标：学生行为规范达标率、家长满意度）
TAG_PARTS = {"责任": "owner", "配合": "partners", "时间": "when", "指标": "quotas"}
# (a name in it may hold one bracket of its own: 村（社区）)
TAG = re.compile(
    r"（(?P<parts>(?:责任|配合|时间|指标)：(?:[^（）]|（[^（）]*）)*)）(?P<end>[。]?)$"
)
# Framing sentences of the variant styles that name the school by its short name (school.display_name).
SHORT_NAME: tuple[re.Pattern[str], ...] = (
    re.compile(r"^本(?:学期|学年|年度)，(?P<short>[^，。]{2,20}?)要实现的目标和指标如下。$"),
    re.compile(r"^本(?:学期|学年|年度)结束时，(?P<short>[^，。]{2,20}?)对照预期目标逐项检查"),
    re.compile(r"^(?P<short>[^，。]{2,20}?)本(?:学期|学年|年度)的核心目标如下：$"),
    re.compile(
        r"^本(?:学期|学年|年度)，(?P<short>[^，。]{2,20}?)(?:围绕|与|各)[^。]+(?:共同推进工作|以项目方式推进工作|用目标与关键结果推进工作|分列行动细则)"
    ),
    re.compile(
        r"^本(?:学期|学年|年度)结束时：?(?P<short>[^，。：]{2,20}?)逐项对照关键结果检查达成情况。$"
    ),
)
# A tag standing alone as a paragraph (an area or task with no text): never an item's lead.
TAG_LINE = re.compile(r"^（(?:责任|配合|时间|指标)：(?:[^（）]|（[^（）]*）)*）$")

# --- The variant styles: a plan plangen wrote in another style --------------------------
# A section heading (marker removed) that only that style writes.
STYLE_MARKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("narrative", re.compile(r"^(?:总纲与指导思想|预期目标与评价机制)$")),
    ("rules", re.compile(r"^(?:总体要求与核心理念|绩效考核与持续改进|.+行动细则)$")),
    ("okr", re.compile(r"^战略愿景与核心目标$")),
    ("collab", re.compile(r"^导言(?:：|$)")),
    ("innovation", re.compile(r"^引言(?:：|$)")),
    # the last hint: the narrative's 预期目标 chapter (a plan without evaluation); not 组织实施,
    # which many schools' own plans have (a variant style's plan is not searched for targets)
    ("narrative", re.compile(r"^预期目标$")),
)
_NOUN = r"本(?:学期|学年|年度)"
# Paragraphs each style builds from the plan's facts (render/wording.py, `Wording.frame`): they
# are written again from the imported facts, so they are not read as the school's text.
FRAMING: dict[str, tuple[re.Pattern[str], ...]] = {
    "narrative": (
        re.compile(
            r"^[^，。]{4,30}，[^，。]{2,30}?(?:秉持“(?P<motto>[^”]+)”的[^，。]{2,4}，)?"
            r"(?:围绕[^。]+统筹安排各项工作|统筹安排[^。]+)。$"
        ),
        re.compile(rf"^{_NOUN}，[^，。]+要实现的目标和指标如下。$"),
        re.compile(r"^[^，。]+的工作成效，以[^。]+的完成情况来检验。$"),
        re.compile(rf"^{_NOUN}结束时，[^，。]+对照预期目标逐项检查[^。]+的完成情况。$"),
        re.compile(
            r"^[^，。]+要(?:围绕[^。]+|对照本计划)抓好各项任务的落实，遇到新情况及时调整完善。$"
        ),
    ),
    "rules": (
        re.compile(
            rf"^{_NOUN}，[^，。]+(?:围绕[^。]+分列行动细则|列出行动细则)，供[^，。]+对照执行、督查考核。$"
        ),
        re.compile(r"^[^，。]+对[^。]+的细则实行过程督查和结果考核。$"),
        re.compile(rf"^[^，。]+对照细则日常自查，{_NOUN}结束时[^，。]+集中考核一次。$"),
        re.compile(r"^[^，。]+的考核结果作为[^。]+评优评先的依据。$"),
        re.compile(r"^检查中发现的问题，由[^，。]+列出清单、限期整改，整改情况纳入下一次检查。$"),
        re.compile(r"^[^，。]+要按[^。]+的细则组织实施，执行中遇到新情况及时报告、修订完善。$"),
        re.compile(r"^[^，。]+?(?:围绕[^。]+分列行动细则|列出行动细则)，供[^，。]+对照执行。$"),
        re.compile(r"^[^，。]+要按以上细则组织实施，执行中遇到新情况及时报告、修订完善。$"),
    ),
    "okr": (
        re.compile(
            rf"^{_NOUN}，[^。]+用目标与关键结果推进工作。(?:[^。]+列出了[^。]+的数据，便于对照。)?$"
        ),
        re.compile(rf"^[^，。]+{_NOUN}的核心目标如下：$"),
        re.compile(r"^[^，。]+将按[^。]+的关键结果检视进展、校正偏差。$"),
        re.compile(r"^[^，。]+将对照以上(?:关键结果|目标)检视进展、校正偏差。$"),
        re.compile(r"^[^：。]+：跟踪[^。]+的完成数据。$"),
        re.compile(r"^[^：。，]+负责统计[^。]+的完成情况。$"),
        re.compile(
            rf"^{_NOUN}重点抓[^：]+项指标：[^。]+。$"
        ),  # a plan without goals: its quota names
        re.compile(r"^(?:学期末|学年末|年末|年底)，[^。]+逐项对照关键结果检查达成情况。$"),
        re.compile(rf"^{_NOUN}结束时：[^。]+逐项对照关键结果检查达成情况。$"),
    ),
    "collab": (
        re.compile(rf"^{_NOUN}，[^。]+共同推进工作。$"),
        re.compile(r"^本章安排[^。]*。$"),
        re.compile(r"^[^，。]+要(?:与[^。]+|相互)定期沟通，及时通报[^。]+的进展。$"),
        re.compile(rf"^{_NOUN}，[^。]+(?:协同|分工协作)，(?:围绕[^。]+)?推进工作。$"),
        re.compile(r"^[^，。]+要(?:与[^。]+)?定期沟通，及时通报工作进展。$"),
    ),
    "innovation": (
        re.compile(
            rf"^{_NOUN}，[^。]+以项目方式推进工作。(?:[^。]+是创新项目，在所属章节中优先安排。)?$"
        ),
        re.compile(r"^本章安排[^。]*。$"),
        re.compile(
            r"^[^，。]+的[^，。]+要定期梳理进展，成效明显的做法及时推广，效果不理想的及时调整。$"
        ),
    ),
}
# Labels of a task's parts in collab and innovation: 目标 lines are its quotas, the text follows
# 主要措施 (创新实践, 实施举措); the step bullets follow 实施安排 or 协作行动.
TASK_PARTS = re.compile(r"^(?P<label>目标|项目目标|主要措施)：(?P<rest>.*)$")
STEP_LABELS = frozenset({"实施安排：", "实施步骤：", "协作行动：", "实施举措：", "创新实践："})
INNOVATION_LABEL = "创新实践："  # the steps of a task tagged innovation
# Area headings of a variant style: the name within its frame.
AREA_NAME = {
    "rules": re.compile(r"^(?P<name>.+?)行动细则$"),
    "okr": re.compile(r"^(?P<name>.+?)(?:[与及]关键结果（OKR）|：目标与关键结果)$"),
}
CLOSING_HEADING = re.compile(r"^结语(?:：|$)")
# Headings a variant style writes for a built-in part (not the school's own: not kept in `headings`).
STYLE_HEADINGS = {
    "guiding_ideology": re.compile(
        r"^(?:导言(?:：.+)?|引言(?:：.+)?|总纲与指导思想|总体要求(?:与核心理念)?|战略愿景与核心目标)$"
    ),
    "departments": re.compile(r"^(?:(?:部门|股室)分工与协作|职责分工)$"),
    "evaluation": re.compile(r"^(?:评价反馈|评价机制|绩效考核与持续改进|评估与复盘机制)$"),
    "schedule": re.compile(r"^(?:工作进度安排|推进节点)$"),
    "goals": re.compile(r"^预期目标$"),
}
# rules: 办学理念：“让每一个孩子都被看见”。 (school.motto), a decimal item marker “3.1.”, a 考核指标
# line “1.2.学生行为规范达标率达到98%以上。责任：德育处。”, and the last chapter's heading.
MOTTO = re.compile(r"^(?:办学理念|办园理念|工作理念)：“(?P<motto>.+)”。$")
DECIMAL = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.")
RULES_QUOTA = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.)?(?P<phrase>.+?)。(?:责任：(?P<owner>[^。]+)。)?$"
)
RULES_OPENING = ("总体要求与核心理念", "总体要求")
RULES_ASSESSMENT = "绩效考核与持续改进"
NARRATIVE_CHAPTERS = frozenset(
    {"总纲与指导思想", "指导思想", "组织实施", "预期目标与评价机制", "预期目标"}
)
DECIMAL_HEAD = re.compile(r"^\d{1,2}\.\d{1,2}")  # 2.1 (a collab/innovation task's number)
# okr: 战略愿景：…, a core bullet (“area：title——text；title。关键指标：names。”, “label关键指标：names。”),
# 目标一：… (an area's objective), a bullet naming a task written under another key result.
OKR_VISION = re.compile(r"^(?:战略愿景|总体目标)：(?P<text>.+)$")
OKR_CORE = re.compile(
    r"^(?P<label>[^：]*?)(?:：(?P<rest>[^：]*?。))?"
    r"(?:(?:：?关键指标为|关键指标：)(?P<names>[^：]+?))?。?$"
)
OKR_OTHER = frozenset({"其他举措："})  # a label before the bullets of tasks driving no key result
OKR_OBJECTIVE = re.compile(r"^目标[一二三四五六七八九十]+：(?P<text>.+)$")
OKR_REF = re.compile(r"^(?P<title>.+)（见(?:\d+(?:\.\d+)*|第[一二三四五六七八九十]+部分)）$")
OKR_OPENING = "战略愿景与核心目标"
OKR_REVIEW = "评估与复盘机制"

# The review-round forms of issue #11 (branch text2), beside the earlier ones above.
FRAMING["narrative"] += (
    re.compile(
        r"^[^，。]{4,30}，[^，。]{2,30}?(?:秉持“(?P<motto>[^”]+)”的[^，。]{2,4}，)?"
        r"围绕[^。]+部署[^。]*工作。$"
    ),
    re.compile(r"^[^，。]+要对照本计划抓好落实，遇到新情况及时调整完善。$"),
)
FRAMING["innovation"] += (
    re.compile(r"^[^，。]+要定期梳理进展，做法成效明显的及时推广，效果不理想的及时调整。$"),
    re.compile(rf"^{_NOUN}，[^。]+围绕[^。]+部署重点工作。(?:[^。]+是{_NOUN}的创新项目。)?$"),
    re.compile(rf"^[^。]+是{_NOUN}的创新项目。$"),
)
SHORT_NAME += (
    re.compile(
        rf"^{_NOUN}，(?P<short>[^，。]{{2,20}}?)(?:围绕|与|各)[^。]+(?:推进工作|部署重点工作)"
    ),
    re.compile(r"^(?P<short>[^，。]{2,20}?)(?:围绕[^。]+分列行动细则|列出行动细则)，供"),
    re.compile(r"^(?P<short>[^，。]{2,20}?)将对照以上(?:关键结果|目标)检视进展、校正偏差。$"),
)
DECIMAL_ITEM = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.")  # 1. / 1.2. before a rules 考核指标 phrase
SHORT_NAME += (
    re.compile(
        r"^[^，。]{4,30}，(?P<short>[^，。]{2,20}?)(?:秉持“[^”]+”的[^，。]{2,4}，)?围绕[^。]+部署[^。]*工作。$"
    ),
)
OKR_FOCUS = re.compile(rf"^{_NOUN}重点抓[^：]+项指标：")  # okr without goals: every quota's name
