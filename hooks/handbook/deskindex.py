"""The 接待台's search index, built here and cut into shards that the browser loads for the words it searches.

With a hundred times today's content the desk's documents are megabytes; the first result must not wait for
all of them. Like Pagefind, the index is written at build time and split by term: the browser fetches only
the shards that hold the words and character pairs of the pasted message. The scorer stays MiniSearch:
each shard becomes a MiniSearch index through its own deserializer (`MiniSearch.loadJS`), with the global
document count and average field lengths, so BM25 scores a term exactly as one index over all documents
would (a term lives in one shard with its whole posting list). The documents are tokenized as
docs/assets/javascripts/desk-search.js tokenizes them (`tokens` below mirrors its `tokenize`), and
tests/test_desk.py compares the result with MiniSearch indexing the documents in Chromium.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: MiniSearch's fields, in desk-search.js's order: buyer message, title, tags, conditions, reply text, pairs.
FIELDS = ("b", "t", "g", "w", "x", "c")
PAIR_FIELD = FIELDS.index("c")
#: About this many postings per shard: a pasted message touches 20-40 terms, so a first result fetches a few
#: dozen small shards at 100× content, and at 1× (about 22,000 postings) a handful.
POSTINGS_PER_SHARD = 3000
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def split(text: str) -> list[str]:
    """The words of an index text (space-separated at build time), as desk-search.js's split()."""
    return [word for word in text.split(" ") if word]


def pairs(text: str) -> list[str]:
    """Overlapping character pairs of each run of Chinese characters, as desk-search.js's pairs()."""
    out = []
    for run in _HAN_RUN.findall(text.replace(" ", "")):
        out.extend(run[at:at + 2] for at in range(len(run) - 1))
    return out


def tokens(text: str, field_name: str, words: set[str]) -> list[str]:
    """desk-search.js's tokenize(text, field): pairs for c, else the words and the index words inside them."""
    if field_name == "c":
        return pairs(text)
    found = split(text)
    return found + _sub_words(found, words)


def _sub_words(found: list[str], words: set[str]) -> list[str]:
    out = []
    for word in found:
        if len(word) <= 2:
            continue
        for start in range(len(word)):
            for end in range(start + 2, len(word) + 1):
                piece = word[start:end]
                if piece != word and piece in words:
                    out.append(piece)
    return out


def shard_of(term: str, shards: int) -> int:
    """Which shard holds a term: a 31-hash of its UTF-16 code units (desk-search.js computes the same)."""
    value = 0
    units = term.encode("utf-16-le")
    for at in range(0, len(units), 2):
        value = (value * 31 + int.from_bytes(units[at:at + 2], "little")) & 0xFFFFFFFF
    return value % shards


def documents(index: dict[str, Any]) -> list[dict[str, Any]]:
    """The documents desk-search.js used to index: one per buyer message, then one per scenario."""
    docs: list[dict[str, Any]] = [{"n": number, "b": text, "c": text} for number, text in index["buyer"]]
    for number, fields in enumerate(index["scenario"]):
        docs.append({"n": number, "t": fields[0], "g": fields[1], "w": fields[2], "x": fields[3] or "", "c": fields[0]})
    return docs


def index_words(index: dict[str, Any]) -> list[str]:
    """Every word of the documents, for the query pipeline to cut messages into (desk-search.js indexWords)."""
    seen: dict[str, None] = {}
    for _, text in index["buyer"]:
        seen.update(dict.fromkeys(split(text)))
    for fields in index["scenario"]:
        for text in fields:
            seen.update(dict.fromkeys(split(text)))
    return list(seen)


@dataclass
class Postings:
    """MiniSearch's inverted index as it stands after addAll(): term → field → document → frequency."""

    terms: dict[str, dict[int, dict[int, int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(dict)))
    lengths: list[list[int]] = field(default_factory=list)
    average: list[float] = field(default_factory=lambda: [0.0] * len(FIELDS))
    pair_counts: list[int] = field(default_factory=list)


def build_postings(docs: Iterable[dict[str, Any]], words: set[str]) -> Postings:
    """Index the documents as MiniSearch's add() does, including its running average of field lengths."""
    out = Postings()
    for number, doc in enumerate(docs):
        lengths = [0] * len(FIELDS)
        for field_id, name in enumerate(FIELDS):
            if doc.get(name) is None:
                continue
            found = tokens(doc[name], name, words)
            lengths[field_id] = len(set(found))
            # MiniSearch's addFieldLength(): count is the number of documents before this one.
            out.average[field_id] = (out.average[field_id] * number + lengths[field_id]) / (number + 1)
            for term in found:
                postings = out.terms[term][field_id]
                postings[number] = postings.get(number, 0) + 1
        out.lengths.append(lengths)
        out.pair_counts.append(len(pairs(doc["c"])) if "b" in doc else 0)
    return out


def shard_count(postings: Postings) -> int:
    """How many shards: enough that each holds about POSTINGS_PER_SHARD postings."""
    total = sum(len(docs) for fields in postings.terms.values() for docs in fields.values())
    return max(1, math.ceil(total / POSTINGS_PER_SHARD))


def term_shards(postings: Postings, shards: int) -> list[list[Any]]:
    """Each shard: [term, [field, [doc gap, frequency, field length(, pairs for c)] …] …] with doc ids as gaps.

    A document's field length travels with its posting (BM25 needs it only where the term occurs), and so
    does its number of character pairs for field c (the closeness of a message to one buyer message)."""
    out: list[list[Any]] = [[] for _ in range(shards)]
    for term in sorted(postings.terms):
        entry: list[Any] = []
        for field_id, docs in sorted(postings.terms[term].items()):
            flat: list[int] = []
            previous = 0
            for number in sorted(docs):
                flat += [number - previous, docs[number], postings.lengths[number][field_id]]
                if field_id == PAIR_FIELD:
                    flat.append(postings.pair_counts[number])
                previous = number
            entry += [field_id, flat]
        out[shard_of(term, shards)].append([term, entry])
    return out


def sharded_index(index: dict[str, Any], shop_words: Iterable[str], card_shard_size: int) -> tuple[dict[str, Any], dict[str, Any], list[list[Any]]]:
    """(the head the desk loads first, the codes file, the term shards) from desk.desk_index()'s data.

    The head holds what every query needs: scenario ids, how many buyer messages each scenario has
    (document → scenario), the words to cut messages into, BM25's global figures and the shard count.
    Shortcut codes and pinyin initials are a file of their own (in both forms), loaded for a code or after the first result."""
    words = index_words(index)
    docs = documents(index)
    postings = build_postings(docs, set(words) | set(shop_words))
    shards = shard_count(postings)
    buyer_counts = [0] * len(index["scenarios"])
    for number, _ in index["buyer"]:
        buyer_counts[number] += 1
    head = {
        **_common(index, card_shard_size),
        "buyerCounts": buyer_counts,
        "words": words,
        "documentCount": len(docs),
        "averageFieldLength": postings.average,
        "shards": shards,
    }
    return head, _codes(index), term_shards(postings, shards)


def _common(index: dict[str, Any], card_shard_size: int) -> dict[str, Any]:
    """What both forms of desk-index.json hold: scenario ids in rank-tie order, card shards, not-covered replies."""
    return {
        "ids": [scenario["id"] for scenario in index["scenarios"]],
        "cardShardSize": card_shard_size,
        "notCovered": index["notCovered"],
        "suggestLink": index["suggestLink"],
    }


def _codes(index: dict[str, Any]) -> dict[str, Any]:
    return {
        "shortcuts": [scenario["shortcuts"] for scenario in index["scenarios"]],
        "initials": [scenario["initials"] for scenario in index["scenarios"]],
    }


#: Above this size (the documents as JSON) the desk loads the sharded index; below it, the documents are fewer
#: bytes than the shards of one message and MiniSearch indexes them in the browser in a few milliseconds.
SHARD_ABOVE_BYTES = 400_000


def desk_data(index: dict[str, Any], shop_words: Iterable[str], card_shard_size: int) -> dict[str, Any]:
    """The desk's index files by name (in desk.DATA_DIR): desk-index.json (the documents, or for a large handbook
    the head of the sharded index), desk-codes.json (shortcut codes and pinyin initials, loaded after the first
    result or for a code), and always the sharded form: desk-head.json, desk-terms-N.json."""
    head, codes, shards = sharded_index(index, shop_words, card_shard_size)
    documents = {**_common(index, card_shard_size), "buyer": index["buyer"], "scenario": index["scenario"]}
    documents_size = len(json.dumps(documents, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    files: dict[str, Any] = {
        "desk-index.json": head if documents_size > SHARD_ABOVE_BYTES else documents,
        "desk-head.json": head,
        "desk-codes.json": codes,
    }
    files.update({f"desk-terms-{number}.json": shard for number, shard in enumerate(shards)})
    return files
