"""Desk recall without a browser: the built site's desk engine run in Node on every query set.

Loads what the desk page loads — the vendored MiniSearch, the site's query-pipeline.js and desk-search.js,
assets/data/desk-index.json, search/query-dict.json and the pinyin table (search/query-pinyin.json, which
the desk adds after its first result; tests/test_desk.py measures the settled desk, so this does too) —
and prints recall@1 / @3 of the desk for each set in tests/fixtures/search_queries*.yml, and with
--misses the queries whose scenario is not first. A fast loop for tuning; the browser recall test in
tests/test_desk.py (and tests/benchmarks/search_benchmark.py) stays the measure of record. A query counts
only when the desk says it is covered, as the browser test does.

Run: .venv/bin/python -m tests.benchmarks.desk_recall [--site DIR] [--misses] [--no-pinyin]
(without --site it builds the site into a temporary directory first). Needs `node`. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from query_sets import NAMES, load_query_sets  # noqa: E402

# Reads {"site", "minisearch", "pinyin", "sets": {name: [[query, expect], ...]}} on stdin, prints one JSON
# line per set: the ranked scenario ids (top 3) of every query, [] when the desk says "not covered".
_RUNNER = r"""
const fs = require("fs"), path = require("path");
const job = JSON.parse(fs.readFileSync(0, "utf8"));
const read = (file) => JSON.parse(fs.readFileSync(path.join(job.site, file), "utf8"));
const MiniSearch = require(job.minisearch);
const pipeline = require(path.join(job.site, "assets/javascripts/query-pipeline.js"));
const desk = require(path.join(job.site, "assets/javascripts/desk-search.js"));
const engine = desk.create(read("assets/data/desk-index.json"), read("search/query-dict.json"), MiniSearch, pipeline);
if (job.pinyin) engine.addPinyin(read("search/query-pinyin.json"));
const out = {};
for (const [name, items] of Object.entries(job.sets)) {
  out[name] = items.map(([query]) => {
    const found = engine.search(query);
    return found.covered ? found.results.slice(0, 3).map((r) => engine.scenarios[r.scenario].id) : [];
  });
}
process.stdout.write(JSON.stringify(out));
"""


def build(target: Path) -> None:
    """Build the real handbook site into target (strict, as the tests do)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "-q", "-d", str(target)],
                   cwd=ROOT, env=env, check=True)


def ranked(site: Path, sets: dict[str, list[dict[str, str]]], pinyin: bool) -> dict[str, list[list[str]]]:
    """Top-3 scenario ids of every query, per set, from the desk engine of the built site."""
    job = {
        "site": str(site),
        "minisearch": str(ROOT / "docs/assets/javascripts/vendor/minisearch/minisearch.js"),
        "pinyin": pinyin,
        "sets": {name: [[item["query"], item["expect"]] for item in items] for name, items in sets.items()},
    }
    done = subprocess.run(["node", "-e", _RUNNER], input=json.dumps(job), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--misses", action="store_true", help="list the queries whose scenario is not first")
    parser.add_argument("--no-pinyin", action="store_true", help="as the desk's very first result, before the pinyin table")
    parser.add_argument("--sets", nargs="+", choices=NAMES, default=NAMES, help="which query sets (default: all six)")
    args = parser.parse_args()
    if not shutil.which("node"):
        sys.exit("node is not installed: use tests/benchmarks/search_benchmark.py (browser) instead")
    sets = load_query_sets(tuple(args.sets))
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            build(site)
        found = ranked(site, sets, not args.no_pinyin)
    for name, items in sets.items():
        top = found[name]
        top1 = sum(got[:1] == [item["expect"]] for got, item in zip(top, items)) / len(items)
        top3 = sum(item["expect"] in got[:3] for got, item in zip(top, items)) / len(items)
        print(f"{name:22} recall@1 {top1:.3f}  recall@3 {top3:.3f}  ({len(items)} queries)")
        if args.misses:
            for got, item in zip(top, items):
                if got[:1] != [item["expect"]]:
                    mark = "  " if item["expect"] in got else "✗ "
                    print(f"   {mark}{item['query']} → {item['expect']}  got {got}")


if __name__ == "__main__":
    main()
