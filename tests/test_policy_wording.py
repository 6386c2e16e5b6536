"""Policy holds data, templates hold the wording: options choose templates, lists and money read naturally."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REAL, build_site
from site_html import cards, page

from handbook.check import check_handbook
from handbook.conditions import policy_at
from handbook.lint import buyer_facing_texts
from handbook.load import load_handbook
from handbook.placeholders import fill_policy, format_value
from handbook.problems import HandbookError

HANDBOOK = load_handbook(REAL)

#: Policy wording about the buyer that must never reach a buyer: “由买家承担”, “买家出”, “由店铺承担（…”.
THIRD_PERSON = re.compile(r"由?买家(来)?(承担|负责|自理|支付|出)|由?店铺(来)?(承担|负责|支付|出)")


@pytest.mark.parametrize(
    ("value", "money", "expected"),
    [
        (["新疆"], False, "新疆"),
        (["新疆", "西藏"], False, "新疆和西藏"),
        (["圆通", "申通", "中通"], False, "圆通、申通和中通"),
        (15, True, "15 元"),
        ("15", True, "15 元"),
        (15.0, True, "15 元"),
        ("3–4", False, "3–4"),
    ],
)
def test_policy_values_read_as_natural_chinese(value: object, money: bool, expected: str) -> None:
    assert format_value(value, money=money) == expected


def test_real_lists_and_money_are_filled_naturally() -> None:
    remote = HANDBOOK.scenarios["presale/remote-area-shipping"].model.templates
    texts = [fill_policy(template.text, HANDBOOK) for template in remote]
    assert any("发往新疆和西藏的包裹" in text and "补 15 元运费差价" in text for text in texts)
    courier = [fill_policy(t.text, HANDBOOK) for t in HANDBOOK.scenarios["presale/courier-choice"].model.templates]
    assert any("我们平时发圆通、申通和中通，" in text for text in courier)
    every_text = [fill_policy(text, HANDBOOK) for _, _, text in buyer_facing_texts(HANDBOOK)]
    assert [text for text in every_text if re.search(r"元\s*元", text)] == []


def test_no_buyer_facing_text_speaks_of_the_buyer_in_the_third_person() -> None:
    # Every policy case: buyer_facing_texts reads the templates of all options, not only this shop's.
    found = [
        (entry.id, loc, text)
        for entry, loc, raw in buyer_facing_texts(HANDBOOK)
        if THIRD_PERSON.search(text := fill_policy(raw, HANDBOOK))
    ]
    assert found == []


def test_policy_values_hold_data_not_sentences_about_the_buyer() -> None:
    for name, placeholder in HANDBOOK.vocabulary.policy.items():
        value = format_value(HANDBOOK.policy_value(placeholder.path))
        assert "买家" not in value and "承担" not in value and "（" not in value, (name, value)


def test_the_payer_option_has_a_second_person_reply_for_each_value() -> None:
    choice = HANDBOOK.vocabulary.choices["returns.non_quality_shipping_payer"]
    variants = {
        (entry.id, template.shortcut, template.if_policy["returns.non_quality_shipping_payer"]): template.text
        for entry in HANDBOOK.all_scenarios.values()
        for template in entry.model.templates
        if "returns.non_quality_shipping_payer" in template.if_policy
    }
    for shortcut in ("thyf3", "fzlth2", "fzlth5", "thzc4"):
        texts = {value: text for (_, code, value), text in variants.items() if code == shortcut}
        assert set(texts) == set(choice.values), shortcut
        assert "您" in texts["buyer"] and "我们承担" in texts["shop"].replace("由我们承担", "我们承担")


def test_only_the_templates_of_the_shops_option_are_in_the_handbook() -> None:
    payer = policy_at(HANDBOOK.policy, "returns.non_quality_shipping_payer")
    shown = [t for t in HANDBOOK.scenarios["aftersale/return-shipping-fee"].model.templates if t.shortcut == "thyf3"]
    assert [t.if_policy for t in shown] == [{"returns.non_quality_shipping_payer": payer}]


def _shop_pays(snippets: Path) -> None:
    """Make the small handbook's reply thzc2 depend on who pays, and let the shop pay."""
    policy = snippets / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("payer: buyer", "payer: shop"), encoding="utf-8")
    scenario = snippets / "scenarios" / "presale" / "return-policy.yml"
    text = scenario.read_text(encoding="utf-8")
    variants = (
        "  - role: reply\n    shortcut: thzc2\n    if_policy: {returns.non_quality_shipping_payer: buyer}\n"
        "    text: 不合适退回的运费需要您来承担。\n"
        "  - role: reply\n    shortcut: thzc2\n    if_policy: {returns.non_quality_shipping_payer: shop}\n"
        "    text: 不合适退回的运费由我们承担。\n"
    )
    scenario.write_text(text.replace("  - role: closing\n", variants + "  - role: closing\n"), encoding="utf-8")
    # The original thzc2 keeps its code unique: the two variants above replace it.
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("shortcut: thzc2\n    when", "shortcut: thzc9\n    when"), encoding="utf-8")


def test_every_output_shows_only_the_reply_for_the_shops_option(mini_snippets: Path, tmp_path: Path) -> None:
    _shop_pays(mini_snippets)
    result = build_site(mini_snippets, tmp_path / "site")
    assert result.returncode == 0, result.output
    shown = {card.shortcut: card.copy_text for card in cards(page(result.site, "presale/return-policy.md"))}
    assert shown["thzc2"] == "不合适退回的运费由我们承担。"
    desk = "".join(path.read_text(encoding="utf-8") for path in sorted((result.site / "assets" / "data").glob("desk-cards-*.json")))
    exported = json.loads((result.site / "exports" / "handbook.json").read_text(encoding="utf-8"))
    chatwoot = (result.site / "exports" / "chatwoot-canned-responses.json").read_text(encoding="utf-8")
    # The scenario's entries in the search index (the trainer guide quotes both wordings); words are split by U+200B.
    index = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    search = "".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("presale/return-policy/"))
    search = search.replace("\u200b", "")
    for output in (desk, json.dumps(exported, ensure_ascii=False), chatwoot, search):
        assert "由我们承担" in output
        assert "需要您来承担" not in output


def test_completeness_counts_only_the_templates_that_apply(mini_snippets: Path) -> None:
    scenario = mini_snippets / "scenarios" / "presale" / "return-policy.yml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(
        text.replace("  - role: closing\n", "  - role: closing\n    if_policy: {returns.non_quality_shipping_payer: shop}\n"),
        encoding="utf-8",
    )
    with pytest.raises(HandbookError) as raised:
        check_handbook(mini_snippets)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{mini_snippets.name}/scenarios/presale/return-policy.yml:19:1: templates: 缺少“收尾/跟进”（role: closing）话术"
        "（有 1 条这个角色的话术，但它们的 if_policy 与本店政策不符）。售前阶段的每个情景都必须有：opening, reply, closing。"
    ]


def test_money_placeholder_followed_by_yuan_is_an_error(mini_snippets: Path) -> None:
    policy = mini_snippets / "policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "postage:\n  free_shipping_threshold: 99\n", encoding="utf-8")
    vocabulary = mini_snippets / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8")
        .replace(
            "  退换天数: returns.window_days\n",
            "  退换天数: returns.window_days\n  包邮门槛: {path: postage.free_shipping_threshold, type: money}\n",
        ),
        encoding="utf-8",
    )
    scenario = mini_snippets / "scenarios" / "presale" / "return-policy.yml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("还有其他问题随时找我。", "满 {包邮门槛} 元包邮。"), encoding="utf-8"
    )
    with pytest.raises(HandbookError) as raised:
        check_handbook(mini_snippets)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{mini_snippets.name}/scenarios/presale/return-policy.yml:30:11: templates[3].text: "
        "{包邮门槛} 是金额，填入时会自动写成“15 元”。请删掉它后面的“元”。"
    ]


def test_an_option_cannot_be_pasted_into_text(mini_snippets: Path) -> None:
    vocabulary = mini_snippets / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace(
            "  退换天数: returns.window_days\n", "  退换天数: returns.window_days\n  运费谁出: returns.non_quality_shipping_payer\n"
        ),
        encoding="utf-8",
    )
    with pytest.raises(HandbookError) as raised:
        check_handbook(mini_snippets)
    (problem,) = raised.value.problems
    assert (problem.line, problem.field) == (5, "policy.运费谁出")
    assert problem.message.startswith("'returns.non_quality_shipping_payer' 是选项型政策")


def test_the_coverage_page_lists_the_replies_set_aside_by_the_policy(real_site: Path) -> None:
    soup = page(real_site, "trainers/coverage.md")
    heading = soup.select_one("article h2#不适用本店政策的话术")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in heading.find_next("table").select("tbody tr")]
    other = "shop" if policy_at(HANDBOOK.policy, "returns.non_quality_shipping_payer") == "buyer" else "buyer"
    meaning = HANDBOOK.vocabulary.choices["returns.non_quality_shipping_payer"].values[other]
    assert sorted(row[1] for row in rows) == ["fzlth2", "fzlth5", "thyf3", "thzc4"]
    assert all(row[3].endswith("：" + meaning) for row in rows)
