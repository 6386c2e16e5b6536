"""Search benchmark: the built site served on 127.0.0.1, Material's real search driven in headless Chromium.

Prints recall@1 and recall@3 on tests/fixtures/search_queries.yml (buyer messages written independently
of the scenarios), the median and 95th-percentile latency from pasting a query to the result list
changing, the bytes the browser downloads before the first search result, and the quick-reply
filter's latency. With --scale N the handbook is N× synthetic content (variants of every scenario;
a result counts as a hit when it is the expected scenario or one of its variants).

Run: .venv/bin/python -m tests.benchmarks.search_benchmark [--scale 100]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from tests.benchmarks.synthetic import ROOT, synthesize

sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

QUERIES = yaml.safe_load((ROOT / "tests" / "fixtures" / "search_queries.yml").read_text(encoding="utf-8"))["queries"]

# In-page measurement: paste (set value + input event, as a mouse paste does) and resolve when the
# result list changes. The box is emptied first so that every query changes the list.
_MEASURE = """async (query) => {
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const changed = () => new Promise(resolve => {
    const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
    observer.observe(list, { childList: true });
    setTimeout(() => { observer.disconnect(); resolve(); }, 10000);
  });
  if (list.children.length) {
    const cleared = changed();
    box.value = ""; box.dispatchEvent(new Event("input", { bubbles: true }));
    await cleared;
  }
  const done = changed();
  const started = performance.now();
  box.value = query; box.dispatchEvent(new Event("input", { bubbles: true }));
  await done;
  const elapsed = performance.now() - started;
  await new Promise(resolve => setTimeout(resolve, 30));
  const pages = [];
  for (const link of document.querySelectorAll("li.md-search-result__item > a.md-search-result__link")) {
    const path = new URL(link.href).pathname.replace(/^\\/|\\/$/g, "");
    if (!pages.includes(path)) pages.push(path);
  }
  return { elapsed, pages };
}"""

_FILTER = """(query) => {
  const box = document.querySelector(".quick-replies__filter");
  const started = performance.now();
  box.value = query; box.dispatchEvent(new Event("input", { bubbles: true }));
  return performance.now() - started;
}"""


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    served = 0

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
        data = source.read()
        type(self).served += len(data)
        outputfile.write(data)


def _build(snippets: Path, site: Path) -> float:
    env = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def _base_id(path: str) -> str:
    return re.sub(r"-v\d+$", "", path)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(site: Path) -> dict[str, float]:
    """Serve the site and run every query in Chromium; return the figures."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_CountingHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            _CountingHandler.served = 0
            page.goto(url + "/", wait_until="load")
            page.keyboard.press("/")
            first = page.evaluate(_MEASURE, QUERIES[0]["query"])
            downloaded = _CountingHandler.served
            latencies, top1, top3 = [first["elapsed"]], 0, 0
            for item in QUERIES:
                result = page.evaluate(_MEASURE, item["query"])
                latencies.append(result["elapsed"])
                scenarios = [_base_id(path) for path in result["pages"] if path.count("/") == 1]
                top1 += scenarios[:1] == [item["expect"]]
                top3 += item["expect"] in scenarios[:3]
            quick = browser.new_page()
            quick.goto(url + "/quick/", wait_until="load")
            quick.wait_for_selector(".quick-replies[data-ready=true]", timeout=120000)
            filters = [quick.evaluate(_FILTER, text) for text in ("yj", "thyf", "运费", "mjyj", "退款", "")] * 3
            browser.close()
    finally:
        server.shutdown()
    return {
        "recall@1": top1 / len(QUERIES),
        "recall@3": top3 / len(QUERIES),
        "median ms": statistics.median(latencies),
        "p95 ms": _percentile(latencies, 0.95),
        "first-result download bytes": downloaded,
        "quick filter median ms": statistics.median(filters),
        "quick filter max ms": max(filters),
    }


def main() -> None:
    """Build the site at the requested scale and print the search figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        snippets = synthesize(work / "snippets", args.scale)
        build_seconds = _build(snippets, work / "site")
        figures = measure(work / "site")
        index_bytes = (work / "site" / "search" / "search_index.json").stat().st_size
    print(f"scale {args.scale}×: {len(QUERIES)} queries, build {build_seconds:.1f} s, search_index.json {index_bytes:,} bytes")
    for name, value in figures.items():
        print(f"  {name:<28} {value:,.3f}" if isinstance(value, float) else f"  {name:<28} {value:,}")


if __name__ == "__main__":
    main()
