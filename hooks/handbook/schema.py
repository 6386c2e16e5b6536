"""`handbook-schema`: JSON Schemas for editors, generated from the models the loader validates with.

Each YAML file under snippets/ starts with a modeline such as
`# yaml-language-server: $schema=../../schemas/scenario.schema.json`, so editors with YAML support
(VS Code's YAML extension, JetBrains IDEs, …) autocomplete fields, show the Chinese descriptions and
flag mistakes while the trainer types.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .lint import LINT_FILE
from .load import PATTERN_HINTS  # the loader's own wording, so editor and check explain a pattern alike
from .model import Guide, LintRules, Onboarding, Practice, Principle, Procedure, Scenario, SearchTuning, Structure, Vocabulary
from .practice import PRACTICE_FILE
from .search import SEARCH_FILE

SCHEMA_FOLDER = "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELINE_PREFIX = "# yaml-language-server: $schema="
NOT_BLANK = r"\S"

#: The loader's messages for text that breaks a pattern, shown by editors while the trainer types.
PATTERN_MESSAGES = {
    NOT_BLANK: "内容不能为空。请填写文字，或删除这一项。",
    **{pattern: f"格式不对：{hint}。" for pattern, hint in PATTERN_HINTS.items()},
}


@dataclass(frozen=True)
class Kind:
    """One kind of YAML file under snippets/: the title editors show for it and the model that validates it."""

    name: str
    title: str
    description: str
    model: type[BaseModel] | None


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("policy", "店铺政策（snippets/policy.yml）",
             "全手册唯一的数字、天数、快递名称来源。字段名用小写英文和下划线；值是文字、数字、列表或下一层字段。", None),
        Kind("stages", "阶段与话术角色（snippets/stages.yml）",
             "阶段按这里的顺序出现在导航中；required_roles 决定每个情景必须有哪些角色的话术。", Structure),
        Kind("vocabulary", "占位符词表（snippets/vocabulary.yml）",
             "话术里写成 {名称} 的占位符：policy 构建时自动填入，slots 由客服发送前填写。", Vocabulary),
        Kind("scenario", "情景（snippets/scenarios/<阶段>/<编号>.yml）",
             "客服遇到的一种情况：买家常说的话、给客服的要点和可一键复制的话术。", Scenario),
        Kind("principle", "原则（snippets/principles/<编号>.yml）", "客服说话做事的一条原则。", Principle),
        Kind("procedure", "流程（snippets/procedures/<编号>.yml）", "处理一类问题的有序步骤。", Procedure),
        Kind("guide", "背景资料（snippets/guides/<编号>.yml）", "岗位职责、买家类型等背景阅读。", Guide),
        Kind("onboarding", "入职路线（snippets/onboarding.yml）",
             "新客服每天读什么：每一天的标题、说明和要读的阶段、原则、流程、背景资料与情景。", Onboarding),
        Kind("lint", "话术合规检查规则（snippets/lint.yml）", "发给买家的文字中不允许出现的词和写法。", LintRules),
        Kind("search", "搜索调优（snippets/search.yml）", "让客服粘贴买家原话时更容易找到对应情景。", SearchTuning),
        Kind("practice", "练习题（snippets/practice.yml）",
             "练习模式和印刷版自测题用的买家消息：每条写明属于哪个情景，不要照抄情景里的 buyer_says。", Practice),
    )
}

#: Files directly under snippets/ and the kind of each.
SINGLE_FILES = {
    "policy.yml": "policy",
    "stages.yml": "stages",
    "vocabulary.yml": "vocabulary",
    "onboarding.yml": "onboarding",
    LINT_FILE: "lint",
    SEARCH_FILE: "search",
    PRACTICE_FILE: "practice",
}
#: Folders under snippets/ whose every `*.yml` is one entry of a kind.
FOLDERS = {"principles": "principle", "procedures": "procedure", "guides": "guide"}

# Policy has no model: checks._check_policy walks it as a free-form tree. This schema says the same.
_POLICY_KEY = {
    "pattern": "^[a-z][a-z0-9_-]*$",
    "patternErrorMessage": "字段名只能用小写英文字母、数字和下划线，如 window_days。",
}
_POLICY_DEFS: dict[str, Any] = {
    "scalar": {
        "anyOf": [
            {
                "type": "string",
                "pattern": NOT_BLANK,
                "patternErrorMessage": "应为文字、数字或列表；空值不能用作政策。请填写具体的值。",
                "description": "文字，如 每天 9:00–23:00。",
            },
            {"type": "number", "description": "数字，如 7。"},
        ],
    },
    "value": {
        "anyOf": [
            {"$ref": "#/$defs/scalar"},
            {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/scalar"},
                "description": "列表，每项是文字或数字，如 [圆通, 申通, 中通]。",
            },
            {"$ref": "#/$defs/section"},
        ],
    },
    "section": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": _POLICY_KEY,
        "additionalProperties": {"$ref": "#/$defs/value"},
        "description": "一节政策：下一层的字段。",
    },
}


class _HandbookJsonSchema(GenerateJsonSchema):
    """Pydantic's generator, tuned for trainers' editors."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        # Titles made from field names ("Buyer Says") are English noise next to the Chinese descriptions.
        return False

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        # Model docstrings are English notes for programmers; the fields carry the Chinese descriptions.
        json_schema.pop("description", None)
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        json_schema = super().dict_schema(schema)
        # Pydantic writes a key pattern as patternProperties, which lets keys that miss the pattern through
        # unchecked; the loader rejects them, so say "every key matches, every value is…" instead.
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            ((pattern, values),) = patterns.items()
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        # Text strips spaces before counting its length, so "  " is empty to the loader: tell editors too.
        # One pattern instead of minLength plus pattern, so an empty stub gets one message, not two.
        if schema.get("strip_whitespace") and schema.get("min_length") == 1 and "pattern" not in json_schema:
            del json_schema["minLength"]
            json_schema["pattern"] = NOT_BLANK
        # VS Code and other editors built on vscode-json-languageservice show this instead of the bare regex.
        hint = PATTERN_MESSAGES.get(json_schema.get("pattern", ""))
        if hint:
            json_schema["patternErrorMessage"] = hint
        return json_schema


def kind_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of YAML file."""
    kind = KINDS[name]
    if kind.model is None:
        body: dict[str, Any] = {**_POLICY_DEFS["section"], "$defs": _POLICY_DEFS}
    else:
        body = kind.model.model_json_schema(schema_generator=_HandbookJsonSchema)
    rest = {key: value for key, value in body.items() if key not in ("title", "description")}
    return {"$schema": DIALECT, "title": kind.title, "description": kind.description, **rest}


def render_schema(name: str) -> str:
    """The schema file's exact text: stable key order, readable Chinese, trailing newline."""
    return json.dumps(kind_schema(name), ensure_ascii=False, indent=2) + "\n"


def schema_file(snippets: Path, name: str) -> Path:
    """Where the schema of one kind is committed."""
    return snippets / SCHEMA_FOLDER / f"{name}.schema.json"


def kind_of(relative: PurePosixPath) -> str | None:
    """The kind of a YAML file from its path relative to snippets/, or None if the loader does not read it."""
    parts = relative.parts
    if len(parts) == 1:
        return SINGLE_FILES.get(parts[0])
    if relative.suffix != ".yml":
        return None
    if len(parts) == 2:
        return FOLDERS.get(parts[0])
    if len(parts) == 3 and parts[0] == "scenarios":
        return "scenario"
    return None


def modeline(snippets: Path, file: Path, kind: str) -> str:
    """The editor modeline for `file`: a path to its schema relative to the file's folder."""
    target = os.path.relpath(schema_file(snippets, kind), file.parent)
    return MODELINE_PREFIX + PurePosixPath(Path(target)).as_posix()


def yaml_files(snippets: Path) -> list[tuple[Path, str]]:
    """Every YAML file the loader reads, with its kind."""
    found = []
    for file in sorted(snippets.rglob("*.yml")):
        kind = kind_of(PurePosixPath(file.relative_to(snippets).as_posix()))
        if kind:
            found.append((file, kind))
    return found


def with_modeline(text: str, line: str) -> str:
    """`text` whose first line is `line`: an old modeline is replaced, anything else is kept below it."""
    first, newline, rest = text.partition("\n")
    if first.startswith(MODELINE_PREFIX):
        return line + "\n" + rest
    return line + "\n" + text


def stale(snippets: Path) -> list[str]:
    """What `handbook-schema` would change: out-of-date schemas and YAML files without their modeline."""
    found = [
        f"{path.as_posix()}：与 model.py 不一致，请运行 make schemas 重新生成。"
        for name in KINDS
        for path in [schema_file(snippets, name)]
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(name)
    ]
    for file, kind in yaml_files(snippets):
        line = modeline(snippets, file, kind)
        if _first_line(file) != line:
            found.append(f"{file.as_posix()}:1:1：第一行应为 {line}（编辑器据此提示字段），请运行 make schemas 补上。")
    return found


def write(snippets: Path) -> list[Path]:
    """Write every schema and add missing modelines; return the files that changed."""
    changed: list[Path] = []
    (snippets / SCHEMA_FOLDER).mkdir(exist_ok=True)
    for name in KINDS:
        path = schema_file(snippets, name)
        text = render_schema(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for file, kind in yaml_files(snippets):
        line = modeline(snippets, file, kind)
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # handbook-check reports the encoding; rewriting could lose the trainer's text
        if _first_line(file) != line:
            file.write_text(with_modeline(text, line), encoding="utf-8")
            changed.append(file)
    return changed


def _first_line(file: Path) -> str:
    return file.read_bytes().decode("utf-8-sig", errors="replace").partition("\n")[0].rstrip("\r")


def main(argv: list[str] | None = None) -> int:
    """Write snippets/schemas/*.schema.json and the modelines; with --check, only report what is stale."""
    parser = argparse.ArgumentParser(prog="handbook-schema", description="生成编辑器用的 JSON Schema，并给每个 YAML 文件加上引用它的第一行。")
    parser.add_argument("--snippets", type=Path, default=Path("snippets"), help="YAML 所在文件夹（默认 snippets）")
    parser.add_argument("--check", action="store_true", help="只检查是否需要重新生成，不写文件；需要时退出码为 1")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale(args.snippets)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    changed = write(args.snippets)
    for path in changed:
        print(f"已更新 {path.as_posix()}")
    if not changed:
        print("JSON Schema 和编辑器引用都是最新的。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
