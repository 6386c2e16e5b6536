"""Chinese search: shop words for jieba at build time, and the query dictionary for pasted buyer messages."""

from __future__ import annotations

from pathlib import Path

import jieba
from mkdocs.config.defaults import MkDocsConfig

from handbook.cache import load_cached
from handbook.search import finish_search_index, load_tuning
from validate import snippets_dir


#: The PDF build (HANDBOOK_PDF=true) keeps only the PDFs: hooks/pdf.py turns the search plugin off there.
PDF_PLUGIN = "to-pdf"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Teach jieba the shop's words before the search plugin segments the pages."""
    if PDF_PLUGIN in config.plugins:
        return config
    tuning = load_tuning(snippets_dir(config))
    for word in tuning.words:
        jieba.add_word(word)
    for word in tuning.not_words:
        jieba.del_word(word)
    return config


def on_post_build(*, config: MkDocsConfig) -> None:
    """Weight the search index towards scenarios and write search/query-dict.json for the browser."""
    if PDF_PLUGIN in config.plugins:
        return
    snippets = snippets_dir(config)
    scenario_pages = {f"{scenario_id}/" for scenario_id in load_cached(snippets).scenarios}
    finish_search_index(Path(config.site_dir), load_tuning(snippets), scenario_pages)
