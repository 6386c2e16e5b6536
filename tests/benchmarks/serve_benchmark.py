"""Live-preview benchmark: time from saving a YAML edit to the new text showing in the browser under `mkdocs serve`.

Works on a temporary copy of snippets/ (the real files are never touched). Prints each round and the median.
`--plain` measures the floor instead: the same pages as plain Markdown files (no YAML, no handbook plugin) under
`mkdocs serve`, with the same edit made in the page's Markdown; MkDocs rebuilds the whole site after any change.
`--full` serves without `--dirty` (each rebuild renders the whole site), as `make serve` did before incremental rebuilds.
Run: .venv/bin/python -m tests.benchmarks.serve_benchmark [--rounds 5] [--plain | --full]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.synthetic import ROOT, synthesize

sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SCENARIO = Path("scenarios/presale/bargaining.yml")
PAGE = "/presale/bargaining/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, timeout: float = 120) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"mkdocs serve did not answer at {url}")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc): the rebuild's own cost, whatever else runs."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    """Edit one template text per round and wait for the served page to show it."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plain", action="store_true", help="the floor: plain Markdown pages, no handbook plugin")
    parser.add_argument("--full", action="store_true", help="no --dirty: every rebuild renders the whole site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snippets = synthesize(Path(tmp) / "snippets", 1)
        port = _free_port()
        env = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
        if args.plain:
            from tests.benchmarks.build_benchmark import plain_markdown_project

            config = plain_markdown_project(snippets, Path(tmp) / "plain")
            command += ["-f", str(config)]
            source = Path(tmp) / "plain" / "docs" / SCENARIO.relative_to("scenarios").with_suffix(".md")
        else:
            command += ["--watch", str(snippets), *([] if args.full else ["--dirty"])]
            source = snippets / SCENARIO
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}{PAGE}"
        try:
            _wait_until_serving(url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(url)
                times, cpu = [], []
                original = source.read_text(encoding="utf-8")
                for round_number in range(1, args.rounds + 1):
                    marker = f"预览测试第{round_number}次"
                    time.sleep(1)  # the previous rebuild's page reload has settled
                    cpu_before = _cpu_seconds(server.pid)
                    started = time.perf_counter()
                    source.write_text(original.replace("理解您想买得更划算", marker, 1), encoding="utf-8")
                    # The body is null for a moment while livereload loads the new page.
                    shown = f"() => document.body !== null && document.body.innerText.includes('{marker}')"
                    page.wait_for_function(shown, timeout=60000)
                    times.append(time.perf_counter() - started)
                    cpu.append(_cpu_seconds(server.pid) - cpu_before)
                    print(f"round {round_number}: {times[-1]:.2f} s, server CPU {cpu[-1]:.2f} s", flush=True)
                browser.close()
        finally:
            server.terminate()
            server.wait()
    print(f"median {statistics.median(times):.2f} s from saving the YAML to the new text in the browser")
    print(f"median {statistics.median(cpu):.2f} s CPU time of the server per edit (load {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
