"""The quick-reply panel in headless Chromium: filter by shortcut, words and pinyin initials; keyboard copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REAL, serve

from handbook.load import load_handbook
from handbook.placeholders import fill_policy

HANDBOOK = load_handbook(REAL)
TEMPLATES = {t.shortcut: t for e in HANDBOOK.scenarios.values() for t in e.model.templates}


@pytest.fixture(scope="module")
def panel_url(real_site: Path) -> Iterator[str]:
    for url in serve(real_site):
        yield url + "/quick/"


@pytest.fixture
def panel(context, panel_url: str):
    page = context.new_page()
    page.goto(panel_url)
    page.wait_for_selector(".quick-replies[data-ready=true]")
    return page


def _shown(page) -> list[str]:
    return page.eval_on_selector_all(".quick-replies__item", "rows => rows.map(r => r.dataset.shortcut)")


def test_panel_lists_every_template_of_the_handbook(panel) -> None:
    assert sorted(_shown(panel)) == sorted(TEMPLATES)


def test_filter_by_shortcut_puts_that_reply_first(panel) -> None:
    panel.fill(".quick-replies__filter", "yj2")
    assert _shown(panel)[0] == "yj2"


def test_filter_by_pinyin_initials_of_the_scenario_title(panel) -> None:
    panel.fill(".quick-replies__filter", "mjyj")  # 买家议价
    bargaining = [t.shortcut for t in HANDBOOK.scenarios["presale/bargaining"].model.templates]
    assert _shown(panel)[: len(bargaining)] == bargaining


def test_filter_by_chinese_words(panel) -> None:
    panel.fill(".quick-replies__filter", "运费险")
    shown = _shown(panel)
    assert shown and all("运费险" in "".join([TEMPLATES[s].text, TEMPLATES[s].when or ""]) or s.startswith(("yfx", "thyf", "fzlth")) for s in shown)


def test_keyboard_focus_arrows_and_enter_copy(panel) -> None:
    panel.keyboard.press("k")
    assert panel.evaluate("document.activeElement.classList.contains('quick-replies__filter')")
    panel.keyboard.type("thyf")
    panel.keyboard.press("ArrowDown")
    selected = panel.eval_on_selector(".quick-replies__item--selected", "row => row.dataset.shortcut")
    assert selected == _shown(panel)[1] == "thyf2"
    panel.keyboard.press("Enter")
    panel.wait_for_selector(".quick-replies__item--selected .reply-card__status:has-text('已复制')")
    assert panel.evaluate("navigator.clipboard.readText()") == fill_policy(TEMPLATES[selected].text, HANDBOOK)


def test_enter_on_a_reply_with_a_slot_warns_then_copies_the_filled_text(panel) -> None:
    panel.fill(".quick-replies__filter", "thyf6")
    panel.focus(".quick-replies__filter")
    panel.keyboard.press("Enter")
    assert panel.locator(".quick-replies__item--selected .reply-card__status").text_content().startswith("还有未填写：金额")
    assert panel.evaluate("document.activeElement.dataset.slot") == "金额"
    panel.keyboard.type("12")
    panel.keyboard.press("Enter")
    panel.wait_for_selector(".quick-replies__item--selected .reply-card__status:has-text('已复制')")
    expected = fill_policy(TEMPLATES["thyf6"].text, HANDBOOK).replace("{金额}", "12")
    assert panel.evaluate("navigator.clipboard.readText()") == expected
