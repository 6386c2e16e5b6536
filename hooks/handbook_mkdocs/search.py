"""Chinese search at build time: shop words for jieba, and the desk's search documents and cards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jieba
import jieba.finalseg

from handbook.datafiles import write_data
from handbook.desk import DATA_DIR, SHARD_SIZE, desk_cards, desk_index
from handbook.deskindex import desk_data
from handbook.load import Handbook
from handbook.model import SearchTuning
from handbook.search import shop_words


def teach_jieba(tuning: SearchTuning) -> None:
    """Teach jieba the shop's words before the search plugin segments the pages (once per set of words)."""
    global _taught
    words = _shop_words(tuning)
    if words == _taught:
        # Again under `mkdocs serve`: jieba.add_word adds each word's frequency to the dictionary's total, so teaching
        # the same words at every rebuild would shift how texts are cut, away from what a clean build cuts.
        return
    if _taught is not None:
        # Other words than the last build's: start from jieba's own dictionary, as a clean build does.
        jieba.dt.initialized = False
        jieba.dt.initialize()
        jieba.finalseg.Force_Split_Words.clear()
    _taught = words
    # Both sides of a synonym are words as well: 缺件 in a title must stay one word for 少发 → 缺件 to find it.
    for word in [*tuning.words, *tuning.synonyms, *tuning.synonyms.values()]:
        jieba.add_word(word)
    for word in tuning.not_words:
        jieba.del_word(word)


# The shop's words jieba was last taught in this process (a `mkdocs serve` session keeps jieba between rebuilds).
_taught: tuple[object, ...] | None = None


def write_desk_data(site: Path, handbook: Handbook, tuning: SearchTuning, *, directory_urls: bool) -> set[str]:
    """Write the desk's search documents and cards; return the words they hold (the query dictionary needs them)."""
    index = desk_index(handbook, tuning, _remembered_cut(tuning))
    # The plain document list, or (for a large handbook) its sharded form: desk-head.json and desk-terms-N.json.
    for name, data in desk_data(index, shop_words(tuning), SHARD_SIZE).items():
        write_data(site, f"{DATA_DIR}/{name}", data)
    for number, shard in enumerate(desk_cards(handbook, directory_urls=directory_urls)):
        write_data(site, f"{DATA_DIR}/desk-cards-{number}.json", shard)
    desk_words = {word for _, text in index["buyer"] for word in text.split()}
    desk_words |= {word for fields in index["scenario"] for text in fields for word in text.split()}
    return desk_words


# jieba's cut of each text the desk indexes, kept while the shop's words stay the same: a `mkdocs serve` rebuild
# after one edit cuts only the texts that changed.
_cuts: dict[str, tuple[str, ...]] = {}
_cut_words: tuple[object, ...] | None = None


def _remembered_cut(tuning: SearchTuning) -> Callable[[str], list[str]]:
    global _cut_words
    words = _shop_words(tuning)
    if words != _cut_words:
        _cuts.clear()
        _cut_words = words

    def cut(text: str) -> list[str]:
        found = _cuts.get(text)
        if found is None:
            found = _cuts[text] = tuple(jieba.lcut(text))
        return list(found)

    return cut


def _shop_words(tuning: SearchTuning) -> tuple[object, ...]:
    # Everything of the tuning that changes how jieba cuts.
    return (tuple(tuning.words), tuple(sorted(tuning.synonyms.items())), tuple(tuning.not_words))
