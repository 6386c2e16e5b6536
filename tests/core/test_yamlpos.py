"""yamlpos: positions of every value, values kept as typed, refused constructs."""

from __future__ import annotations

import pytest

from handbook.yamlpos import MAX_DEPTH, Position, dotted, load_yaml


def _load(text: str):
    loaded, problems = load_yaml(text.encode("utf-8"), "t.yml")
    return loaded, [str(problem) for problem in problems]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("18:00", "18:00"), ("010", "010"), ("no", "no"), ("yes", "yes"), ("on", "on"), ("1e3", "1e3"),
        ("0x1F", "0x1F"), (".inf", ".inf"), ("2026-11-23", "2026-11-23"), ("15", "15"), ("12.50", "12.50"),
        ("'引号'", "引号"), ('"\\u00e9"', "é"), ("~", None), ("null", None), ("", None), ("true", True), ("False", False),
    ],
)
def test_plain_values_arrive_as_typed(typed: str, value: object) -> None:
    loaded, problems = _load(f"a: {typed}\n")
    assert problems == [] and loaded.data == {"a": value}


def test_every_key_and_value_has_its_position() -> None:
    loaded, _ = _load("title: 标题\ntemplates:\n  - role: reply\n    text: 您好\n")
    assert loaded.values[("templates", 0, "text")] == Position(4, 11)
    assert loaded.keys[("templates", 0, "text")] == Position(4, 5)
    assert loaded.position(("templates", 0, "missing")) == Position(3, 5)


def test_position_of_a_character_inside_a_value() -> None:
    loaded, _ = _load("a: 一二\u200b三\n")
    assert loaded.position_of(("a",), "\u200b") == Position(1, 6)


def test_dotted_counts_list_items_from_one() -> None:
    assert dotted(("templates", 0, "text")) == "templates[1].text"
    assert dotted(()) == "(文件)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x 1\nb: *x\n", "t.yml:1:4: (语法): 不支持 YAML 锚点和别名（这里是 &x）：本文件共有 2 处锚点（&）或别名（*），请删掉它们，需要重复的内容直接写出来。"),
        ("a: !env HOME\n", "t.yml:1:4: (语法): 不支持 YAML 标签 !env：请删掉它。要让内容原样保留，用引号把它括起来。"),
        ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", f"t.yml:1:{3 + MAX_DEPTH}: (语法): 嵌套太深（超过 {MAX_DEPTH} 层）。请检查缩进。"),
        ("a: 1\na: 2\n", "t.yml:2:1: a: 字段 'a' 在同一层重复出现（第一次在第 1 行）。请删除其中一个。"),
        ("<<: {a: 1}\n", "t.yml:1:1: <<: 不支持 YAML 合并键 <<：请把要用的字段直接写在这里。"),
    ],
)
def test_refused_constructs_are_reported_at_their_place(text: str, message: str) -> None:
    _, problems = _load(text)
    assert problems == [message]
