"""search.yml `dialect`: buyers' dialect and netspeak read as Mandarin, longest spelling first (the browser's
query-pipeline.js does the same; tests/test_desk.py checks it there)."""

from __future__ import annotations

from pathlib import Path

from handbook.search import load_tuning, simplified, without_dialect

SNIPPETS = Path(__file__).resolve().parents[2] / "snippets"


def _plain(text: str) -> str:
    return simplified(without_dialect(text, dict(load_tuning(SNIPPETS).dialect)))


def test_cantonese_particles_become_mandarin_words() -> None:
    assert _plain("呢對波鞋有冇39碼") == "这双波鞋有没有39码"
    assert _plain("點解寄咗咁耐") == "为什么寄了这么耐"


def test_longest_spelling_wins_over_its_single_characters() -> None:
    # 唔該晒 is thanks, not 不 + 该晒; 關係 keeps its 係 (not 是), so 沒關係 stays "never mind".
    assert _plain("唔該晒") == "谢谢"
    assert _plain("沒關係") == "没关系"


def test_shop_words_that_look_like_netspeak_are_left_alone() -> None:
    # 童鞋 is children's shoes here, and 快滴 is the typo of 快递 that `synonyms` maps.
    assert _plain("童鞋有冇") == "童鞋有没有"
    assert _plain("快滴到咗未") == "快滴到了未"
    assert _plain("木有收到 肿么办") == "没有收到 怎么办"
