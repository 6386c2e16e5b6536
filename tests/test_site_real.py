"""The real handbook built with `mkdocs build --strict`: every template reaches its page and the search index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REAL
from site_html import cards, page, search_index

from handbook.load import load_handbook
from handbook.placeholders import fill_policy
from handbook.render import page_uri

HANDBOOK = load_handbook(REAL)
SCENARIOS = sorted(HANDBOOK.scenarios)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_template_is_on_its_page_with_one_copy_button(real_site: Path, scenario_id: str) -> None:
    entry = HANDBOOK.scenarios[scenario_id]
    shown = cards(page(real_site, page_uri("scenarios", scenario_id)))
    assert [(c.shortcut, c.role, c.copy_text, c.buttons) for c in shown] == [
        (t.shortcut, t.role, fill_policy(t.text, HANDBOOK), 1) for t in entry.model.templates
    ]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_notes_and_conditions_never_reach_the_copied_text(real_site: Path, scenario_id: str) -> None:
    entry = HANDBOOK.scenarios[scenario_id]
    shown = {card.shortcut: card for card in cards(page(real_site, page_uri("scenarios", scenario_id)))}
    for template in entry.model.templates:
        card = shown[template.shortcut]
        if template.note:
            assert card.note == "客服提示" + fill_policy(template.note, HANDBOOK)
            assert fill_policy(template.note, HANDBOOK) not in card.copy_text
        if template.when:
            assert card.when == "适用：" + fill_policy(template.when, HANDBOOK)


def test_no_policy_placeholder_is_left_unfilled_anywhere(real_site: Path) -> None:
    names = "|".join(map(re.escape, HANDBOOK.vocabulary.policy))
    leftover = re.compile(r"\{(" + names + r")\}")
    offenders = []
    for path in real_site.rglob("*.html"):
        if path.relative_to(real_site).as_posix() == "trainers/changelog/index.html":
            continue  # quotes git commit subjects as written, which may name a placeholder
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for code in soup.select("code, pre"):  # the editing guide shows the placeholder syntax as code
            code.decompose()
        if leftover.search(soup.get_text()):
            offenders.append(str(path.relative_to(real_site)))
    assert offenders == []


def test_policy_values_appear_filled_in(real_site: Path) -> None:
    text = page(real_site, "presale/return-policy.md").select_one("article").get_text()
    assert f"{HANDBOOK.policy_value('returns.window_days')} 天" in text


def test_every_scenario_and_its_buyer_messages_are_in_the_search_index(real_site: Path) -> None:
    docs = search_index(real_site)["docs"]
    pages = {doc["location"]: doc for doc in docs}
    by_page: dict[str, str] = {}
    for doc in docs:
        key = doc["location"].split("#")[0]
        by_page[key] = by_page.get(key, "") + doc["text"]
    for scenario_id, entry in HANDBOOK.scenarios.items():
        assert f"{scenario_id}/" in pages
        indexed = re.sub(r"[\s\u200b]", "", by_page[f"{scenario_id}/"])
        for line in entry.model.buyer_says:
            assert re.sub(r"\s", "", line).replace("<", "&lt;") in indexed


def test_every_principle_procedure_and_guide_has_a_page(real_site: Path) -> None:
    for kind in ("principles", "procedures", "guides"):
        for entry_id, entry in getattr(HANDBOOK, kind).items():
            assert page(real_site, page_uri(kind, entry_id)).select_one("article h1").get_text(strip=True).startswith(entry.model.title)


@pytest.mark.parametrize("procedure_id", sorted(HANDBOOK.procedures))
def test_every_procedure_has_an_inline_flowchart_of_its_steps(real_site: Path, procedure_id: str) -> None:
    soup = page(real_site, page_uri("procedures", procedure_id))
    svg = soup.select_one("article svg.procedure-flow")
    steps = [
        "".join(text.get_text() for text in group.select("text.procedure-flow__label"))
        for group in svg.select("g.procedure-flow__step")
    ]
    assert steps == [step.title for step in HANDBOOK.procedures[procedure_id].model.steps]
    assert len(svg.select("line.procedure-flow__edge")) == len(steps) - 1
    assert not svg.find_all(["script", "image", "foreignObject"])
