"""The editors' JSON Schemas: generated from model.py, committed as generated, referenced by every YAML file,
and in agreement with the loader about which files are valid."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import pytest
import re

import yaml

from conftest import FIXTURES, MINI, REAL, ROOT

from handbook.checks import _check_policy
from handbook.load import load_handbook
from handbook.schema import KINDS, kind_of, kind_schema, render_schema, schema_file, stale, write
from handbook.yamlpos import LoadedYaml, load_yaml

BIN = Path(sys.executable).parent
SCHEMA_DIR = REAL / "schemas"


def _snippets_files(snippets: Path) -> list[tuple[Path, str]]:
    """Every YAML file under a snippets folder with its kind (all of them must have one)."""
    return [(file, kind_of(PurePosixPath(file.relative_to(snippets).as_posix()))) for file in sorted(snippets.rglob("*.yml"))]


#: Broken cases about rules an editor's schema does not model: where files sit, characters nobody can see,
#: braces in policy values, and YAML merge keys (which an editor's parser expands).
NOT_SCHEMA_MATTERS = {"layout", "invisible-characters", "braces", "merge-key-plain"}


class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as editors' YAML servers read files: `no` and `18:00` are text, `010` is 10."""


_Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", list("-+.0123456789")),
):
    _Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _every_fixture_file() -> list[tuple[Path, str]]:
    """Every parseable YAML file the tests use: the real handbook, the small one, and every broken case."""
    roots = [REAL, MINI, FIXTURES / "xss" / "snippets"]
    roots += sorted(
        case / "snippets" for case in (FIXTURES / "errors").iterdir()
        if (case / "snippets").is_dir() and case.name not in NOT_SCHEMA_MATTERS
    )
    found = []
    for root in roots:
        for file, kind in _snippets_files(root):
            loaded, _ = load_yaml(file.read_bytes(), file.name)
            if loaded is not None and kind is not None:
                found.append((file, kind))
    return found


def _editor_data(file: Path) -> Any:
    """The file as an editor's YAML parser reads it (numbers as numbers); the loader keeps them as typed."""
    return yaml.load(file.read_text(encoding="utf-8-sig"), Loader=_Yaml12Loader)


def _as_editors_see_it(value: Any) -> Any:
    """The parsed YAML as JSON: dates are plain strings to YAML 1.2 editors (and checked by `format: date`)."""
    if isinstance(value, dict):
        return {key: _as_editors_see_it(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_as_editors_see_it(child) for child in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _schema_accepts(kind: str, data: Any) -> bool:
    validator = jsonschema.Draft202012Validator(
        kind_schema(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return validator.is_valid(_as_editors_see_it(data))


def _loader_accepts(kind: str, data: Any) -> bool:
    """What the loader says about one file on its own (cross-file checks aside)."""
    model = KINDS[kind].model
    if model is None:
        return not list(_check_policy(LoadedYaml("snippets/policy.yml", data)))
    try:
        model.model_validate(data)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_exactly_what_the_models_generate(kind: str) -> None:
    assert schema_file(REAL, kind).read_text(encoding="utf-8") == render_schema(kind), "请运行 make schemas"


def test_schema_folder_holds_one_schema_per_kind_and_nothing_else() -> None:
    assert sorted(path.name for path in SCHEMA_DIR.iterdir()) == sorted(f"{kind}.schema.json" for kind in KINDS)


def test_schema_check_command_passes_on_the_repository() -> None:
    process = subprocess.run([BIN / "handbook-schema", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert (process.returncode, process.stdout, process.stderr) == (0, "", "")


def test_every_handbook_yaml_file_has_a_kind() -> None:
    unknown = [file for file, kind in _snippets_files(REAL) if kind is None]
    assert unknown == [], "a new kind of YAML file: register it in hooks/handbook/schema.py, then run make schemas"


@pytest.mark.parametrize(("file", "kind"), _snippets_files(REAL), ids=lambda value: str(value).split("snippets/")[-1])
def test_yaml_file_starts_with_modeline_to_the_schema_of_its_kind(file: Path, kind: str) -> None:
    first_line = file.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    target = (file.parent / first_line.removeprefix(prefix)).resolve()
    assert target == schema_file(REAL, kind).resolve()


def test_schemas_describe_fields_in_chinese() -> None:
    scenario = kind_schema("scenario")
    assert scenario["properties"]["buyer_says"]["description"] == (
        "买家常见说法（至少 3 条，各阶段在 stages.yml 的 min_buyer_says 中可以要求更多），原样照买家口吻写，用于搜索。"
    )
    assert scenario["$defs"]["Template"]["properties"]["shortcut"]["description"].startswith("快捷编码")
    assert scenario["title"] == "情景（snippets/scenarios/<阶段>/<编号>.yml）"


def _check_message(case: str) -> str:
    """The message handbook-check prints for a broken case's only problem."""
    [line] = (FIXTURES / "errors" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return line.split(": ", 2)[2]


def test_editor_says_what_the_check_says_about_an_empty_text() -> None:
    text = kind_schema("scenario")["$defs"]["Template"]["properties"]["text"]
    assert text["patternErrorMessage"] == _check_message("empty-text")


def test_editor_gives_the_check_hint_for_a_bad_shortcut() -> None:
    shortcut = kind_schema("scenario")["$defs"]["Template"]["properties"]["shortcut"]
    hint = shortcut["patternErrorMessage"].removeprefix("格式不对：").removesuffix("。")
    assert f"（{hint}）" in _check_message("bad-shortcut")


@pytest.mark.parametrize(
    ("file", "kind"), _every_fixture_file(), ids=lambda value: "/".join(str(value).split("/")[-4:])
)
def test_schema_and_loader_agree_on_the_file(file: Path, kind: str) -> None:
    loaded, _ = load_yaml(file.read_bytes(), file.name)
    assert _schema_accepts(kind, _editor_data(file)) == _loader_accepts(kind, loaded.data)


@pytest.mark.parametrize("case", ["bad-shortcut", "empty-text", "missing-field", "too-few-buyer-says", "unknown-field", "wrong-type"])
def test_schema_flags_the_broken_case_while_typing(case: str) -> None:
    [file] = list((FIXTURES / "errors" / case / "snippets").rglob("*.yml"))
    assert not _schema_accepts("scenario", _editor_data(file))


def test_real_handbook_files_all_pass_their_schema() -> None:
    rejected = []
    for file, kind in _snippets_files(REAL):
        if not _schema_accepts(kind, _editor_data(file)):
            rejected.append(file)
    assert rejected == []


#: A line added to the small handbook's policy, and whether the policy check accepts it.
POLICY_SAMPLES = {
    "text": ("extra: 每天 9:00–23:00", True),
    "number": ("extra: 15", True),
    "list": ("extra: [圆通, 15]", True),
    "section": ("extra: {days: 7, note: 以订单为准}", True),
    "key with underscore": ("extra_days: 7", True),
    "empty section": ("extra: {}", False),
    "empty list": ("extra: []", False),
    "null": ("extra:", False),
    "true/false": ("extra: true", False),
    "blank text": ("extra: '  '", False),
    "list of lists": ("extra: [[圆通]]", False),
    "list of mappings": ("extra: [{name: 圆通}]", False),
    "capital key": ("Extra: 7", False),
    "key with space": ("extra days: 7", False),
}


@pytest.mark.parametrize("sample", sorted(POLICY_SAMPLES))
def test_policy_schema_and_policy_check_agree(sample: str) -> None:
    line, accepted = POLICY_SAMPLES[sample]
    data = {**yaml.safe_load((MINI / "policy.yml").read_text(encoding="utf-8")), **yaml.safe_load(line)}
    assert (_schema_accepts("policy", data), _loader_accepts("policy", data)) == (accepted, accepted)


def test_schema_command_adds_schemas_and_modelines_without_touching_the_rest(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    shutil.copytree(MINI, snippets)
    before = {file: file.read_text(encoding="utf-8") for file in snippets.rglob("*.yml")}
    assert len(stale(snippets)) == len(KINDS) + len(before)
    write(snippets)
    assert stale(snippets) == []
    for file, text in before.items():
        first, rest = file.read_text(encoding="utf-8").split("\n", 1)
        assert first.startswith("# yaml-language-server: $schema=")
        assert rest == text
    assert sorted(load_handbook(snippets).scenarios) == ["autoreply/busy", "presale/return-policy"]


def test_schema_check_command_names_what_is_stale(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    shutil.copytree(MINI, snippets)
    write(snippets)
    busy = snippets / "scenarios" / "autoreply" / "busy.yml"
    busy.write_text(busy.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    (snippets / "schemas" / "guide.schema.json").write_text("{}\n", encoding="utf-8")
    process = subprocess.run([BIN / "handbook-schema", "--check"], cwd=tmp_path, capture_output=True, text=True)
    assert process.returncode == 1
    assert process.stdout == (
        "snippets/schemas/guide.schema.json：与 model.py 不一致，请运行 make schemas 重新生成。\n"
        "snippets/scenarios/autoreply/busy.yml:1:1：第一行应为 "
        "# yaml-language-server: $schema=../../schemas/scenario.schema.json（编辑器据此提示字段），请运行 make schemas 补上。\n"
    )
