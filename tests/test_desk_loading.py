"""What the 接待台 downloads before its first result, in headless Chromium on the real handbook.

The desk page has its own template without Material's JavaScript bundle (the palette toggle still works and
carries over to the other pages); the desk's index has a sharded form for large handbooks, which must score
exactly as the documents MiniSearch indexes in the browser, and with which the first result fetches only the
shards of the message's words (hooks/handbook/deskindex.py, docs/assets/javascripts/desk-search.js).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import yaml
import pytest

from conftest import FIXTURES, serve

QUERIES = [
    item["query"]
    for name in ("search_queries", "search_queries_noisy")
    for item in yaml.safe_load((FIXTURES / f"{name}.yml").read_text(encoding="utf-8"))["queries"]
] + ["yj2", "thyf", "mjyj", "运费险", "發票怎麼開"]


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    yield from serve(real_site)


def _first_result(context, url: str, query: str, *, sharded: bool = False, site: Path | None = None):
    """Open desk/?q=query; return the page, the paths fetched before the first result, and the cards."""
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(url)))
    if sharded:
        # The desk as a large handbook gets it: desk-index.json is the head of the sharded index.
        head = (site / "assets/data/desk-head.json").read_text(encoding="utf-8")
        page.route(re.compile(r".*/assets/data/desk-index\.json$"),
                   lambda route: route.fulfill(body=head, content_type="application/json"))
    page.goto(url + "/desk/?q=" + quote(query))
    page.wait_for_function("q => document.querySelector('.desk')?.dataset.query === q", arg=query)
    before = list(fetched)
    shown = page.eval_on_selector_all(".desk-card", "cs => cs.map(c => [c.dataset.scenario, c.dataset.shortcut])")
    return page, before, shown


def test_desk_page_does_without_materials_bundle(real_site: Path, context, site_url: str) -> None:
    html = (real_site / "desk/index.html").read_text(encoding="utf-8")
    assert "bundle." in (real_site / "index.html").read_text(encoding="utf-8")
    assert "bundle." not in html and "search-query.js" not in html and "iframe-worker" not in html
    page, before, shown = _first_result(context, site_url, "能便宜点吗 两件包邮不")
    assert shown and shown[0][0] == "presale/bargaining"
    assert not [path for path in before if "bundle." in path or "search_index" in path or "/workers/" in path]
    # The small handbook's documents, indexed in the browser: no term shard is fetched.
    assert "/assets/data/desk-index.json" in before
    assert not [path for path in before if "desk-terms-" in path]


def test_palette_toggle_works_on_the_desk_and_carries_over(browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="light", locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "/desk/")
    page.wait_for_selector(".desk[data-ready=true]")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.click("label[for=__palette_1]:visible")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.is_visible("label[for=__palette_0]") and not page.is_visible("label[for=__palette_1]")
    # Saved where Material keeps it: a scenario page (with Material's bundle) opens dark as well.
    page.goto(site_url + "/presale/bargaining/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    context.close()
    dark = browser.new_context(color_scheme="dark", locale="zh-CN")
    page = dark.new_page()
    page.goto(site_url + "/desk/")
    page.wait_for_selector(".desk[data-ready=true]")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    dark.close()


_COMPARE = """async queries => {
  const data = window.handbookData;
  const [documents, head, tables] = await Promise.all([
    data.load("assets/data/desk-index.json"), data.load("assets/data/desk-head.json"), window.handbookQuery.loadTables()]);
  let loads = 0;
  const make = index => window.handbookDeskSearch.create(JSON.parse(JSON.stringify(index)), tables, window.MiniSearch,
    window.handbookQuery, null, {
      shard: number => { loads += 1; return data.load("assets/data/desk-terms-" + number + ".json"); },
      codes: () => data.load("assets/data/desk-codes.json")
    });
  const whole = make(documents), sharded = make(head);
  const differ = [];
  let first = null;
  for (const query of queries) {
    await whole.load(query);
    await sharded.load(query);
    if (first === null) first = loads;
    const a = whole.search(query), b = sharded.search(query);
    const show = r => JSON.stringify([r.covered, r.results.map(x => [x.scenario, x.score, x.rank, x.shortcut])]);
    if (show(a) !== show(b)) differ.push(query);
  }
  return { differ, first, loads, shards: head.shards, sharded: documents.shards !== undefined };
}"""


def test_sharded_index_scores_exactly_like_the_documents(context, site_url: str) -> None:
    page, _, _ = _first_result(context, site_url, "在吗")
    page.wait_for_selector(".desk[data-pinyin=true]")
    found = page.evaluate(_COMPARE, QUERIES)
    assert not found["sharded"], "the real handbook is small: the desk indexes its documents"
    assert found["differ"] == [], found["differ"][:5]
    # The first message needed only some shards; all 255 messages needed them all.
    assert 0 < found["first"] < found["shards"] == found["loads"]


def test_sharded_desk_fetches_only_the_shards_of_the_message(real_site: Path, context, site_url: str) -> None:
    query = "包邮吗"
    _, _, expected = _first_result(context, site_url, query)
    page, before, shown = _first_result(context, site_url, query, sharded=True, site=real_site)
    assert shown == expected
    shards = json.loads((real_site / "assets/data/desk-head.json").read_text(encoding="utf-8"))["shards"]
    fetched = [path for path in before if "desk-terms-" in path]
    assert 0 < len(fetched) < shards, fetched
    # The codes file is asked for only after the first result is shown (after its cards).
    codes_at = [at for at, path in enumerate(before) if "desk-codes" in path]
    cards_at = [at for at, path in enumerate(before) if "desk-cards-" in path]
    assert cards_at and all(at > max(cards_at) for at in codes_at)
    # A shortcut code needs the codes file, which follows the first result.
    page.fill(".desk__input", "yj2")
    page.wait_for_function("() => document.querySelector('.desk').dataset.query === 'yj2'")
    assert page.eval_on_selector(".desk-card[aria-current=true]", "c => c.dataset.shortcut") == "yj2"
