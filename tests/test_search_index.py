"""The search index of the real build: tuned weights, Chinese segmentation and the query dictionary."""

from __future__ import annotations

import json
from pathlib import Path

from site_html import search_index


def _query_dictionary(site: Path) -> dict:
    return json.loads((site / "search" / "query-dict.json").read_text(encoding="utf-8"))


def test_buyer_messages_weigh_more_than_other_sections(real_site: Path) -> None:
    boosts = {doc["location"]: doc.get("boost", 1.0) for doc in search_index(real_site)["docs"]}
    assert boosts["presale/postage/#买家常说"] > boosts["presale/postage/#话术"] > boosts["principles/honesty/"]
    assert boosts["presale/postage/"] > boosts["presale/"]


def test_link_lists_are_not_indexed(real_site: Path) -> None:
    sections = {doc["location"].partition("#")[2] for doc in search_index(real_site)["docs"]}
    assert not sections & {"参考", "用到这条原则的情景", "用到这个流程的情景"}


def test_shop_words_are_single_tokens_in_the_index(real_site: Path) -> None:
    words = set(json.loads((real_site / "search" / "query-words.json").read_text(encoding="utf-8")))
    assert {"运费险", "开胶", "包邮", "退货", "运费"} <= words
    assert "货运费" not in words


def test_query_dictionary_maps_traditional_characters(real_site: Path) -> None:
    traditional = _query_dictionary(real_site)["traditional"]
    assert [traditional.get(char, char) for char in "退貨運費"] == list("退货运费")


def test_sentinel_never_occurs_in_the_index(real_site: Path) -> None:
    sentinel = _query_dictionary(real_site)["sentinel"]
    assert sentinel not in (real_site / "search" / "search_index.json").read_text(encoding="utf-8")


def test_page_weights_from_front_matter_times_section_weights_from_the_adapter(real_site: Path) -> None:
    boosts = {doc["location"]: doc.get("boost", 1.0) for doc in search_index(real_site)["docs"]}
    # Front matter `search: boost` (handbook.site.SEARCH_BOOST and the hand-written pages' own) ...
    assert (boosts["presale/postage/"], boosts["principles/honesty/"], boosts["presale/"], boosts[""]) == (3.0, 0.4, 0.2, 0.2)
    assert boosts["trainers/how-to-edit/"] == 0.4
    # ... times the sections of scenario pages (handbook_mkdocs.material_search.SECTION_BOOST).
    assert boosts["presale/postage/#买家常说"] == 3.0 * 8.0
    assert boosts["presale/postage/#话术"] == 3.0 * 1.5
