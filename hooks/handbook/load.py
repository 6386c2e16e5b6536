"""Read every YAML file under `snippets/` into a typed, cross-checked Handbook."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import checks
from .conditions import applicable_scenarios, policy_at
from .names import CONTENT_FOLDERS, ID_PATTERN, PLACEHOLDER, SCENARIO_FOLDER, SCHEMA_FOLDER, SHOP_NAME, SNIPPET_FILES, is_buyer_facing
from .placeholders import format_value
from .model import Guide, Onboarding, Practice, PracticeItem, Principle, Procedure, Scenario, Structure, Vocabulary
from .practice import PRACTICE_FILE, check_practice
from .problems import HandbookError, Problem, processing
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
    onboarding: Onboarding
    scenarios: dict[str, Entry[Scenario]] = field(default_factory=dict)
    principles: dict[str, Entry[Principle]] = field(default_factory=dict)
    procedures: dict[str, Entry[Procedure]] = field(default_factory=dict)
    guides: dict[str, Entry[Guide]] = field(default_factory=dict)
    #: Every scenario with all its templates, including those whose `if_policy` does not match this shop's
    #: policy (`scenarios` holds only the applicable ones); for the lint and the coverage page.
    all_scenarios: dict[str, Entry[Scenario]] = field(default_factory=dict)
    #: Buyer messages of the practice mode and quiz (snippets/practice.yml, optional).
    practice: list[PracticeItem] = field(default_factory=list)

    def scenarios_in(self, stage: str) -> list[Entry[Scenario]]:
        """Scenarios of one stage: first as listed in stages.yml `order`, the rest by file name."""
        order = self.structure.stages[stage].order
        entries = [entry for entry in self.scenarios.values() if entry.id.split("/")[0] == stage]
        rank = {slug: index for index, slug in enumerate(order)}
        return sorted(entries, key=lambda entry: (rank.get(entry.id.split("/")[1], len(order)), entry.id))

    @property
    def shop_name(self) -> str:
        """The shop's name: the value of the {店铺名} policy placeholder (the check requires it)."""
        return str(self.policy_value(self.vocabulary.policy[SHOP_NAME].path))

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
    reader.check_layout()
    structure = reader.single("stages.yml", Structure)
    vocabulary = reader.single("vocabulary.yml", Vocabulary)
    policy_file = reader.raw("policy.yml")
    if vocabulary is not None and policy_file is not None:
        reader.policy_text = PolicyText(vocabulary.model, policy_file.data)
    onboarding = reader.single("onboarding.yml", Onboarding)
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
        # A broken onboarding.yml is already among the problems; the other files are still checked.
        onboarding=onboarding.model if onboarding else Onboarding.model_construct(days=[]),
        scenarios=scenarios,
        practice=list(practice.model.items) if practice else [],
        **contents,
    )
    problems = (
        reader.problems
        + checks.cross_check(
            handbook, structure=structure, vocabulary=vocabulary, policy=policy_file, sources=reader.sources
        )
        + (list(checks.check_onboarding(handbook, onboarding, reader.sources)) if onboarding else [])
        + (check_practice(handbook, practice, reader.sources.get("scenarios", {})) if practice else [])
    )
    if problems:
        raise HandbookError(problems)
    # The one place templates are chosen by policy: every page, search index, export and quiz sees this set.
    handbook.all_scenarios = handbook.scenarios
    handbook.scenarios = applicable_scenarios(handbook.scenarios, handbook.policy)
    return handbook


class SnippetReader:
    """Reads files under one snippets folder and collects their problems."""

    def __init__(self, snippets: Path):
        self.snippets = snippets
        self.problems: list[Problem] = []
        #: Fills policy placeholders into agent-facing text once vocabulary and policy are read.
        self.policy_text: PolicyText | None = None
        # Every parsed content file by kind, valid or not, so cross-file checks see all of them at once.
        self.sources: dict[str, dict[str, LoadedYaml]] = {}
        # Whether each folder below snippets/ is, or lies inside, a symlink: asked once per folder, not per file.
        self._linked_folders: dict[Path, bool] = {self.snippets: False}

    def display(self, file: Path) -> str:
        try:
            return file.relative_to(self.snippets.parent).as_posix()
        except ValueError:
            return file.as_posix()

    def check_layout(self) -> None:
        """Every file under snippets/ must be one the handbook reads; symlinks are refused."""
        self.problems += layout_problems(self.snippets, self.display)

    def raw(self, name: str) -> LoadedYaml | None:
        file = self.snippets / name
        if file.is_symlink():
            return None  # reported by check_layout
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
        for file in sorted((self.snippets / kind).glob("*.yml"), key=_parts):
            if self._linked(file):
                continue
            entry = self._file(kind, file, file.stem, model)
            if entry:
                entries[entry.id] = entry
        return entries

    def scenarios(self) -> dict[str, Entry[Scenario]]:
        entries: dict[str, Entry[Scenario]] = {}
        for file in sorted((self.snippets / "scenarios").glob("*/*.yml"), key=_parts):
            if self._linked(file):
                continue
            entry = self._file("scenarios", file, f"{file.parent.name}/{file.stem}", Scenario)
            if entry:
                entries[entry.id] = entry
        return entries

    def _linked(self, file: Path) -> bool:
        """Whether a file, or a folder on its way below snippets/, is a symlink (those are never read)."""
        return self._linked_folder(file.parent) or file.is_symlink()

    def _linked_folder(self, folder: Path) -> bool:
        found = self._linked_folders.get(folder)
        if found is None and folder == folder.parent:
            return False  # not below snippets/ (every folder read from is)
        if found is None:
            found = self._linked_folders[folder] = self._linked_folder(folder.parent) or folder.is_symlink()
        return found

    def _file(self, kind: str, file: Path, entry_id: str, model: type[ModelT]) -> Entry[ModelT] | None:
        shown = self.display(file)
        with processing(shown):
            return self._read_file(kind, file, shown, entry_id, model)

    def _read_file(self, kind: str, file: Path, shown: str, entry_id: str, model: type[ModelT]) -> Entry[ModelT] | None:
        loaded, problems = load_yaml(file.read_bytes(), shown)
        self.problems += problems
        if loaded is None:
            self.sources.setdefault(kind, {})[entry_id] = LoadedYaml(shown, None)
            return None
        self.sources.setdefault(kind, {})[entry_id] = loaded
        if not ID_PATTERN.match(file.stem):
            self.problems.append(
                Problem(
                    loaded.path, 1, 1, "(文件名)",
                    f"文件名 '{file.stem}' 不能作为编号：只能用小写字母、数字和连字符，且以字母开头，如 return-policy.yml。",
                )
            )
        if self.policy_text is not None:
            filled = LoadedYaml(loaded.path, self.policy_text.fill_agent_text(kind, loaded), loaded.values, loaded.keys)
            entry = self._validate(entry_id, filled, model)
            return Entry(entry.id, entry.model, loaded) if entry else None
        return self._validate(entry_id, loaded, model)

    def _validate(self, entry_id: str, loaded: LoadedYaml, model: type[ModelT]) -> Entry[ModelT] | None:
        try:
            return Entry(entry_id, model.model_validate(loaded.data), loaded)
        except ValidationError as error:
            self.problems += [_translate(item, loaded, model) for item in error.errors()]
            return None


class PolicyText:
    """Policy values filled into the text agents read, so every page, export and quiz shows the same words."""

    def __init__(self, vocabulary: Vocabulary, policy: Any):
        self.values: dict[str, str] = {}
        for name, placeholder in vocabulary.policy.items():
            value = policy_at(policy, placeholder.path) if isinstance(policy, dict) else None
            if value is not None and not isinstance(value, dict):
                self.values[name] = format_value(value, money=placeholder.type == "money")

    def fill_agent_text(self, kind: str, loaded: LoadedYaml) -> Any:
        """A parsed file with policy placeholders filled, except in buyer-facing text (marked on pages).

        Only the mappings and lists on the way to a changed text are copied; the parsed file stays as typed.
        """
        data = loaded.data
        copies: dict[Loc, Any] = {}
        for loc, text in loaded.texts():
            if "{" not in text or is_buyer_facing(kind, loc):
                continue
            filled = PLACEHOLDER.sub(self._policy_value, text)
            if filled != text:
                data = _replaced(data, loc, filled, copies)
        return data

    def _policy_value(self, match: re.Match[str]) -> str:
        return self.values.get(match.group(1), match.group(0))


def _replaced(data: Any, loc: Loc, value: Any, copies: dict[Loc, Any]) -> Any:
    """`data` with the value at `loc` replaced, copying each container on the way once (`copies` remembers them)."""
    if not loc:
        return value  # the whole file is one text
    if () not in copies:
        copies[()] = data.copy()
    node = copies[()]
    for depth in range(1, len(loc)):
        inner = loc[:depth]
        if inner not in copies:
            copies[inner] = node[loc[depth - 1]].copy()
            node[loc[depth - 1]] = copies[inner]
        node = copies[inner]
    node[loc[-1]] = value
    return copies[()]


def layout_problems(snippets: Path, display: Any) -> list[Problem]:
    """Files and folders under snippets/ that the handbook would not read, or would read through a link."""
    problems: list[Problem] = []
    allowed_dirs = {SCENARIO_FOLDER, SCHEMA_FOLDER, *CONTENT_FOLDERS}

    def report(path: Path, message: str) -> None:
        problems.append(Problem(display(path), 1, 1, "(文件)", message))

    linked: set[tuple[str, ...]] = set()  # sorted, a folder comes before everything inside it
    for path in sorted(snippets.rglob("*"), key=_parts):
        relative = path.relative_to(snippets).parts
        if any(relative[: depth + 1] in linked for depth in range(len(relative) - 1)):
            continue  # inside a linked folder: reported once for the folder
        if path.is_symlink():
            linked.add(relative)
            report(path, "这是一个符号链接。手册只读取仓库里的真实文件：请把内容复制进来，再删除这个链接。")
            continue
        if path.is_dir():
            if len(relative) == 1 and relative[0] not in allowed_dirs:
                report(path, f"手册不读取文件夹 '{relative[0]}'。内容只能放在：{'、'.join(sorted(allowed_dirs))}。")
            elif len(relative) == 2 and relative[0] != SCENARIO_FOLDER:
                report(path, f"{relative[0]}/ 下不能再建文件夹。请把文件直接放在 snippets/{relative[0]}/ 里。")
            elif len(relative) == 3:
                report(path, f"阶段文件夹下不能再建文件夹。情景文件请放在 snippets/{SCENARIO_FOLDER}/{relative[1]}/ 里。")
            continue
        if len(relative) > 3 or (len(relative) == 3 and relative[0] != SCENARIO_FOLDER):
            continue  # inside a folder that is already reported
        message = _misplaced(relative)
        if message:
            report(path, message)
    return problems


def _parts(path: Path) -> tuple[str, ...]:
    """The order paths sort in, as a tuple that compares in C (Path's own comparison runs in Python)."""
    return path.parts


def _misplaced(relative: tuple[str, ...]) -> str | None:
    """Why a file at this place under snippets/ is not read, or None if it is."""
    name = relative[-1]
    if name.endswith(".yaml"):
        return f"扩展名要写成 .yml：请把 {name} 改名为 {name[:-5]}.yml。"
    folder = relative[0] if len(relative) > 1 else None
    if folder is None:
        if name in SNIPPET_FILES:
            return None
        return (f"手册不读取 snippets/ 下的文件 '{name}'。情景放在 snippets/{SCENARIO_FOLDER}/<阶段>/，"
                f"原则、流程、资料放在 {'、'.join(f'snippets/{kind}/' for kind in CONTENT_FOLDERS)}。")
    if folder == SCHEMA_FOLDER:
        return None if name.endswith(".schema.json") and len(relative) == 2 else f"schemas/ 只放生成的 JSON Schema，'{name}' 不应在这里。"
    if not name.endswith(".yml"):
        return f"手册只读取 .yml 文件，'{name}' 不会被使用。请删除它，或改成 .yml 格式的内容文件。"
    if folder == SCENARIO_FOLDER and len(relative) == 2:
        return f"情景文件要放在阶段文件夹里：snippets/{SCENARIO_FOLDER}/<阶段>/{name}（如 presale/{name}）。"
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
    if kind == "literal_error":
        return f"不能写 {shown}，只能是：{str(ctx.get('expected', '')).replace(' or ', ', ')}。"
    if kind.startswith("date"):
        return f"应为日期，写成 2026-11-23 这样的格式，实际是 {shown}。"
    return f"{fallback}（收到 {shown}）。"


#: What each format pattern of model.py means, in the words trainers see (also used by the JSON Schemas).
PATTERN_HINTS = {
    r"^[a-z][a-z0-9-]*$": "只能用小写字母、数字和连字符，且以字母开头，如 return-policy",
    r"^[a-z][a-z0-9]{1,11}$": "快捷编码为 2–12 位小写字母或数字，以字母开头，如 yj1",
    r"^[a-z]+/[a-z][a-z0-9-]*$": "写成“阶段/编号”，如 aftersale/complaint",
    r"^[a-z_]+(\.[a-z_]+)*$": "写成 policy.yml 中的路径，如 returns.window_days",
    r"^\{\{(contact|agent|conversation)\.[a-z_]+\}\}$": "写成 Chatwoot 的变量，如 {{contact.name}}、{{agent.name}}",
    r"^#\{(ticket|user|config)(\.[a-z_]+)+\}$": "写成 Zammad 的变量，如 #{ticket.customer.firstname}、#{user.firstname}",
    r"^[a-z][a-z0-9_]*$": "选项的值只能用小写英文字母、数字和下划线，以字母开头，如 buyer",
    r"^[\u3400-\u9fff\uf900-\ufaff]+$": "只能写汉字，不要有空格、字母或标点，如 冇、點解",
}


def _quote(value: Any) -> str:
    """A value as quoted in a message: at most its first line, cut at 40 characters."""
    if value is None:
        return "空值"
    text = f"'{value}'" if isinstance(value, str) else (str(value) if isinstance(value, (dict, list)) else repr(value))
    lines = text.splitlines() or [""]
    first = lines[0]
    return first if len(first) <= 40 and len(lines) == 1 else first[:40] + "…"


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
