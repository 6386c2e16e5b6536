"""Fill policy placeholders and split a text into plain runs, policy values and slots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .names import PLACEHOLDER

if TYPE_CHECKING:
    from .load import Handbook

#: A list reads “圆通、申通和中通”: 、 between items, 和 before the last.
LIST_SEPARATOR = "、"
LIST_LAST_SEPARATOR = "和"
MONEY_UNIT = "元"


@dataclass(frozen=True)
class Piece:
    """A run of a template's text: plain words, a filled policy value, or a slot the agent fills."""

    kind: Literal["text", "policy", "slot"]
    text: str
    name: str = ""


def format_value(value: Any, *, money: bool = False) -> str:
    """Policy value as it reads in a sentence: 新疆和西藏, 圆通、申通和中通, 15.0 as 15, money as “15 元”."""
    if isinstance(value, list):
        items = [format_value(item, money=money) for item in value]
        if len(items) < 2:
            return "".join(items)
        return LIST_SEPARATOR.join(items[:-1]) + LIST_LAST_SEPARATOR + items[-1]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return f"{text} {MONEY_UNIT}" if money else text


def pieces(text: str, handbook: Handbook) -> list[Piece]:
    """Split `text` at its placeholders; policy ones carry their filled value."""
    out: list[Piece] = []
    cursor = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > cursor:
            out.append(Piece("text", text[cursor : match.start()]))
        name = match.group(1)
        if name in handbook.vocabulary.policy:
            placeholder = handbook.vocabulary.policy[name]
            value = format_value(handbook.policy_value(placeholder.path), money=placeholder.type == "money")
            out.append(Piece("policy", value, name))
        else:
            out.append(Piece("slot", "{" + name + "}", name))
        cursor = match.end()
    if cursor < len(text):
        out.append(Piece("text", text[cursor:]))
    return out


def fill_policy(text: str, handbook: Handbook) -> str:
    """The text with policy values filled and slots left as {名称} for the agent."""
    if "{" not in text:  # most texts have no placeholder (every page passes each of its texts through here)
        return str(text)  # a plain str, as the join below gives, even for a Markup
    return "".join(piece.text for piece in pieces(text, handbook))
