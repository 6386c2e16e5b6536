"""The new agent's onboarding path, the shortcut quick reference, and the training section of the site."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .pages import ONBOARDING_URI, PRACTICE_URI, QUIZ_ANSWERS_URI, QUIZ_URI, SHORTCUTS_URI, TRAINING_URIS, page_label
from .practice import items_by_scenario
from .quiz import quiz_anchor, quiz_questions, render_quiz, render_quiz_answers
from .placeholders import fill_policy
from .render import Link, template_environment, front_matter_block, link_to, page_uri

if TYPE_CHECKING:
    from .load import Entry, Handbook
    from .model import Role, Stage


#: Order of the reading groups within a day.
KINDS = ("guides", "principles", "procedures", "scenarios")


@dataclass
class Day:
    """One day of the onboarding path: what to read, in order, and which quiz sections to try after."""

    title: str | None = None
    intro: str | None = None
    stages: list[Stage] = field(default_factory=list)
    readings: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    quizzes: list[str] = field(default_factory=list)
    shortcuts: bool = False

    def is_empty(self) -> bool:
        """True when the day has nothing to read."""
        return not any(self.readings.values())


def onboarding_plan(handbook: Handbook) -> list[Day]:
    """The days of snippets/onboarding.yml; every principle, procedure, guide and scenario is read on exactly one day."""
    plan = handbook.onboarding.days
    days = [Day(day.title, day.intro, shortcuts=day.shortcuts) for day in plan]
    rest = {kind: days[index] for index, day in enumerate(plan) for kind in day.rest}
    stage_ids = {stage_id: days[index] for index, day in enumerate(plan) for stage_id in day.stages}
    named = {(kind, entry_id): days[index] for index, day in enumerate(plan) for kind in KINDS for entry_id in getattr(day, kind)}

    scenario_day = {}
    for stage_id in handbook.structure.stages:
        for entry in handbook.scenarios_in(stage_id):
            scenario_day[entry.id] = named.get(("scenarios", entry.id)) or stage_ids.get(stage_id) or rest["scenarios"]
    for scenario_id, day in scenario_day.items():
        day.readings["scenarios"].append(scenario_id)
    # A day is headed by the stages it lists, and the rest day also by the stages no day lists.
    for stage_id, stage in handbook.structure.stages.items():
        for day in days:
            reads = any(scenario_id.split("/")[0] == stage_id for scenario_id in day.readings["scenarios"])
            if stage_ids.get(stage_id) is day or (stage_id not in stage_ids and day is rest["scenarios"] and reads):
                day.stages.append(stage)

    for index, day in enumerate(plan):
        days[index].readings["guides"] += day.guides
        days[index].readings["principles"] += day.principles
        days[index].readings["procedures"] += day.procedures
    rest["guides"].readings["guides"] += [guide_id for guide_id in handbook.guides if ("guides", guide_id) not in named]
    rest["principles"].readings["principles"] += [
        principle_id for principle_id in _by_use(handbook) if ("principles", principle_id) not in named
    ]
    for procedure_id in handbook.procedures:
        if ("procedures", procedure_id) not in named:
            _busiest_day(handbook, procedure_id, scenario_day, days, default=rest["procedures"]).readings["procedures"].append(procedure_id)
    for day in days:
        day.readings["procedures"].sort(key=lambda procedure_id: _first_use(handbook, procedure_id, day))

    practised = items_by_scenario(handbook)
    for stage_id in handbook.structure.stages:
        # A stage's quiz comes at the end of the last day that reads one of its scenarios (quizzed ones only).
        last = [day for scenario_id, day in scenario_day.items() if scenario_id.split("/")[0] == stage_id and scenario_id in practised]
        if last:
            max(last, key=days.index).quizzes.append(stage_id)
    return [day for day in days if not day.is_empty()]


def day_heading(day: Day) -> str:
    """A day's heading: its stages (自动回复、老客户维护) and its title, joined as one list."""
    return "、".join([stage.label for stage in day.stages] + ([day.title] if day.title else []))


def reading_order(handbook: Handbook, kind: str) -> list[str]:
    """Ids of one kind of page in the order the onboarding path reads them."""
    return [entry_id for day in onboarding_plan(handbook) for entry_id in day.readings[kind]]


def training_pages(handbook: Handbook) -> dict[str, str]:
    """The training section: onboarding path, shortcut quick reference, quiz and its answers."""
    questions = quiz_questions(handbook)  # ranked once for both quiz pages
    return {
        ONBOARDING_URI: render_onboarding(handbook),
        SHORTCUTS_URI: render_shortcuts(handbook),
        QUIZ_URI: render_quiz(handbook, questions),
        QUIZ_ANSWERS_URI: render_quiz_answers(handbook, questions),
    }




def render_onboarding(handbook: Handbook) -> str:
    """Markdown of the onboarding path: day by day, each reading linked."""
    days = [
        {
            "heading": day_heading(day),
            "intro": day.intro,
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
        front_matter=_training_front_matter(handbook, ONBOARDING_URI),
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
        front_matter=_training_front_matter(handbook, SHORTCUTS_URI),
        handbook=handbook,
        stages=stages,
    )


def training_link(handbook: Handbook, here: str, uri: str) -> Link:
    """A link from page `here` to one of the training pages, with its title and description."""
    page = page_label(handbook.structure, uri)
    return Link(page.label, _href(here, uri), page.description)


def _training_front_matter(handbook: Handbook, uri: str) -> str:
    page = page_label(handbook.structure, uri)
    return front_matter_block(title=page.label, description=page.description)


def _scenario_link(entry: Entry[Any], shortcut: str) -> Link:
    link = link_to(SHORTCUTS_URI, entry, "scenarios")
    return Link(link.title, f"{link.href}#{shortcut}", link.summary)


def _links(handbook: Handbook, kind: str, entry_ids: list[str]) -> list[Link]:
    return [link_to(ONBOARDING_URI, getattr(handbook, kind)[entry_id], kind) for entry_id in entry_ids]


def _href(here: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(here))


def _by_use(handbook: Handbook) -> list[str]:
    """Principle ids, the ones most scenarios rely on first (file order on a tie)."""
    uses = Counter(principle_id for entry in handbook.scenarios.values() for principle_id in entry.model.principles)
    return sorted(handbook.principles, key=lambda principle_id: -uses[principle_id])


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
