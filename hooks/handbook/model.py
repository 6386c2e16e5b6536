"""Typed definitions of every YAML kind under `snippets/`; the single source for validation and JSON Schema."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Any text a person wrote: may not be empty or only spaces."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
Shortcut = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]{1,11}$")]
ScenarioRef = Annotated[str, StringConstraints(pattern=r"^[a-z]+/[a-z][a-z0-9-]*$")]
PolicyPath = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)*$")]
ChoiceValue = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
HanWords = Annotated[str, StringConstraints(pattern=r"^[\u3400-\u9fff\uf900-\ufaff]+$")]


#: The fewest buyer messages any scenario may have; the editor's schema flags fewer while typing.
MIN_BUYER_SAYS = 3


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
    min_buyer_says: int = Field(
        ge=MIN_BUYER_SAYS,
        description="本阶段每个情景至少要写几条买家说法（buyer_says）；少于这个数，检查会报错。",
    )


class SectionLabel(_Strict):
    """The name of a part of the handbook as navigation, indexes, the onboarding path and the PDF show it."""

    label: Text = Field(description="栏目名称，如“原则”。")
    description: Text = Field(description="一句话说明这一栏有什么，显示在栏目目录页和 PDF 的章节页。")


class Sections(_Strict):
    """The parts of the handbook besides the stages, named once for the site, the PDF and the trainer pages."""

    scenarios: SectionLabel = Field(description="情景（各阶段下的页面）统称。")
    principles: SectionLabel = Field(description="原则栏目。")
    procedures: SectionLabel = Field(description="流程栏目。")
    guides: SectionLabel = Field(description="背景资料栏目（岗位、买家类型、术语等）。")
    appendix: SectionLabel = Field(description="印刷版（PDF）的附录：速查表、术语表、自测题。")
    training: SectionLabel = Field(description="网站导航里的新人培训栏目：入职路线、练习、速查表、自测题。")
    trainers: SectionLabel = Field(description="网站导航里给培训师看的栏目：怎样修改、覆盖情况、更新记录。")


class Pages(_Strict):
    """Titles and one-line descriptions of the pages the handbook generates besides its content files."""

    desk: SectionLabel = Field(description="接待台：粘贴买家消息，找到要发的话术。")
    quick: SectionLabel = Field(description="旧的快捷回复页地址：打开的是同一个接待台（保留给书签）。")
    onboarding: SectionLabel = Field(description="新客服逐日阅读的入职路线。")
    practice: SectionLabel = Field(description="练习：看一条新的买家消息，判断情景、选出话术。")
    shortcuts: SectionLabel = Field(description="快捷编码速查表（网站和 PDF 附录，也单独打印成速查卡）。")
    quiz: SectionLabel = Field(description="自测题。")
    quiz_answers: SectionLabel = Field(description="自测题答案。")
    how_to_use: SectionLabel = Field(description="印刷版（PDF）的第一章：手册里有什么、怎样读话术卡片。")


class Structure(_Strict):
    """snippets/stages.yml: the stages in navigation order and the template roles."""

    stages: dict[Identifier, Stage] = Field(description="阶段，按导航顺序排列。")
    roles: dict[Identifier, Role] = Field(description="话术角色。")
    sections: Sections = Field(description="阶段以外各栏目的名称和说明，网站导航、入职路线、覆盖情况页和 PDF 共用。")
    pages: Pages = Field(description="手册自动生成的页面（接待台、新人培训、PDF 使用说明）的标题和一句话说明。")
    appendix_guides: list[Identifier] = Field(
        default_factory=list,
        description="印刷版（PDF）里放进附录、而不和其他背景资料放在一起的资料编号（snippets/guides/ 下），如 glossary。",
    )
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


ChatwootVariable = Annotated[str, StringConstraints(pattern=r"^\{\{(contact|agent|conversation)\.[a-z_]+\}\}$")]
ZammadVariable = Annotated[str, StringConstraints(pattern=r"^#\{(ticket|user|config)(\.[a-z_]+)+\}$")]


class SlotTools(_Strict):
    """The variable each chat tool fills in for a slot by itself; a tool left out cannot fill it."""

    chatwoot: ChatwootVariable | None = Field(
        default=None,
        description="Chatwoot 预设回复里自动填入的变量，如 {{contact.name}}（买家名）、{{agent.name}}（对话负责客服）。",
    )
    zammad: ZammadVariable | None = Field(
        default=None,
        description="Zammad 文本模块里自动填入的变量，如 #{ticket.customer.firstname}（客户名）、#{user.firstname}（当前客服）。",
    )


class Slot(_Strict):
    """A fill-in slot: the agent types its value for each buyer."""

    description: Text = Field(description="要填什么，如“买家的称呼，如王女士”。")
    example: Text = Field(description="示例值，用于演示和测试。")
    tools: SlotTools = Field(
        default_factory=SlotTools,
        description="导出到客服工具时由工具自动填入的变量；没写的工具里，这个填空显示为【名称】，客服发送前要替换。",
    )
    scope: Literal["buyer", "agent"] = Field(
        default="buyer",
        description="buyer（默认）：每个买家不同，接待台点“新买家”时清空；agent：客服自己的信息（如客服名），"
        "在“客服设置”里填一次，保存在本机浏览器，换买家时保留。",
    )



PolicyPath = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)*$")]

#: What a policy value must look like; `text` takes any value as written.
PolicyType = Literal["text", "integer", "number", "money", "list"]


class PolicyPlaceholder(_Strict):
    """A policy placeholder: where its value sits in policy.yml and what kind of value it must be."""

    path: PolicyPath = Field(description="policy.yml 中的路径，如 returns.window_days。")
    type: PolicyType = Field(
        default="text",
        description="值的类型：text（文字，原样填入）、integer（整数，如天数）、number（数字，可带小数）、"
        "money（金额：数字，填入时写成“15 元”，话术里不要再写“元”）、list（列表）。",
    )


def _path_shorthand(value: Any) -> Any:
    # `名称: returns.window_days` is short for `名称: {path: returns.window_days}` (a text value).
    return {"path": value} if isinstance(value, str) else value


class Choice(_Strict):
    """A policy value that is one of a few named options, such as who pays a return's postage."""

    description: Text = Field(description="这个选项决定什么，如“非质量问题退换的运费谁出”。")
    values: dict[ChoiceValue, Text] = Field(
        min_length=2,
        description="可选的值（小写英文）→ 中文含义，如 buyer: 买家出。policy.yml 里只能写其中之一。",
    )


class Vocabulary(_Strict):
    """snippets/vocabulary.yml: every placeholder a text may use, written as {名称}."""

    policy: dict[Text, Annotated[PolicyPlaceholder, BeforeValidator(_path_shorthand, json_schema_input_type=PolicyPath | PolicyPlaceholder)]] = Field(
        description="店铺政策占位符：名称 → policy.yml 中的路径（如 returns.window_days），构建时自动填入；"
        "值必须是数字时写成 {path: returns.window_days, type: integer}。",
    )
    slots: dict[Text, Slot] = Field(description="填空占位符：客服发送前按买家情况填写。")
    choices: dict[PolicyPath, Choice] = Field(
        default_factory=dict,
        description="选项型政策：policy.yml 中的路径 → 可选的值。它们不填进文字，而是由话术的 if_policy 选用。",
    )
    agent_policy: list[Text] = Field(
        default_factory=list,
        description="客服可以在“客服设置”里改成本店写法的政策占位符（如 店铺名），只保存在本机浏览器。",
    )


# --- content kinds ---------------------------------------------------------------------------------


class Template(_Strict):
    """One reply an agent can copy."""

    role: Identifier = Field(description="话术角色，如 opening（开场/安抚）、reply（答复）、closing（收尾/跟进）。")
    shortcut: Shortcut = Field(
        description="快捷编码：小写字母开头，2–12 位小写字母或数字，全手册唯一，如 yj1。",
    )
    text: Text = Field(description="发给买家的原文。占位符写成 {名称}。不要写表情提示或给客服的说明。")
    when: Text | None = Field(default=None, description="适用条件，如“已购买运费险”。")
    if_policy: dict[PolicyPath, ChoiceValue] = Field(
        default_factory=dict,
        description="只在店铺政策取这些值时使用这条话术，如 {returns.non_quality_shipping_payer: buyer}；"
        "路径和可选值见 vocabulary.yml 的 choices。不适用的话术不出现在页面、搜索、快捷回复和导出中。",
    )
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
        min_length=MIN_BUYER_SAYS,
        description="买家常见说法（至少 3 条，各阶段在 stages.yml 的 min_buyer_says 中可以要求更多），原样照买家口吻写，用于搜索。",
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


# --- onboarding path --------------------------------------------------------------------------------


ReadingKind = Literal["guides", "principles", "procedures", "scenarios"]


class OnboardingDay(_Strict):
    """One day of the new agent's onboarding path."""

    title: Text | None = Field(default=None, description="这一天的标题，如“投诉与情绪处理”；不写时用 stages 的阶段名。")
    intro: Text | None = Field(default=None, description="这一天开头的说明；不写时用阶段的 description。")
    stages: list[Identifier] = Field(
        default_factory=list, description="这一天读这些阶段的情景（其他天单独列出的情景除外），取值见 stages.yml。"
    )
    guides: list[Identifier] = Field(default_factory=list, description="这一天读的背景资料编号，按这里的顺序。")
    principles: list[Identifier] = Field(default_factory=list, description="这一天读的原则编号，按这里的顺序。")
    procedures: list[Identifier] = Field(
        default_factory=list, description="这一天读的流程编号；不写的流程自动放在用到它的情景最多的那一天。"
    )
    scenarios: list[ScenarioRef] = Field(
        default_factory=list, description="这一天读的情景（写成“阶段/编号”），即使它的阶段在别的一天。"
    )
    rest: list[ReadingKind] = Field(
        default_factory=list,
        description="这些种类里没写进任何一天的内容都放到这一天：guides、principles、procedures、scenarios。"
        "每个种类必须恰好有一天写了 rest。",
    )
    shortcuts: bool = Field(default=False, description="这一天是否练习快捷编码速查表。")


class Onboarding(_Strict):
    """snippets/onboarding.yml: what a new agent reads on each day, in order."""

    days: list[OnboardingDay] = Field(min_length=1, description="按顺序排列的每一天。")


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


class SuggestLink(_Strict):
    """Where agents may propose a scenario the handbook lacks (opened in a new tab; nothing is sent)."""

    label: Text = Field(default="建议新增情景", description="链接文字。")
    url: Annotated[str, StringConstraints(pattern=r"^(https?://|mailto:)\S+$")] = Field(
        description="培训师收集建议的地址，如表单或 mailto: 地址。买家原话不会附在链接里。"
    )


class DeskSettings(_Strict):
    """The 接待台 (reply desk): what it offers when no scenario matches."""

    not_covered: list[Shortcut] = Field(
        default_factory=list,
        description="没有情景匹配买家原话时，接待台给出的话术（快捷编码），如“这个我先确认一下，问过主管再回复您”。",
    )
    suggest_link: SuggestLink | None = Field(
        default=None, description="可选：没有匹配时显示的“建议新增情景”链接；不写则不显示。"
    )


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
    dialect: dict[HanWords, HanWords] = Field(
        default_factory=dict,
        description="方言、网络用语的写法 → 普通话，如 冇: 没有、點解: 为什么。搜索前把买家原话里的这些字直接改写（长的先改），单字粤语也适用。",
    )
    desk: DeskSettings = Field(default_factory=lambda: DeskSettings(), description="接待台的设置。")
