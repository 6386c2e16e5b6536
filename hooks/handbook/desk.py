"""Data of the 接待台 (reply desk): a search document list and the reply cards, written at build time.

The browser indexes the text with MiniSearch (docs/assets/javascripts/vendor/minisearch/) and
loads the cards of a scenario only when it is shown, in shards, so the first result needs little data
even with a hundred times today's content. Chinese text is cut into words here (jieba, with the shop's
words from snippets/search.yml); the browser cuts the pasted message against the same words
(docs/assets/javascripts/query-pipeline.js).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .model import SearchTuning
from .pages import DESK_URI, QUICK_URI, page_label
from .placeholders import pieces
from .quick import initials
from .render import front_matter_block, page_uri, render_text
from .search import dialect_rewriter, simplified

if TYPE_CHECKING:
    from .load import Entry, Handbook
    from .model import Scenario

#: Scenarios per card shard: one, so the first result fetches the cards of the four best scenarios and no others.
SHARD_SIZE = 1
#: Where the desk's data files live in the site (each as .json and, for file://, as .js).
DATA_DIR = "assets/data"

Tokenizer = Callable[[str], Iterable[str]]


def scenario_url(scenario_id: str, directory_urls: bool) -> str:
    """The scenario page relative to the site root: presale/bargaining/ (or .html offline)."""
    uri = page_uri("scenarios", scenario_id).removesuffix(".md")
    return uri + "/" if directory_urls else uri + ".html"


def _ordered(handbook: Handbook) -> list[Entry[Scenario]]:
    return [entry for stage_id in handbook.structure.stages for entry in handbook.scenarios_in(stage_id)]


def _tokens(text: str, tokenize: Tokenizer, *, words_only: bool = False, rewrite: Callable[[str], str] = str) -> str:
    """Words of a text in simplified characters, lower-case and space-separated: the browser splits them on
    spaces, and turns every message into simplified characters too (a buyer message written 退貨 finds 退货).
    With `words_only` (reply conditions and texts, weak evidence next to buyer messages) each word comes once and
    marks such as ， and “ are left out: a scenario is not closer to a message because its replies repeat 您, and
    the desk index, the largest download before the first result, is 5 KB gzip smaller at unchanged recall."""
    kept = [word.lower() for word in tokenize(simplified(rewrite(text))) if word.strip()]
    if words_only:
        kept = list(dict.fromkeys(word for word in kept if any(char.isalnum() for char in word)))
    return " ".join(kept)


def search_documents(handbook: Handbook, tokenize: Tokenizer, dialect: dict[str, str] | None = None) -> dict[str, list[Any]]:
    """Text to index, cut into words with spaces: every buyer message with its scenario's number, and per
    scenario its title, tags and reply conditions. The browser derives character pairs and sub-words.
    Buyer messages in dialect (呢對有冇) are indexed as the pasted message will be searched (这双有没有)."""
    buyer: list[list[Any]] = []
    scenario_text: list[list[str]] = []
    rewrite = dialect_rewriter(dialect or {})
    for number, entry in enumerate(_ordered(handbook)):
        scenario = entry.model
        buyer.extend([number, _tokens(line, tokenize, rewrite=rewrite)] for line in scenario.buyer_says)
        whens = " ".join(template.when or "" for template in scenario.templates)
        texts = " ".join(
            "".join(piece.text for piece in pieces(template.text, handbook) if piece.kind != "slot")
            for template in scenario.templates
        )
        scenario_text.append(
            [_tokens(scenario.title, tokenize), _tokens(" ".join(scenario.tags), tokenize),
             _tokens(_filled(whens, handbook), tokenize, words_only=True), _tokens(texts, tokenize, words_only=True)]
        )
    return {"buyer": buyer, "scenario": scenario_text}


def desk_index(handbook: Handbook, tuning: SearchTuning, tokenize: Tokenizer) -> dict[str, Any]:
    """The desk's search data: scenarios (id, shortcuts, initials) and search documents; deskindex.desk_data
    writes it as files. Titles and stages come with the cards (desk_cards)."""
    entries = _ordered(handbook)
    shortcuts = {t.shortcut: entry.id for entry in entries for t in entry.model.templates}
    # The check (search.desk_reply_problems) has made sure every not_covered code is one of these.
    return {
        "scenarios": [
            {
                "id": entry.id,
                "initials": initials(entry.model.title),
                "shortcuts": [template.shortcut for template in entry.model.templates],
            }
            for entry in entries
        ],
        **search_documents(handbook, tokenize, dict(tuning.dialect)),
        "notCovered": [{"scenario": shortcuts[code], "shortcut": code} for code in tuning.desk.not_covered],
        "suggestLink": tuning.desk.suggest_link.model_dump() if tuning.desk.suggest_link else None,
    }


def desk_cards(handbook: Handbook, *, directory_urls: bool) -> list[dict[str, Any]]:
    """The card shards: scenario id → title, stage, page URL, guidance and its replies as text pieces."""
    shards: list[dict[str, Any]] = []
    roles = handbook.structure.roles
    stages = handbook.structure.stages
    for number, entry in enumerate(_ordered(handbook)):
        if number % SHARD_SIZE == 0:
            shards.append({})
        scenario = entry.model
        shards[-1][entry.id] = {
            "title": scenario.title,
            "stage": stages[entry.id.split("/")[0]].label,
            "url": scenario_url(entry.id, directory_urls),
            "guidance": {
                "do": [_filled(line, handbook) for line in scenario.guidance.do],
                "dont": [_filled(line, handbook) for line in scenario.guidance.dont],
                "escalate": [_filled(line, handbook) for line in scenario.guidance.escalate],
            },
            "templates": [
                {
                    "shortcut": template.shortcut,
                    "role": roles[template.role].label,
                    "when": _filled(template.when or "", handbook),
                    "note": _filled(template.note or "", handbook),
                    "pieces": [[piece.kind[0], piece.text, piece.name] for piece in pieces(template.text, handbook)],
                }
                for template in scenario.templates
            ],
        }
    return shards


def slot_settings(handbook: Handbook) -> dict[str, Any]:
    """Which slots belong to the agent (kept across buyers) and which policy values the agent may override."""
    vocabulary = handbook.vocabulary
    return {
        "agentSlots": [name for name, slot in vocabulary.slots.items() if slot.scope == "agent"],
        "buyerSlots": [name for name, slot in vocabulary.slots.items() if slot.scope == "buyer"],
        "agentPolicy": list(vocabulary.agent_policy),
    }


def _filled(text: str, handbook: Handbook) -> str:
    return "".join(piece.text for piece in pieces(text, handbook)) if text else ""


def desk_pages(handbook: Handbook) -> dict[str, str]:
    """The desk page and its copy at quick/; their data is written after the build (it needs the cut words)."""
    pages = {}
    for src_uri in (DESK_URI, QUICK_URI):
        page = page_label(handbook.structure, src_uri)
        # template: docs/overrides/desk.html, the page without Material's JavaScript bundle.
        meta = front_matter_block(
            title=page.label, description=page.description, template="desk.html",
            hide=["navigation", "toc"], search={"exclude": True}, desk=True,
        )
        pages[src_uri] = render_text("desk.md.j2", front_matter=meta, page=page)
    return pages
