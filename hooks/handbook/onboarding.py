"""The new agent's onboarding path, the shortcut quick reference, and the training section of the site."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from .practice import PRACTICE_PAGE, PRACTICE_URI, items_by_scenario
from .quiz import QUIZ_ANSWERS_URI, QUIZ_PAGES, QUIZ_URI, quiz_anchor, render_quiz, render_quiz_answers
from .placeholders import fill_policy
from .render import Link, template_environment, front_matter_block, link_to, page_uri

if TYPE_CHECKING:
    from .load import Entry, Handbook
    from .model import Role, Stage

ONBOARDING_URI = "training/onboarding.md"
SHORTCUTS_URI = "training/shortcuts.md"
#: Title and description of each training page (front matter, and links to the page from elsewhere).
TRAINING_PAGES = {
    ONBOARDING_URI: ("入职路线", "新客服每天读什么：先原则与礼仪，再按售前、售中、售后、投诉处理逐日学习。"),
    SHORTCUTS_URI: ("快捷编码速查表", "每条话术的快捷编码、角色和适用条件，按阶段和情景排列。"),
    **QUIZ_PAGES,
    PRACTICE_URI: PRACTICE_PAGE,
}

#: Day 1 reads these guides, then every principle no later day claims: etiquette first, then the most used.
BASICS_GUIDES = ("why-service-matters", "duties", "glossary")
FIRST_PRINCIPLE = "etiquette"
#: One day per stage, in the order a conversation with a buyer moves through them.
SALES_STAGES = ("presale", "insale", "aftersale")
#: Background reading that belongs with one stage's day.
STAGE_GUIDES = {"presale": ("buyer-types",), "loyalty": ("loyalty-care",)}
#: Complaint handling gets its own day once the ordinary after-sale cases are known.
COMPLAINT_PRINCIPLES = ("complaint-principles", "seven-more")
COMPLAINT_SCENARIOS = (
    "aftersale/angry-customer",
    "aftersale/unreasonable-customer",
    "aftersale/complaint",
    "aftersale/negative-review",
    "aftersale/malicious-review",
)
#: Order of the reading groups within a day.
KINDS = ("guides", "principles", "procedures", "scenarios")


@dataclass
class Day:
    """One day of the onboarding path: what to read, in order, and which quiz sections to try after."""

    topic: str
    stages: list[Stage] = field(default_factory=list)
    readings: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    quizzes: list[str] = field(default_factory=list)
    shortcuts: bool = False

    def is_empty(self) -> bool:
        """True when the day has nothing to read."""
        return not any(self.readings.values())


def onboarding_plan(handbook: Handbook) -> list[Day]:
    """The days of the path; every principle, procedure, guide and scenario is read on exactly one day."""
    basics = Day("basics")
    stage_days = {stage_id: Day("stage", [handbook.structure.stages[stage_id]])
                  for stage_id in SALES_STAGES if stage_id in handbook.structure.stages}
    complaints = Day("complaints")
    wrap_up = Day("wrap-up", shortcuts=True)
    scenario_day = {}
    for stage_id, stage in handbook.structure.stages.items():
        if stage_id not in stage_days:
            wrap_up.stages.append(stage)
        for entry in handbook.scenarios_in(stage_id):
            scenario_day[entry.id] = (
                complaints if entry.id in COMPLAINT_SCENARIOS else stage_days.get(stage_id, wrap_up)
            )
    days = [basics, *stage_days.values(), complaints, wrap_up]
    for scenario_id, day in scenario_day.items():
        day.readings["scenarios"].append(scenario_id)

    guide_day = {guide_id: basics for guide_id in BASICS_GUIDES}
    for stage_id, guide_ids in STAGE_GUIDES.items():
        for guide_id in guide_ids:
            guide_day[guide_id] = stage_days.get(stage_id, wrap_up)
    for guide_id in _ordered(handbook.guides, (*BASICS_GUIDES, *chain.from_iterable(STAGE_GUIDES.values()))):
        guide_day.get(guide_id, wrap_up).readings["guides"].append(guide_id)

    for principle_id in _by_use(handbook, first=FIRST_PRINCIPLE):
        (complaints if principle_id in COMPLAINT_PRINCIPLES else basics).readings["principles"].append(principle_id)

    for procedure_id in handbook.procedures:
        _busiest_day(handbook, procedure_id, scenario_day, days, default=wrap_up).readings["procedures"].append(procedure_id)
    for day in days:
        day.readings["procedures"].sort(key=lambda procedure_id: _first_use(handbook, procedure_id, day))

    practised = items_by_scenario(handbook)
    for stage_id in handbook.structure.stages:
        # A stage's quiz comes at the end of the last day that reads one of its scenarios (quizzed ones only).
        last = [day for scenario_id, day in scenario_day.items() if scenario_id.split("/")[0] == stage_id and scenario_id in practised]
        if last:
            max(last, key=days.index).quizzes.append(stage_id)
    return [day for day in days if not day.is_empty()]


def reading_order(handbook: Handbook, kind: str) -> list[str]:
    """Ids of one kind of page in the order the onboarding path reads them."""
    return [entry_id for day in onboarding_plan(handbook) for entry_id in day.readings[kind]]


def training_pages(handbook: Handbook) -> dict[str, str]:
    """The training section: onboarding path, shortcut quick reference, quiz and its answers."""
    return {
        ONBOARDING_URI: render_onboarding(handbook),
        SHORTCUTS_URI: render_shortcuts(handbook),
        QUIZ_URI: render_quiz(handbook),
        QUIZ_ANSWERS_URI: render_quiz_answers(handbook),
    }


def training_navigation() -> dict[str, list[str]]:
    """The training section of the site's navigation."""
    return {"新人培训": [ONBOARDING_URI, PRACTICE_URI, SHORTCUTS_URI, QUIZ_URI, QUIZ_ANSWERS_URI]}


def render_onboarding(handbook: Handbook) -> str:
    """Markdown of the onboarding path: day by day, each reading linked."""
    days = [
        {
            "topic": day.topic,
            "stages": day.stages,
            "groups": [(kind, _links(handbook, kind, day.readings[kind])) for kind in KINDS if day.readings[kind]],
            "quizzes": [
                Link(handbook.structure.stages[stage_id].label, _href(ONBOARDING_URI, QUIZ_URI) + "#" + quiz_anchor(stage_id))
                for stage_id in day.quizzes
            ],
            "shortcuts": _href(ONBOARDING_URI, SHORTCUTS_URI) if day.shortcuts else None,
        }
        for day in onboarding_plan(handbook)
    ]
    return template_environment().get_template("onboarding.md.j2").render(
        front_matter=_training_front_matter(ONBOARDING_URI),
        handbook=handbook,
        days=days,
        quiz_href=_href(ONBOARDING_URI, QUIZ_URI),
        answers_href=_href(ONBOARDING_URI, QUIZ_ANSWERS_URI),
    )


#: How many characters of a reply the quick reference shows: enough to tell the replies of a scenario apart.
OPENING_CHARS = 18


@dataclass(frozen=True)
class ShortcutRow:
    """One reply in the quick reference: its code, scenario, role, condition and first words."""

    shortcut: str
    role: Role
    when: str | None
    scenario: Link
    opening: str


def natural_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders the numbers inside a code by value: yj2 before yj10."""
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in re.split(r"(\d+)", code) if part)


def opening_words(text: str, limit: int = OPENING_CHARS) -> str:
    """The first `limit` characters of a reply (placeholders as written), with an ellipsis when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


def render_shortcuts(handbook: Handbook) -> str:
    """Markdown of the shortcut quick reference: every reply's code, stage by stage, codes in natural order."""
    stages = []
    for stage_id, stage in handbook.structure.stages.items():
        rows = [
            ShortcutRow(
                template.shortcut,
                handbook.structure.roles[template.role],
                template.when,
                # Every row names its scenario: a printed page of codes must not need the page before it.
                _scenario_link(entry, template.shortcut),
                opening_words(fill_policy(template.text, handbook)),
            )
            for entry in handbook.scenarios_in(stage_id)
            for template in entry.model.templates
        ]
        if rows:
            stages.append((stage_id, stage, sorted(rows, key=lambda row: natural_key(row.shortcut))))
    return template_environment().get_template("shortcuts.md.j2").render(
        front_matter=_training_front_matter(SHORTCUTS_URI),
        handbook=handbook,
        stages=stages,
    )


def training_link(here: str, uri: str) -> Link:
    """A link from page `here` to one of the training pages, with its title and description."""
    title, description = TRAINING_PAGES[uri]
    return Link(title, _href(here, uri), description)


def _training_front_matter(uri: str) -> str:
    title, description = TRAINING_PAGES[uri]
    return front_matter_block(title=title, description=description)


def _scenario_link(entry: Entry[Any], shortcut: str) -> Link:
    link = link_to(SHORTCUTS_URI, entry, "scenarios")
    return Link(link.title, f"{link.href}#{shortcut}", link.summary)


def _links(handbook: Handbook, kind: str, entry_ids: list[str]) -> list[Link]:
    return [link_to(ONBOARDING_URI, getattr(handbook, kind)[entry_id], kind) for entry_id in entry_ids]


def _href(here: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(here))


def _ordered(entries: dict[str, Any], first: tuple[str, ...]) -> list[str]:
    """Entry ids with `first` (those that exist) in front, the rest in file order."""
    return [entry_id for entry_id in first if entry_id in entries] + [
        entry_id for entry_id in entries if entry_id not in first
    ]


def _by_use(handbook: Handbook, *, first: str) -> list[str]:
    """Principle ids: `first`, then the ones most scenarios rely on (file order on a tie)."""
    uses = Counter(principle_id for entry in handbook.scenarios.values() for principle_id in entry.model.principles)
    return sorted(handbook.principles, key=lambda principle_id: (principle_id != first, -uses[principle_id]))


def _busiest_day(handbook: Handbook, procedure_id: str, scenario_day: dict[str, Day], days: list[Day], *, default: Day) -> Day:
    """The day that reads most of the scenarios using a procedure (the earliest on a tie)."""
    uses = Counter(
        days.index(scenario_day[scenario_id])
        for scenario_id, entry in handbook.scenarios.items()
        if procedure_id in entry.model.procedures
    )
    if not uses:
        return default
    most = max(uses.values())
    return days[min(index for index, count in uses.items() if count == most)]


def _first_use(handbook: Handbook, procedure_id: str, day: Day) -> int:
    """Position of the day's first scenario that uses the procedure, so procedures follow the scenarios."""
    scenarios = day.readings["scenarios"]
    positions = [
        index for index, scenario_id in enumerate(scenarios)
        if procedure_id in handbook.scenarios[scenario_id].model.procedures
    ]
    return min(positions, default=len(scenarios))
