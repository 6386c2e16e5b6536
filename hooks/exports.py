"""Exports for chat workbenches and other tools, generated in memory into the site at build time."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from handbook.problems import guarded
from handbook.cache import load_cached
from handbook.exports import export_files, exported_handbook, llms_txt
from validate import snippets_dir


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add exports/*.csv|json and llms.txt, all from the same YAML as the pages."""
    data = exported_handbook(load_cached(snippets_dir(config)))
    for name, content in export_files(data).items():
        files.append(File.generated(config, f"exports/{name}", content=content))
    files.append(File.generated(config, "llms.txt", content=llms_txt(data)))
    return files
