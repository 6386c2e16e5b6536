"""Work that needs only the loaded handbook, done in a second process while MkDocs renders the pages.

`mkdocs build` renders pages on one core; the desk's search data (jieba cuts of every buyer message and reply)
needs nothing from MkDocs, so a forked child computes and writes it meanwhile, and hands its result over when the
build reaches the point that needs it. The CPU time is the same (the build benchmark counts the child's too); the wall
time drops when a second core is free. Under `mkdocs serve` the work runs in place: its rebuilds reuse what the
last one remembered (jieba's cuts), which a child would forget, and the live-reload server runs other threads,
whose locks a fork would copy held. So does it wherever other threads run or fork is unavailable.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Pending(Generic[T]):
    """A result being computed, in a forked child or already in place; `result()` waits for it (or raises its error)."""

    def __init__(self, work: Callable[[], T], *, fork: bool = True) -> None:
        self._process: Any = None
        self._reader: Connection | None = None
        # (True, result) or (False, the exception raised), once known.
        self._outcome: tuple[bool, Any] | None = None
        if not (fork and _can_fork()):
            # Errors wait for result(), as the child's do: the build raises them at the same point either way.
            self._outcome = _attempt(work)
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, writer), daemon=True)
        self._process.start()
        writer.close()

    def result(self) -> T:
        """The work's result; the work's exception if it failed."""
        if self._outcome is None:
            assert self._reader is not None
            try:
                self._outcome = self._reader.recv()
            except EOFError:
                raise RuntimeError("生成接待台数据的子进程意外退出。") from None
            finally:
                self._close()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child of a build that failed before it needed the result."""
        if self._process is not None:
            self._process.terminate()
        self._close()

    def _close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._process is not None:
            self._process.join()
            self._process = None


def _can_fork() -> bool:
    # A fork copies only the calling thread: locks held by other threads (logging, the live-reload server) would
    # stay locked in the child forever.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _attempt(work: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, work()
    except Exception as error:  # noqa: BLE001 - raised again by result(), at the point the build needs it
        return False, error


def _run(work: Callable[[], Any], writer: Connection) -> None:
    writer.send(_attempt(work))
    writer.close()
