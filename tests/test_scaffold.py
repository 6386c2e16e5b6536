"""`handbook-new`: a new scenario stub with the roles its stage requires; it fails the check until filled."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, REAL

from handbook.model import Guidance, Scenario, Template
from handbook.schema import kind_schema
from handbook.yamlpos import load_yaml

BIN = Path(sys.executable).parent
SCAFFOLD = FIXTURES / "scaffold"

#: What a trainer writes into the stub of presale/gift-wrap, in the order the stubs appear.
FILLED = [
    "礼品包装",
    "告诉买家能否礼品包装、怎么备注，让送礼的买家放心下单。",
    "能帮我包装成礼物吗",
    "送人的 能不放价格单吗",
    "有礼盒吗",
    "您好，欢迎光临！请问是买来送人的吗？",
    "可以的，下单时在备注里写上“礼品包装”，我们会取出价格单并用礼盒包好。",
    "祝您的朋友喜欢，有需要随时找我。",
]


def _run(tool: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN / tool, *args], cwd=cwd, capture_output=True, text=True)


def _fill(text: str, values: list[str]) -> str:
    """Replace each empty stub (a "" value, not the one the header comment mentions), first to last."""
    stub = re.compile(r'(?<=: )""|(?<=- )""')
    for value in values:
        text, replaced = stub.subn(f'"{value}"', text, count=1)
        assert replaced == 1
    assert not stub.search(text)
    return text


def _uncomment(text: str, names: set[str]) -> str:
    """Remove "# " before the commented-out optional fields `names` (and their indented lines)."""
    lines, inside = [], False
    for line in text.splitlines():
        match = re.match(r"# (\w+):", line)
        inside = bool(match and match.group(1) in names) or (inside and line.startswith("#   "))
        lines.append(line[2:] if inside else line)
    return "\n".join(lines) + "\n"


def _handbook_root(tmp_path: Path, source: Path) -> Path:
    shutil.copytree(source, tmp_path / "snippets")
    return tmp_path


def test_stub_is_written_with_explanations_and_the_stage_roles(mini_snippets: Path) -> None:
    root = mini_snippets.parent
    process = _run("handbook-new", "presale", "gift-wrap", cwd=root)
    assert process.returncode == 0, process.stderr
    assert process.stdout == (
        "已创建 snippets/scenarios/presale/gift-wrap.yml。\n"
        '请把其中每个 "" 换成真实内容，然后运行 make check，按提示改到通过再提交。\n'
    )
    text = (mini_snippets / "scenarios" / "presale" / "gift-wrap.yml").read_text(encoding="utf-8")
    assert text == (SCAFFOLD / "presale-gift-wrap.yml").read_text(encoding="utf-8")


def test_stub_comments_carry_the_description_of_every_model_field(mini_snippets: Path) -> None:
    _run("handbook-new", "presale", "gift-wrap", cwd=mini_snippets.parent)
    comments = [
        line.strip()
        for line in (mini_snippets / "scenarios" / "presale" / "gift-wrap.yml").read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith("#")
    ]
    explained = "\n".join(comments)
    for model in (Scenario, Template, Guidance):
        for name, info in model.model_fields.items():
            if name != "role":  # each template's role is explained by its label and description from stages.yml
                assert info.description in explained, name
    assert "# 开场/安抚（opening）：第一句回应。" in comments
    assert "# 答复（reply）：回答问题。" in comments
    assert "# 收尾/跟进（closing）：道别或跟进。" in comments


def test_stub_fails_the_check_at_each_unfilled_line(mini_snippets: Path) -> None:
    root = mini_snippets.parent
    _run("handbook-new", "presale", "gift-wrap", cwd=root)
    process = _run("handbook-check", cwd=root)
    assert process.returncode == 1
    assert process.stdout == (SCAFFOLD / "expected.txt").read_text(encoding="utf-8")
    assert process.stderr == "发现 8 个问题。请按提示修改后再提交。\n"


def test_stub_is_also_flagged_by_the_editor_schema(mini_snippets: Path) -> None:
    _run("handbook-new", "presale", "gift-wrap", cwd=mini_snippets.parent)
    file = mini_snippets / "scenarios" / "presale" / "gift-wrap.yml"
    validator = jsonschema.Draft202012Validator(kind_schema("scenario"))
    stub = load_yaml(file.read_bytes(), "stub")[0].data
    filled = load_yaml(_fill(file.read_text(encoding="utf-8"), FILLED).encode(), "filled")[0].data
    assert len(list(validator.iter_errors(stub))) == 8
    assert list(validator.iter_errors(filled)) == []


def test_filled_stub_passes_the_check(mini_snippets: Path) -> None:
    root = mini_snippets.parent
    _run("handbook-new", "presale", "gift-wrap", cwd=root)
    file = mini_snippets / "scenarios" / "presale" / "gift-wrap.yml"
    file.write_text(_fill(file.read_text(encoding="utf-8"), FILLED), encoding="utf-8")
    process = _run("handbook-check", cwd=root)
    assert (process.returncode, process.stdout) == (0, "检查通过：3 个情景，7 条话术。\n")


def test_commented_optional_fields_are_valid_once_uncommented(mini_snippets: Path) -> None:
    root = mini_snippets.parent
    _run("handbook-new", "presale", "gift-wrap", cwd=root)
    file = mini_snippets / "scenarios" / "presale" / "gift-wrap.yml"
    text = _uncomment(_fill(file.read_text(encoding="utf-8"), FILLED), {"tags", "principles", "procedures", "guidance", "reviewed"})
    file.write_text(text, encoding="utf-8")
    process = _run("handbook-check", cwd=root)
    assert (process.returncode, process.stdout) == (0, "检查通过：3 个情景，7 条话术。\n")
    assert "guidance:\n  do:\n    - 应该做的。\n" in text


def test_stub_has_exactly_the_roles_stages_yml_requires(mini_snippets: Path) -> None:
    stages = mini_snippets / "stages.yml"
    stages.write_text(
        stages.read_text(encoding="utf-8").replace(
            "description: 拍下到发货。\n    required_roles: [opening, reply, closing]",
            "description: 拍下到发货。\n    required_roles: [opening, closing]",
        ),
        encoding="utf-8",
    )
    _run("handbook-new", "insale", "pay-later", cwd=mini_snippets.parent)
    data = load_yaml((mini_snippets / "scenarios" / "insale" / "pay-later.yml").read_bytes(), "stub")[0].data
    assert [(template["role"], template["shortcut"]) for template in data["templates"]] == [("opening", "pl1"), ("closing", "pl2")]


def test_single_role_stage_gets_one_template(mini_snippets: Path) -> None:
    _run("handbook-new", "autoreply", "night", cwd=mini_snippets.parent)
    data = load_yaml((mini_snippets / "scenarios" / "autoreply" / "night.yml").read_bytes(), "stub")[0].data
    assert data["templates"] == [{"role": "auto", "shortcut": "n1", "text": ""}]


def test_suggested_shortcuts_skip_those_already_used(mini_snippets: Path) -> None:
    # The small handbook already uses thzc1–thzc3 (退换政策).
    _run("handbook-new", "aftersale", "tui-huan-zheng-ce", cwd=mini_snippets.parent)
    data = load_yaml((mini_snippets / "scenarios" / "aftersale" / "tui-huan-zheng-ce.yml").read_bytes(), "stub")[0].data
    assert [template["shortcut"] for template in data["templates"]] == ["thzc4", "thzc5", "thzc6"]


@pytest.mark.parametrize(
    ("stage", "slug", "message"),
    [
        ("presell", "gift-wrap", "没有阶段 'presell'。可用阶段：presale, insale, aftersale, autoreply, loyalty（见 snippets/stages.yml）。\n"),
        ("presale", "Gift_Wrap", "编号 'Gift_Wrap' 不能用：只能用小写字母、数字和连字符，且以字母开头，如 gift-wrap。\n"),
        ("presale", "return-policy", "snippets/scenarios/presale/return-policy.yml 已经存在，没有覆盖。请换一个编号，或直接编辑这个文件。\n"),
    ],
)
def test_refuses_with_a_reason_and_writes_nothing(stage: str, slug: str, message: str, mini_snippets: Path) -> None:
    before = {file: file.read_bytes() for file in mini_snippets.rglob("*") if file.is_file()}
    process = _run("handbook-new", stage, slug, cwd=mini_snippets.parent)
    assert (process.returncode, process.stdout, process.stderr) == (1, "", message)
    assert {file: file.read_bytes() for file in mini_snippets.rglob("*") if file.is_file()} == before


def test_stub_in_the_real_handbook_blocks_the_check_until_filled(tmp_path: Path) -> None:
    root = _handbook_root(tmp_path, REAL)
    scenarios, templates = map(int, re.findall(r"\d+", _run("handbook-check", cwd=root).stdout))
    _run("handbook-new", "presale", "gift-wrap", cwd=root)
    file = root / "snippets" / "scenarios" / "presale" / "gift-wrap.yml"
    assert file.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../../schemas/scenario.schema.json"
    failing = _run("handbook-check", cwd=root)
    assert failing.returncode == 1
    assert {line.split(":")[0] for line in failing.stdout.splitlines()} == {"snippets/scenarios/presale/gift-wrap.yml"}
    # The real presale stage asks for more buyer messages (stages.yml min_buyer_says) than the small handbook.
    assert load_yaml((REAL / "stages.yml").read_bytes(), "stages.yml")[0].data["stages"]["presale"]["min_buyer_says"] in (5, "5")
    filled = FILLED[:5] + ["礼物包装要加钱吗", "可以写贺卡吗"] + FILLED[5:]
    file.write_text(_fill(file.read_text(encoding="utf-8"), filled), encoding="utf-8")
    passing = _run("handbook-check", cwd=root)
    assert (passing.returncode, passing.stdout) == (0, f"检查通过：{scenarios + 1} 个情景，{templates + 3} 条话术。\n")
