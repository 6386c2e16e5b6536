"""The practice mode: its page in the training section and the JSON it runs on, built from snippets/practice.yml."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from handbook.cache import load_cached
from handbook.problems import guarded
from handbook.practice import practice_files
from validate import snippets_dir


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the practice page and its data (JSON, and the same data as a script for file://)."""
    if "to-pdf" in config.plugins:
        return files  # The PDF prints the same items as its self-check quiz instead.
    for src_uri, content in practice_files(
        load_cached(snippets_dir(config)), use_directory_urls=config.use_directory_urls
    ).items():
        files.append(File.generated(config, src_uri, content=content))
    return files
