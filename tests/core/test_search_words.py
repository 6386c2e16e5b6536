"""handbook.search.index_tokens: the words of Material's search index, as the query dictionary needs them."""

from __future__ import annotations

import re

from handbook.search import _fuzzy, fuzzy_syllables, index_tokens, pinyin_table


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


def test_pinyin_table_groups_characters_by_fuzzy_sound_and_leaves_out_what_has_no_pinyin() -> None:
    groups = [re.fullmatch(r"([a-z]+)(\D+)", group) for group in pinyin_table({"宽", "款", "付", "父", "是", "四", "😀", "a"}).split(";")]
    table = {group[1]: group[2] for group in groups}
    # zh/z, ch/c, sh/s and -ng/-n sound alike to a buyer typing pinyin: 是 (shi) and 四 (si) share "si".
    assert {"宽", "款"} <= set(table["kuan"]) and {"付", "父"} <= set(table["fu"])
    assert {"是", "四"} <= set(table["si"]) and "shi" not in table
    assert not any(char in group for group in table.values() for char in "😀a")


def test_fuzzy_syllables_answer_as_pypinyin_does_character_by_character() -> None:
    from pypinyin import Style, lazy_pinyin

    chars = tuple(chr(code) for code in [*range(0x4E00, 0x4F00), 0x3007, 0x3005, 0x61, 0x31, 0xFF21, 0x1F600, 0x20000])
    one_by_one = []
    for char in chars:
        syllable = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
        one_by_one.append(_fuzzy(syllable[0]) if syllable else None)
    found = fuzzy_syllables(chars)
    assert [found[char] for char in chars] == one_by_one
    assert one_by_one.count(None) >= 5  # the letters, digit, emoji and the characters without a reading
