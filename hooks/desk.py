"""The 接待台 (reply desk): its page, the quick-replies URL that opens it, and the agent/buyer slot scopes."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from handbook.cache import load_cached
from handbook.desk import desk_pages, slot_settings
from handbook.problems import guarded
from validate import snippets_dir


@guarded(Abort)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Hand the slot scopes of vocabulary.yml to the theme, which writes them into every page."""
    config.extra["handbook_slots"] = slot_settings(load_cached(snippets_dir(config)))
    return config


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the desk page (and its copy at quick/); its data is written after the build by hooks/search.py."""
    for src_uri, page in desk_pages().items():
        files.append(File.generated(config, src_uri, content=page))
    return files
