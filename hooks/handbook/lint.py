"""Compliance lint for buyer-facing text; its word lists live in snippets/lint.yml."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from .load import SnippetReader
from .model import LintRules
from .problems import HandbookError, Problem
from .yamlpos import Loc, dotted

if TYPE_CHECKING:
    from .load import Handbook

LINT_FILE = "lint.yml"


#: Seconds one rule may spend on one text. `regex` stops a match that runs longer, so a pattern with
#: catastrophic backtracking becomes a reported problem instead of a hang.
MATCH_TIMEOUT = 0.5
#: The longest pattern a trainer may write; longer ones are almost always a mistake.
MAX_PATTERN_LENGTH = 300
#: Texts on which a pattern must finish quickly when lint.yml is loaded: long runs of one character and of
#: alternating ones are what makes a backtracking pattern explode.
_STRESS_TEXTS = tuple(
    run * 3000 + end for run in ("a", "亲", " ", "1", "ab", "亲 ", "。") for end in ("", "!", "\n", "x")
)


class LintTimeout(Exception):
    """A rule took longer than MATCH_TIMEOUT on a text."""

    def __init__(self, rule: CompiledRule):
        super().__init__(rule.id)
        self.rule = rule


@dataclass(frozen=True)
class CompiledRule:
    """A lint rule with its words and patterns compiled into one expression (matched with a time limit)."""

    id: str
    message: str
    expression: regex.Pattern[str]
    #: Where the rule is written, for messages about the rule itself.
    where: str = ""


def load_rules(snippets: Path) -> list[CompiledRule]:
    """Read and compile snippets/lint.yml; raise HandbookError on any problem in it."""
    reader = SnippetReader(Path(snippets))
    entry = reader.single(LINT_FILE, LintRules)
    if entry is None:
        raise HandbookError(reader.problems)
    rules: list[CompiledRule] = []
    for rule_id, rule in entry.model.rules.items():
        parts = [regex.escape(word) for word in rule.words]
        for index, pattern in enumerate(rule.patterns):
            problem = _pattern_problem(pattern)
            if problem:
                loc: Loc = ("rules", rule_id, "patterns", index)
                position = entry.source.position(loc)
                reader.problems.append(Problem(entry.path, position.line, position.column, dotted(loc), problem))
                continue
            parts.append(f"(?:{pattern})")
        position = entry.source.position(("rules", rule_id), prefer_key=True)
        expression = regex.compile("|".join(parts) or r"(?!x)x", regex.MULTILINE | regex.VERSION0)
        rules.append(CompiledRule(rule_id, rule.message, expression, f"{entry.path}:{position.line}"))
    if reader.problems:
        raise HandbookError(reader.problems)
    return rules


def _pattern_problem(pattern: str) -> str | None:
    """Why a trainer's pattern cannot be used (syntax, length, or too slow on long texts), or None."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"正则表达式太长（{len(pattern)} 个字符，上限 {MAX_PATTERN_LENGTH}）。请拆成几条，或改用 words 词表。"
    try:
        compiled = regex.compile(pattern, regex.MULTILINE | regex.VERSION0)
    except regex.error as error:
        return f"正则表达式写错了：{error}。"
    # The pattern's own characters repeated are the texts most likely to make it backtrack.
    own = sorted({char for char in pattern if char.isalnum()})[:24]
    try:
        for text in (*_STRESS_TEXTS, *(char * 3000 + "\x00" for char in own)):
            compiled.search(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        return ("这个正则表达式在长文字上会卡住（灾难性回溯，如 (a+)+ 这种嵌套重复）。"
                "请去掉嵌套的 + 或 *，或改用 words 词表。")
    return None


# What each text broke, for the rule list it was matched against: the check and the trainers' coverage page lint
# the same template texts in one build, and a `mkdocs serve` rebuild re-matches only the texts that changed.
_broken: dict[str, list[tuple[CompiledRule, str]]] = {}
_broken_rules: list[CompiledRule] | None = None


def lint_text(text: str, rules: list[CompiledRule]) -> Iterator[tuple[CompiledRule, str]]:
    """Each rule the text breaks, with the first offending words; LintTimeout if a rule runs too long."""
    global _broken_rules
    if rules is not _broken_rules:
        _broken.clear()
        _broken_rules = rules
    found = _broken.get(text)
    if found is None:
        found = []
        for rule in rules:
            try:
                match = rule.expression.search(text, timeout=MATCH_TIMEOUT)
            except TimeoutError:
                yield from found  # the rules before the slow one, as they were found; nothing is remembered
                raise LintTimeout(rule) from None
            if match:
                found.append((rule, match.group(0)))
        _broken[text] = found
    yield from found


def lint_handbook(handbook: Handbook, rules: list[CompiledRule]) -> list[Problem]:
    """Every rule broken by any buyer-facing text, as path:line:column problems."""
    problems: list[Problem] = []
    for entry, loc, text in buyer_facing_texts(handbook):
        position = entry.source.position(loc)
        try:
            for rule, found in lint_text(text, rules):
                problems.append(
                    Problem(entry.path, position.line, position.column, dotted(loc), f"[{rule.id}] “{found}”：{rule.message}")
                )
        except LintTimeout as timeout:
            problems.append(Problem(
                entry.path, position.line, position.column, dotted(loc),
                f"合规检查规则 {timeout.rule.id}（{timeout.rule.where}）处理这段文字超时，请改写 lint.yml 中这条规则的正则表达式。",
            ))
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
