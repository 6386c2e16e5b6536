"""Shared fixtures: copies of the small fixture handbook, real `mkdocs build` runs, a local web server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built once per test session with `mkdocs build --strict`."""
    result = build_site(REAL, tmp_path_factory.mktemp("real") / "site")
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture handbook, built once per test session."""
    result = build_site(MINI, tmp_path_factory.mktemp("mini") / "site")
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture handbook plus a scenario whose every field carries markup and script."""
    root = tmp_path_factory.mktemp("xss")
    snippets = root / "snippets"
    shutil.copytree(MINI, snippets)
    shutil.copytree(FIXTURES / "xss" / "snippets", snippets, dirs_exist_ok=True)
    result = build_site(snippets, root / "site")
    assert result.returncode == 0, result.output
    return result.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass


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
