"""Chinese search at build time: shop words for jieba, and the desk's search documents and cards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    remember_blocks()


# The shop's words jieba was last taught in this process (a `mkdocs serve` session keeps jieba between rebuilds).
_taught: tuple[object, ...] | None = None


class BlockMemo:
    """jieba's cut of one run of Chinese text (its "block"), remembered while the tokenizer's dictionary stays the same.

    jieba cuts a text run by run (runs end at punctuation and spaces), and the site repeats the same runs: a
    reply sits on its scenario page, in the training pages, the shortcut list and the desk. At 1x, Material's search
    and the desk cut 145,000 characters, of which 75,000 are distinct. The memo gives back exactly what jieba gives
    for the run (tests/test_jieba_memo.py compares them) and forgets everything when the dictionary changes."""

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.cut_block: Callable[[str], Iterator[str]] = getattr(tokenizer, _CUT_BLOCK)
        # The lengths of the run's words as bytes (a tuple of the words where one is longer than 255 characters):
        # a sixth of the memory of the words themselves, which 100x content would need a few hundred MB for.
        self.words: dict[str, bytes | tuple[str, ...]] = {}
        self.dictionary: tuple[int, ...] = ()

    def __call__(self, block: str) -> Iterator[str]:
        dictionary = self._dictionary()
        if dictionary != self.dictionary or len(self.words) >= MEMO_LIMIT:
            self.words.clear()
            self.dictionary = dictionary
        found = self.words.get(block)
        if found is None:
            words = tuple(self.cut_block(block))
            lengths = [len(word) for word in words]
            fits = all(0 < length < 256 for length in lengths) and "".join(words) == block
            self.words[block] = bytes(lengths) if fits else words
            return iter(words)
        if isinstance(found, tuple):
            return iter(found)
        return _pieces(block, found)

    def _dictionary(self) -> tuple[int, ...]:
        # What add_word, del_word, load_userdict and initialize change: the word totals and the forced splits.
        tokenizer = self.tokenizer
        return (id(tokenizer.FREQ), tokenizer.total, len(tokenizer.FREQ), len(jieba.finalseg.Force_Split_Words))


def _pieces(block: str, lengths: bytes) -> Iterator[str]:
    start = 0
    for length in lengths:
        yield block[start:start + length]
        start += length


#: Distinct runs kept at most (about 40 MB); past it the memo starts again. 10x content has about 70,000.
MEMO_LIMIT = 250_000
# jieba 0.42.1 (its last release, 2020) cuts each run with this private method of its Tokenizer, called as
# `self.__cut_DAG`: an attribute of that name on a tokenizer takes its place in jieba.cut's default mode (with HMM),
# the mode Material's search and the desk use.
_CUT_BLOCK = "_Tokenizer__cut_DAG"


def remember_blocks(tokenizer: jieba.Tokenizer | None = None) -> None:
    """Let a jieba tokenizer (the default one) remember the cut of each run, once per process (see BlockMemo)."""
    tokenizer = tokenizer or jieba.dt
    if unsupported_jieba() is None and not isinstance(vars(tokenizer).get(_CUT_BLOCK), BlockMemo):
        setattr(tokenizer, _CUT_BLOCK, BlockMemo(tokenizer))


def unsupported_jieba() -> str | None:
    """Why the installed jieba cannot take the memo (then every run is cut again: slower, same result), or None."""
    if callable(getattr(jieba.Tokenizer, _CUT_BLOCK, None)):
        return None
    return f"jieba {getattr(jieba, '__version__', '?')} 没有 Tokenizer.__cut_DAG：每段文字都重新分词（结果相同，构建更慢）。"


def write_desk_data(site: Path, handbook: Handbook, tuning: SearchTuning, *, directory_urls: bool) -> set[str]:
    """Write the desk's search documents and cards; return the words they hold (the query dictionary needs them)."""
    index = desk_index(handbook, tuning, jieba.lcut)
    # The plain document list, or (for a large handbook) its sharded form: desk-head.json and desk-terms-N.json.
    for name, data in desk_data(index, shop_words(tuning), SHARD_SIZE).items():
        write_data(site, f"{DATA_DIR}/{name}", data)
    for number, shard in enumerate(desk_cards(handbook, directory_urls=directory_urls)):
        write_data(site, f"{DATA_DIR}/desk-cards-{number}.json", shard)
    desk_words = {word for _, text in index["buyer"] for word in text.split()}
    desk_words |= {word for fields in index["scenario"] for text in fields for word in text.split()}
    return desk_words


def _shop_words(tuning: SearchTuning) -> tuple[object, ...]:
    # Everything of the tuning that changes how jieba cuts.
    return (tuple(tuning.words), tuple(sorted(tuning.synonyms.items())), tuple(tuning.not_words))
