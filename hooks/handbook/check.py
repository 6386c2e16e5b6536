"""Everything a trainer's change must pass: validation, completeness and the content lint."""

from __future__ import annotations

from pathlib import Path

from .cache import load_cached
from .lint import lint_handbook, load_rules
from .load import Handbook
from .problems import HandbookError
from .search import load_tuning


def check_handbook(snippets: Path) -> Handbook:
    """Load, validate and lint snippets/; raise HandbookError with every problem found."""
    handbook = load_cached(snippets)
    load_tuning(snippets)
    problems = lint_handbook(handbook, load_rules(snippets))
    if problems:
        raise HandbookError(problems)
    return handbook
