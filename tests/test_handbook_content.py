"""The real handbook: the catalog of the content issue exists and every scenario has a complete template set."""

from __future__ import annotations

import pytest

from conftest import REAL

from handbook.names import placeholders_in, strings_in
from handbook.load import load_handbook

HANDBOOK = load_handbook(REAL)

CATALOG = {
    "presale": (
        "greeting wait-check stock-check out-of-stock size-advice product-details quality-concern compare-items "
        "bargaining competitor-cheaper hesitation courier-choice postage remote-area-shipping ship-time "
        "delivery-time return-policy shipping-insurance inspect-on-delivery cannot-help chit-chat favorite-shop "
        "farewell unanswered-followup"
    ),
    "insale": "modify-price payment-reminder payment-received confirm-address order-change gift-note refund-before-shipment",
    "aftersale": (
        "logistics-delay parcel-damaged parcel-confiscated quality-return non-quality-return return-shipping-fee "
        "partial-refund usage-help oos-after-payment review-invitation negative-review malicious-review "
        "angry-customer unreasonable-customer complaint revisit"
    ),
    "autoreply": "first-message busy away queue-full",
    "loyalty": "holiday-greeting new-arrival referral-thanks",
}
CATALOG_IDS = sorted(f"{stage}/{slug}" for stage, slugs in CATALOG.items() for slug in slugs.split())
PRINCIPLES = (
    "honesty leave-room pros-and-cons match-style chit-chat etiquette word-choice complaint-principles "
    "seven-more review-compliance"
).split()
PROCEDURES = (
    "presale-flow insale-flow logistics-inquiry aftersale-triage complaint-handling calming-upset-buyer "
    "negative-review order-notes"
).split()


def test_every_catalog_scenario_exists() -> None:
    assert sorted(set(CATALOG_IDS) - set(HANDBOOK.scenarios)) == []


def test_principles_and_procedures_of_the_content_issue_exist() -> None:
    assert sorted(set(PRINCIPLES) - set(HANDBOOK.principles)) == []
    assert sorted(set(PROCEDURES) - set(HANDBOOK.procedures)) == []


@pytest.mark.parametrize("scenario_id", sorted(HANDBOOK.scenarios))
def test_scenario_has_a_complete_template_set(scenario_id: str) -> None:
    entry = HANDBOOK.scenarios[scenario_id]
    stage = HANDBOOK.structure.stages[scenario_id.split("/")[0]]
    roles = [template.role for template in entry.model.templates]
    assert set(stage.required_roles) <= set(roles), f"{entry.path}: 缺少角色 {set(stage.required_roles) - set(roles)}"
    assert all(template.text.strip() for template in entry.model.templates)
    if scenario_id.startswith("autoreply/"):
        assert len(entry.model.templates) == 1


def test_every_stage_asks_for_at_least_four_buyer_messages() -> None:
    # The loader enforces each stage's min_buyer_says (tests/fixtures/errors/too-few-buyer-says); the bar stays ≥ 4.
    assert {stage_id: stage.min_buyer_says >= 4 for stage_id, stage in HANDBOOK.structure.stages.items()} == {
        stage_id: True for stage_id in HANDBOOK.structure.stages
    }


@pytest.mark.parametrize("scenario_id", sorted(HANDBOOK.scenarios))
def test_scenario_has_the_buyer_messages_its_stage_asks_for(scenario_id: str) -> None:
    stage = HANDBOOK.structure.stages[scenario_id.split("/")[0]]
    assert len(HANDBOOK.scenarios[scenario_id].model.buyer_says) >= stage.min_buyer_says


def test_shortcuts_are_unique_across_the_handbook() -> None:
    shortcuts = [t.shortcut for entry in HANDBOOK.scenarios.values() for t in entry.model.templates]
    assert len(shortcuts) == len(set(shortcuts))


def test_no_buyer_message_is_shared_by_two_scenarios() -> None:
    seen: dict[str, str] = {}
    for scenario_id, entry in HANDBOOK.scenarios.items():
        for line in entry.model.buyer_says:
            assert seen.setdefault(line, scenario_id) == scenario_id, f"“{line}” 同时出现在 {seen[line]} 和 {scenario_id}"


def test_every_policy_value_is_used_by_some_text() -> None:
    entries = [*HANDBOOK.scenarios.values(), *HANDBOOK.procedures.values(), *HANDBOOK.principles.values(), *HANDBOOK.guides.values()]
    used = {name for entry in entries for _, text in strings_in(entry.source.data, ()) for name in placeholders_in(text)}
    assert sorted(set(HANDBOOK.vocabulary.policy) - used) == []


def test_navigation_lists_scenarios_until_a_stage_grows_past_the_limit() -> None:
    from dataclasses import replace

    from handbook.site import mkdocs_nav, site_nav

    small = replace(HANDBOOK, structure=HANDBOOK.structure.model_copy(update={"nav_max_scenarios": 10}))
    sections = {label: items for entry in mkdocs_nav(site_nav(small)) if isinstance(entry, dict) for label, items in entry.items()}
    assert sections["售前"] == ["presale/index.md"]  # 24 scenarios: only the stage index, which lists them all
    assert sections["售中"] == ["insale/index.md"] + [f"{entry.id}.md" for entry in HANDBOOK.scenarios_in("insale")]
