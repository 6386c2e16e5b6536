"""Read every YAML file under `snippets/` into a typed, cross-checked Handbook."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import checks
from .model import Guide, Practice, PracticeItem, Principle, Procedure, Scenario, Structure, Vocabulary
from .practice import PRACTICE_FILE, check_practice
from .problems import HandbookError, Problem
from .yamlpos import LoadedYaml, Loc, dotted, load_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)

#: Folder of each content kind under snippets/, with its model.
CONTENT_KINDS: dict[str, type[BaseModel]] = {
    "principles": Principle,
    "procedures": Procedure,
    "guides": Guide,
}


@dataclass(frozen=True)
class Entry(Generic[ModelT]):
    """One content file: its id, its typed model and where each of its values sits."""

    id: str
    model: ModelT
    source: LoadedYaml

    @property
    def path(self) -> str:
        return self.source.path


@dataclass
class Handbook:
    """Everything under snippets/, validated."""

    root: Path
    structure: Structure
    vocabulary: Vocabulary
    policy: dict[str, Any]
    scenarios: dict[str, Entry[Scenario]] = field(default_factory=dict)
    principles: dict[str, Entry[Principle]] = field(default_factory=dict)
    procedures: dict[str, Entry[Procedure]] = field(default_factory=dict)
    guides: dict[str, Entry[Guide]] = field(default_factory=dict)
    #: Buyer messages of the practice mode and quiz (snippets/practice.yml, optional).
    practice: list[PracticeItem] = field(default_factory=list)

    def scenarios_in(self, stage: str) -> list[Entry[Scenario]]:
        """Scenarios of one stage: first as listed in stages.yml `order`, the rest by file name."""
        order = self.structure.stages[stage].order
        entries = [entry for entry in self.scenarios.values() if entry.id.split("/")[0] == stage]
        rank = {slug: index for index, slug in enumerate(order)}
        return sorted(entries, key=lambda entry: (rank.get(entry.id.split("/")[1], len(order)), entry.id))

    def policy_value(self, dotted_path: str) -> Any:
        """The policy value at a dotted path such as `returns.window_days`."""
        value: Any = self.policy
        for part in dotted_path.split("."):
            value = value[part]
        return value


def load_handbook(snippets: Path) -> Handbook:
    """Load and validate the handbook; raise HandbookError listing every problem found."""
    snippets = Path(snippets)
    reader = SnippetReader(snippets)
    structure = reader.single("stages.yml", Structure)
    vocabulary = reader.single("vocabulary.yml", Vocabulary)
    policy_file = reader.raw("policy.yml")
    contents = {kind: reader.folder(kind, model) for kind, model in CONTENT_KINDS.items()}
    scenarios = reader.scenarios()
    practice = reader.single(PRACTICE_FILE, Practice) if (snippets / PRACTICE_FILE).is_file() else None
    if structure is None or vocabulary is None or policy_file is None:
        raise HandbookError(reader.problems)
    handbook = Handbook(
        root=snippets,
        structure=structure.model,
        vocabulary=vocabulary.model,
        policy=policy_file.data if isinstance(policy_file.data, dict) else {},
        scenarios=scenarios,
        practice=list(practice.model.items) if practice else [],
        **contents,
    )
    problems = reader.problems + checks.cross_check(
        handbook, structure=structure, vocabulary=vocabulary, policy=policy_file, sources=reader.sources
    ) + (check_practice(handbook, practice, reader.sources.get("scenarios", {})) if practice else [])
    if problems:
        raise HandbookError(problems)
    return handbook


class SnippetReader:
    """Reads files under one snippets folder and collects their problems."""

    def __init__(self, snippets: Path):
        self.snippets = snippets
        self.problems: list[Problem] = []
        # Every parsed content file by kind, valid or not, so cross-file checks see all of them at once.
        self.sources: dict[str, dict[str, LoadedYaml]] = {}

    def display(self, file: Path) -> str:
        try:
            return file.relative_to(self.snippets.parent).as_posix()
        except ValueError:
            return file.as_posix()

    def raw(self, name: str) -> LoadedYaml | None:
        file = self.snippets / name
        if not file.is_file():
            self.problems.append(Problem(self.display(file), 1, 1, "(文件)", f"缺少文件 {name}。请从仓库历史中恢复它。"))
            return None
        loaded, problems = load_yaml(file.read_bytes(), self.display(file))
        self.problems += problems
        if loaded is not None and not isinstance(loaded.data, dict):
            self.problems.append(
                Problem(loaded.path, 1, 1, "(文件)", f"文件内容应为“字段: 值”的映射，实际是 {_kind(loaded.data)}。")
            )
            return None
        return loaded

    def single(self, name: str, model: type[ModelT]) -> Entry[ModelT] | None:
        loaded = self.raw(name)
        return self._validate(Path(name).stem, loaded, model) if loaded else None

    def folder(self, kind: str, model: type[ModelT]) -> dict[str, Entry[ModelT]]:
        entries: dict[str, Entry[ModelT]] = {}
        for file in sorted((self.snippets / kind).glob("*.yml")):
            entry = self._file(kind, file, file.stem, model)
            if entry:
                entries[entry.id] = entry
        return entries

    def scenarios(self) -> dict[str, Entry[Scenario]]:
        entries: dict[str, Entry[Scenario]] = {}
        for file in sorted((self.snippets / "scenarios").glob("*/*.yml")):
            entry = self._file("scenarios", file, f"{file.parent.name}/{file.stem}", Scenario)
            if entry:
                entries[entry.id] = entry
        return entries

    def _file(self, kind: str, file: Path, entry_id: str, model: type[ModelT]) -> Entry[ModelT] | None:
        loaded, problems = load_yaml(file.read_bytes(), self.display(file))
        self.problems += problems
        if loaded is None:
            self.sources.setdefault(kind, {})[entry_id] = LoadedYaml(self.display(file), None)
            return None
        self.sources.setdefault(kind, {})[entry_id] = loaded
        if not checks.ID_PATTERN.match(file.stem):
            self.problems.append(
                Problem(
                    loaded.path, 1, 1, "(文件名)",
                    f"文件名 '{file.stem}' 不能作为编号：只能用小写字母、数字和连字符，且以字母开头，如 return-policy.yml。",
                )
            )
        return self._validate(entry_id, loaded, model)

    def _validate(self, entry_id: str, loaded: LoadedYaml, model: type[ModelT]) -> Entry[ModelT] | None:
        try:
            return Entry(entry_id, model.model_validate(loaded.data), loaded)
        except ValidationError as error:
            self.problems += [_translate(item, loaded, model) for item in error.errors()]
            return None


def _translate(error: dict[str, Any], loaded: LoadedYaml, model: type[BaseModel]) -> Problem:
    """Turn one pydantic error into a trainer-readable Chinese problem at the right line."""
    loc: Loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field_name = dotted(loc)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1])
        guess = difflib.get_close_matches(name, allowed, n=1)
        hint = f"是不是想写 '{guess[0]}'？" if guess else ""
        message = f"未知字段 '{name}'。{hint}可用字段：{', '.join(allowed)}。"
        position = loaded.position(loc, prefer_key=True)
    elif kind == "missing":
        message = f"缺少必填字段 '{loc[-1]}'。请在这一项下面补上 {loc[-1]}: …"
        position = loaded.position(loc[:-1])
    else:
        message = _message(kind, value, ctx, error["msg"])
        position = loaded.position(loc)
    return Problem(loaded.path, position.line, position.column, field_name, message)


def _message(kind: str, value: Any, ctx: dict[str, Any], fallback: str) -> str:
    shown = _quote(value)
    if kind == "string_too_short":
        return "内容不能为空。请填写文字，或删除这一项。"
    if kind in ("too_short",):
        return f"至少需要 {ctx.get('min_length')} 项，现在只有 {ctx.get('actual_length')} 项。请补充。"
    if kind == "string_type":
        return f"应为文字，实际是{_kind(value)} {shown}。如果内容以特殊符号开头或含有冒号，请用引号括起来。"
    if kind == "list_type":
        return f"应为列表（每项一行，以“- ”开头），实际是{_kind(value)} {shown}。"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"应为“字段: 值”的映射，实际是{_kind(value)} {shown}。"
    if kind == "string_pattern_mismatch":
        return f"格式不对：{shown} 不符合要求（{PATTERN_HINTS.get(ctx.get('pattern', ''), ctx.get('pattern'))}）。"
    if kind.startswith("date"):
        return f"应为日期，写成 2026-11-23 这样的格式，实际是 {shown}。"
    return f"{fallback}（收到 {shown}）。"


#: What each format pattern of model.py means, in the words trainers see (also used by the JSON Schemas).
PATTERN_HINTS = {
    r"^[a-z][a-z0-9-]*$": "只能用小写字母、数字和连字符，且以字母开头，如 return-policy",
    r"^[a-z][a-z0-9]{1,11}$": "快捷编码为 2–12 位小写字母或数字，以字母开头，如 yj1",
    r"^[a-z]+/[a-z][a-z0-9-]*$": "写成“阶段/编号”，如 aftersale/complaint",
    r"^[a-z_]+(\.[a-z_]+)*$": "写成 policy.yml 中的路径，如 returns.window_days",
}


def _quote(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, (dict, list)):
        text = str(value)
        return text if len(text) <= 40 else text[:40] + "…"
    return repr(value) if value is not None else "空值"


def _kind(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return "文字"


def _allowed_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names allowed at `loc` inside `model` (following nested models and lists)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found:
            return found
    return None
