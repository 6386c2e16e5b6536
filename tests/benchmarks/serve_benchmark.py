"""Live-preview benchmark: time from saving a YAML edit to the new text showing in the browser under `mkdocs serve`.

Works on a temporary copy of snippets/ (the real files are never touched). Prints each round and the median.
Run: .venv/bin/python -m tests.benchmarks.serve_benchmark [--rounds 5]
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


def main() -> None:
    """Edit one template text per round and wait for the served page to show it."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snippets = synthesize(Path(tmp) / "snippets", 1)
        port = _free_port()
        env = dict(os.environ, HANDBOOK_SNIPPETS=str(snippets), NO_MKDOCS_2_WARNING="1")
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--watch", str(snippets)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}{PAGE}"
        try:
            _wait_until_serving(url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(url)
                times = []
                source = snippets / SCENARIO
                original = source.read_text(encoding="utf-8")
                for round_number in range(1, args.rounds + 1):
                    marker = f"预览测试第{round_number}次"
                    started = time.perf_counter()
                    source.write_text(original.replace("理解您想买得更划算", marker, 1), encoding="utf-8")
                    page.wait_for_function(f"() => document.body.innerText.includes('{marker}')", timeout=60000)
                    times.append(time.perf_counter() - started)
                    print(f"round {round_number}: {times[-1]:.2f} s")
                browser.close()
        finally:
            server.terminate()
            server.wait()
    print(f"median {statistics.median(times):.2f} s from saving the YAML to the new text in the browser")


if __name__ == "__main__":
    main()
