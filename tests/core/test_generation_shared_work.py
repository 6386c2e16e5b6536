"""Work the generators share or remember (issue 14) gives the pages it gave when each page did it on its own."""

from __future__ import annotations

import posixpath

import pytest

from conftest import MINI, REAL

from handbook.load import load_handbook
from handbook.onboarding import training_pages
from handbook.pages import QUIZ_ANSWERS_URI, QUIZ_URI
from handbook.quiz import render_quiz, render_quiz_answers
from handbook.render import _relative, escape_markdown, escape_plain_markdown, generated_pages, page_uri


@pytest.mark.parametrize("snippets", [REAL, MINI], ids=["real", "mini"])
def test_quiz_pages_of_the_training_section_are_the_standalone_ones(snippets) -> None:
    handbook = load_handbook(snippets)
    pages = training_pages(handbook)
    assert pages[QUIZ_URI] == render_quiz(handbook)
    assert pages[QUIZ_ANSWERS_URI] == render_quiz_answers(handbook)


@pytest.mark.parametrize("snippets", [REAL, MINI], ids=["real", "mini"])
def test_each_reference_page_lists_the_scenarios_using_it_in_reading_order(snippets) -> None:
    handbook = load_handbook(snippets)
    pages = generated_pages(handbook)
    reading = [entry for stage_id in handbook.structure.stages for entry in handbook.scenarios_in(stage_id)]
    listed = 0
    for kind in ("principles", "procedures"):
        for entry_id in getattr(handbook, kind):
            here = page_uri(kind, entry_id)
            expected = [
                f"- [{escape_markdown(user.model.title)}]"
                f"({posixpath.relpath(page_uri('scenarios', user.id), posixpath.dirname(here))})"
                for user in reading if entry_id in getattr(user.model, kind)
            ]
            heading, _, section = pages[here].partition("的情景 { data-search-exclude }\n\n")
            assert [line for line in section.splitlines() if line.startswith("- [")] == expected, here
            assert bool(section) == bool(expected), here
            listed += len(expected)
    assert listed


@pytest.mark.parametrize(
    ("target", "start"),
    [("presale/bargaining.md", "."), ("presale/bargaining.md", "presale"), ("index.md", "trainers"),
     ("principles/honesty.md", "training"), ("a/b/c.md", "a/d"), ("after-sale/x.md", "principles")],
)
def test_relative_links_are_those_of_relpath(target: str, start: str) -> None:
    assert _relative(target, start) == posixpath.relpath(target, start)


def test_remembered_escapes_tell_values_of_equal_hash_apart() -> None:
    # 1, 1.0 and True are equal as dictionary keys; each must still read as itself.
    assert [escape_markdown(value) for value in (1, 1.0, True)] == ["1", "1\\.0", "True"]
    assert [escape_plain_markdown(value) for value in (True, 1.0, 1)] == ["True", "1.0", "1"]
    assert escape_markdown("a_b <c>") == "a\\_b &lt;c&gt;" and escape_plain_markdown("a_b <c>") == "a\\_b &lt;c&gt;"
