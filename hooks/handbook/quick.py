"""Pinyin initials of scenario titles, the keys agents type into the desk (thyf → 退换运费谁出)."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=None)
def initials(text: str) -> str:
    """Pinyin initials of Chinese text, as agents type them: 退换运费 → thyf."""
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))).lower()
