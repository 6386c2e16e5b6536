"""Search tuning: shop words for jieba and the query dictionary the browser uses to segment pasted messages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .load import SnippetReader
from .model import SearchTuning
from .problems import HandbookError, Problem
from .yamlpos import dotted

SEARCH_FILE = "search.yml"
#: Han-script characters, one of which is appended to each query word so that Material's query segmenter
#: (which never matches the last character of a run) keeps the whole word. The first one that does not occur
#: in the index is used (content may well contain 〇, as in 二〇二六年).
SENTINELS = ("\u3007", "\u303b", "\u3400", "\u3401", "\u3402", "\u3403")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TAG = re.compile(r"<[^>]+>")
_SPLIT = re.compile(r"[\s\u200b\u3000\-、。，．？！；,.?!;:：()（）\[\]【】“”\"'/<>]+")


def desk_reply_problems(snippets: Path, shortcuts: set[str]) -> list[Problem]:
    """The desk's "not covered" replies (search.yml `desk.not_covered`) must name shortcuts that exist."""
    reader = SnippetReader(Path(snippets))
    entry = reader.single(SEARCH_FILE, SearchTuning)
    if entry is None:
        return []  # load_tuning reports the file's own problems
    problems = []
    for index, code in enumerate(entry.model.desk.not_covered):
        if code not in shortcuts:
            loc = ("desk", "not_covered", index)
            position = entry.source.position(loc)
            problems.append(Problem(
                entry.path, position.line, position.column, dotted(loc),
                f"快捷编码 '{code}' 不存在。这里写接待台在“手册里没有找到”时显示的话术的快捷编码，如 sdcx3。",
            ))
    return problems


def load_tuning(snippets: Path) -> SearchTuning:
    """Read snippets/search.yml; raise HandbookError with its problems."""
    reader = SnippetReader(Path(snippets))
    entry = reader.single(SEARCH_FILE, SearchTuning)
    if entry is None:
        raise HandbookError(reader.problems)
    return entry.model


def index_tokens(search_index: dict[str, Any]) -> set[str]:
    """Every word Material's search index holds (jieba cut the Chinese at build time)."""
    # Material puts a zero-width space around and inside every run of Chinese, one of the separators: splitting on it
    # first (str.split, in C) leaves mostly single words, which repeat, so the separator pattern runs once per distinct
    # piece instead of over the whole index (100x: 67 MB, 1.6 -> 1.0 s). The words are the same.
    pieces: set[str] = set()
    for doc in search_index["docs"]:
        for field in ("title", "text"):
            pieces.update(_TAG.sub(" ", doc.get(field, "")).split("\u200b"))
    words: set[str] = set()
    for piece in pieces:
        words.update(_SPLIT.split(piece))
    words.discard("")
    # Lower-cased once per distinct word: the index repeats most of its words many times.
    return {word.lower() for word in words}


def query_words(search_index: dict[str, Any], tuning: SearchTuning, extra_words: set[str] = frozenset()) -> list[str]:
    """Every word the site search can match: index words, the desk's words, the shop's words and synonyms."""
    tokens = index_tokens(search_index) | set(extra_words) | shop_words(tuning)
    return sorted(token for token in tokens if _HAN.search(token))


def shop_words(tuning: SearchTuning) -> set[str]:
    """The shop's words and both sides of each synonym: words even before any page uses them."""
    return {word.lower() for word in {*tuning.words, *tuning.synonyms, *tuning.synonyms.values()}}


def query_dictionary(words: list[str], tuning: SearchTuning) -> dict[str, Any]:
    """The tables of query-pipeline.js: traditional→simplified characters, synonyms, stopwords, shop words.
    The words to cut a message into come separately (search/query-words.json for the site search, the desk's
    own index for the desk), and so does the pinyin table (search/query-pinyin.json, loaded after the first result)."""
    chars = {char for token in words for char in token}
    return {
        "sentinel": next(char for char in SENTINELS if char not in chars),
        "traditional": _traditional_map(chars),
        "synonyms": dict(tuning.synonyms),
        "dialect": dict(tuning.dialect),
        "stopwords": sorted(set(tuning.stopwords)),
        "shopWords": sorted(shop_words(tuning)),
    }


@cache
def common_characters() -> frozenset[str]:
    """The 3,755 most common Chinese characters (GB 2312 level 1), where buyers' typos come from."""
    chars = set()
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


#: Buyers type with pinyin input methods, often without telling zh/z, ch/c, sh/s or -ng/-n apart.
_FUZZY_PINYIN = [(re.compile(r"^([zcs])h"), r"\1"), (re.compile(r"ng$"), "n")]


def pinyin_table(index_chars: set[str]) -> str:
    """Fuzzy toneless pinyin of common and indexed characters, grouped by sound ("fu付父…;kuan宽款…"),
    so that 付宽 can find 付款."""
    groups: dict[str, list[str]] = {}
    for char, fuzzy in sorted(fuzzy_syllables(common_characters() | index_chars).items()):
        if fuzzy is not None:
            groups.setdefault(fuzzy, []).append(char)
    return ";".join(sound + "".join(chars) for sound, chars in sorted(groups.items()))


def fuzzy_syllables(chars: Iterable[str]) -> dict[str, str | None]:
    """The fuzzy syllable of each character (None without one): pypinyin's, remembered for the process."""
    asked = set(chars)
    # Kept between builds: `mkdocs serve` rebuilds the table after every edit, for the same few thousand characters.
    new = sorted(asked - _SYLLABLES.keys())
    if new:
        from pypinyin import Style, lazy_pinyin

        # One call for all (a list is taken as words already cut, one character each): half the time of one call per
        # character. A character without pinyin gets NUL (no syllable contains it), so the answers stay in line.
        syllables = lazy_pinyin(new, style=Style.NORMAL, errors=lambda chunk: ["\0"] * len(chunk))
        for char, syllable in zip(new, syllables, strict=True):
            _SYLLABLES[char] = _fuzzy(syllable)
    return {char: _SYLLABLES[char] for char in asked}


def remember_syllables(known: dict[str, str | None]) -> None:
    """Take fuzzy syllables found elsewhere (another process: handbook_mkdocs.search.start_pinyin) as if found here."""
    _SYLLABLES.update(known)


_SYLLABLES: dict[str, str | None] = {}


def _fuzzy(syllable: str) -> str | None:
    if not syllable.isascii() or not syllable.isalpha():
        return None
    for pattern, replacement in _FUZZY_PINYIN:
        syllable = pattern.sub(replacement, syllable)
    return syllable


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def dialect_rewriter(dialect: dict[str, str]) -> Callable[[str], str]:
    """A function that writes dialect and netspeak as plain Mandarin (呢對鞋有冇 → 这双鞋有没有), longest spelling
    first, before traditional → simplified, exactly as query-pipeline.js rewrites a pasted message (search.yml
    `dialect`). Built once per table: the desk runs it on every buyer message."""
    if not dialect:
        return str
    pattern = re.compile("|".join(re.escape(key) for key in sorted(dialect, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda match: dialect[match.group(0)], text)


def without_dialect(text: str, dialect: dict[str, str]) -> str:
    """The text with its dialect and netspeak written as plain Mandarin (see dialect_rewriter)."""
    return dialect_rewriter(dialect)(text)


def simplified(text: str) -> str:
    """Text in simplified characters, as the query pipeline turns every message (退貨 → 退货)."""
    return _t2s().convert(text)


def _traditional_map(simplified_chars: set[str]) -> dict[str, str]:
    """Traditional characters whose simplified form occurs in the index, so 退貨運費 finds 退货运费."""
    return {char: simplified for char, simplified in _t2s_pairs() if simplified in simplified_chars}


@cache
def _t2s_pairs() -> tuple[tuple[str, str], ...]:
    """Every CJK character that OpenCC t2s changes, with its simplified form (computed once per process)."""
    import opencc

    # One conversion of the whole block is far faster than 20,000 single-character calls; the
    # character-level t2s table keeps the length, and the zip below checks that it did.
    block = "".join(chr(code_point) for code_point in range(0x4E00, 0xA000))
    converted = opencc.OpenCC("t2s").convert(block)
    if len(converted) != len(block):
        raise ValueError("OpenCC t2s changed the length of the character block")
    return tuple((char, simplified) for char, simplified in zip(block, converted) if simplified != char)
