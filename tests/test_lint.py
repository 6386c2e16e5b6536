"""The content lint: each rule catches its own violating examples, spares the allowed ones, and the handbook passes."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, REAL

from handbook.check import check_handbook
from handbook.lint import lint_handbook, lint_text, load_rules
from handbook.load import load_handbook
from handbook.model import LintRules
from handbook.problems import HandbookError
from handbook.yamlpos import load_yaml

RULE_FILE = load_yaml((REAL / "lint.yml").read_bytes(), "snippets/lint.yml")[0]
#: Quoted phrases a text tells agents not to say: 不要说“……”“……”.
_DONT_SAY = re.compile(r"不要说((?:“[^”]+”[、和或]?)+)")
RULES = LintRules.model_validate(RULE_FILE.data).rules
COMPILED = load_rules(REAL)


def test_the_issue_rules_all_exist() -> None:
    assert {
        "absolute-claims", "review-rewards", "invented-scarcity", "threats",
        "posing-as-manager", "contact-details", "stage-directions", "tone",
        "internet-slang", "emoji", "blame-shifting", "brush-off", "overpromising",
    } <= set(RULES)


def _counter_examples() -> Iterator[tuple[str, str]]:
    """Every “avoid” example and every quoted “不要说” phrase in the principles and procedures, read from the YAML."""
    for folder in ("principles", "procedures"):
        for file in sorted((REAL / folder).glob("*.yml")):
            loaded = load_yaml(file.read_bytes(), f"snippets/{folder}/{file.name}")[0]
            yield from _strings_to_avoid(loaded.data, f"{folder}/{file.stem}")


def _strings_to_avoid(value: Any, where: str, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _strings_to_avoid(child, where, str(child_key))
    elif isinstance(value, list):
        for child in value:
            yield from _strings_to_avoid(child, where, key)
    elif isinstance(value, str):
        if key == "avoid":
            yield where, value
        for quoted in _DONT_SAY.findall(value):
            yield from ((where, phrase) for phrase in re.findall(r"“([^”]+)”", quoted))


COUNTER_EXAMPLES = list(_counter_examples())


def test_the_handbook_has_its_counter_examples() -> None:
    assert len(COUNTER_EXAMPLES) >= 30
    assert ("principles/seven-more", "给您补 5 块钱，您把差评改了吧。") in COUNTER_EXAMPLES


@pytest.mark.parametrize(("where", "example"), COUNTER_EXAMPLES)
def test_every_counter_example_of_the_handbook_is_flagged(where: str, example: str) -> None:
    assert [rule.id for rule, _ in lint_text(example, COMPILED)] != [], f"{where}: {example}"


@pytest.mark.parametrize(
    ("rule_id", "example"),
    [(rule_id, example) for rule_id, rule in RULES.items() for example in rule.examples],
)
def test_rule_catches_its_violating_example(rule_id: str, example: str) -> None:
    assert rule_id in {rule.id for rule, _ in lint_text(example, COMPILED)}


@pytest.mark.parametrize("allowed", [text for rule in RULES.values() for text in rule.allowed])
def test_allowed_example_passes_every_rule(allowed: str) -> None:
    assert [(rule.id, found) for rule, found in lint_text(allowed, COMPILED)] == []


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("这款质量肯定没问题。", "absolute-claims"),
        ("保证您满意。", "absolute-claims"),
        ("给个好评，送您一双袜子。", "review-rewards"),
        ("只剩 3 双了。", "invented-scarcity"),
        ("再不付款就给您差评。", "threats"),
        ("我是店长，我说了算。", "posing-as-manager"),
        ("加我微信号 abc123。", "contact-details"),
        ("好的亲，马上发货哦。", "tone"),
        ("=HYPERLINK(\"x\")", "formula-start"),
        ("+5 元换购鞋垫。", "formula-start"),
        ("-20 元券已发放。", "formula-start"),
        ("@买家 您好。", "formula-start"),
        ("这是店里唯一的款式。", "absolute-claims"),
        ("假一赔十，放心买。", "absolute-claims"),
        ("全网低价。", "absolute-claims"),
        ("不喜欢随便退。", "overpromising"),
        ("这双 YYDS。", "internet-slang"),
        ("绝绝子。", "internet-slang"),
        ("好的🙂", "emoji"),
        ("收到☀", "emoji"),
        ("方便的话加微信聊。", "contact-details"),
        ("我是售后主管。", "posing-as-manager"),
        ("您把中评删了，我们就退款。", "review-rewards"),
    ],
)
def test_common_violations_are_caught(text: str, rule_id: str) -> None:
    assert rule_id in {rule.id for rule, _ in lint_text(text, COMPILED)}


def test_stock_level_from_the_slot_is_not_invented_scarcity() -> None:
    assert [rule.id for rule, _ in lint_text("这个尺码只剩 {库存数量} 双。", COMPILED)] == []


def test_the_whole_handbook_passes_the_lint() -> None:
    problems = lint_handbook(load_handbook(REAL), COMPILED)
    assert [str(problem) for problem in problems] == []


def test_lint_problems_stop_the_check_with_path_and_line(mini_snippets: Path) -> None:
    shutil.copytree(FIXTURES / "errors" / "lint-violation" / "snippets", mini_snippets, dirs_exist_ok=True)
    with pytest.raises(HandbookError) as raised:
        check_handbook(mini_snippets)
    assert [(p.line, p.field, p.message.split("]")[0]) for p in raised.value.problems] == [
        (30, "templates[3].text", "[review-rewards"),
        (30, "templates[3].text", "[stage-directions"),
        (30, "templates[3].text", "[tone"),
    ]


def test_a_broken_pattern_in_lint_yml_is_reported_with_its_position(mini_snippets: Path) -> None:
    lint_file = mini_snippets / "lint.yml"
    lint_file.write_text(lint_file.read_text(encoding="utf-8").replace("'100\\s*[%％]'", "'100(['"), encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        load_rules(mini_snippets)
    (problem,) = raised.value.problems
    assert (problem.path, problem.field) == ("snippets/lint.yml", "rules.absolute-claims.patterns[1]")
    assert problem.message.startswith("正则表达式写错了")


def test_a_reply_starting_like_a_formula_stops_the_check(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets"
    shutil.copytree(REAL, snippets)
    scenario = snippets / "scenarios" / "presale" / "bargaining.yml"
    source = scenario.read_text(encoding="utf-8")
    scenario.write_text(source.replace("text: 理解您想买得更划算", "text: -理解您想买得更划算"), encoding="utf-8")
    line = source[: source.index("text: 理解您想买得更划算")].count("\n") + 1
    with pytest.raises(HandbookError) as raised:
        check_handbook(snippets)
    assert [(p.path, p.line, p.field, p.message.split("：")[0]) for p in raised.value.problems] == [
        ("snippets/scenarios/presale/bargaining.yml", line, "templates[1].text", "[formula-start] “-”"),
    ]
    assert "不能以 = + - @ 开头" in raised.value.problems[0].message
