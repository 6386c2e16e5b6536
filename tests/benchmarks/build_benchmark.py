"""Build benchmark: `mkdocs build` time, pages per second and peak memory for 1×, 10× and 100× content,
and the cost of the YAML pipeline against mkdocs-material building the same pages as plain Markdown.

Run: .venv/bin/python -m tests.benchmarks.build_benchmark [--scales 1 10 100] [--repeat 3] [--shared-text]
Prints a table; asserts nothing (targets are read by people, not by the test suite).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from tests.benchmarks.synthetic import ROOT, synthesize

sys.path.insert(0, str(ROOT / "hooks"))

from handbook.load import load_handbook  # noqa: E402
from handbook.markdown_tree import read_config  # noqa: E402
from handbook.render import generated_pages  # noqa: E402
from handbook.site import mkdocs_nav, site_nav  # noqa: E402


def timed_build(config: Path, site: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident memory (MiB) of one `mkdocs build` in a child."""
    command = [sys.executable, "-c", _CHILD, str(config), str(site)]
    started = time.perf_counter()
    process = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(process.stdout + process.stderr)
    cpu, peak = (float(value) for value in process.stdout.strip().splitlines()[-1].split())
    return elapsed, cpu, peak


# Runs the build in a fresh interpreter and reports its CPU time and peak memory (ru_maxrss is in KiB on Linux),
# its child processes included: the handbook finds its pinyin in a forked child (handbook_mkdocs.search.start_pinyin).
# Other processes stretch the wall time more than the CPU time, but on a shared virtual machine both vary by up to a
# quarter from one build to the next: compare many pairs (README, issue 14), or count instructions (instructions.py).
_CHILD = """
import resource, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
usages = [resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)]
print(sum(usage.ru_utime + usage.ru_stime for usage in usages), max(usage.ru_maxrss for usage in usages) / 1024)
"""


def every_generated_page(handbook, snippets: Path) -> dict[str, str]:
    """Every Markdown page the hooks add in a normal build, from the same plain functions they call."""
    import datetime

    from handbook.lint import load_rules
    from handbook.onboarding import training_pages
    from handbook.desk import desk_pages
    from handbook.trainers import render_change_log, render_coverage

    return {
        **generated_pages(handbook),
        **training_pages(handbook),
        **desk_pages(handbook),
        "trainers/coverage.md": render_coverage(handbook, load_rules(snippets), today=datetime.date.today()),
        "trainers/changelog.md": render_change_log(handbook),
    }


def plain_markdown_project(snippets: Path, workdir: Path) -> Path:
    """The same pages written as Markdown files, built by mkdocs-material without the YAML hooks."""
    docs = workdir / "docs"
    shutil.copytree(ROOT / "docs", docs)
    handbook = load_handbook(snippets)
    for src_uri, content in every_generated_page(handbook, snippets).items():
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    path = workdir / "mkdocs-plain.yml"
    # INHERIT keeps theme, plugins and Markdown extensions identical; only the YAML hooks are dropped.
    config = {
        "INHERIT": os.path.relpath(ROOT / "mkdocs.yml", workdir),
        "docs_dir": str(docs),
        "hooks": [],
        # The same plugins without the handbook's own (the MkDocs adapter), when mkdocs.yml has one.
        "plugins": [plugin for plugin in read_config(ROOT / "mkdocs.yml")["plugins"] if _plugin_name(plugin) != "handbook"],
        "watch": [],
        "strict": False,
        "theme": {"name": "material", "custom_dir": str(docs / "overrides")},
        # The same sidebar as the real build: MkDocs' automatic nav would list every page on every page.
        "nav": mkdocs_nav(site_nav(handbook)),
    }
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def _plugin_name(plugin: str | dict) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


def main() -> None:
    """Print the build table for each scale."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3, help="builds per measurement; the median counts")
    parser.add_argument("--pairs", action="store_true", help="print every pair of builds (handbook, plain)")
    parser.add_argument(
        "--shared-text", action="store_true",
        help="copies share the real text (the figures before 2026-11-30); by default no run of text repeats between copies",
    )
    args = parser.parse_args()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # As on a user's machine, Python keeps the compiled modules: without it every build would compile the handbook's
    # own modules again (0.06 s), while Material's and MkDocs' come compiled with their packages.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"load before: {os.getloadavg()[0]:.2f}")
    print(
        f"{'scale':>5} {'scenarios':>9} {'templates':>9} {'pages':>6} {'build s':>8} {'cpu s':>7} {'pages/s':>8} "
        f"{'peak MiB':>9} {'plain s':>8} {'cpu s':>7} {'overhead':>9} {'cpu ovh':>8} {'pair ovh':>9} {'pair cpu':>8}"
    )
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            snippets = synthesize(work / "snippets", scale, distinct_text=not args.shared_text)
            handbook = load_handbook(snippets)
            templates = sum(len(e.model.templates) for e in handbook.scenarios.values())
            pages = len(every_generated_page(handbook, snippets)) + 4
            plain_config = plain_markdown_project(snippets, work / "plain")
            # Interleave the two builds and take the median of each: the machine's noise is larger than the gap.
            ours_env = dict(env, HANDBOOK_SNIPPETS=str(snippets))
            runs = []
            for number in range(args.repeat):
                # Every other pair starts with the plain build, so neither side always runs second.
                if number % 2:
                    plain_run = timed_build(plain_config, work / "plain-site", env)
                    runs.append((timed_build(ROOT / "mkdocs.yml", work / "site", ours_env), plain_run))
                else:
                    ours_run = timed_build(ROOT / "mkdocs.yml", work / "site", ours_env)
                    runs.append((ours_run, timed_build(plain_config, work / "plain-site", env)))
            if args.pairs:
                for number, (ours_run, plain_run) in enumerate(runs):
                    first = "plain" if number % 2 else "ours"
                    print(f"  pair {number + 1:>2} ({first} first): wall {ours_run[0]:.2f} / {plain_run[0]:.2f} s, "
                          f"CPU {ours_run[1]:.2f} / {plain_run[1]:.2f} s", flush=True)
            ours, ours_cpu, peak = (statistics.median(run[0][field] for run in runs) for field in range(3))
            plain, plain_cpu = (statistics.median(run[1][field] for run in runs) for field in range(2))
            # Each pair ran back to back, so its ratio is the least disturbed by the machine's slower and faster spells.
            pair_wall, pair_cpu = (
                statistics.median(run[0][field] / run[1][field] - 1 for run in runs) * 100 for field in range(2)
            )
            print(
                f"{scale:>5} {len(handbook.scenarios):>9} {templates:>9} {pages:>6} {ours:>8.2f} {ours_cpu:>7.2f} "
                f"{pages / ours:>8.1f} {peak:>9.0f} {plain:>8.2f} {plain_cpu:>7.2f} {(ours / plain - 1) * 100:>8.1f}% "
                f"{(ours_cpu / plain_cpu - 1) * 100:>7.1f}% {pair_wall:>8.1f}% {pair_cpu:>7.1f}%",
                flush=True,
            )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
