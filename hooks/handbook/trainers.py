"""Pages for trainers: coverage of every scenario and role, review freshness, and the change log from git."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .lint import lint_text
from .render import SECTION_KINDS, page_uri, render_page

if TYPE_CHECKING:
    from .lint import CompiledRule
    from .load import Handbook

MISSING = "缺少"


@dataclass(frozen=True)
class Freshness:
    """When an entry was last reviewed and whether that is too long ago."""

    reviewed: datetime.date | None
    stale: bool

    @property
    def label(self) -> str:
        if self.reviewed is None:
            return "⚠ 未填写审核日期"
        return f"⚠ 需复核（{self.reviewed}）" if self.stale else str(self.reviewed)


@dataclass(frozen=True)
class CoverageRow:
    """One scenario on the coverage dashboard."""

    id: str
    title: str
    href: str
    stage: str
    roles: dict[str, str]
    buyer_says: int
    lint_problems: int
    owner: str
    freshness: Freshness


@dataclass(frozen=True)
class SetAsideReply:
    """A reply written for another policy than this shop's (its `if_policy` does not match)."""

    title: str
    href: str
    shortcut: str
    role: str
    condition: str


@dataclass(frozen=True)
class PageChange:
    """The last change of one YAML file that makes a page."""

    title: str
    href: str
    date: str
    subject: str


@dataclass
class ChangeLog:
    """Recent commits under snippets/ and the last change of each page; empty without git history."""

    available: bool
    commits: list[tuple[str, str, list[str]]] = field(default_factory=list)
    pages: list[PageChange] = field(default_factory=list)


def freshness(reviewed: datetime.date | None, *, today: datetime.date, max_age_days: int) -> Freshness:
    """Whether a `reviewed` date is older than the configured number of days."""
    stale = reviewed is None or (today - reviewed).days > max_age_days
    return Freshness(reviewed, stale)


def coverage_rows(handbook: Handbook, rules: list[CompiledRule], *, today: datetime.date) -> list[CoverageRow]:
    """Every scenario × role count, buyer messages, lint problems, owner and review freshness."""
    rows = []
    for stage_id, stage in handbook.structure.stages.items():
        for entry in handbook.scenarios_in(stage_id):
            model = entry.model
            counts = {role: sum(t.role == role for t in model.templates) for role in handbook.structure.roles}
            roles = {
                role: str(count) if count else (MISSING if role in stage.required_roles else "")
                for role, count in counts.items()
            }
            problems = sum(len(list(lint_text(t.text, rules))) for t in model.templates)
            rows.append(
                CoverageRow(
                    id=entry.id,
                    title=model.title,
                    href="../" + page_uri("scenarios", entry.id),
                    stage=stage.label,
                    roles=roles,
                    buyer_says=len(model.buyer_says),
                    lint_problems=problems,
                    owner=model.owner or "（未指定）",
                    freshness=freshness(
                        model.reviewed, today=today, max_age_days=handbook.structure.review_max_age_days
                    ),
                )
            )
    return rows


def set_aside_replies(handbook: Handbook) -> list[SetAsideReply]:
    """Replies not in this shop's handbook because their `if_policy` names another option value."""
    rows = []
    for stage_id in handbook.structure.stages:
        for entry in handbook.scenarios_in(stage_id):
            shown = handbook.scenarios[entry.id].model.templates
            every = handbook.all_scenarios[entry.id].model.templates
            if every is shown:  # the policy kept every reply (conditions.applicable_scenarios keeps the same list)
                continue
            for template in every:
                if template in shown:
                    continue
                condition = "；".join(
                    f"{handbook.vocabulary.choices[path].description}：{handbook.vocabulary.choices[path].values[value]}"
                    for path, value in template.if_policy.items()
                )
                rows.append(SetAsideReply(
                    entry.model.title, "../" + page_uri("scenarios", entry.id), template.shortcut,
                    handbook.structure.roles[template.role].label, condition,
                ))
    return rows


def render_coverage(handbook: Handbook, rules: list[CompiledRule], *, today: datetime.date) -> str:
    """Markdown of the coverage dashboard."""
    rows = coverage_rows(handbook, rules, today=today)
    max_age = handbook.structure.review_max_age_days
    others = [
        (label, entry.model.title, "../" + page_uri(kind, entry.id),
         freshness(entry.model.reviewed, today=today, max_age_days=max_age))
        for kind in SECTION_KINDS
        for label in [getattr(handbook.structure.sections, kind).label]
        for entry in getattr(handbook, kind).values()
    ]
    return render_page(
        "coverage.md.j2",
        title="覆盖情况",
        rows=rows,
        roles=handbook.structure.roles,
        others=others,
        set_aside=set_aside_replies(handbook),
        stale=sum(row.freshness.stale for row in rows) + sum(fresh.stale for *_, fresh in others),
        max_age=max_age,
        today=today,
    )


def change_log(handbook: Handbook, *, limit: int = 30) -> ChangeLog:
    """Read the git history of snippets/; an empty, unavailable log where there is none (e.g. a tarball)."""
    snippets = handbook.root.resolve()
    try:
        output = subprocess.run(
            ["git", "log", "--date=short", "--format=%x1e%ad%x1f%s", "--name-only", "--", "."],
            cwd=snippets, capture_output=True, text=True, check=True, timeout=30,
        ).stdout
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=snippets, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ChangeLog(available=False)
    if not output.strip():
        return ChangeLog(available=False)
    pages = _pages_by_file(handbook, Path(top))
    log = ChangeLog(available=True)
    seen: set[str] = set()
    for record in output.split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        date, _, subject = header.partition("\x1f")
        titles = []
        for name in filter(None, names.splitlines()):
            page = pages.get(name)
            if page is None:
                continue
            titles.append(page[0])
            if name not in seen:
                seen.add(name)
                log.pages.append(PageChange(page[0], page[1], date, subject))
        if len(log.commits) < limit:
            log.commits.append((date, subject, titles))
    log.pages.sort(key=lambda change: change.date, reverse=True)
    return log


def render_change_log(handbook: Handbook) -> str:
    """Markdown of the change-log page."""
    return render_page("changelog.md.j2", title="更新记录", log=change_log(handbook))


def _pages_by_file(handbook: Handbook, top: Path) -> dict[str, tuple[str, str]]:
    """Path of each content file relative to the repository → (page title, link from trainers/)."""
    out = {}
    for kind in ("scenarios", "principles", "procedures", "guides"):
        for entry in getattr(handbook, kind).values():
            source = (handbook.root / kind / f"{entry.id}.yml").resolve()
            try:
                key = source.relative_to(top).as_posix()
            except ValueError:
                continue
            out[key] = (entry.model.title, "../" + page_uri(kind, entry.id))
    return out
