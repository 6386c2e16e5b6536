"""A problem found in the handbook's YAML, reported as `path:line:column: field: message`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


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


_current_file: ContextVar[str | None] = ContextVar("current_file", default=None)


@contextmanager
def processing(path: str) -> Iterator[None]:
    """Name the file being processed, so an unexpected error can say where it happened."""
    token = _current_file.set(path)
    try:
        yield
    except Exception as error:
        # The innermost file wins; the context is gone by the time a handler sees the error.
        if not hasattr(error, "handbook_file"):
            error.handbook_file = path  # type: ignore[attr-defined]
        raise
    finally:
        _current_file.reset(token)


def internal_error_message(error: BaseException) -> str:
    """What a trainer sees for an error that is a bug in the handbook's code, not in their YAML."""
    where = getattr(error, "handbook_file", None) or _current_file.get()
    place = f"处理 {where} 时" if where else "生成手册时"
    return (
        f"{place}出现了程序内部错误：{type(error).__name__}: {str(error)[:200]}。"
        "这是手册程序的缺陷，不是 YAML 写错了；请把这条信息发给负责手册程序的同事。"
    )


def guarded(abort: type[Exception]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Wrap a generator's event handler: any unexpected error stops the build with `abort` and a clear message."""

    def decorate(handler: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(handler)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return handler(*args, **kwargs)
            except (abort, KeyboardInterrupt):
                raise
            except HandbookError as error:
                raise abort(str(error)) from None
            except Exception as error:  # noqa: BLE001 - turned into a message that names the file
                raise abort(internal_error_message(error)) from error

        return run

    return decorate
