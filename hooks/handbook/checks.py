"""Checks that span files: references, placeholders, completeness and unique shortcuts."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .conditions import applies, exclusive, policy_at
from .model import MIN_BUYER_SAYS
from .names import ID_PATTERN, PLACEHOLDER, RESERVED_IDS, SHOP_NAME, is_buyer_facing, placeholders_in
from .problems import Problem
from .yamlpos import LoadedYaml, Loc, dotted

if TYPE_CHECKING:
    from .load import Entry, Handbook
    from .model import Onboarding, Structure, Vocabulary

_STRAY_BRACE = re.compile(r"[{}]")
_FULLWIDTH_BRACE = re.compile(r"[｛｝]")
#: Characters nobody can see or that break pasting into chat tools: C0/C1 controls (but the line break),
#: zero-width and joiner characters, bidirectional marks and the byte order mark.
_INVISIBLE_CHARS = "\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
#: An invisible character or a full-width brace: one search picks the texts that need a closer look (nearly none).
_SUSPICIOUS = re.compile(f"[{_INVISIBLE_CHARS}｛｝]")
#: What a policy value of each declared type must look like (as typed in policy.yml).
_POLICY_TYPES = {
    "integer": (re.compile(r"^[0-9]+$"), "整数，如 7"),
    "number": (re.compile(r"^[0-9]+(\.[0-9]+)?$"), "数字，如 15 或 12.5"),
    "money": (re.compile(r"^[0-9]+(\.[0-9]+)?$"), "金额（只写数字，如 15，“元”会自动加上）"),
}


def cross_check(
    handbook: Handbook,
    *,
    structure: Entry[Structure],
    vocabulary: Entry[Vocabulary],
    policy: LoadedYaml,
    sources: dict[str, dict[str, LoadedYaml]],
) -> list[Problem]:
    """Every problem that needs more than one file to see, including in files that failed validation."""
    return [
        *_check_policy(policy),
        *_check_vocabulary(handbook, vocabulary, policy),
        *_check_choices(handbook, vocabulary, policy),
        *_check_ids(structure, sources),
        *_check_characters([structure.source, vocabulary.source, policy], sources),
        *_check_structure(structure, sources.get("scenarios", {})),
        *_check_appendix(structure, sources.get("guides", {})),
        *_check_scenarios(handbook, sources.get("scenarios", {})),
        *_check_conditions(handbook, sources.get("scenarios", {})),
        *_check_money(handbook, sources),
        *_check_references(sources),
        *_check_placeholders(handbook, sources),
    ]


def _check_policy(policy: LoadedYaml) -> Iterator[Problem]:
    def walk(value: Any, loc: Loc) -> Iterator[Problem]:
        position = policy.position(loc)
        if isinstance(value, dict):
            if not value:
                yield Problem(policy.path, position.line, position.column, dotted(loc), "这一节是空的。请填写内容或删除这一节。")
            for key, child in value.items():
                if not ID_PATTERN.match(key.replace("_", "-")):
                    key_position = policy.position(loc + (key,), prefer_key=True)
                    yield Problem(
                        policy.path, key_position.line, key_position.column, dotted(loc + (key,)),
                        f"字段名 '{key}' 只能用小写英文字母、数字和下划线，如 window_days。",
                    )
                yield from walk(child, loc + (key,))
        elif isinstance(value, list):
            if not value:
                yield Problem(policy.path, position.line, position.column, dotted(loc), "列表是空的。请至少填写一项。")
            for index, item in enumerate(value):
                if not _is_scalar(item):
                    item_position = policy.position(loc + (index,))
                    yield Problem(
                        policy.path, item_position.line, item_position.column, dotted(loc + (index,)),
                        f"列表中的每一项应为文字或数字，实际是 {item!r}。",
                    )
        elif not _is_scalar(value):
            yield Problem(
                policy.path, position.line, position.column, dotted(loc),
                "应为文字、数字或列表；空值不能用作政策。请填写具体的值。",
            )
        elif _STRAY_BRACE.search(str(value)) or _FULLWIDTH_BRACE.search(str(value)):
            yield Problem(
                policy.path, position.line, position.column, dotted(loc),
                "政策的值里不能有花括号或占位符：它会原样进入话术，买家会看到 { }。请只写值本身。",
            )

    yield from walk(policy.data, ())


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip() != ""


def _check_vocabulary(handbook: Handbook, vocabulary: Entry[Vocabulary], policy: LoadedYaml) -> Iterator[Problem]:
    source = vocabulary.source
    if SHOP_NAME not in handbook.vocabulary.policy:
        position = source.position(("policy",), prefer_key=True)
        yield Problem(
            source.path, position.line, position.column, "policy",
            f"缺少占位符 '{SHOP_NAME}'：封面和导出要用它显示店名。请写上 {SHOP_NAME}: <policy.yml 中店名的路径>。",
        )
    for name, placeholder in handbook.vocabulary.policy.items():
        path = placeholder.path
        try:
            value = handbook.policy_value(path)
        except (KeyError, TypeError):
            value = None
        if value is None or isinstance(value, dict):
            position = source.position(("policy", name))
            yield Problem(
                source.path, position.line, position.column, f"policy.{name}",
                f"路径 '{path}' 在 {policy.path} 中找不到对应的值（应指向文字、数字或列表）。",
            )
            continue
        yield from _check_policy_type(name, placeholder.type, value, path.split("."), policy)
    for group in ("policy", "slots"):
        for name in getattr(handbook.vocabulary, group):
            position = source.position((group, name), prefer_key=True)
            if not re.fullmatch(r"\w+", name):
                yield Problem(
                    source.path, position.line, position.column, f"{group}.{name}",
                    "占位符名称只能用汉字、字母、数字和下划线（不能有空格、花括号、引号或其他符号），如 订单号。",
                )
            if group == "slots" and name in handbook.vocabulary.policy:
                yield Problem(
                    source.path, position.line, position.column, f"{group}.{name}",
                    f"占位符 '{name}' 同时出现在 policy 和 slots 中。请只保留一处。",
                )


def _check_policy_type(name: str, kind: str, value: Any, loc: list[str], policy: LoadedYaml) -> Iterator[Problem]:
    """A policy value against the type its placeholder declares in vocabulary.yml."""
    position = policy.position(tuple(loc))
    where = dotted(tuple(loc))
    if kind == "list":
        if not isinstance(value, list):
            yield Problem(policy.path, position.line, position.column, where,
                          f"占位符 {{{name}}} 要求这里是列表（每项一行，以“- ”开头），实际是 '{_short(value)}'。")
        return
    if isinstance(value, list):
        if kind != "text":
            yield Problem(policy.path, position.line, position.column, where,
                          f"占位符 {{{name}}} 要求这里是一个{_POLICY_TYPES[kind][1]}，实际是列表。")
        return
    if kind in _POLICY_TYPES and not _POLICY_TYPES[kind][0].match(str(value)):
        yield Problem(policy.path, position.line, position.column, where,
                      f"占位符 {{{name}}} 要求这里是{_POLICY_TYPES[kind][1]}，实际是 '{_short(value)}'。"
                      "单位（天、元）写在话术里，不要写在政策值里。")


def _check_ids(structure: Entry[Structure], sources: dict[str, dict[str, LoadedYaml]]) -> Iterator[Problem]:
    """Stage ids and file names that would overwrite the site's own pages."""
    for stage_id in structure.model.stages:
        if stage_id in RESERVED_IDS:
            position = structure.source.position(("stages", stage_id), prefer_key=True)
            yield Problem(
                structure.path, position.line, position.column, f"stages.{stage_id}",
                f"阶段编号 '{stage_id}' 是网站自己的栏目名，会覆盖那些页面。请换一个编号"
                f"（不能用：{'、'.join(sorted(RESERVED_IDS))}）。",
            )
    for kind_sources in sources.values():
        for entry_id, source in kind_sources.items():
            slug = entry_id.rsplit("/", 1)[-1]
            if slug in RESERVED_IDS:
                yield Problem(
                    source.path, 1, 1, "(文件名)",
                    f"文件名 '{slug}' 是网站保留的名字，会覆盖栏目页。请给文件换个名字。",
                )


def _check_characters(singles: list[LoadedYaml], sources: dict[str, dict[str, LoadedYaml]]) -> Iterator[Problem]:
    """Invisible and control characters anywhere, full-width braces where placeholders are meant."""
    files = [source for source in singles if source is not None]
    files += [source for kind_sources in sources.values() for source in kind_sources.values()]
    for source in files:
        for loc, text in source.texts():
            if not _SUSPICIOUS.search(text):
                continue
            hidden = _INVISIBLE.search(text)
            if hidden:
                char = hidden.group(0)
                position = source.position_of(loc, char)
                yield Problem(
                    source.path, position.line, position.column, dotted(loc),
                    f"有一个看不见的字符 U+{ord(char):04X}（在这段文字的第 {hidden.start() + 1} 个字符处）。"
                    "它会让复制到聊天工具的话术出错。请删掉它（从别处粘贴文字时常会带进来）。",
                )
            wide = _FULLWIDTH_BRACE.search(text)
            if wide:
                position = source.position_of(loc, wide.group(0))
                yield Problem(
                    source.path, position.line, position.column, dotted(loc),
                    "有全角花括号 ｛ ｝。占位符要用半角花括号，写成 {订单号}；其他地方请不要使用花括号。",
                )


def _short(value: Any) -> str:
    """A value quoted in a message: one line, at most 40 characters."""
    text = str(value).splitlines()[0] if str(value) else ""
    return text if len(text) <= 40 else text[:40] + "…"


def _check_structure(structure: Entry[Structure], scenarios: dict[str, LoadedYaml]) -> Iterator[Problem]:
    model = structure.model
    for stage_id, stage in model.stages.items():
        for index, slug in enumerate(stage.order):
            if f"{stage_id}/{slug}" not in scenarios:
                loc = ("stages", stage_id, "order", index)
                position = structure.source.position(loc)
                yield Problem(
                    structure.path, position.line, position.column, dotted(loc),
                    f"order 中的情景 '{slug}' 不存在：snippets/scenarios/{stage_id}/ 下没有 {slug}.yml。",
                )
        for index, role in enumerate(stage.required_roles):
            if role not in model.roles:
                position = structure.source.position(("stages", stage_id, "required_roles", index))
                yield Problem(
                    structure.path, position.line, position.column,
                    dotted(("stages", stage_id, "required_roles", index)),
                    f"未知角色 '{role}'。可用角色：{', '.join(model.roles)}。",
                )


def _check_appendix(structure: Entry[Structure], guides: dict[str, LoadedYaml]) -> Iterator[Problem]:
    for index, guide_id in enumerate(structure.model.appendix_guides):
        if guide_id not in guides:
            position = structure.source.position(("appendix_guides", index))
            yield Problem(
                structure.path, position.line, position.column, dotted(("appendix_guides", index)),
                f"背景资料 '{guide_id}' 不存在：snippets/guides/ 下没有 {guide_id}.yml。",
            )


def _check_scenarios(handbook: Handbook, scenarios: dict[str, LoadedYaml]) -> Iterator[Problem]:
    stages = handbook.structure.stages
    roles = handbook.structure.roles
    shortcuts: dict[str, list[tuple[str, int, dict[str, Any]]]] = {}
    for entry_id, source in scenarios.items():
        stage_id = entry_id.split("/")[0]
        if stage_id not in stages:
            yield Problem(
                source.path, 1, 1, "(文件夹)",
                f"阶段文件夹 '{stage_id}' 不存在于 stages.yml。可用阶段：{', '.join(stages)}。请把文件移到正确的文件夹。",
            )
        says = source.data.get("buyer_says") if isinstance(source.data, dict) else None
        # Fewer than the model's floor is already reported by validation; this adds the stage's own minimum.
        if stage_id in stages and isinstance(says, list) and MIN_BUYER_SAYS <= len(says) < stages[stage_id].min_buyer_says:
            position = source.position(("buyer_says",))
            yield Problem(
                source.path, position.line, position.column, "buyer_says",
                f"至少需要 {stages[stage_id].min_buyer_says} 项（stages.yml 中{stages[stage_id].label}阶段的 "
                f"min_buyer_says），现在只有 {len(says)} 项。请补充。",
            )
        templates = [
            (index, template)
            for index, template in enumerate(_field(source, "templates", list))
            if isinstance(template, dict)
        ]
        for index, template in templates:
            loc = ("templates", index)
            role = template.get("role")
            if isinstance(role, str) and role not in roles:
                position = source.position(loc + ("role",))
                yield Problem(
                    source.path, position.line, position.column, dotted(loc + ("role",)),
                    f"未知角色 '{role}'。可用角色：{', '.join(roles)}。",
                )
            shortcut = template.get("shortcut")
            if not isinstance(shortcut, str):
                continue
            position = source.position(loc + ("shortcut",))
            condition = _condition(template)
            # Variants of one reply for different policies may share a code: only one of them ever applies.
            clash = next(
                (first for first in shortcuts.get(shortcut, []) if not exclusive(first[2], condition)), None
            )
            if clash:
                first_path, first_line, _ = clash
                yield Problem(
                    source.path, position.line, position.column, dotted(loc + ("shortcut",)),
                    f"快捷编码 '{shortcut}' 重复：{first_path}:{first_line} 已经使用。请换一个全手册唯一的编码。",
                )
            else:
                shortcuts.setdefault(shortcut, []).append((source.path, position.line, condition))
        if stage_id in stages and templates:
            present = {template.get("role") for _, template in templates if applies(_condition(template), handbook.policy)}
            for role in stages[stage_id].required_roles:
                if role not in present:
                    position = source.position(("templates",), prefer_key=True)
                    label = roles[role].label if role in roles else role
                    skipped = sum(template.get("role") == role for _, template in templates)
                    hint = f"（有 {skipped} 条这个角色的话术，但它们的 if_policy 与本店政策不符）" if skipped else ""
                    yield Problem(
                        source.path, position.line, position.column, "templates",
                        f"缺少“{label}”（role: {role}）话术{hint}。{stages[stage_id].label}阶段的每个情景都必须有："
                        f"{', '.join(stages[stage_id].required_roles)}。",
                    )


def _condition(template: dict[str, Any]) -> dict[str, Any]:
    """A raw template's `if_policy`, or no condition when it is missing or malformed."""
    condition = template.get("if_policy")
    return condition if isinstance(condition, dict) else {}


def _check_choices(handbook: Handbook, vocabulary: Entry[Vocabulary], policy: LoadedYaml) -> Iterator[Problem]:
    """Option values in policy.yml are among the declared ones, and no placeholder fills one into text."""
    source = vocabulary.source
    choice_paths = set(handbook.vocabulary.choices)
    for path, choice in handbook.vocabulary.choices.items():
        value = policy_at(handbook.policy, path)
        allowed = "、".join(f"{name}（{meaning}）" for name, meaning in choice.values.items())
        if value is None:
            position = source.position(("choices", path), prefer_key=True)
            yield Problem(
                source.path, position.line, position.column, f"choices.{path}",
                f"路径 '{path}' 在 {policy.path} 中找不到对应的值。请在 {policy.path} 里写上其中一个：{allowed}。",
            )
        elif str(value) not in choice.values:
            position = policy.position(tuple(path.split(".")))
            yield Problem(
                policy.path, position.line, position.column, path,
                f"'{value}' 不是可选的值。{choice.description}，只能写：{allowed}（见 {source.path} 的 choices）。",
            )
    for name, entry in handbook.vocabulary.policy.items():
        path = entry.path
        if path in choice_paths:
            position = source.position(("policy", name))
            yield Problem(
                source.path, position.line, position.column, f"policy.{name}",
                f"'{path}' 是选项型政策，它的值（如 buyer）不能直接填进给买家的文字。"
                "请删掉这个占位符，在话术里用 if_policy 按取值写出不同的说法。",
            )


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, (int, float)) or bool(re.fullmatch(r"\d+(\.\d+)?", str(value).strip()))


def _check_conditions(handbook: Handbook, scenarios: dict[str, LoadedYaml]) -> Iterator[Problem]:
    """Every `if_policy` names a declared option and one of its values."""
    choices = handbook.vocabulary.choices
    for source in scenarios.values():
        for index, template in enumerate(_field(source, "templates", list)):
            if not isinstance(template, dict):
                continue
            for path, value in _condition(template).items():
                loc = ("templates", index, "if_policy", path)
                if path not in choices:
                    position = source.position(loc, prefer_key=True)
                    known = "、".join(choices) or "（vocabulary.yml 里还没有声明任何选项）"
                    yield Problem(
                        source.path, position.line, position.column, dotted(loc),
                        f"'{path}' 不是选项型政策，不能用来选用话术。可用的路径：{known}。",
                    )
                elif str(value) not in choices[path].values:
                    position = source.position(loc)
                    allowed = "、".join(f"{name}（{meaning}）" for name, meaning in choices[path].values.items())
                    yield Problem(
                        source.path, position.line, position.column, dotted(loc),
                        f"'{value}' 不是 {path} 的可选值。只能写：{allowed}。",
                    )


def _check_money(handbook: Handbook, sources: dict[str, dict[str, LoadedYaml]]) -> Iterator[Problem]:
    """A money placeholder already reads “15 元”, so a 元 written after it would print twice."""
    names = [name for name, entry in handbook.vocabulary.policy.items() if entry.type == "money"]
    if not names:
        return
    # One pattern for every money placeholder, tried only on texts that hold a 元 at all.
    pattern = re.compile(r"\{(" + "|".join(map(re.escape, names)) + r")\}\s*元")
    for kind_sources in sources.values():
        for source in kind_sources.values():
            for loc, text in source.texts():
                if "元" not in text:
                    continue
                found = {match.group(1) for match in pattern.finditer(text)}
                for name in [name for name in names if name in found]:
                    position = source.position(loc)
                    yield Problem(
                        source.path, position.line, position.column, dotted(loc),
                        f"{{{name}}} 是金额，填入时会自动写成“15 元”。请删掉它后面的“元”。",
                    )


def _check_references(sources: dict[str, dict[str, LoadedYaml]]) -> Iterator[Problem]:
    targets = {
        "principles": ("principles", "原则"),
        "procedures": ("procedures", "流程"),
        "related": ("scenarios", "情景"),
    }
    for source in sources.get("scenarios", {}).values():
        for field_name, (kind, label) in targets.items():
            known = sources.get(kind, {})
            for index, ref in enumerate(_field(source, field_name, list)):
                if isinstance(ref, str) and ref not in known:
                    position = source.position((field_name, index))
                    yield Problem(
                        source.path, position.line, position.column, dotted((field_name, index)),
                        f"引用的{label} '{ref}' 不存在。请检查拼写，或在 snippets/{kind}/ 下新建 {ref}.yml。",
                    )


def _check_placeholders(handbook: Handbook, sources: dict[str, dict[str, LoadedYaml]]) -> Iterator[Problem]:
    declared = set(handbook.vocabulary.policy) | set(handbook.vocabulary.slots)
    for kind, kind_sources in sources.items():
        for source in kind_sources.values():
            for loc, text in source.texts():
                if "{" not in text and "}" not in text:
                    continue  # neither a placeholder nor a stray brace
                position = source.position(loc)
                for name in placeholders_in(text):
                    if name not in declared:
                        yield Problem(
                            source.path, position.line, position.column, dotted(loc),
                            f"未声明的占位符 '{{{name}}}'{_suggest(name, declared)}。"
                            "可用的占位符见 snippets/vocabulary.yml。",
                        )
                    elif name in handbook.vocabulary.slots and not is_buyer_facing(kind, loc):
                        yield Problem(
                            source.path, position.line, position.column, dotted(loc),
                            f"填空占位符 {{{name}}} 只能用在发给买家的话术里（templates 的 text、流程的 say、"
                            "原则示例的 prefer）；这里没有人会填写它。请直接写文字。",
                        )
                if _STRAY_BRACE.search(PLACEHOLDER.sub("", text)):
                    yield Problem(
                        source.path, position.line, position.column, dotted(loc),
                        "有不成对的花括号。占位符要写成 {名称}，文字中不要单独使用 { 或 }。",
                    )


def _field(source: LoadedYaml, name: str, kind: type) -> Any:
    """A top-level field of a raw document if it has the expected type, else an empty value."""
    value = source.data.get(name) if isinstance(source.data, dict) else None
    return value if isinstance(value, kind) else kind()


def _suggest(name: str, declared: set[str]) -> str:
    guess = difflib.get_close_matches(name, sorted(declared), n=1, cutoff=0.3)
    return f"（是不是想写 {{{guess[0]}}}？）" if guess else ""


#: The kinds of reading an onboarding day lists; each is named in errors by its section label from stages.yml.
_READING_KINDS = ("guides", "principles", "procedures", "scenarios")


def check_onboarding(
    handbook: Handbook, onboarding: Entry[Onboarding], sources: dict[str, dict[str, LoadedYaml]]
) -> Iterator[Problem]:
    """Every id the onboarding plan names exists and is read on one day only; each kind's rest has one day."""
    source = onboarding.source
    first_day: dict[tuple[str, str], int] = {}
    rest_day: dict[str, int] = {}
    stages = handbook.structure.stages

    def problem(loc: Loc, message: str, *, prefer_key: bool = False) -> Problem:
        position = source.position(loc, prefer_key=prefer_key)
        return Problem(source.path, position.line, position.column, dotted(loc), message)

    for number, day in enumerate(onboarding.model.days, start=1):
        day_loc: Loc = ("days", number - 1)
        if not day.title and not day.stages:
            yield problem(day_loc, "这一天既没有 title 也没有 stages。请写上标题，或写出这一天读哪个阶段。")
        for index, stage_id in enumerate(day.stages):
            loc = day_loc + ("stages", index)
            if stage_id not in stages:
                yield problem(loc, f"阶段 '{stage_id}' 不存在。可用阶段：{', '.join(stages)}。")
            elif ("stages", stage_id) in first_day:
                yield problem(loc, f"阶段 '{stage_id}' 已经在第 {first_day['stages', stage_id]} 天读过。每个阶段只写在一天里。")
            else:
                first_day["stages", stage_id] = number
        for kind in _READING_KINDS:
            label = getattr(handbook.structure.sections, kind).label
            known = sources.get(kind, {})
            for index, entry_id in enumerate(getattr(day, kind)):
                loc = day_loc + (kind, index)
                if entry_id not in known:
                    yield problem(loc, f"{label}里没有 '{entry_id}'：snippets/{kind}/ 下没有 {entry_id}.yml。请检查拼写。")
                elif (kind, entry_id) in first_day:
                    yield problem(loc, f"'{entry_id}' 已经在第 {first_day[kind, entry_id]} 天读过。每一页只写在一天里。")
                else:
                    first_day[kind, entry_id] = number
        for index, kind in enumerate(day.rest):
            if kind in rest_day:
                yield problem(day_loc + ("rest", index), f"第 {rest_day[kind]} 天已经写了 rest: [{kind}]。每个种类只能有一天收下其余的内容。")
            else:
                rest_day[kind] = number
    for kind in _READING_KINDS:
        if kind not in rest_day:
            label = getattr(handbook.structure.sections, kind).label
            yield problem(
                ("days",), f"没有哪一天写了 rest 中的 {kind}（{label}）：没写进任何一天的内容就读不到了。"
                f"请在其中一天加上 rest: [{kind}]。",
                prefer_key=True,
            )
