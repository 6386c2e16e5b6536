"""Chinese search: shop words for jieba at build time, and the query dictionary for pasted buyer messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from handbook.problems import guarded
from handbook.cache import load_cached, tuning_cached
from handbook.search import finish_search_index
from validate import snippets_dir


@guarded(Abort)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Teach jieba the shop's words before the search plugin segments the pages."""
    tuning = tuning_cached(snippets_dir(config))
    for word in tuning.words:
        jieba.add_word(word)
    for word in tuning.not_words:
        jieba.del_word(word)
    return config


@guarded(Abort)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Weight the search index towards scenarios and write search/query-dict.json for the browser."""
    snippets = snippets_dir(config)
    scenario_pages = {f"{scenario_id}/" for scenario_id in load_cached(snippets).scenarios}
    try:
        finish_search_index(Path(config.site_dir), tuning_cached(snippets), scenario_pages)
    except Exception:
        # The pages are written by now: remove them, so a failed build never leaves a site without its search.
        shutil.rmtree(config.site_dir, ignore_errors=True)
        raise
