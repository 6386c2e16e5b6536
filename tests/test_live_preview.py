"""Live preview: under `mkdocs serve`, a YAML edit shows up; a broken edit is reported and the last good pages stay."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REAL, ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def preview(tmp_path: Path):
    """`mkdocs serve` of a copy of the real snippets; yields (page URL, scenario file, log file)."""
    snippets = tmp_path / "snippets"
    shutil.copytree(REAL, snippets)
    log_file = tmp_path / "serve.log"
    port = _free_port()
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), NO_MKDOCS_2_WARNING="1")
    with log_file.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--watch", str(snippets)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/presale/bargaining/"
    try:
        _wait_for(lambda: "买家议价" in _get(url), timeout=120)
        yield url, snippets / "scenarios" / "presale" / "bargaining.yml", log_file
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_yaml_edit_appears_in_the_served_page(preview) -> None:
    url, scenario, _ = preview
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("理解您想买得更划算", "预览更新测试"), encoding="utf-8")
    _wait_for(lambda: "预览更新测试" in _get(url))


def test_a_broken_edit_is_reported_and_the_last_good_pages_stay(preview) -> None:
    url, scenario, log_file = preview
    good = scenario.read_text(encoding="utf-8")
    scenario.write_text(good.replace("goal:", "gaol:"), encoding="utf-8")
    _wait_for(lambda: "未知字段 'gaol'" in log_file.read_text(encoding="utf-8"))
    assert "snippets/scenarios/presale/bargaining.yml:" in log_file.read_text(encoding="utf-8")
    time.sleep(1)
    assert "买家议价" in _get(url)
    scenario.write_text(good.replace("理解您想买得更划算", "修好之后的新内容"), encoding="utf-8")
    _wait_for(lambda: "修好之后的新内容" in _get(url))
