"""A problem found in the handbook's YAML, reported as `path:line:column: field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a trainer must fix, with the place it was found."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"


class HandbookError(Exception):
    """Raised when the handbook's YAML has problems; carries all of them at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
