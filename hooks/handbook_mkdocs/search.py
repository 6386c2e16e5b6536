"""Chinese search at build time: shop words for jieba, the desk's search documents and cards, the build's pinyin."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jieba
import jieba.finalseg

from handbook.background import Deferred, can_fork
from handbook.datafiles import data_file_texts
from handbook.desk import DATA_DIR, SHARD_SIZE, desk_cards, desk_index
from handbook.deskindex import desk_data
from handbook.load import Handbook
from handbook.model import SearchTuning
from handbook.quick import initials_of, remember_initials
from handbook.search import common_characters, fuzzy_syllables, remember_syllables, shop_words, simplified
from handbook.site import SiteOutputs


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
        # The run's words joined by NUL (which no run contains), split again on use: one string per run instead of
        # one per word, and splitting is twice as fast as slicing the run in Python.
        self.words: dict[str, str | tuple[str, ...]] = {}
        self._forget()

    def __call__(self, block: str) -> Iterator[str]:
        tokenizer = self.tokenizer
        # What add_word, del_word, load_userdict and initialize change: the dictionary, its totals, the forced splits.
        # (One sequence goes unseen: deleting a word that was deleted, added back and counted in already. The handbook
        # never does that: teach_jieba starts again from a fresh dictionary.)
        if (
            tokenizer.FREQ is not self.freq or tokenizer.total != self.total or len(tokenizer.FREQ) != self.size
            or len(_FORCE_SPLIT) != self.forced or len(self.words) >= MEMO_LIMIT
        ):
            self._forget()
        found = self.words.get(block)
        if found is None:
            words = tuple(self.cut_block(block))
            self.words[block] = _SEPARATOR.join(words) if words and _SEPARATOR not in block else words
            return iter(words)
        if found.__class__ is str:
            return iter(found.split(_SEPARATOR))  # type: ignore[union-attr]
        return iter(found)

    def _forget(self) -> None:
        self.words.clear()
        tokenizer = self.tokenizer
        self.freq, self.total, self.size, self.forced = tokenizer.FREQ, tokenizer.total, len(tokenizer.FREQ), len(_FORCE_SPLIT)


_SEPARATOR = "\0"
# jieba's finalseg module keeps the words del_word forbids in this set (cleared in place, never replaced).
_FORCE_SPLIT = jieba.finalseg.Force_Split_Words
#: Distinct runs kept at most (about 250 bytes each); past it the memo starts again. 10x content has about 70,000 and
#: 100x about 700,000: the desk, cut after every page, finds its runs still there.
MEMO_LIMIT = 1_000_000
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


@dataclass(frozen=True)
class DeskData:
    """The desk's data files (site path → text) and the words they hold, which the query dictionary needs."""

    files: dict[str, str]
    words: set[str]


def desk_data_files(handbook: Handbook, tuning: SearchTuning, *, directory_urls: bool) -> DeskData:
    """The desk's search documents and cards as files, and the words they hold."""
    index = desk_index(handbook, tuning, jieba.lcut)
    files: dict[str, str] = {}
    # The plain document list, or (for a large handbook) its sharded form: desk-head.json and desk-terms-N.json.
    for name, data in desk_data(index, shop_words(tuning), SHARD_SIZE).items():
        files |= data_file_texts(f"{DATA_DIR}/{name}", data, directory_urls=directory_urls)
    for number, shard in enumerate(desk_cards(handbook, directory_urls=directory_urls)):
        files |= data_file_texts(f"{DATA_DIR}/desk-cards-{number}.json", shard, directory_urls=directory_urls)
    desk_words = {word for _, text in index["buyer"] for word in text.split()}
    desk_words |= {word for fields in index["scenario"] for text in fields for word in text.split()}
    return DeskData(files, desk_words)


@dataclass(frozen=True)
class Pinyin:
    """Initials of the scenario titles and fuzzy syllables of the characters the site uses, found with pypinyin."""

    initials: dict[str, str]
    syllables: dict[str, str | None]

    def remember(self) -> None:
        """Let the desk and the pinyin table of this process use them instead of asking pypinyin."""
        remember_initials(self.initials)
        remember_syllables(self.syllables)


def start_pinyin(handbook: Handbook, tuning: SearchTuning, site: SiteOutputs, docs_dir: Path) -> Deferred[Pinyin]:
    """Find the build's pinyin in a forked child while MkDocs renders the pages (handbook.background); where
    that is not safe, find nothing now and let the desk and the pinyin table ask pypinyin themselves, as needed."""
    # Why: MkDocs renders on one core, and most of the pinyin's cost is loading pypinyin's dictionaries (0.16 s at any
    # size), in a process that needs them for nothing else. The desk's data stays in this process: its jieba cuts
    # find most runs already cut by Material's search (BlockMemo), where a child would cut them all again.
    if not can_fork():
        return Deferred(lambda: Pinyin({}, {}), fork=False)
    return Deferred(lambda: _pinyin(handbook, tuning, site, docs_dir), fork=True)


def _pinyin(handbook: Handbook, tuning: SearchTuning, site: SiteOutputs, docs_dir: Path) -> Pinyin:
    # Every character of the site's pages (generated and hand-written, also as simplified characters: the desk
    # indexes buyer messages so), of the shop's words and dialect, and the common characters: all the desk's words
    # and the site search's pinyin table ask for (see material_search.finish_search_index). A character missed here
    # is found by pypinyin where it is asked for, only more slowly.
    texts = [text for text in site.files.values() if isinstance(text, str)]
    texts += [page.read_text(encoding="utf-8") for page in sorted(docs_dir.rglob("*.md"))]
    texts += [*shop_words(tuning), *tuning.dialect.values()]
    chars: set[str] = set()
    for text in texts:
        chars.update(text)  # 30 ns a character (1x: 1.1 million characters, 0.03 s), in the child
    chars.update(simplified("".join(sorted(chars))))
    titles = [entry.model.title for entry in handbook.scenarios.values()]
    return Pinyin(initials_of(titles), fuzzy_syllables(chars | common_characters()))


def _shop_words(tuning: SearchTuning) -> tuple[object, ...]:
    # Everything of the tuning that changes how jieba cuts.
    return (tuple(tuning.words), tuple(sorted(tuning.synonyms.items())), tuple(tuning.not_words))
