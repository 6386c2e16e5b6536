"""Instruction counts of one 1× build, the handbook's against plain Markdown: the figure that does not move with the
machine's load (CPU seconds on a shared two-core machine vary by ±25 % from one build to the next).

Run: .venv/bin/python -m tests.benchmarks.instructions [--scale 1]
Needs valgrind (`apt-get install valgrind`); each build runs about 30 times slower under it (some 5 minutes at 1×).
Prints the instructions of: the plain Markdown build; the handbook's build in the process that renders the pages
(its pinyin is found meanwhile in a forked child, handbook.background); and the handbook's build with everything in
that one process (a thread kept running stops the fork), i.e. all of its work. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.benchmarks.build_benchmark import plain_markdown_project
from tests.benchmarks.synthetic import ROOT, synthesize

# The build, in a fresh interpreter; with "inline", a thread that keeps running (handbook.background.can_fork then
# says no, and the pinyin is found in this process as under `mkdocs serve`).
_CHILD = """
import sys, threading
if sys.argv.pop() == "inline":
    threading.Thread(target=threading.Event().wait, daemon=True).start()
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
"""


def instructions(config: Path, site: Path, env: dict[str, str], way: str, out: Path) -> int:
    """Instructions the build's main process executed (cachegrind's `I refs`)."""
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=no",
        f"--cachegrind-out-file={out}.%p", sys.executable, "-c", _CHILD, str(config), str(site), way,
    ]
    process = subprocess.run(command, env=env, capture_output=True, text=True)
    if process.returncode != 0:
        raise SystemExit(process.stdout + process.stderr)
    # valgrind's first line names the main process; a forked child reports its own count (which starts from the
    # parent's at the fork) under its own process id, often before the parent ends.
    main_pid = re.search(r"==(\d+)==", process.stderr).group(1)
    refs = re.search(rf"=={main_pid}== I\s+refs:\s+([\d,]+)", process.stderr).group(1)
    return int(refs.replace(",", ""))


def main() -> None:
    """Print the three counts and the overheads."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: sudo apt-get install valgrind")
    # As on a user's machine, Python keeps the compiled modules (see build_benchmark).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        snippets = synthesize(work / "snippets", args.scale, distinct_text=True)
        plain_config = plain_markdown_project(snippets, work / "plain")
        ours_env = dict(env, HANDBOOK_SNIPPETS=str(snippets))
        runs = {
            "plain": (plain_config, env, "forked"),
            "forked": (ROOT / "mkdocs.yml", ours_env, "forked"),
            "inline": (ROOT / "mkdocs.yml", ours_env, "inline"),
        }
        # Once each to warm the compiled-module and template caches, as a user's second build would find them.
        for name, (config, run_env, way) in runs.items():
            subprocess.run([sys.executable, "-c", _CHILD, str(config), str(work / f"warm-{name}"), way],
                           env=run_env, capture_output=True, check=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = dict(zip(runs, pool.map(
                lambda item: instructions(item[1][0], work / f"site-{item[0]}", item[1][1], item[1][2], work / item[0]),
                runs.items(),
            )))
    plain = counts["plain"]
    print(f"{args.scale}x, instructions (cachegrind I refs)")
    print(f"  plain Markdown                                  {plain:>16,}")
    print(f"  handbook, process rendering the pages (forked)  {counts['forked']:>16,}  {(counts['forked'] / plain - 1) * 100:+.1f} %")
    print(f"  handbook, all work in one process (inline)      {counts['inline']:>16,}  {(counts['inline'] / plain - 1) * 100:+.1f} %")


if __name__ == "__main__":
    main()
