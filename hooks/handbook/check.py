"""Everything a trainer's change must pass: validation, completeness and the content lint."""

from __future__ import annotations

from pathlib import Path

from .cache import load_cached, rules_cached, tuning_cached
from .lint import lint_handbook
from .load import Handbook
from .problems import HandbookError
from .search import desk_reply_problems


def check_handbook(snippets: Path) -> Handbook:
    """Load, validate and lint snippets/; raise HandbookError with every problem found."""
    handbook = load_cached(snippets)
    tuning_cached(snippets)  # search.yml is part of the check: its problems stop the build here
    shortcuts = {template.shortcut for entry in handbook.scenarios.values() for template in entry.model.templates}
    problems = lint_handbook(handbook, rules_cached(snippets)) + desk_reply_problems(snippets, shortcuts)
    if problems:
        raise HandbookError(problems)
    return handbook
