"""axe-core (tests/vendor/axe-core, not part of the site) on the real handbook: WCAG 2.1 A/AA rules, both palettes.

No serious or critical violation on the home page, a scenario page, the desk with results, and the
客服设置 dialog; filled slots stay readable in dark mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT, serve

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    yield from serve(real_site)


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, { runOnly: { type: 'tag', values: tags } })", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes'][:5]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _open(browser, url: str, scheme: str):
    context = browser.new_context(color_scheme=scheme, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/presale/bargaining/", "/desk/?q=" + quote("能便宜点吗 两件包邮不")])
def test_no_serious_axe_violations(browser, site_url: str, path: str, scheme: str) -> None:
    context, page = _open(browser, site_url + path, scheme)
    if "desk" in path:
        page.wait_for_selector(".desk[data-query]")
    else:
        page.wait_for_selector(".slot-input, .md-content")
    assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_settings_dialog_has_no_serious_axe_violations(browser, site_url: str, scheme: str) -> None:
    context, page = _open(browser, site_url + "/", scheme)
    page.click(".agent-settings__toggle")
    page.wait_for_selector("dialog.agent-settings[open]")
    assert serious_violations(page) == []
    context.close()


def _contrast(page, selector: str) -> float:
    return page.eval_on_selector(
        selector,
        """node => {
          const rgb = value => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                             return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const style = getComputedStyle(node);
          const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05);
        }""",
    )


def test_filled_and_empty_slots_are_readable_in_dark_mode(browser, site_url: str) -> None:
    context, page = _open(browser, site_url + "/desk/?q=thyf6", "dark")
    page.wait_for_selector(".desk[data-query=thyf6]")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.fill(".desk-card[data-shortcut=thyf6] .slot-input", "12")
    assert _contrast(page, ".desk-card[data-shortcut=thyf6] .slot-input") >= 4.5
    page.fill(".desk-card[data-shortcut=thyf6] .slot-input", "")
    assert _contrast(page, ".desk-card[data-shortcut=thyf6] .slot-input") >= 4.5
    context.close()
