"""The buyer-message sets the desk and the site search are measured on (tests/fixtures/search_queries*.yml).

All five were written without seeing the scenarios' buyer_says: search_queries (plain), _noisy (typos, emoji,
order numbers, two questions), _new (the 20 newer scenarios), _heldout (kept away from the desk's tuning on the
other three, to show whether that tuning generalises) and _fresh (161 messages for all 74 scenarios, written after
the tuning by a helper who saw only titles, goals and replies; nobody has tuned on it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = (
    "search_queries", "search_queries_noisy", "search_queries_new", "search_queries_heldout", "search_queries_fresh"
)


def load_query_sets(names: tuple[str, ...] = NAMES) -> dict[str, list[dict[str, Any]]]:
    """Each set's queries: {"query", "expect", optional "also"}, in file order."""
    return {name: yaml.safe_load((FIXTURES / f"{name}.yml").read_text(encoding="utf-8"))["queries"] for name in names}
