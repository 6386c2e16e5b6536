"""handbook.background: work forked into a child process and collected later, or done in place."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from handbook.background import Deferred, can_fork


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not picklable")


def _pid_and_list() -> tuple[int, list[str]]:
    return os.getpid(), ["亲，在的"]


def _fail() -> None:
    raise OSError(28, "No space left on device")


def _fail_unpicklably() -> None:
    raise _Unpicklable("坏了")


def test_a_forked_work_runs_in_a_child_and_gives_back_its_result() -> None:
    work = Deferred(_pid_and_list, fork=True)
    assert work.forked
    pid, value = work.result()
    assert pid != os.getpid() and value == ["亲，在的"]


def test_without_fork_the_work_runs_here_when_its_result_is_asked_for() -> None:
    work = Deferred(_pid_and_list, fork=False)
    assert not work.forked
    assert work.result() == (os.getpid(), ["亲，在的"])


def test_an_error_in_the_child_is_raised_here_as_the_same_exception() -> None:
    with pytest.raises(OSError) as raised:
        Deferred(_fail, fork=True).result()
    assert (raised.value.errno, raised.value.strerror) == (28, "No space left on device")


def test_an_error_that_cannot_be_pickled_comes_back_with_its_type_and_message() -> None:
    with pytest.raises(RuntimeError, match="^_Unpicklable: 坏了$"):
        Deferred(_fail_unpicklably, fork=True).result()


def test_a_child_that_dies_without_answering_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()
    # In the child the work waits to be killed; here it answers at once.
    work = Deferred(lambda: "done here" if os.getpid() == parent else time.sleep(60), fork=True)
    os.kill(work._process.pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    assert work.result() == "done here"


def test_cancel_stops_the_child() -> None:
    work = Deferred(lambda: time.sleep(60), fork=True)
    child = work._process
    work.cancel()
    assert not child.is_alive() and not work.forked


def test_nothing_is_forked_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert not Deferred(_pid_and_list, fork=True).forked
    finally:
        stop.set()
        thread.join()
    assert can_fork()
