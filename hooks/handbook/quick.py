"""Pinyin initials of scenario titles, the keys agents type into the desk (thyf → 退换运费谁出)."""

from __future__ import annotations

from collections.abc import Iterable


def initials(text: str) -> str:
    """Pinyin initials of Chinese text, as agents type them: 退换运费 → thyf."""
    return initials_of([text])[text]


def initials_of(texts: Iterable[str]) -> dict[str, str]:
    """The initials of each text, remembered for the process."""
    asked = set(texts)
    new = asked - _INITIALS.keys()
    if new:
        # Imported here: loading pypinyin's dictionaries takes 0.16 s, and a one-off build finds the initials in a
        # background process (handbook_mkdocs.search.start_pinyin) while the pages are rendered.
        from pypinyin import Style, lazy_pinyin

        for text in new:
            letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))
            _INITIALS[text] = "".join(letters).lower()
    return {text: _INITIALS[text] for text in asked}


def remember_initials(known: dict[str, str]) -> None:
    """Take initials found elsewhere (another process: handbook_mkdocs.search.start_pinyin) as if found here."""
    _INITIALS.update(known)


_INITIALS: dict[str, str] = {}
