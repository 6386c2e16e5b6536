"""Data files the browser loads through data-loader.js: JSON for http(s), and the same data as a script for file://."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_data(site_dir: Path, path: str, data: Any, *, directory_urls: bool) -> None:
    """Write a data file for data-loader.js: path (.json) and, where the site opens from file://, path as .js."""
    target = Path(site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    text = _json(data)
    target.write_text(text, encoding="utf-8")
    # Only a site without directory URLs (the offline bundle) works from file://, where fetch() is refused and the
    # loader reads the script instead. With directory URLs every .js copy would be dead weight (and is not even
    # formatted): at 100x content the desk alone has 7,500 data files.
    if not directory_urls:
        target.with_suffix(".js").write_text(_script(path, text), encoding="utf-8")


def data_files(path: str, data: Any) -> tuple[str, str]:
    """The two forms data-loader.js reads: the JSON, and a script storing it under its site path (for file://)."""
    text = _json(data)
    return text, _script(path, text)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _script(path: str, text: str) -> str:
    # json.dumps keeps the key a valid JavaScript string literal, and its output is a valid expression.
    key = json.dumps(path, ensure_ascii=False)
    return f"(window.__handbookData = window.__handbookData || {{}})[{key}] = {text};\n"
