"""The practice mode: its page in the training section and the JSON it runs on, built from snippets/practice.yml."""

from __future__ import annotations

import json
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from handbook.cache import load_cached
from handbook.practice import PRACTICE_DATA_URI, PRACTICE_URI, render_practice, practice_data
from validate import snippets_dir

#: The global the data script sets, for browsers that refuse fetch() on file:// (the offline bundle).
DATA_GLOBAL = "__handbookPractice"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the practice page and its data (JSON, and the same data as a script for file://)."""
    if "to-pdf" in config.plugins:
        return files  # The PDF prints the same items as its self-check quiz instead.
    data = json.dumps(practice_data(load_cached(snippets_dir(config))), ensure_ascii=False, separators=(",", ":"))
    files.append(File.generated(config, PRACTICE_DATA_URI, content=data))
    # json.dumps output is a valid JavaScript expression; "</" cannot end a script loaded by src.
    files.append(File.generated(config, PRACTICE_DATA_URI.replace(".json", ".js"), content=f"window.{DATA_GLOBAL} = {data};\n"))
    # training/practice.md is served as training/practice/ (directory URLs) or training/practice.html (offline).
    page_dir = PRACTICE_URI.removesuffix(".md") if config.use_directory_urls else posixpath.dirname(PRACTICE_URI)
    files.append(File.generated(config, PRACTICE_URI, content=render_practice(posixpath.relpath(PRACTICE_DATA_URI, page_dir))))
    return files
