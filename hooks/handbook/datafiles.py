"""Data files the browser loads through data-loader.js: JSON for http(s), and the same data as a script for file://."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any


def write_data(site_dir: Path, path: str, data: Any, *, directory_urls: bool) -> None:
    """Write a data file for data-loader.js: path (.json) and, where the site opens from file://, path as .js."""
    write_texts(site_dir, data_file_texts(path, data, directory_urls=directory_urls))


def data_file_texts(path: str, data: Any, *, directory_urls: bool) -> dict[str, str]:
    """The files of one data file by site path: path (.json) and, where the site opens from file://, path as .js."""
    text = _json(data)
    # Only a site without directory URLs (the offline bundle) works from file://, where fetch() is refused and the
    # loader reads the script instead. With directory URLs every .js copy would be dead weight (and is not even
    # formatted): at 100x content the desk alone has 7,500 data files.
    if directory_urls:
        return {path: text}
    return {path: text, str(PurePosixPath(path).with_suffix(".js")): _script(path, text)}


def write_texts(site_dir: Path, texts: dict[str, str]) -> None:
    """Write each text under its site path (UTF-8), making folders as needed."""
    folders: set[Path] = set()
    for path, text in texts.items():
        target = Path(site_dir) / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_text(text, encoding="utf-8")


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
