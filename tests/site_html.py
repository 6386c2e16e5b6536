"""Read the built site back: pages, reply cards and the search index."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup


@dataclass(frozen=True)
class Card:
    """A reply card as the built HTML shows it."""

    shortcut: str
    role: str
    copy_text: str
    when: str
    note: str
    buttons: int


def page(site: Path, uri: str) -> BeautifulSoup:
    """Parse the HTML page that MkDocs wrote for a source file such as `presale/bargaining.md`."""
    target = uri.removesuffix(".md")
    path = site / ("index.html" if target == "index" else target.removesuffix("/index") + "/index.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def cards(soup: BeautifulSoup) -> list[Card]:
    """Every reply card on a page, with the exact text its copy button copies."""
    out = []
    for element in soup.select("article .reply-card"):
        when = element.select_one(".reply-card__when")
        note = element.select_one(".reply-card__note")
        out.append(
            Card(
                shortcut=element["data-shortcut"],
                role=element["data-role"],
                copy_text=element.select_one(".reply-card__text").get_text(),
                when=when.get_text() if when else "",
                note=note.get_text() if note else "",
                buttons=len(element.select("button[data-reply-copy]")),
            )
        )
    return out


def search_index(site: Path) -> dict:
    """The search index Material's search worker loads."""
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
