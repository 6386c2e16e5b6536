"""Shared fixtures: copies of the small fixture handbook, real `mkdocs build` runs, a local web server."""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini" / "snippets"
REAL = ROOT / "snippets"

sys.path.insert(0, str(ROOT / "hooks"))

# Browser fixtures (one Chromium per session) for every test module.
pytest_plugins = ("browser",)


#: The slowest test files, slowest first (110, 50, 50, 35, 30, 30, 30 and 25 s in a serial run on two busy cores).
#: Under pytest-xdist (`make test`: `--dist loadfile --no-loadscope-reorder`) each worker takes the next file in this
#: order, so the long ones start at once and short ones fill the end of the run instead of a long one starting last.
SLOW_FILES = (
    "test_pdf.py",
    "test_desk.py",
    "test_search_browser.py",
    "test_browser_mini.py",
    "test_live_preview.py",
    "test_validation_errors.py",
    "test_accessibility.py",
    "test_hostile_input.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, run the slowest files first; a run in one process keeps pytest's own order."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        rank = {name: position for position, name in enumerate(SLOW_FILES)}
        items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FILES)))


@dataclass
class BuildResult:
    """Outcome of one `mkdocs build` run."""

    returncode: int
    output: str
    site: Path


def build_site(snippets: Path, site: Path, *, strict: bool = True) -> BuildResult:
    """Run the real `mkdocs build` of this project on `snippets`, into `site`."""
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return BuildResult(process.returncode, process.stdout + process.stderr, site)


@pytest.fixture
def mini_snippets(tmp_path: Path) -> Path:
    """A writable copy of the small fixture handbook (tests break it on purpose)."""
    target = tmp_path / "snippets"
    shutil.copytree(MINI, target)
    return target


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], BuildResult]) -> Path:
    """Build a site into folder/site once per test run; the pytest-xdist workers share it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        result = build(tmp_path_factory.mktemp(name))
        assert result.returncode == 0, result.output
        return result.site
    # Workers' temporary folders share a parent that is new for each run: the first worker to ask builds there, under
    # a lock, and the others wait for it rather than build the same site again on the same cores.
    shared = tmp_path_factory.getbasetemp().parent
    folder, done = shared / name, shared / f"{name}.built"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, even if the build fails
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a failed attempt by another worker: build afresh
            folder.mkdir()
            result = build(folder)
            assert result.returncode == 0, result.output
            done.touch()
    return folder / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once per test run with `mkdocs build --strict`."""
    return built_once(tmp_path_factory, "real", lambda folder: build_site(REAL, folder / "site"))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture handbook, built once per test run."""
    return built_once(tmp_path_factory, "mini", lambda folder: build_site(MINI, folder / "site"))


def _build_xss(folder: Path) -> BuildResult:
    snippets = folder / "snippets"
    shutil.copytree(MINI, snippets)
    shutil.copytree(FIXTURES / "xss" / "snippets", snippets, dirs_exist_ok=True)
    return build_site(snippets, folder / "site")


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture handbook plus a scenario whose every field carries markup and script."""
    return built_once(tmp_path_factory, "xss", _build_xss)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass


def port_for_subprocess() -> int:
    """A free port for a server another process binds later (`mkdocs serve`), outside the range the OS hands out.

    Test servers in this process bind port 0 and get an ephemeral port; a port picked here and released until
    `mkdocs serve` binds it seconds later could meanwhile go to another xdist worker's port-0 server if it were
    ephemeral too. Ports below the ephemeral range are never handed out that way."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(max(1024, low - 12000), low), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) for as long as the generator lives."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
