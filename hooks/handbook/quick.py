"""Data of the quick-reply panel: every template, grouped by stage and scenario, with filter keys."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pypinyin import Style, lazy_pinyin

from .placeholders import pieces
from .render import page_uri

if TYPE_CHECKING:
    from .load import Handbook


@lru_cache(maxsize=None)
def initials(text: str) -> str:
    """Pinyin initials of Chinese text, as agents type them: 退换运费 → thyf."""
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))).lower()


def quick_reply_data(handbook: Handbook) -> dict[str, Any]:
    """Compact JSON for quick.js: one item per template, text split into plain, policy and slot pieces."""
    items = []
    for stage_id, stage in handbook.structure.stages.items():
        for entry in handbook.scenarios_in(stage_id):
            scenario = entry.model
            for template in scenario.templates:
                items.append(
                    {
                        "stage": stage.label,
                        "scenario": scenario.title,
                        "url": page_uri("scenarios", entry.id).removesuffix(".md") + "/",
                        "initials": initials(scenario.title),
                        "tags": list(scenario.tags),
                        "shortcut": template.shortcut,
                        "role": handbook.structure.roles[template.role].label,
                        "when": template.when or "",
                        "pieces": [[piece.kind[0], piece.text, piece.name] for piece in pieces(template.text, handbook)],
                    }
                )
    return {"items": items}
