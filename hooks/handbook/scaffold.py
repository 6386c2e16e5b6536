"""A new scenario file with every field explained and every role its stage requires stubbed.

Stubs are empty strings: the file loads, but the check reports each one ("内容不能为空") at its line
until the trainer has written it, so a half-written scenario cannot be merged.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotated_types import MinLen
from pydantic.fields import FieldInfo

from .names import ID_PATTERN
from .load import SnippetReader
from .model import Guidance, Scenario, Structure, Template
from .problems import HandbookError
from .schema import modeline

STUB = '""'
INDENT = "  "


class ScaffoldError(Exception):
    """The scenario cannot be created; the message tells the trainer why, in Chinese."""


def create_scenario(snippets: Path, stage: str, slug: str) -> str:
    """Write snippets/scenarios/<stage>/<slug>.yml and return its path as the check prints paths."""
    snippets = Path(snippets)
    reader = SnippetReader(snippets)
    structure = reader.single("stages.yml", Structure)
    if structure is None:
        raise HandbookError(reader.problems)
    stages = structure.model.stages
    if stage not in stages:
        raise ScaffoldError(f"没有阶段 '{stage}'。可用阶段：{', '.join(stages)}（见 snippets/stages.yml）。")
    if not ID_PATTERN.match(slug):
        raise ScaffoldError(f"编号 '{slug}' 不能用：只能用小写字母、数字和连字符，且以字母开头，如 gift-wrap。")
    file = snippets / "scenarios" / stage / f"{slug}.yml"
    if file.exists():
        raise ScaffoldError(f"{reader.display(file)} 已经存在，没有覆盖。请换一个编号，或直接编辑这个文件。")
    text = scenario_stub(
        structure.model,
        stage,
        slug,
        header=modeline(snippets, file, "scenario"),
        shortcuts=suggest_shortcuts(slug, len(stages[stage].required_roles), _used_shortcuts(reader)),
        principles=_ids(snippets / "principles"),
        procedures=_ids(snippets / "procedures"),
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return reader.display(file)


def _used_shortcuts(reader: SnippetReader) -> set[object]:
    """Every shortcut in the scenario files, read raw so that files with other problems count too."""
    reader.scenarios()
    return {
        template.get("shortcut")
        for source in reader.sources.get("scenarios", {}).values()
        if isinstance(source.data, dict) and isinstance(source.data.get("templates"), list)
        for template in source.data["templates"]
        if isinstance(template, dict)
    }


def suggest_shortcuts(slug: str, count: int, used: set[object]) -> list[str]:
    """`count` shortcuts made from the slug's initials (gift-wrap → gw1, gw2…) that no template uses yet."""
    base = "".join(part[0] for part in slug.split("-") if part)[:8]
    found: list[str] = []
    number = 1
    while len(found) < count:
        candidate = f"{base}{number}"
        if candidate not in used:
            found.append(candidate)
        number += 1
    return found


def scenario_stub(
    structure: Structure,
    stage: str,
    slug: str,
    *,
    header: str,
    shortcuts: list[str],
    principles: list[str],
    procedures: list[str],
) -> str:
    """The YAML text of a new scenario: a comment above each field, taken from the model's descriptions."""
    roles = structure.stages[stage].required_roles
    known = {"principles": principles, "procedures": procedures}
    lines = [
        header,
        f"# 新情景 {stage}/{slug}（{structure.stages[stage].label}）。",
        '# 把每个 "" 换成真实内容（写在引号里）；可选字段去掉行首的 "# " 再填写，用不到就删掉。',
        "# 填完运行 make check，按提示改到通过再提交；没填完的情景通不过检查。",
        "",
    ]
    for name, info in Scenario.model_fields.items():
        lines.append(_comment(info, _hint(name, known, roles)))
        if name == "templates":
            lines.append("templates:")
            for index, (role, shortcut) in enumerate(zip(roles, shortcuts)):
                lines += _template_lines(structure, role, shortcut, explain=index == 0)
        elif name == "guidance":
            lines.append(f"# {name}:")
            for key, sub in Guidance.model_fields.items():
                lines += [f"# {INDENT}{key}:", f"# {INDENT * 2}- {sub.description}"]
        elif name == "buyer_says":
            # As many empty lines as this stage asks for (stages.yml min_buyer_says).
            lines += [f"{name}:", *[f"{INDENT}- {STUB}" for _ in range(structure.stages[stage].min_buyer_says)]]
        elif info.is_required():
            lines += _required_lines(name, info)
        else:
            lines.append(f"# {name}: {_example(name, known)}".rstrip())
    return "\n".join(lines) + "\n"


def _required_lines(name: str, info: FieldInfo) -> list[str]:
    """An empty stub for a required field: one empty string, or as many list items as the field needs."""
    minimum = next((item.min_length for item in info.metadata if isinstance(item, MinLen)), None)
    if minimum is None:
        return [f"{name}: {STUB}"]
    return [f"{name}:", *[f"{INDENT}- {STUB}" for _ in range(minimum)]]


def _template_lines(structure: Structure, role: str, shortcut: str, *, explain: bool) -> list[str]:
    """One template of a required role; the first one also explains each field and shows the optional ones."""
    fields = Template.model_fields
    known = structure.roles.get(role)
    lines = [f"{INDENT}# {known.label if known else role}（{role}）：{known.description if known else ''}"]
    lines.append(f"{INDENT}- role: {role}")
    inner = INDENT * 2
    if explain:
        lines.append(inner + _comment(fields["shortcut"], "这里已填一个未被占用的编码，可以改成更好记的。"))
    lines.append(f"{inner}shortcut: {shortcut}")
    if explain:
        lines.append(inner + _comment(fields["text"]))
    lines.append(f"{inner}text: {STUB}")
    if explain:
        for name in ("when", "if_policy", "note"):
            lines += [inner + _comment(fields[name]), f"{inner}# {name}:"]
    return lines


def _comment(info: FieldInfo, hint: str = "") -> str:
    """A field's description as a YAML comment, marked optional where the model says so."""
    optional = "" if info.is_required() else "（可选）"
    return f"# {optional}{info.description}{hint}"


def _hint(name: str, known: dict[str, list[str]], roles: Iterable[str]) -> str:
    """What a trainer needs to know beyond the description: the ids that exist, the roles required."""
    if name in known and known[name]:
        return f"可用：{', '.join(known[name])}。"
    if name == "templates":
        return f"本阶段必须有这些角色：{', '.join(roles)}（见 stages.yml）。"
    return ""


def _example(name: str, known: dict[str, list[str]]) -> str:
    """A commented-out example value for an optional field."""
    if name in known:
        return f"[{known[name][0]}]" if known[name] else "[]"
    return {"tags": "[标签一, 标签二]", "related": "[]", "reviewed": "2026-11-23"}.get(name, "")


def _ids(folder: Path) -> list[str]:
    return sorted(file.stem for file in folder.glob("*.yml"))
