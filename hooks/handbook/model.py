"""Typed definitions of every YAML kind under `snippets/`; the single source for validation and JSON Schema."""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Any text a person wrote: may not be empty or only spaces."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
Shortcut = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]{1,11}$")]
ScenarioRef = Annotated[str, StringConstraints(pattern=r"^[a-z]+/[a-z][a-z0-9-]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- stages, roles and completeness -------------------------------------------------------


class Role(_Strict):
    """A kind of message within a conversation."""

    label: Text = Field(description="角色的中文名，显示在话术卡片上，如“开场/安抚”。")
    description: Text = Field(description="这一类话术什么时候用。")


class Stage(_Strict):
    """A stage of the buyer's journey; scenarios live in a folder named after it."""

    label: Text = Field(description="阶段的中文名，如“售前”。")
    description: Text = Field(description="这一阶段包含哪些情形，显示在阶段目录页。")
    required_roles: list[Identifier] = Field(
        min_length=1,
        description="本阶段每个情景必须具备的话术角色（完整性检查依据），取值见 roles。",
    )
    order: list[Identifier] = Field(
        default_factory=list,
        description="导航中情景的顺序（文件名，不含 .yml）；没列出的情景按文件名排在后面。",
    )


class Structure(_Strict):
    """snippets/stages.yml: the stages in navigation order and the template roles."""

    stages: dict[Identifier, Stage] = Field(description="阶段，按导航顺序排列。")
    roles: dict[Identifier, Role] = Field(description="话术角色。")
    nav_max_scenarios: int = Field(
        default=80,
        ge=1,
        description="侧边导航里每个阶段最多列出多少个情景；超过时只列出阶段目录页（目录页仍列出全部情景），"
        "否则每一页都要带上几千条导航，网站会变得又大又慢。",
    )
    review_max_age_days: int = Field(
        default=180, ge=1, description="情景、原则等的 reviewed 日期超过这么多天，覆盖情况页会提示“需复核”。"
    )


# --- placeholders and shop policy -----------------------------------------------------------


class Slot(_Strict):
    """A fill-in slot: the agent types its value for each buyer."""

    description: Text = Field(description="要填什么，如“买家的称呼，如王女士”。")
    example: Text = Field(description="示例值，用于演示和测试。")


class Vocabulary(_Strict):
    """snippets/vocabulary.yml: every placeholder a text may use, written as {名称}."""

    policy: dict[Text, Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)*$")]] = Field(
        description="店铺政策占位符：名称 → policy.yml 中的路径（如 returns.window_days），构建时自动填入。",
    )
    slots: dict[Text, Slot] = Field(description="填空占位符：客服发送前按买家情况填写。")


# --- content kinds ---------------------------------------------------------------------------------


class Template(_Strict):
    """One reply an agent can copy."""

    role: Identifier = Field(description="话术角色，如 opening（开场/安抚）、reply（答复）、closing（收尾/跟进）。")
    shortcut: Shortcut = Field(
        description="快捷编码：小写字母开头，2–12 位小写字母或数字，全手册唯一，如 yj1。",
    )
    text: Text = Field(description="发给买家的原文。占位符写成 {名称}。不要写表情提示或给客服的说明。")
    when: Text | None = Field(default=None, description="适用条件，如“已购买运费险”。")
    note: Text | None = Field(default=None, description="只给客服看的提示，不会被复制。")


class Guidance(_Strict):
    """What the agent should and should not do, and when to involve a supervisor."""

    do: list[Text] = Field(default_factory=list, description="应该做的。")
    dont: list[Text] = Field(default_factory=list, description="不要做的。")
    escalate: list[Text] = Field(default_factory=list, description="什么情况下请主管处理。")


class Scenario(_Strict):
    """snippets/scenarios/<阶段>/<编号>.yml: one situation an agent meets."""

    title: Text = Field(description="情景标题，如“买家议价”。")
    tags: list[Text] = Field(default_factory=list, description="标签，用于标签索引页。")
    goal: Text = Field(description="一句话目标：这次回复要达到什么。")
    buyer_says: list[Text] = Field(
        min_length=3,
        description="买家常见说法（至少 3 条），原样照买家口吻写，用于搜索。",
    )
    principles: list[Identifier] = Field(default_factory=list, description="引用的原则编号。")
    procedures: list[Identifier] = Field(default_factory=list, description="引用的流程编号。")
    related: list[ScenarioRef] = Field(default_factory=list, description="相关情景，如 aftersale/complaint。")
    guidance: Guidance = Field(default_factory=Guidance, description="给客服的要点。")
    platform_note: Text | None = Field(
        default=None, description="涉及平台规则的提示；平台规则会变，页面会提醒“请核对当前平台规则”。"
    )
    templates: list[Template] = Field(min_length=1, description="话术模板。")
    owner: Text | None = Field(default=None, description="负责维护此情景的培训师。")
    reviewed: datetime.date | None = Field(default=None, description="最近一次审核日期，如 2026-11-23。")


class Example(_Strict):
    """A before/after pair that shows a principle at work."""

    avoid: Text = Field(description="不要这样说。")
    prefer: Text = Field(description="建议这样说。")


class Principle(_Strict):
    """snippets/principles/<编号>.yml: a rule of how agents talk and act."""

    title: Text = Field(description="原则名称。")
    summary: Text = Field(description="一句话概括。")
    points: list[Text] = Field(min_length=1, description="要点。")
    examples: list[Example] = Field(default_factory=list, description="对比示例。")
    owner: Text | None = Field(default=None, description="负责维护的培训师。")
    reviewed: datetime.date | None = Field(default=None, description="最近一次审核日期。")


class Step(_Strict):
    """One step of a procedure."""

    title: Text = Field(description="步骤名称。")
    do: Text = Field(description="这一步要做什么。")
    say: Text | None = Field(default=None, description="这一步可以怎么说（示例）。")


class Procedure(_Strict):
    """snippets/procedures/<编号>.yml: ordered steps for handling a kind of case."""

    title: Text = Field(description="流程名称。")
    summary: Text = Field(description="一句话概括：何时用这个流程。")
    steps: list[Step] = Field(min_length=2, description="按顺序排列的步骤。")
    platform_note: Text | None = Field(default=None, description="涉及平台规则的提示。")
    owner: Text | None = Field(default=None, description="负责维护的培训师。")
    reviewed: datetime.date | None = Field(default=None, description="最近一次审核日期。")


class Section(_Strict):
    """A titled block of points inside a guide."""

    heading: Text = Field(description="小节标题。")
    points: list[Text] = Field(min_length=1, description="要点。")


class Guide(_Strict):
    """snippets/guides/<编号>.yml: background reading such as duties and buyer types."""

    title: Text = Field(description="标题。")
    summary: Text = Field(description="一句话概括。")
    sections: list[Section] = Field(min_length=1, description="小节。")
    owner: Text | None = Field(default=None, description="负责维护的培训师。")
    reviewed: datetime.date | None = Field(default=None, description="最近一次审核日期。")


# --- practice ------------------------------------------------------------------------------------


class PracticeItem(_Strict):
    """One buyer message to practise on: the new agent names its scenario and the reply to send."""

    scenario: ScenarioRef = Field(description="这条买家消息属于哪个情景（阶段/编号），如 presale/bargaining。")
    message: Text = Field(
        description="买家发来的原话。要新写，不要照抄情景里的 buyer_says：练习考的是认出新说法，不是背手册。",
    )


class Practice(_Strict):
    """snippets/practice.yml: buyer messages for the practice mode and the printed self-check quiz."""

    items: list[PracticeItem] = Field(min_length=1, description="练习题：每个情景至少两条。")


# --- content lint ------------------------------------------------------------------------------------


class LintRule(_Strict):
    """One compliance rule for buyer-facing text."""

    message: Text = Field(description="问题说明与改法，显示在报错里。")
    words: list[Text] = Field(default_factory=list, description="出现即报错的词（原样匹配）。")
    patterns: list[Text] = Field(default_factory=list, description="正则表达式（可选，高级写法）。")
    examples: list[Text] = Field(min_length=1, description="违规示例：测试确认每条都被本规则查出。")
    allowed: list[Text] = Field(default_factory=list, description="合规示例：测试确认它们不被任何规则误报。")


class LintRules(_Strict):
    """snippets/lint.yml: the word lists and patterns of the content lint."""

    rules: dict[Identifier, LintRule] = Field(description="规则编号 → 规则。")


# --- search tuning -------------------------------------------------------------------------------------


class SearchTuning(_Strict):
    """snippets/search.yml: words and spellings that help pasted buyer messages find the right scenario."""

    words: list[Text] = Field(
        default_factory=list,
        description="店铺常用词（单个词，不要写短语），让分词把它们当作一个词，如“运费险”“开胶”。",
    )
    not_words: list[Text] = Field(
        default_factory=list,
        description="分词词典里不该当作一个词的组合，如“货运费”（否则“退货运费”会被切成“退/货运费”）。",
    )
    synonyms: dict[Text, Text] = Field(
        default_factory=dict,
        description="买家的写法 → 手册里的写法，如 包油: 包邮、退钱: 退款。搜索时自动替换。",
    )
    stopwords: list[Text] = Field(
        default_factory=list,
        description="搜索时忽略的单字，如“的”“了”“吗”。",
    )
