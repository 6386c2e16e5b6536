"""Every topic taken from the source documents has a page in the handbook that covers it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REAL, ROOT

TOPICS = yaml.safe_load((FIXTURES / "source_topics.yml").read_text(encoding="utf-8"))
SEEDS = ROOT.parent / "shared" / "seeds"


def test_every_source_document_is_listed() -> None:
    assert len(TOPICS) == 5
    if SEEDS.is_dir():
        assert sorted(TOPICS) == sorted(path.name for path in SEEDS.glob("*.txt"))


@pytest.mark.parametrize(
    ("source", "topic", "page", "word"),
    [(source, item["topic"], item["page"], item["word"]) for source, items in TOPICS.items() for item in items],
)
def test_topic_is_covered_by_its_page(source: str, topic: str, page: str, word: str) -> None:
    path = REAL / f"{page}.yml"
    assert path.is_file(), f"{source}: “{topic}” 应由 {page} 覆盖，但文件不存在"
    assert word in path.read_text(encoding="utf-8"), f"{source}: “{topic}” 的页面 {page} 中没有“{word}”"
