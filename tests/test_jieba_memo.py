"""The memo of jieba's cuts (handbook_mkdocs.search.BlockMemo) gives exactly jieba's own cut, and forgets on change.

Each test uses a tokenizer of its own, so the default one (which the site build teaches the shop's words) is untouched.
"""

from __future__ import annotations

import jieba
import pytest

from conftest import REAL

from handbook.cache import load_cached, tuning_cached
from handbook_mkdocs.search import BlockMemo, remember_blocks, unsupported_jieba


def _handbook_texts() -> list[str]:
    """Every text of the real handbook's scenarios that the desk or the site search cuts, with some mixed runs."""
    texts = []
    for entry in load_cached(REAL).scenarios.values():
        scenario = entry.model
        texts += [scenario.title, scenario.goal, *scenario.buyer_says, *scenario.tags]
        texts += [*scenario.guidance.do, *scenario.guidance.dont, *scenario.guidance.escalate]
        texts += [part for template in scenario.templates for part in (template.text, template.when or "")]
    return texts + ["退宽！！运废多少 快滴到哪了😡", "订单3120008877665544 39码 [图片] https://m.tb.cn/h.x", "運費誰出", ""]


@pytest.fixture(scope="module")
def taught() -> jieba.Tokenizer:
    """A tokenizer taught the shop's words from snippets/search.yml, as teach_jieba teaches the default one."""
    tokenizer = jieba.Tokenizer()
    tuning = tuning_cached(REAL)
    for word in [*tuning.words, *tuning.synonyms, *tuning.synonyms.values()]:
        tokenizer.add_word(word)
    for word in tuning.not_words:
        tokenizer.del_word(word)
    return tokenizer


def test_the_installed_jieba_takes_the_memo() -> None:
    # A jieba release that renames the private method would make every build cut every run again: fail here instead.
    assert unsupported_jieba() is None
    tokenizer = jieba.Tokenizer()
    remember_blocks(tokenizer)
    remember_blocks(tokenizer)  # once per tokenizer: the memo never wraps itself
    memo = vars(tokenizer)["_Tokenizer__cut_DAG"]
    assert isinstance(memo, BlockMemo) and not isinstance(memo.cut_block, BlockMemo)


def test_remembered_cuts_are_jiebas_cuts_of_every_handbook_text(taught: jieba.Tokenizer) -> None:
    texts = _handbook_texts()
    expected = [taught.lcut(text) for text in texts]
    remember_blocks(taught)
    memo = vars(taught)["_Tokenizer__cut_DAG"]
    first = [taught.lcut(text) for text in texts]
    assert memo.words, "the memo was not used"
    again = [taught.lcut(text) for text in texts]  # now every run comes from the memo
    assert first == expected
    assert again == expected
    # As Material's search calls it: jieba.cut of the UTF-8 bytes.
    assert [list(taught.cut(text.encode("utf-8"))) for text in texts] == expected
    del vars(taught)["_Tokenizer__cut_DAG"]


def test_the_memo_forgets_when_the_dictionary_changes() -> None:
    tokenizer = jieba.Tokenizer()
    remember_blocks(tokenizer)
    message = "这双鞋开胶了退宽运费谁出"
    before = tokenizer.lcut(message)
    assert "退宽" not in before
    tokenizer.add_word("退宽")
    assert "退宽" in tokenizer.lcut(message)
    tokenizer.del_word("运费")
    after = tokenizer.lcut(message)
    assert "运费" not in after and "退宽" in after
    del vars(tokenizer)["_Tokenizer__cut_DAG"]
    assert tokenizer.lcut(message) == after
