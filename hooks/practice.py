"""The practice mode: its page in the training section and the JSON it runs on, built from snippets/practice.yml."""

from __future__ import annotations

import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from handbook.cache import load_cached
from handbook.problems import guarded
from handbook.practice import PRACTICE_DATA_URI, PRACTICE_URI, render_practice, practice_data
from handbook.search import data_files
from validate import snippets_dir


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the practice page and its data (JSON, and the same data as a script for file://)."""
    if "to-pdf" in config.plugins:
        return files  # The PDF prints the same items as its self-check quiz instead.
    data, script = data_files(PRACTICE_DATA_URI, practice_data(load_cached(snippets_dir(config))))
    files.append(File.generated(config, PRACTICE_DATA_URI, content=data))
    files.append(File.generated(config, PRACTICE_DATA_URI.replace(".json", ".js"), content=script))
    # training/practice.md is served as training/practice/ (directory URLs) or training/practice.html (offline).
    page_dir = PRACTICE_URI.removesuffix(".md") if config.use_directory_urls else posixpath.dirname(PRACTICE_URI)
    files.append(File.generated(config, PRACTICE_URI, content=render_practice(posixpath.relpath(PRACTICE_DATA_URI, page_dir))))
    return files
