"""The training section: onboarding path, shortcut quick reference and self-check quiz, in the site."""

from __future__ import annotations

import posixpath
from collections import Counter
from pathlib import Path

import pytest

from conftest import MINI, REAL
from site_html import page, search_index

from handbook.load import load_handbook
from handbook.onboarding import (
    day_heading,
    natural_key,
    onboarding_plan,
    opening_words,
    training_pages,
)
from handbook.placeholders import fill_policy
from handbook.pages import HOW_TO_USE_URI, ONBOARDING_URI, QUIZ_ANSWERS_URI, QUIZ_URI, SHORTCUTS_URI
from handbook.pdf import pdf_chapters
from handbook.quiz import quiz_questions
from handbook.site import pdf_nav
from handbook.render import page_uri
from handbook.yamlpos import load_yaml

HANDBOOK = load_handbook(REAL)
KINDS = ("scenarios", "principles", "procedures", "guides")
#: The plan as trainers wrote it in snippets/onboarding.yml.
PLAN = load_yaml((REAL / "onboarding.yml").read_bytes(), "snippets/onboarding.yml")[0].data["days"]
COMPLAINT_SCENARIOS = PLAN[4]["scenarios"]
FIRST_PRINCIPLE = PLAN[0]["principles"][0]


@pytest.mark.parametrize("snippets", [REAL, MINI], ids=["real", "mini"])
def test_the_path_reads_every_page_exactly_once(snippets: Path) -> None:
    handbook = load_handbook(snippets)
    read = Counter((kind, entry_id) for day in onboarding_plan(handbook) for kind in KINDS for entry_id in day.readings[kind])
    expected = {(kind, entry_id) for kind in KINDS for entry_id in getattr(handbook, kind)}
    assert set(read) == expected
    assert max(read.values()) == 1


def test_principles_and_etiquette_come_first_then_the_stages_then_complaints() -> None:
    days = onboarding_plan(HANDBOOK)
    assert day_heading(days[0]) == "服务意识、原则与礼仪" and days[0].readings["principles"][0] == FIRST_PRINCIPLE == "etiquette"
    assert days[0].readings["guides"] == ["why-service-matters", "duties", "glossary"]
    assert [day_heading(day) for day in days[1:4]] == ["售前", "售中", "售后"]
    assert day_heading(days[4]) == "投诉与情绪处理"
    assert days[4].readings["scenarios"] == [entry.id for entry in HANDBOOK.scenarios_in("aftersale") if entry.id in COMPLAINT_SCENARIOS]
    assert days[4].readings["principles"] == ["complaint-principles", "seven-more"]
    assert day_heading(days[-1]) == "自动回复、老客户维护、总复习" and days[-1].shortcuts


def test_each_stage_quiz_comes_after_its_last_scenario_is_read() -> None:
    days = onboarding_plan(HANDBOOK)
    for stage_id in HANDBOOK.structure.stages:
        quiz_day = next(index for index, day in enumerate(days) if stage_id in day.quizzes)
        read_on = [index for index, day in enumerate(days) for scenario_id in day.readings["scenarios"] if scenario_id.startswith(f"{stage_id}/")]
        assert quiz_day == max(read_on)


def test_every_onboarding_link_leads_to_a_built_page(real_site: Path) -> None:
    soup = page(real_site, ONBOARDING_URI)
    hrefs = [a["href"] for a in soup.select("article .onboarding a") if not a["href"].startswith("#")]
    targets = {posixpath.normpath(posixpath.join("training/onboarding/", href.split("#")[0])) for href in hrefs}
    assert all((real_site / target / "index.html").is_file() for target in targets), targets
    linked = {target for target in targets if not target.startswith("training")}
    assert linked == {page_uri(kind, entry_id).removesuffix(".md") for kind in KINDS for entry_id in getattr(HANDBOOK, kind)}


def test_training_pages_are_in_the_site_navigation(real_site: Path) -> None:
    soup = page(real_site, "index.md")
    labels = [a.get_text(strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    assert {"入职路线", "快捷编码速查表", "自测题", "自测题答案"} <= set(labels)


def test_quiz_has_one_question_per_scenario_from_its_practice_messages() -> None:
    questions = quiz_questions(HANDBOOK)
    assert sorted(question.scenario.id for question in questions) == sorted(HANDBOOK.scenarios)
    assert [question.number for question in questions] == list(range(1, len(questions) + 1))
    practice = {(item.scenario, item.message) for item in HANDBOOK.practice}
    for question in questions:
        # New messages, not the handbook's own: the quiz tests recognition, not recall.
        assert (question.scenario.id, question.message) in practice
        assert question.message not in question.scenario.model.buyer_says
        assert question.choices[question.answer] == question.scenario.id
        assert len(set(question.choices)) == len(question.choices) == 4
        assert set(question.choices) <= set(HANDBOOK.scenarios)


def test_quiz_is_the_same_on_every_build() -> None:
    assert training_pages(HANDBOOK) == training_pages(load_handbook(REAL))
    letters = Counter(question.letter for question in quiz_questions(HANDBOOK))
    # Deterministic, but not always the same letter.
    assert len(letters) == 4


def test_quiz_pages_stay_out_of_search(real_site: Path) -> None:
    locations = {doc["location"].split("#")[0] for doc in search_index(real_site)["docs"]}
    assert "training/onboarding/" in locations
    assert not {"training/quiz/", "training/quiz-answers/"} & locations


def test_quiz_answers_link_to_the_scenario_of_each_question(real_site: Path) -> None:
    soup = page(real_site, QUIZ_ANSWERS_URI)
    for question in quiz_questions(HANDBOOK):
        link = soup.select_one(f"#answer-{question.number} a")
        assert link.get_text() == question.scenario.model.title
        target = posixpath.normpath(posixpath.join("training/quiz-answers/", link["href"]))
        assert target == question.scenario.id
    quiz = page(real_site, QUIZ_URI)
    assert len(quiz.select(".quiz-question")) == len(HANDBOOK.scenarios)
    assert "可用话术" not in quiz.get_text()


def test_shortcut_table_lists_every_reply_once(real_site: Path) -> None:
    codes = [code.get_text() for code in page(real_site, SHORTCUTS_URI).select("article table td:first-child code")]
    expected = [template.shortcut for entry in HANDBOOK.scenarios.values() for template in entry.model.templates]
    assert sorted(codes) == sorted(expected)


def test_shortcut_table_is_in_natural_order_with_scenario_and_opening_on_every_row(real_site: Path) -> None:
    soup = page(real_site, SHORTCUTS_URI)
    templates = {t.shortcut: (e, t) for e in HANDBOOK.scenarios.values() for t in e.model.templates}
    for stage_id in HANDBOOK.structure.stages:
        heading = soup.select_one(f"#shortcuts-{stage_id}")
        rows = heading.find_next("table").select("tbody tr")
        codes = [row.select_one("td code").get_text() for row in rows]
        assert codes == sorted(codes, key=natural_key)
        for row, code in zip(rows, codes):
            entry, template = templates[code]
            cells = row.select("td")
            assert cells[1].get_text(strip=True) == entry.model.title
            assert cells[3].get_text().startswith(opening_words(fill_policy(template.text, HANDBOOK)))


def test_natural_order_puts_yj2_before_yj10() -> None:
    assert sorted(["yj10", "yj2", "yj1", "dzh3", "yj7", "yj5"], key=natural_key) == ["dzh3", "yj1", "yj2", "yj5", "yj7", "yj10"]


def test_the_mini_handbook_gets_a_short_path_without_empty_days() -> None:
    days = onboarding_plan(load_handbook(MINI))
    assert [day_heading(day) for day in days] == ["原则", "售前", "自动回复、总复习"]
    assert all(not day.is_empty() for day in days)


def test_pdf_chapters_follow_the_reading_order_and_cover_every_page() -> None:
    chapters = pdf_chapters(HANDBOOK)
    pages = [uri for chapter in chapters for uri in chapter.pages]
    assert len(pages) == len(set(pages))
    assert set(pages) >= {page_uri(kind, entry_id) for kind in KINDS for entry_id in getattr(HANDBOOK, kind)}
    principles = next(chapter for chapter in chapters if chapter.key == "principles")
    assert principles.pages[0] == page_uri("principles", FIRST_PRINCIPLE)
    assert [getattr(item, "path", None) for item in pdf_nav(HANDBOOK)][:2] == [HOW_TO_USE_URI, ONBOARDING_URI]
