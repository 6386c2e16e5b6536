"""Compliance lint for buyer-facing text; its word lists live in snippets/lint.yml."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .load import SnippetReader
from .model import LintRules
from .problems import HandbookError, Problem
from .yamlpos import Loc, dotted

if TYPE_CHECKING:
    from .load import Handbook

LINT_FILE = "lint.yml"


@dataclass(frozen=True)
class CompiledRule:
    """A lint rule with its words and patterns compiled into one expression."""

    id: str
    message: str
    expression: re.Pattern[str]


def load_rules(snippets: Path) -> list[CompiledRule]:
    """Read and compile snippets/lint.yml; raise HandbookError on any problem in it."""
    reader = SnippetReader(Path(snippets))
    entry = reader.single(LINT_FILE, LintRules)
    if entry is None:
        raise HandbookError(reader.problems)
    rules: list[CompiledRule] = []
    for rule_id, rule in entry.model.rules.items():
        parts = [re.escape(word) for word in rule.words]
        for index, pattern in enumerate(rule.patterns):
            try:
                re.compile(pattern)
            except re.error as error:
                loc: Loc = ("rules", rule_id, "patterns", index)
                position = entry.source.position(loc)
                reader.problems.append(
                    Problem(entry.path, position.line, position.column, dotted(loc), f"正则表达式写错了：{error}。")
                )
                continue
            parts.append(f"(?:{pattern})")
        rules.append(CompiledRule(rule_id, rule.message, re.compile("|".join(parts) or r"(?!x)x", re.MULTILINE)))
    if reader.problems:
        raise HandbookError(reader.problems)
    return rules


def lint_text(text: str, rules: list[CompiledRule]) -> Iterator[tuple[CompiledRule, str]]:
    """Each rule the text breaks, with the first offending words."""
    for rule in rules:
        match = rule.expression.search(text)
        if match:
            yield rule, match.group(0)


def lint_handbook(handbook: Handbook, rules: list[CompiledRule]) -> list[Problem]:
    """Every rule broken by any buyer-facing text, as path:line:column problems."""
    problems: list[Problem] = []
    for entry, loc, text in buyer_facing_texts(handbook):
        position = entry.source.position(loc)
        for rule, found in lint_text(text, rules):
            problems.append(
                Problem(entry.path, position.line, position.column, dotted(loc), f"[{rule.id}] “{found}”：{rule.message}")
            )
    return sorted(problems)


def buyer_facing_texts(handbook: Handbook) -> Iterator[tuple[object, Loc, str]]:
    """Every text a buyer may read: template texts, procedure `say` lines, principle `prefer` examples."""
    # Templates for every policy case, not only this shop's: the shop may switch its policy tomorrow.
    for entry in handbook.all_scenarios.values():
        for index, template in enumerate(entry.model.templates):
            yield entry, ("templates", index, "text"), template.text
    for entry in handbook.procedures.values():
        for index, step in enumerate(entry.model.steps):
            if step.say:
                yield entry, ("steps", index, "say"), step.say
    for entry in handbook.principles.values():
        for index, example in enumerate(entry.model.examples):
            yield entry, ("examples", index, "prefer"), example.prefer
