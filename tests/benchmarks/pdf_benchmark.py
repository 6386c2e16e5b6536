"""PDF benchmark: wall and CPU time of `make pdf` (the real build of both PDFs) and WeasyPrint's share of it.

Run: .venv/bin/python -m tests.benchmarks.pdf_benchmark [--runs 1]
Prints the load average too: on a shared machine, wall time says as much about the neighbours as about the build.
Asserts nothing (the target, 60 s on two cores, is read by people, not by the test suite).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from tests.benchmarks.synthetic import ROOT

TIMINGS = re.compile(
    r"PDF timings: typesetting ([\d.]+)s, WeasyPrint layout ([\d.]+)s \((\d+) pages\), "
    r"PDF writing ([\d.]+)s, quick-code sheet ([\d.]+)s"
)


def run_once(out: Path) -> dict[str, float]:
    """One `make pdf` into `out`: wall seconds, CPU seconds of the build, and the hook's own timings."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.run(
        ["make", "--no-print-directory", "pdf", f"PDF_DIR={out}"], cwd=ROOT, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(process.stdout + process.stderr)
    found = TIMINGS.search(process.stdout + process.stderr)
    if found is None:
        raise SystemExit("no timing line in the build output")
    typeset, layout, pages, writing, sheet = (float(value) for value in found.groups())
    return {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "load": load,
        "typeset": typeset,
        "layout": layout,
        "pages": pages,
        "writing": writing,
        "sheet": sheet,
        "sheet_pages": len(PdfReader(out / "quick-codes.pdf").pages),
    }


def main() -> None:
    """Run the benchmark and print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"{'run':>3} {'wall s':>7} {'cpu s':>7} {'load1':>6} {'pages':>5} {'sheet':>5} "
          f"{'typeset':>7} {'layout':>7} {'write':>7} {'sheet s':>7} {'WeasyPrint %':>12}")
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as folder:
            r = run_once(Path(folder))
        weasyprint = r["layout"] + r["writing"] + r["sheet"]
        print(f"{run:>3} {r['wall']:>7.1f} {r['cpu']:>7.1f} {r['load']:>6.2f} {r['pages']:>5.0f} {r['sheet_pages']:>5} "
              f"{r['typeset']:>7.1f} {r['layout']:>7.1f} {r['writing']:>7.1f} {r['sheet']:>7.1f} "
              f"{100 * weasyprint / r['wall']:>11.0f}%")


if __name__ == "__main__":
    main()
