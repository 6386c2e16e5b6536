"""The offline bundle (`make offline`): unzipped and opened from the file system in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from browser import search
from conftest import ROOT

from handbook.datafiles import write_data


@pytest.fixture(scope="module")
def bundle_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the README's offline command into a temporary folder and unzip what it produced."""
    out = tmp_path_factory.mktemp("offline")
    subprocess.run(["make", "--no-print-directory", "offline", f"OFFLINE_DIR={out}"], cwd=ROOT, check=True, capture_output=True)
    target = out / "unzipped"
    with zipfile.ZipFile(out / "handbook-offline.zip") as archive:
        archive.extractall(target)
    return target / "客服话术手册"


def test_bundle_links_point_at_files(bundle_root: Path) -> None:
    assert (bundle_root / "presale" / "bargaining.html").is_file()
    assert (bundle_root / "search" / "search_index.js").is_file()
    home = (bundle_root / "index.html").read_text(encoding="utf-8")
    assert 'href="presale/index.html"' in home


def test_search_and_copy_work_from_the_file_system(context, bundle_root: Path) -> None:
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto((bundle_root / "index.html").as_uri(), wait_until="load")
    results = search(page, "退貨運費誰出")
    assert any(result.endswith("/aftersale/return-shipping-fee.html") for result in results[:3])
    page.goto((bundle_root / "presale" / "bargaining.html").as_uri(), wait_until="load")
    page.click("#yj3 [data-reply-copy]")
    page.wait_for_selector("#yj3 .reply-card__status:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#yj3 .reply-card__text").text_content()
    schemes = {urlparse(url).scheme for url in requested}
    assert schemes <= {"file", "data", "blob", "about"}, sorted(url for url in requested if not url.startswith("file:"))


def test_desk_works_from_the_file_system(context, bundle_root: Path) -> None:
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto((bundle_root / "desk.html").as_uri() + "?q=" + quote("能便宜点吗"))
    page.wait_for_function("document.querySelector('.desk')?.dataset.query === '能便宜点吗'")
    first = page.eval_on_selector(".desk-card", "card => [card.dataset.scenario, card.dataset.shortcut]")
    assert first[0] == "presale/bargaining"
    page.fill(".desk__input", "yj2")
    page.wait_for_function("document.querySelector('.desk').dataset.query === 'yj2'")
    assert page.eval_on_selector(".desk-card[aria-current=true]", "row => row.dataset.shortcut") == "yj2"
    assert page.get_attribute("a.desk-link", "href").endswith("desk.html")
    schemes = {urlparse(url).scheme for url in requested}
    assert schemes <= {"file", "data", "blob", "about"}, sorted(url for url in requested if not url.startswith("file:"))


def test_sharded_desk_index_works_from_the_file_system(context, bundle_root: Path, tmp_path: Path) -> None:
    """A large handbook's desk loads its index in shards: from file:// those come as scripts, like all data."""
    sharded = tmp_path / "bundle"
    shutil.copytree(bundle_root, sharded)
    data = sharded / "assets" / "data"
    head = json.loads((data / "desk-head.json").read_text(encoding="utf-8"))
    write_data(sharded, "assets/data/desk-index.json", head, directory_urls=False)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto((sharded / "desk.html").as_uri() + "?q=" + quote("能便宜点吗"))
    page.wait_for_function("document.querySelector('.desk')?.dataset.query === '能便宜点吗'")
    assert page.eval_on_selector(".desk-card", "card => card.dataset.scenario") == "presale/bargaining"
    shards = [url for url in requested if "/desk-terms-" in url]
    assert shards and all(url.endswith(".js") for url in shards) and len(shards) < head["shards"]
    page.fill(".desk__input", "yj2")
    page.wait_for_function("document.querySelector('.desk').dataset.query === 'yj2'")
    assert page.eval_on_selector(".desk-card[aria-current=true]", "row => row.dataset.shortcut") == "yj2"


def test_quick_replies_load_from_the_file_system(context, bundle_root: Path) -> None:
    page = context.new_page()
    page.goto((bundle_root / "quick.html").as_uri())
    page.wait_for_selector(".desk[data-ready=true]")
    page.fill(".desk__input", "yj2")
    page.wait_for_function("document.querySelector('.desk').dataset.query === 'yj2'")
    # The shortcut's scenario comes first, whole, with the typed reply selected for Enter.
    assert page.eval_on_selector(".desk-card", "row => row.dataset.scenario") == "presale/bargaining"
    assert page.eval_on_selector(".desk-card[aria-current=true]", "row => row.dataset.shortcut") == "yj2"


def test_practice_works_from_the_file_system_and_keeps_its_score(context, bundle_root: Path) -> None:
    from handbook.load import load_handbook
    from conftest import REAL

    answers = {item.message: item.scenario for item in load_handbook(REAL).practice}
    page = context.new_page()
    page.goto((bundle_root / "training" / "practice.html").as_uri())
    page.wait_for_selector(".practice[data-ready=true]")
    message = page.text_content(".practice__message")
    page.select_option(".practice__scenario", answers[message])
    page.click(".practice__check")
    assert page.is_visible(".practice__verdict--right")
    assert page.eval_on_selector_all(".practice__answer-replies .practice__reply", "cards => cards.length") > 0
    page.reload()
    page.wait_for_selector(".practice[data-ready=true]")
    assert (page.text_content(".practice__answered"), page.text_content(".practice__right")) == ("1", "1")
