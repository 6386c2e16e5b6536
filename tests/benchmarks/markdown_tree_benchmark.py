"""The Markdown tree of `make markdown` built by MkDocs and by Zensical: build times and search recall.

Prints the median build time (of --runs runs) of: the project's own `mkdocs build` (hooks), plain `mkdocs build`
of the tree, `zensical build` of the tree (cache cleared every run). Then recall@1 and recall@3 on
tests/fixtures/search_queries.yml for Material's search in the tree built by MkDocs (no search tuning: no shop
words for jieba, no query dictionary) and for Zensical's own search, both driven in headless Chromium.

Run: .venv/bin/python -m tests.benchmarks.markdown_tree_benchmark [--runs 3]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from tests.benchmarks.search_benchmark import QUERIES, measure
from tests.benchmarks.synthetic import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from handbook.markdown_tree import write_tree  # noqa: E402

BIN = Path(sys.executable).parent
ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}, "NO_MKDOCS_2_WARNING": "1"}


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - started


def _zensical(tree: Path) -> float:
    # Zensical keeps a cache beside mkdocs.yml: a fresh copy and --clean measure a cold build.
    shutil.rmtree(tree / "site", ignore_errors=True)
    shutil.rmtree(tree / ".cache", ignore_errors=True)
    return _timed([str(BIN / "zensical"), "build", "--clean", "-f", str(tree / "mkdocs.yml")], tree)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass


# Zensical's search dialog lives in a shadow root; its result links carry ?h=<query>.
_RESULTS = """() => {
  const host = Array.from(document.querySelectorAll("*")).find(element => element.shadowRoot);
  return host ? Array.from(host.shadowRoot.querySelectorAll("a")).map(a => a.href) : [];
}"""


def zensical_recall(site: Path) -> dict[str, float]:
    """Type each query into Zensical's search dialog; a hit is the expected scenario among the first results."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    top1 = top3 = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="load")
            page.click(".md-search__button")
            box = page.locator("input[aria-label=Search]")
            for item in QUERIES:
                box.fill(item["query"])
                page.wait_for_timeout(500)
                scenarios: list[str] = []
                for link in page.evaluate(_RESULTS):
                    path = urlparse(link).path.strip("/")
                    if path.count("/") == 1 and path not in scenarios:
                        scenarios.append(path)
                top1 += scenarios[:1] == [item["expect"]]
                top3 += item["expect"] in scenarios[:3]
            browser.close()
    finally:
        server.shutdown()
    return {"recall@1": top1 / len(QUERIES), "recall@3": top3 / len(QUERIES)}


def main() -> None:
    """Write the tree, time the three builds, measure both searches; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tree = work / "markdown"
        started = time.perf_counter()
        write_tree(ROOT, tree)
        write_seconds = time.perf_counter() - started
        hooked = [_timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "hooked")], ROOT) for _ in range(args.runs)]
        plain = [_timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(tree / "mkdocs.yml"), "-d", str(work / "plain")], tree) for _ in range(args.runs)]
        zensical = [_zensical(tree) for _ in range(args.runs)]
        print(f"{len(QUERIES)} queries; median of {args.runs} builds (seconds)")
        print(f"  {'make markdown (write the tree)':<40} {write_seconds:.2f}")
        print(f"  {'mkdocs build, project (hooks)':<40} {statistics.median(hooked):.2f}")
        print(f"  {'mkdocs build, tree (no hooks)':<40} {statistics.median(plain):.2f}")
        print(f"  {'zensical build, tree (cold cache)':<40} {statistics.median(zensical):.2f}")
        for name, figures in (("Material search, tree by mkdocs", measure(work / "plain")), ("Zensical search, tree by zensical", zensical_recall(tree / "site"))):
            print(f"  {name:<40} recall@1 {figures['recall@1']:.3f}  recall@3 {figures['recall@3']:.3f}")


if __name__ == "__main__":
    main()
