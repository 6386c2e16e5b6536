"""Practice mode: buyer messages from snippets/practice.yml, checked against the scenarios, as data for the site."""

from __future__ import annotations

import posixpath

import difflib
import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .datafiles import data_files
from .pages import PRACTICE_URI, page_label
from .placeholders import fill_policy
from .problems import Problem
from .render import front_matter_block, page_uri, template_environment

if TYPE_CHECKING:
    from .load import Entry, Handbook
    from .model import Practice

PRACTICE_FILE = "practice.yml"
PRACTICE_DATA_URI = "assets/practice.json"
_SPACE = re.compile(r"\s+")


def check_practice(handbook: Handbook, practice: Entry[Practice], scenario_files: Iterable[str] = ()) -> list[Problem]:
    """Every item names an existing scenario and is not a copy of a `buyer_says` of the handbook.

    `scenario_files` are the ids of every scenario file, including those that failed validation (they exist).
    """
    problems = []
    existing = sorted({*handbook.scenarios, *scenario_files})
    copied = {_compact(said): entry.id for entry in handbook.scenarios.values() for said in entry.model.buyer_says}
    for index, item in enumerate(practice.model.items):
        if item.scenario not in existing:
            guess = difflib.get_close_matches(item.scenario, existing, n=1)
            hint = f"是不是想写 '{guess[0]}'？" if guess else "请检查拼写。"
            problems.append(_problem(
                practice, ("items", index, "scenario"),
                f"情景 '{item.scenario}' 不存在：snippets/scenarios/ 下没有 {item.scenario}.yml。{hint}",
            ))
        elif _compact(item.message) in copied:
            problems.append(_problem(
                practice, ("items", index, "message"),
                f"这条消息照抄了情景 '{copied[_compact(item.message)]}' 的 buyer_says。"
                "练习要考的是认出新的说法：请换一种买家会用的说法。",
            ))
    return problems


def items_by_scenario(handbook: Handbook) -> dict[str, list[str]]:
    """Practice messages of each scenario, in file order; scenarios without items are left out."""
    grouped: dict[str, list[str]] = {}
    for item in handbook.practice:
        grouped.setdefault(item.scenario, []).append(item.message)
    return grouped


def practice_data(handbook: Handbook) -> dict[str, Any]:
    """JSON for practice.js: the scenarios (replies, principles) and the items that point at them."""
    scenarios = []
    for stage_id, stage in handbook.structure.stages.items():
        for entry in handbook.scenarios_in(stage_id):
            scenarios.append({
                "id": entry.id,
                "stage": stage.label,
                "title": entry.model.title,
                "url": page_uri("scenarios", entry.id).removesuffix(".md") + "/",
                "goal": fill_policy(entry.model.goal, handbook),
                "replies": [
                    {
                        "shortcut": template.shortcut,
                        "role": handbook.structure.roles[template.role].label,
                        "when": template.when or "",
                        "text": fill_policy(template.text, handbook),
                    }
                    for template in entry.model.templates
                ],
                "principles": [
                    {
                        "title": handbook.principles[principle_id].model.title,
                        "summary": fill_policy(handbook.principles[principle_id].model.summary, handbook),
                        "url": page_uri("principles", principle_id).removesuffix(".md") + "/",
                    }
                    for principle_id in entry.model.principles
                    if principle_id in handbook.principles
                ],
            })
    # A fixed shuffle, so that consecutive items do not come from the same scenario as they do in the file.
    shuffled = sorted(handbook.practice, key=lambda item: _rank(item.message))
    items = [{"scenario": item.scenario, "message": item.message} for item in shuffled]
    return {"scenarios": scenarios, "items": items}


def _problem(practice: Entry[Practice], loc: tuple[str | int, ...], message: str) -> Problem:
    position = practice.source.position(loc)
    field = f"items[{loc[1]}].{loc[2]}"
    return Problem(practice.path, position.line, position.column, field, message)


def _compact(text: str) -> str:
    return _SPACE.sub("", text)


def render_practice(handbook: Handbook, data_url: str) -> str:
    """Markdown of the practice page; practice.js fills it from the JSON at `data_url`."""
    page = page_label(handbook.structure, PRACTICE_URI)
    return template_environment().get_template("practice.md.j2").render(
        # Left out of search: practice messages must find their scenarios, not this page.
        front_matter=front_matter_block(title=page.label, description=page.description, search={"exclude": True}),
        page=page,
        data_url=data_url,
        data_path=PRACTICE_DATA_URI,
    )


def _rank(key: str) -> int:
    # A hash rather than random: the order must not change between builds, Python versions or machines.
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def practice_files(handbook: Handbook, *, use_directory_urls: bool) -> dict[str, str]:
    """The practice page and its data (JSON, and the same data as a script for file://)."""
    data, script = data_files(PRACTICE_DATA_URI, practice_data(handbook))
    # training/practice.md is served as training/practice/ (directory URLs) or training/practice.html (offline).
    page_dir = PRACTICE_URI.removesuffix(".md") if use_directory_urls else posixpath.dirname(PRACTICE_URI)
    return {
        PRACTICE_DATA_URI: data,
        PRACTICE_DATA_URI.replace(".json", ".js"): script,
        PRACTICE_URI: render_practice(handbook, posixpath.relpath(PRACTICE_DATA_URI, page_dir)),
    }
