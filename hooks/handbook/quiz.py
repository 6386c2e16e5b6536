"""The self-check quiz: one practice message per scenario, which scenario is it and what to do; answers apart."""

from __future__ import annotations

import hashlib
import heapq
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .pages import QUIZ_ANSWERS_URI, QUIZ_URI, page_label
from .practice import items_by_scenario
from .render import Link, template_environment, front_matter_block, link_to

if TYPE_CHECKING:
    from .load import Entry, Handbook
    from .model import Role, Stage

#: Choices per question: the right scenario plus look-alikes, preferably from the same stage.
CHOICES = 4
LETTERS = "ABCDEFGH"
#: Emoji and pictographs (astral planes, dingbats, variation selectors): not in the print fonts.
_EMOJI = re.compile("[\U00010000-\U0010ffff\u2600-\u27bf\ufe0f]")


@dataclass(frozen=True)
class Question:
    """One quiz question: a buyer's message and the scenarios to choose from."""

    number: int
    stage_id: str
    message: str
    choices: tuple[str, ...]
    answer: int
    scenario: Entry[Any]

    @property
    def printed(self) -> str:
        """The message as the quiz prints it: without emoji, which the PDF's Chinese fonts do not have."""
        return " ".join(_EMOJI.sub(" ", self.message).split())

    @property
    def letter(self) -> str:
        """The letter of the right choice, as printed before it."""
        return LETTERS[self.answer]


def quiz_questions(handbook: Handbook) -> list[Question]:
    """One question per scenario with practice items, stage by stage, in an order that does not follow the handbook's."""
    # Practice messages, not buyer_says: the quiz tests recognising new messages, not recalling the handbook's own.
    practice = items_by_scenario(handbook)
    questions: list[Question] = []
    for stage_id in handbook.structure.stages:
        entries = [entry for entry in handbook.scenarios_in(stage_id) if entry.id in practice]
        for entry in sorted(entries, key=lambda entry: _rank(entry.id)):
            choices = _choices(handbook, entry.id)
            questions.append(Question(
                number=len(questions) + 1,
                stage_id=stage_id,
                message=_pick(practice[entry.id], entry.id),
                choices=tuple(choices),
                answer=choices.index(entry.id),
                scenario=entry,
            ))
    return questions


def quiz_anchor(stage_id: str) -> str:
    """The id of a stage's section on the quiz page."""
    return f"quiz-{stage_id}"


def render_quiz(handbook: Handbook, questions: list[Question] | None = None) -> str:
    """Markdown of the quiz page: questions grouped by stage, no answers (`questions`: quiz_questions', if known)."""
    return template_environment().get_template("quiz.md.j2").render(
        front_matter=_page_front_matter(handbook, QUIZ_URI),
        handbook=handbook,
        sections=_by_stage(handbook, quiz_questions(handbook) if questions is None else questions),
        titles={scenario_id: entry.model.title for scenario_id, entry in handbook.scenarios.items()},
        answers_href=posixpath.relpath(QUIZ_ANSWERS_URI, posixpath.dirname(QUIZ_URI)),
        anchor=quiz_anchor,
    )


@dataclass(frozen=True)
class Answer:
    """The answer to one question: the scenario (linked), its goal and the replies to start from."""

    question: Question
    scenario: Link
    replies: list[tuple[str, Role]]


def render_quiz_answers(handbook: Handbook, questions: list[Question] | None = None) -> str:
    """Markdown of the answers page, for the back of the handbook (`questions`: quiz_questions', if known)."""
    answers = [
        Answer(
            question,
            link_to(QUIZ_ANSWERS_URI, question.scenario, "scenarios"),
            [(template.shortcut, handbook.structure.roles[template.role]) for template in question.scenario.model.templates],
        )
        for question in (quiz_questions(handbook) if questions is None else questions)
    ]
    return template_environment().get_template("quiz_answers.md.j2").render(
        front_matter=_page_front_matter(handbook, QUIZ_ANSWERS_URI),
        handbook=handbook,
        sections=_by_stage(handbook, answers, stage_of=lambda answer: answer.question.stage_id),
        quiz_href=posixpath.relpath(QUIZ_URI, posixpath.dirname(QUIZ_ANSWERS_URI)),
    )


def _page_front_matter(handbook: Handbook, uri: str) -> str:
    # Left out of search: the quiz quotes buyer messages, which must find their scenarios, not the quiz.
    page = page_label(handbook.structure, uri)
    return front_matter_block(title=page.label, description=page.description, search={"exclude": True})


def _by_stage(
    handbook: Handbook, items: list[Any], stage_of: Callable[[Any], str] = lambda question: question.stage_id
) -> list[tuple[str, Stage, list[Any]]]:
    """Items grouped under their stage, stages in stages.yml order, empty stages left out."""
    groups = []
    for stage_id, stage in handbook.structure.stages.items():
        members = [item for item in items if stage_of(item) == stage_id]
        if members:
            groups.append((stage_id, stage, members))
    return groups


def _choices(handbook: Handbook, scenario_id: str) -> list[str]:
    """The right scenario and up to three others, same stage first, in a fixed shuffled order."""
    stage_id = scenario_id.split("/")[0]
    same_stage = [other for other in handbook.scenarios if other != scenario_id and other.split("/")[0] == stage_id]
    # Same stage first, each group in a fixed shuffled order: the other stages are ranked only when the stage has
    # too few scenarios (ranking every scenario for every question made the quiz quadratic in the handbook's size).
    others = heapq.nsmallest(CHOICES - 1, same_stage, key=lambda other: _rank(f"{scenario_id}>{other}"))
    if len(others) < CHOICES - 1:
        rest = [other for other in handbook.scenarios if other != scenario_id and other.split("/")[0] != stage_id]
        others += heapq.nsmallest(CHOICES - 1 - len(others), rest, key=lambda other: _rank(f"{scenario_id}>{other}"))
    picked = [scenario_id, *others]
    return sorted(picked, key=lambda choice: _rank(f"{scenario_id}?{choice}"))


def _pick(messages: list[str], scenario_id: str) -> str:
    """One of the practice messages, the same one on every build; one without emoji when there is one."""
    # The quiz is also printed, and the PDF's Chinese fonts have no emoji (another font would be embedded).
    printable = [message for message in messages if not _EMOJI.search(message)] or messages
    return printable[_rank(scenario_id) % len(printable)]


def _rank(key: str) -> int:
    # A hash rather than random: the quiz must not change between builds, Python versions or machines.
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
