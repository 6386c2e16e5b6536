"""Live preview: under `mkdocs serve`, a YAML edit shows up; a broken edit is reported and the last good pages stay.

`make serve` rebuilds incrementally (`--dirty`): the served site after an edit is byte for byte a clean build's."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REAL, ROOT, port_for_subprocess


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


@contextlib.contextmanager
def _serving(tmp_path: Path, flags: list[str]) -> Iterator[tuple[str, Path, Path]]:
    """`mkdocs serve` with these flags of a copy of the real snippets; yields (base URL, snippets folder, log file)."""
    snippets = tmp_path / "snippets"
    shutil.copytree(REAL, snippets)
    log_file = tmp_path / "serve.log"
    port = port_for_subprocess()
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), NO_MKDOCS_2_WARNING="1")
    with log_file.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *flags, "--dev-addr", f"127.0.0.1:{port}",
             "--watch", str(snippets)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(lambda: "买家议价" in _get(base + "presale/bargaining/"), timeout=120)
        yield base, snippets, log_file
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(params=[[], ["--dirty"]], ids=["full", "dirty"])
def preview(tmp_path: Path, request: pytest.FixtureRequest):
    """`mkdocs serve`, and `make serve`'s `mkdocs serve --dirty`; yields (page URL, scenario file, log file)."""
    with _serving(tmp_path, request.param) as (base, snippets, log_file):
        yield base + "presale/bargaining/", snippets / "scenarios" / "presale" / "bargaining.yml", log_file


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


# ---------------------------------------------------------------------------------------------------------------------
# `make serve` runs `mkdocs serve --dirty`: a rebuild re-renders only the pages an edit changed
# (hooks/handbook_mkdocs/incremental.py). Whatever it skips, the served site must be the site a clean build of the
# edited YAML gives, byte for byte: the edited page, the desk data, the search index and every unaffected page.

#: The script `mkdocs serve` injects into every HTML page it serves (mkdocs/livereload).
_LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>", re.DOTALL)


@pytest.fixture
def dirty_preview(tmp_path: Path):
    """`mkdocs serve --dirty`, as `make serve` runs it; yields (base URL, snippets folder, log file)."""
    with _serving(tmp_path, ["--dirty"]) as served:
        yield served


def _clean_build(snippets: Path, site: Path, site_url: str) -> Path:
    """A clean `mkdocs build` of these snippets, with the served site's URL (pages print it in canonical links)."""
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), HANDBOOK_SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )
    return site


def _served_differences(base: str, site: Path) -> list[str]:
    """Every file of the clean build whose served bytes differ (the livereload script aside)."""
    differences = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        with urllib.request.urlopen(base + urllib.parse.quote(relative), timeout=30) as response:
            served = response.read()
        if relative.endswith(".html"):
            served = _LIVERELOAD.sub(b"", served)
        if served != path.read_bytes():
            differences.append(relative)
            # Kept beside the clean build for a diff when this fails.
            copy = site.parent / "served" / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(served)
    return differences


def _rebuilt_after(log_file: Path, builds: int, timeout: float = 90) -> None:
    """Wait until the server has finished `builds` builds in all (MkDocs logs each one's time)."""
    _wait_for(lambda: log_file.read_text(encoding="utf-8").count("Documentation built in") >= builds, timeout)


def test_a_dirty_rebuild_serves_what_a_clean_build_gives(dirty_preview, tmp_path: Path) -> None:
    base, snippets, log_file = dirty_preview
    scenario = snippets / "scenarios" / "presale" / "bargaining.yml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("理解您想买得更划算", "增量预览测试新话术"), encoding="utf-8"
    )
    _rebuilt_after(log_file, 2)
    page = _get(base + "presale/bargaining/")
    assert "增量预览测试新话术" in page
    # The edited text reaches the site search (whose text has jieba's word breaks, U+200B, between words); the strict
    # build accepted the dirty rebuild.
    assert "增量预览测试新话术" in _get(base + "search/search_index.json").replace("\u200b", "")
    # A second edit, in another stage: its rebuild starts from the first one's search entries and page state.
    other = snippets / "scenarios" / "aftersale" / "missing-item.yml"
    other.write_text(
        other.read_text(encoding="utf-8").replace("我先查一下这单的发货记录", "第二次增量预览测试"), encoding="utf-8"
    )
    _rebuilt_after(log_file, 3)
    assert "第二次增量预览测试" in _get(base + "aftersale/missing-item/")
    log = log_file.read_text(encoding="utf-8")
    assert "Aborted" not in log and "WARNING" not in log, log
    assert log.count("实时预览：只重建改动的") == 2, log
    clean = _clean_build(snippets, tmp_path / "clean", base)
    # The desk's data as served equals the clean build's (below), which holds the new text.
    desk_files = sorted((clean / "assets" / "data").glob("desk-*.json"))
    assert any("增量预览测试新话术" in path.read_text(encoding="utf-8") for path in desk_files)
    assert _served_differences(base, clean) == []


def test_a_title_edit_reaches_every_page_that_shows_it(dirty_preview, tmp_path: Path) -> None:
    base, snippets, log_file = dirty_preview
    scenario = snippets / "scenarios" / "presale" / "bargaining.yml"
    text = scenario.read_text(encoding="utf-8")
    assert "title: 买家议价" in text
    scenario.write_text(text.replace("title: 买家议价", "title: 买家讲价改名测试"), encoding="utf-8")
    _rebuilt_after(log_file, 2)
    # A new title is in every page's navigation: the rebuild renders the whole site.
    assert log_file.read_text(encoding="utf-8").count("实时预览：整站重建") == 2
    assert "买家讲价改名测试" in _get(base + "presale/")
    assert _served_differences(base, _clean_build(snippets, tmp_path / "clean", base)) == []
