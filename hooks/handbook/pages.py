"""The pages the handbook generates besides its content files: where each one lives, and its title from stages.yml."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import SectionLabel, Structure

DESK_URI = "desk.md"
#: The old quick-replies page: the same desk with an empty query, so bookmarks keep working.
QUICK_URI = "quick.md"
ONBOARDING_URI = "training/onboarding.md"
PRACTICE_URI = "training/practice.md"
SHORTCUTS_URI = "training/shortcuts.md"
QUIZ_URI = "training/quiz.md"
QUIZ_ANSWERS_URI = "training/quiz-answers.md"
#: Pages only the printed handbook has.
PDF_PAGES = "print"
HOW_TO_USE_URI = f"{PDF_PAGES}/how-to-use.md"

#: Each generated page's entry under `pages:` in stages.yml.
PAGE_KEYS = {
    DESK_URI: "desk",
    QUICK_URI: "quick",
    ONBOARDING_URI: "onboarding",
    PRACTICE_URI: "practice",
    SHORTCUTS_URI: "shortcuts",
    QUIZ_URI: "quiz",
    QUIZ_ANSWERS_URI: "quiz_answers",
    HOW_TO_USE_URI: "how_to_use",
}
#: The site navigation's training section, in reading order.
TRAINING_URIS = (ONBOARDING_URI, PRACTICE_URI, SHORTCUTS_URI, QUIZ_URI, QUIZ_ANSWERS_URI)


def page_label(structure: Structure, uri: str) -> SectionLabel:
    """Title and description of a generated page, as the trainers named it in stages.yml."""
    return getattr(structure.pages, PAGE_KEYS[uri])
