"""handbook.background: work forked into a child process and collected later, or done in place.

Each case runs in a fresh interpreter: a pytest worker may run other threads (a browser fixture's server), and then
nothing is forked at all, as designed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import ROOT

_SETUP = """
import json, os, signal, sys, threading, time
sys.path.insert(0, {hooks!r})
from handbook.background import Deferred, can_fork

class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("not picklable")

def pid_and_list():
    return os.getpid(), ["亲，在的"]

def fail():
    raise OSError(28, "No space left on device")

def fail_unpicklably():
    raise Unpicklable("坏了")

def outcome(work):
    try:
        return {{"value": work.result()}}
    except Exception as error:
        return {{"error": type(error).__name__, "message": str(error)}}
"""


def _run(case: str) -> dict:
    code = _SETUP.format(hooks=str(ROOT / "hooks")) + textwrap.dedent(case)
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout.strip().splitlines()[-1])


def test_a_forked_work_runs_in_a_child_and_gives_back_its_result() -> None:
    found = _run("""
        work = Deferred(pid_and_list, fork=True)
        forked = work.forked
        pid, value = work.result()
        print(json.dumps({"forked": forked, "elsewhere": pid != os.getpid(), "value": value}))
    """)
    assert found == {"forked": True, "elsewhere": True, "value": ["亲，在的"]}


def test_without_fork_the_work_runs_here_when_its_result_is_asked_for() -> None:
    found = _run("""
        work = Deferred(pid_and_list, fork=False)
        forked = work.forked
        pid, value = work.result()
        print(json.dumps({"forked": forked, "here": pid == os.getpid(), "value": value}))
    """)
    assert found == {"forked": False, "here": True, "value": ["亲，在的"]}


def test_an_error_in_the_child_is_raised_here_as_the_same_exception() -> None:
    found = _run("""
        work = Deferred(fail, fork=True)
        print(json.dumps({"forked": work.forked, **outcome(work)}))
    """)
    assert found == {"forked": True, "error": "OSError", "message": "[Errno 28] No space left on device"}


def test_an_error_that_cannot_be_pickled_comes_back_with_its_type_and_message() -> None:
    found = _run("""
        work = Deferred(fail_unpicklably, fork=True)
        print(json.dumps({"forked": work.forked, **outcome(work)}))
    """)
    assert found == {"forked": True, "error": "RuntimeError", "message": "Unpicklable: 坏了"}


def test_a_child_that_dies_without_answering_leaves_the_work_to_this_process() -> None:
    found = _run("""
        parent = os.getpid()
        # In the child the work waits to be killed; here it answers at once.
        work = Deferred(lambda: "done here" if os.getpid() == parent else time.sleep(60), fork=True)
        forked = work.forked
        os.kill(work._process.pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
        print(json.dumps({"forked": forked, **outcome(work)}))
    """)
    assert found == {"forked": True, "value": "done here"}


def test_cancel_stops_the_child() -> None:
    found = _run("""
        work = Deferred(lambda: time.sleep(60), fork=True)
        child = work._process
        work.cancel()
        print(json.dumps({"alive": child.is_alive(), "exit": child.exitcode, "forked": work.forked}))
    """)
    assert found == {"alive": False, "exit": -15, "forked": False}


def test_nothing_is_forked_while_another_thread_runs() -> None:
    found = _run("""
        alone = can_fork()
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        during = [can_fork(), Deferred(pid_and_list, fork=True).forked]
        stop.set()
        thread.join()
        print(json.dumps({"alone": alone, "during": during, "after": can_fork()}))
    """)
    assert found == {"alone": True, "during": [False, False], "after": True}


def test_nothing_is_forked_outside_linux() -> None:
    found = _run("""
        sys.platform = "darwin"  # macOS forks, but its system frameworks are not safe in a forked child
        print(json.dumps({"can": can_fork(), "forked": Deferred(pid_and_list, fork=True).forked}))
    """)
    assert found == {"can": False, "forked": False}
