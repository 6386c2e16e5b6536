"""deskindex: the sharded form of the desk's index holds every posting once, in the shard its term hashes to.

That the shards score exactly like MiniSearch indexing the documents is checked in Chromium
(tests/test_desk_loading.py); here the shape and the switch between the two forms."""

from __future__ import annotations

from handbook import deskindex
from handbook.deskindex import FIELDS, desk_data, shard_of, sharded_index

#: A small desk index in desk.desk_index()'s shape: two scenarios, three buyer messages.
INDEX = {
    "scenarios": [
        {"id": "presale/bargaining", "initials": "mjyj", "shortcuts": ["yj1", "yj2"]},
        {"id": "presale/postage", "initials": "by", "shortcuts": ["by1"]},
    ],
    "buyer": [[0, "能 便宜 点 吗"], [0, "便宜 点 呗"], [1, "包邮 吗"]],
    "scenario": [["买家 议价", "议价", "", "亲 价格 已经 很 优惠 了"], ["包邮", "运费", "满 两件", ""]],
    "notCovered": [],
    "suggestLink": None,
}


def test_every_posting_is_in_the_shard_of_its_term() -> None:
    head, codes, shards = sharded_index(INDEX, ["运费险"], 1)
    assert head["documentCount"] == 5 and head["buyerCounts"] == [2, 1] and head["ids"] == ["presale/bargaining", "presale/postage"]
    assert codes == {"shortcuts": [["yj1", "yj2"], ["by1"]], "initials": ["mjyj", "by"]}
    terms = [entry[0] for shard in shards for entry in shard]
    assert len(terms) == len(set(terms))
    assert all(shard_of(entry[0], head["shards"]) == number for number, shard in enumerate(shards) for entry in shard)
    postings = {entry[0]: entry[1] for shard in shards for entry in shard}
    # 便宜 in field b of documents 0 and 1 (gaps 0, 1), once each, in messages of 4 and 3 distinct words.
    b = FIELDS.index("b")
    assert postings["便宜"][postings["便宜"].index(b) + 1] == [0, 1, 4, 1, 1, 3]
    # The pair 包邮 in field c: buyer message 2 (包邮吗: two pairs) and the title of scenario 1 (document 4, one pair).
    c = FIELDS.index("c")
    assert postings["包邮"][postings["包邮"].index(c) + 1] == [2, 1, 2, 2, 2, 1, 1, 0]


def test_shard_hash_is_the_utf16_31_hash() -> None:
    assert shard_of("a", 1000) == 97 and shard_of("ab", 1 << 20) == 97 * 31 + 98
    assert shard_of("包邮", 1 << 30) == (ord("包") * 31 + ord("邮")) % (1 << 30)


def test_large_documents_switch_the_desk_to_the_sharded_form(monkeypatch) -> None:
    files = desk_data(INDEX, [], 1)
    assert "buyer" in files["desk-index.json"] and files["desk-head.json"]["shards"] >= 1
    assert "desk-codes.json" in files and "desk-terms-0.json" in files
    monkeypatch.setattr(deskindex, "SHARD_ABOVE_BYTES", 100)
    files = desk_data(INDEX, [], 1)
    assert files["desk-index.json"] == files["desk-head.json"] and "buyer" not in files["desk-index.json"]
