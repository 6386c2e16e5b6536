"""handbook.search.index_tokens: the words of Material's search index, as the query dictionary needs them."""

from __future__ import annotations

from handbook.search import index_tokens


def test_words_are_split_on_every_separator_lower_cased_and_tags_left_out() -> None:
    index = {
        "docs": [
            {"location": "a/", "title": "\u200b退货\u200b\u200b运费\u200b", "text": "<code>ABC</code> 亲，\u200b运费\u200b险\u200b T\u200b恤\u200b（39码）"},
            {"location": "b/", "title": "Q&amp;A", "text": "\u200b在\u200b吗\u200b？？https://m.tb.cn/h.x"},
            {"location": "c/"},
        ]
    }
    assert index_tokens(index) == {
        "退货", "运费", "abc", "亲", "险", "t", "恤", "39码", "q&amp", "a", "在", "吗", "https", "m", "tb", "cn", "h", "x",
    }
