"""Practice mode: snippets/practice.yml over the real handbook, and the practice page in headless Chromium."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MINI, REAL, serve
from site_html import page as page_html

from handbook.load import load_handbook
from handbook.practice import PRACTICE_FILE

HANDBOOK = load_handbook(REAL)
FIXTURE = load_handbook(MINI)
#: The fixture's practice messages and the scenario each belongs to (what the page must count as right).
ANSWERS = {item.message: item.scenario for item in FIXTURE.practice}
SPACE = re.compile(r"\s+")


def test_real_handbook_has_at_least_two_practice_items_per_scenario() -> None:
    assert (REAL / PRACTICE_FILE).is_file()
    counts = Counter(item.scenario for item in HANDBOOK.practice)
    assert {scenario_id: counts[scenario_id] for scenario_id in HANDBOOK.scenarios if counts[scenario_id] < 2} == {}


def test_practice_items_are_not_the_handbooks_own_buyer_messages() -> None:
    said = {SPACE.sub("", message) for entry in HANDBOOK.scenarios.values() for message in entry.model.buyer_says}
    assert [item.message for item in HANDBOOK.practice if SPACE.sub("", item.message) in said] == []
    messages = [item.message for item in HANDBOOK.practice]
    assert len(set(messages)) == len(messages)


@pytest.fixture(scope="module")
def practice_url(mini_site: Path) -> Iterator[str]:
    for url in serve(mini_site):
        yield url + "/training/practice/"


@pytest.fixture
def practice(context, practice_url: str):
    page = context.new_page()
    page.goto(practice_url)
    page.wait_for_selector(".practice[data-ready=true]")
    return page


def _message(page) -> str:
    return page.text_content(".practice__message")


def _score(page) -> tuple[str, str]:
    return page.text_content(".practice__answered"), page.text_content(".practice__right")


def test_a_right_answer_shows_the_handbooks_replies_and_principles(practice) -> None:
    scenario_id = ANSWERS[_message(practice)]
    practice.select_option(".practice__scenario", scenario_id)
    practice.check(".practice__reply-list input >> nth=0")
    practice.click(".practice__check")
    assert practice.is_visible(".practice__verdict--right")
    assert not practice.is_visible(".practice__verdict--wrong")
    assert _score(practice) == ("1", "1")
    entry = FIXTURE.scenarios[scenario_id]
    shown = practice.eval_on_selector_all(".practice__answer-replies .practice__reply", "cards => cards.map(c => c.dataset.shortcut)")
    assert shown == [template.shortcut for template in entry.model.templates]
    chosen = practice.eval_on_selector_all(".practice__reply--chosen", "cards => cards.map(c => c.dataset.shortcut)")
    assert chosen == [entry.model.templates[0].shortcut]
    principles = practice.eval_on_selector_all(".practice__principle-link", "links => links.map(a => a.textContent)")
    assert principles == [FIXTURE.principles[p].model.title for p in entry.model.principles]
    assert practice.text_content(".practice__answer-link").endswith(entry.model.title)


def test_a_wrong_answer_says_so_and_still_shows_the_right_scenario(practice) -> None:
    scenario_id = ANSWERS[_message(practice)]
    wrong = next(other for other in FIXTURE.scenarios if other != scenario_id)
    practice.select_option(".practice__scenario", wrong)
    practice.click(".practice__check")
    assert practice.is_visible(".practice__verdict--wrong")
    assert FIXTURE.scenarios[wrong].model.title in practice.text_content(".practice__verdict--wrong")
    assert _score(practice) == ("1", "0")
    assert practice.text_content(".practice__answer-link").endswith(FIXTURE.scenarios[scenario_id].model.title)


def test_typing_a_shortcut_picks_its_scenario_and_reply(practice) -> None:
    scenario_id = ANSWERS[_message(practice)]
    shortcut = FIXTURE.scenarios[scenario_id].model.templates[-1].shortcut
    practice.fill(".practice__shortcut", shortcut.upper())
    assert practice.input_value(".practice__scenario") == scenario_id
    assert practice.eval_on_selector(".practice__reply-list input:checked", "radio => radio.value") == shortcut
    practice.click(".practice__check")
    assert practice.is_visible(".practice__verdict--right")
    assert practice.text_content(".practice__your-shortcut") == shortcut


def test_score_is_kept_after_reload_and_the_next_message_is_new(practice) -> None:
    first = _message(practice)
    practice.select_option(".practice__scenario", ANSWERS[first])
    practice.click(".practice__check")
    practice.click(".practice__next")
    second = _message(practice)
    assert second != first and second in ANSWERS
    practice.reload()
    practice.wait_for_selector(".practice[data-ready=true]")
    assert _score(practice) == ("1", "1")
    assert _message(practice) == second
    practice.click(".practice__reset")
    assert _score(practice) == ("0", "0")


def test_messages_are_set_as_text_not_markup(practice) -> None:
    # Every message the fixture holds is plain text; the page shows exactly it, with no element inside.
    assert practice.eval_on_selector(".practice__message", "node => node.children.length") == 0
    assert _message(practice) in ANSWERS


def test_markup_in_practice_items_is_shown_literally_and_never_runs(context, xss_site: Path) -> None:
    messages = {item.message for item in load_handbook(xss_site.parent / "snippets").practice}
    quiz = page_html(xss_site, "training/quiz.md")
    assert quiz.select_one("article").find_all(["script", "img", "iframe"]) == []
    for url in serve(xss_site):
        page = context.new_page()
        page.goto(url + "/training/practice/")
        page.wait_for_selector(".practice[data-ready=true]")
        assert page.text_content(".practice__message") in messages
        page.select_option(".practice__scenario", "presale/xss")
        page.click(".practice__check")
        assert page.is_visible(".practice__verdict--right")
        assert page.eval_on_selector(".practice", "node => node.querySelectorAll('script, img, iframe').length") == 0
        assert page.evaluate("window.__xss") is None
