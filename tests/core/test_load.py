"""load: policy values filled into the text agents read, never into what buyers are sent."""

from __future__ import annotations

import copy
from pathlib import Path

from handbook.load import PolicyText
from handbook.model import Vocabulary
from handbook.yamlpos import load_yaml

REAL = Path(__file__).resolve().parents[2] / "snippets"


def _policy_text() -> PolicyText:
    vocabulary = load_yaml((REAL / "vocabulary.yml").read_bytes(), "vocabulary.yml")[0]
    policy = load_yaml((REAL / "policy.yml").read_bytes(), "policy.yml")[0]
    return PolicyText(Vocabulary.model_validate(vocabulary.data), policy.data)


def test_agent_text_is_filled_and_buyer_text_and_the_parsed_file_are_left_as_typed() -> None:
    loaded, _ = load_yaml(
        "goal: 介绍{店铺名}\n"
        "templates:\n"
        "  - text: 欢迎光临{店铺名}，{买家称呼}\n"
        "    note: '{店铺名}{未声明}'\n"
        "  - {text: 好的, note: 无}\n"
        "related: [a]\n".encode(),
        "t.yml",
    )
    typed = copy.deepcopy(loaded.data)
    filled = _policy_text().fill_agent_text("scenarios", loaded)
    assert filled == {
        "goal": "介绍悦步女鞋",
        "templates": [
            {"text": "欢迎光临{店铺名}，{买家称呼}", "note": "悦步女鞋{未声明}"},
            {"text": "好的", "note": "无"},
        ],
        "related": ["a"],
    }
    assert loaded.data == typed


def test_a_file_with_nothing_to_fill_is_not_copied() -> None:
    loaded, _ = load_yaml("templates:\n  - text: 欢迎光临{店铺名}\nnote: 无\n".encode(), "t.yml")
    assert _policy_text().fill_agent_text("scenarios", loaded) is loaded.data


def test_a_file_that_is_one_text_is_filled_whole() -> None:
    loaded, _ = load_yaml("'{店铺名}'\n".encode(), "t.yml")
    assert _policy_text().fill_agent_text("guides", loaded) == "悦步女鞋"
