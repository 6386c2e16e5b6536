"""The buyer-message sets the desk and the site search are measured on (tests/fixtures/search_queries*.yml).

All six were written without seeing the scenarios' buyer_says: search_queries (plain), _noisy (typos, emoji,
order numbers, two questions), _new (the 20 newer scenarios), _heldout (kept away from the desk's tuning on the
other three, to show whether that tuning generalises), _fresh (161 messages for all 74 scenarios, written after
the tuning by a helper who saw only titles, goals and replies; tuned on in the fourth round) and _sealed (158
messages written the same way by another helper and kept away from the fourth round's tuner: the honest figure).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = (
    "search_queries", "search_queries_noisy", "search_queries_new", "search_queries_heldout", "search_queries_fresh",
    "search_queries_sealed",
)


def load_query_sets(names: tuple[str, ...] = NAMES) -> dict[str, list[dict[str, Any]]]:
    """Each set's queries: {"query", "expect", optional "also"}, in file order."""
    return {name: yaml.safe_load((FIXTURES / f"{name}.yml").read_text(encoding="utf-8"))["queries"] for name in names}
