"""Work started now and collected later: in a forked child process on another core where that is safe, else in place.

A generator renders its pages on one core. Work whose result is needed only later (handbook_mkdocs.search.start_pinyin:
the build's pinyin, collected after MkDocs rendered the pages) can run meanwhile in a child forked from this process,
which has everything the work reads already in memory: nothing is pickled on the way in, only the result on the way out.

Where a fork is not safe — any other thread in the process (`mkdocs serve` runs its live-reload server in threads), a
platform other than Linux — nothing is forked and the work runs in this process when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")


class Deferred(Generic[T]):
    """A computation started now and collected later: in a forked child where that is safe, else when collected."""

    def __init__(self, work: Callable[[], T], *, fork: bool) -> None:
        self._work = work
        self._process: BaseProcess | None = None
        self._answer: Connection | None = None
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            answer, sender = context.Pipe(duplex=False)
            # A daemon: a build that fails before collecting the result does not wait for it, nor leave it behind.
            self._process = context.Process(target=_answer_with, args=(work, sender), daemon=True)
            self._process.start()
            sender.close()  # this process only reads: the pipe ends when the child closes its end
            self._answer = answer

    @property
    def forked(self) -> bool:
        """Whether the work runs in a child process."""
        return self._process is not None

    def result(self) -> T:
        """The work's result; an error raised by the work is raised here, as the same exception where possible."""
        if self._process is None or self._answer is None:
            return self._work()
        try:
            outcome, value = self._answer.recv()
        except EOFError:
            # The child ended without an answer (killed, out of memory): do the work here instead.
            self._process.join()
            self._process = None
            return self._work()
        finally:
            self._answer.close()
        self._process.join()
        self._process = None
        if outcome == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child, if any (the build failed before it needed the result)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None
        if self._answer is not None:
            self._answer.close()
            self._answer = None


def can_fork() -> bool:
    """Whether a child can be forked safely: on Linux, with no other thread that could hold a lock at that moment."""
    # Only Linux: macOS can fork, but its system frameworks are not safe in a forked child (Python's own default there
    # has been "spawn" since 3.8). A child that dies anyway costs only time: Deferred.result then does the work itself.
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _answer_with(work: Callable[[], object], sender: Connection) -> None:
    # In the child: send ("ok", result) or ("error", exception). An exception that cannot be pickled is sent as a
    # RuntimeError with the same type name and message, which the parent's error report shows.
    try:
        outcome: tuple[str, object] = ("ok", work())
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent, which reports it
        outcome = ("error", error)
    try:
        sender.send(outcome)
    except Exception as error:  # noqa: BLE001 - the result or exception could not be pickled
        failed = outcome[1] if outcome[0] == "error" else error
        sender.send(("error", RuntimeError(f"{type(failed).__name__}: {failed}")))
    finally:
        sender.close()
