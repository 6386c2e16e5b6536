"""Pages for trainers: the coverage dashboard and the change log, generated in memory at build time."""

from __future__ import annotations

import datetime

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from handbook.problems import guarded
from handbook.cache import load_cached, rules_cached
from handbook.trainers import render_change_log, render_coverage
from validate import snippets_dir


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add trainers/coverage.md and trainers/changelog.md."""
    snippets = snippets_dir(config)
    handbook = load_cached(snippets)
    coverage = render_coverage(handbook, rules_cached(snippets), today=datetime.date.today())
    files.append(File.generated(config, "trainers/coverage.md", content=coverage))
    files.append(File.generated(config, "trainers/changelog.md", content=render_change_log(handbook)))
    return files
