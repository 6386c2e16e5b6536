"""Headless Chromium from Debian, driven by Playwright (no browser download: /usr/bin/chromium)."""

from __future__ import annotations

import shutil
from urllib.parse import urlparse
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile that may read and write the clipboard."""
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"], locale="zh-CN")
    yield ctx
    ctx.close()


def search(page, query: str) -> list[str]:
    """Paste a query into Material's search box like an agent; return the result pages' paths, best first."""
    page.keyboard.press("/")
    # fill() fires an input event and no key events: the same as pasting with the mouse.
    page.locator("input.md-search__input").fill(query)
    # Material updates the result list after each keystroke; give the last one time to land.
    page.wait_for_timeout(300)
    page.wait_for_function("() => /符合条件/.test(document.querySelector('.md-search-result__meta')?.textContent)")
    links = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "links => links.map(a => a.href)"
    )
    pages: list[str] = []
    for link in links:
        path = urlparse(link).path
        if path not in pages:
            pages.append(path)
    return pages
