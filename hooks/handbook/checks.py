"""Checks that span files: references, placeholders, completeness and unique shortcuts."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .problems import Problem
from .yamlpos import LoadedYaml, Loc, dotted

if TYPE_CHECKING:
    from .load import Entry, Handbook
    from .model import Structure, Vocabulary

ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_STRAY_BRACE = re.compile(r"[{}]")


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
        *_check_structure(structure, sources.get("scenarios", {})),
        *_check_scenarios(handbook, sources.get("scenarios", {})),
        *_check_references(sources),
        *_check_placeholders(handbook, sources),
    ]


def placeholders_in(text: str) -> list[str]:
    """Names of the {placeholders} in a text, in order."""
    return PLACEHOLDER.findall(text)


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

    yield from walk(policy.data, ())


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip() != ""


def _check_vocabulary(handbook: Handbook, vocabulary: Entry[Vocabulary], policy: LoadedYaml) -> Iterator[Problem]:
    source = vocabulary.source
    for name, path in handbook.vocabulary.policy.items():
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
    for group in ("policy", "slots"):
        for name in getattr(handbook.vocabulary, group):
            position = source.position((group, name), prefer_key=True)
            if _STRAY_BRACE.search(name) or re.search(r"\s", name):
                yield Problem(source.path, position.line, position.column, f"{group}.{name}", "占位符名称不能含有花括号或空格。")
            if group == "slots" and name in handbook.vocabulary.policy:
                yield Problem(
                    source.path, position.line, position.column, f"{group}.{name}",
                    f"占位符 '{name}' 同时出现在 policy 和 slots 中。请只保留一处。",
                )


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


def _check_scenarios(handbook: Handbook, scenarios: dict[str, LoadedYaml]) -> Iterator[Problem]:
    stages = handbook.structure.stages
    roles = handbook.structure.roles
    shortcuts: dict[str, tuple[str, int]] = {}
    for entry_id, source in scenarios.items():
        stage_id = entry_id.split("/")[0]
        if stage_id not in stages:
            yield Problem(
                source.path, 1, 1, "(文件夹)",
                f"阶段文件夹 '{stage_id}' 不存在于 stages.yml。可用阶段：{', '.join(stages)}。请把文件移到正确的文件夹。",
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
            if shortcut in shortcuts:
                first_path, first_line = shortcuts[shortcut]
                yield Problem(
                    source.path, position.line, position.column, dotted(loc + ("shortcut",)),
                    f"快捷编码 '{shortcut}' 重复：{first_path}:{first_line} 已经使用。请换一个全手册唯一的编码。",
                )
            else:
                shortcuts[shortcut] = (source.path, position.line)
        if stage_id in stages and templates:
            present = {template.get("role") for _, template in templates}
            for role in stages[stage_id].required_roles:
                if role not in present:
                    position = source.position(("templates",), prefer_key=True)
                    label = roles[role].label if role in roles else role
                    yield Problem(
                        source.path, position.line, position.column, "templates",
                        f"缺少“{label}”（role: {role}）话术。{stages[stage_id].label}阶段的每个情景都必须有："
                        f"{', '.join(stages[stage_id].required_roles)}。",
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
    for kind_sources in sources.values():
        for source in kind_sources.values():
            for loc, text in strings_in(source.data, ()):
                position = source.position(loc)
                for name in placeholders_in(text):
                    if name not in declared:
                        yield Problem(
                            source.path, position.line, position.column, dotted(loc),
                            f"未声明的占位符 '{{{name}}}'{_suggest(name, declared)}。"
                            "可用的占位符见 snippets/vocabulary.yml。",
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


def strings_in(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every string inside a parsed YAML value, with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings_in(child, loc + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings_in(child, loc + (index,))
