"""yamlpos: positions of every value, values kept as typed, refused constructs."""

from __future__ import annotations

import pytest

from handbook.names import strings_in
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


# The loader reads each file in one pass over the parser's events: the refusals below must hold wherever the
# construct sits (flow or block style, in a key, after a refused key), and nothing refused may be half-built.


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: {b: &x 1, c: *x}\n", "t.yml:1:8: (语法): 不支持 YAML 锚点和别名（这里是 &x）：本文件共有 2 处锚点（&）或别名（*），请删掉它们，需要重复的内容直接写出来。"),
        ("a: [1, *y]\n", "t.yml:1:8: (语法): 不支持 YAML 锚点和别名（这里是 *y）：请删掉它们，需要重复的内容直接写出来。"),
        ("{*x : 1}\n", "t.yml:1:2: (语法): 不支持 YAML 锚点和别名（这里是 *x）：请删掉它们，需要重复的内容直接写出来。"),
        ("a:\n  !t k: 2\n", "t.yml:2:3: (语法): 不支持 YAML 标签 !t：请删掉它。要让内容原样保留，用引号把它括起来。"),
        ("? [a]\n: &v {b: 1}\n", "t.yml:2:3: (语法): 不支持 YAML 锚点和别名（这里是 &v）：请删掉它们，需要重复的内容直接写出来。"),
        ("a: 1\na: &d [x]\n", "t.yml:2:4: (语法): 不支持 YAML 锚点和别名（这里是 &d）：请删掉它们，需要重复的内容直接写出来。"),
        ("a: 1\n---\nb: &z 2\n", "t.yml:3:4: (语法): 不支持 YAML 锚点和别名（这里是 &z）：请删掉它们，需要重复的内容直接写出来。"),
        ("a: &x 1\nb: [\n", "t.yml:3:1: (语法): YAML 语法错误：did not find expected node content（while parsing a flow node，从第 3 行第 1 列开始）。请检查缩进（用空格，不要用 Tab）、冒号后的空格和引号是否成对。"),
        ("a: 1\n---\nb: 2\n", "t.yml:2:1: (语法): YAML 语法错误：but found another document（expected a single document in the stream，从第 1 行第 1 列开始）。请检查缩进（用空格，不要用 Tab）、冒号后的空格和引号是否成对。"),
    ],
)
def test_refusals_hold_in_every_place(text: str, message: str) -> None:
    loaded, problems = _load(text)
    assert loaded is None and problems == [message]


def test_tags_come_before_the_one_anchor_message() -> None:
    _, problems = _load("{*x : 1, !t k: 2}\n")
    assert problems == [
        "t.yml:1:10: (语法): 不支持 YAML 标签 !t：请删掉它。要让内容原样保留，用引号把它括起来。",
        "t.yml:1:2: (语法): 不支持 YAML 锚点和别名（这里是 *x）：请删掉它们，需要重复的内容直接写出来。",
    ]


def test_deep_block_nesting_is_refused_at_the_first_level_too_deep() -> None:
    text = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH + 1)) + f"{'  ' * (MAX_DEPTH + 1)}v: 1\n"
    _, problems = _load(text)
    assert problems == [f"t.yml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: (语法): 嵌套太深（超过 {MAX_DEPTH} 层）。请检查缩进。"]


def test_hostile_nesting_stops_reading_before_anything_is_built() -> None:
    levels = 900  # deeper than Python's recursion would go, shallower than libyaml's own limit of 1000
    _, problems = _load("a: " + "[" * levels + "]" * levels + "\n")
    assert problems == [f"t.yml:1:{3 + MAX_DEPTH}: (语法): 嵌套太深（超过 {MAX_DEPTH} 层）。请检查缩进。"]


def test_a_refused_key_drops_its_whole_value() -> None:
    loaded, problems = _load("? [a, b]\n: {c: d}\nx: 1\nx:\n  y: [1, {z: 2}]\n<<: {m: 1}\ne: [f]\n")
    assert problems == [
        "t.yml:1:3: (文件): 字段名必须是一个词，不能是列表或映射。",
        "t.yml:4:1: x: 字段 'x' 在同一层重复出现（第一次在第 3 行）。请删除其中一个。",
        "t.yml:6:1: <<: 不支持 YAML 合并键 <<：请把要用的字段直接写在这里。",
    ]
    assert loaded.data == {"x": "1", "e": ["f"]}
    assert set(loaded.values) == {(), ("x",), ("e",), ("e", 0)}
    assert loaded.values[("e", 0)] == Position(7, 5) and loaded.keys[("e",)] == Position(7, 1)


def test_texts_are_the_text_values_in_document_order() -> None:
    loaded, _ = _load("a: 一\nb:\n  - 二\n  - {c: 三, d: 4, e: ~, f: true}\ng: '五'\n")
    assert loaded.texts() == list(strings_in(loaded.data, ())) == [
        (("a",), "一"), (("b", 0), "二"), (("b", 1, "c"), "三"), (("b", 1, "d"), "4"), (("g",), "五"),
    ]
    assert loaded.spans[("b", 1, "c")] == (22, 23)
