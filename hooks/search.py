"""Chinese search: shop words for jieba, the query dictionary for pasted buyer messages, and the desk's data."""

from __future__ import annotations

import shutil
from pathlib import Path

import jieba
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from handbook.problems import guarded
from handbook.cache import load_cached, tuning_cached
from handbook.desk import DATA_DIR, SHARD_SIZE, desk_cards, desk_index
from handbook.deskindex import desk_data
from handbook.datafiles import write_data
from handbook.minify import minify_assets
from handbook.search import finish_search_index, shop_words
from validate import snippets_dir


#: The PDF build (HANDBOOK_PDF=true) keeps only the PDFs: hooks/pdf.py turns the search plugin off there.
PDF_PLUGIN = "to-pdf"


@guarded(Abort)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Teach jieba the shop's words before the search plugin segments the pages."""
    if PDF_PLUGIN in config.plugins:
        return config
    tuning = tuning_cached(snippets_dir(config))
    # Both sides of a synonym are words as well: 缺件 in a title must stay one word for 少发 → 缺件 to find it.
    for word in [*tuning.words, *tuning.synonyms, *tuning.synonyms.values()]:
        jieba.add_word(word)
    for word in tuning.not_words:
        jieba.del_word(word)
    return config


@guarded(Abort)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Write the desk's search documents and cards, then tune the site search and write the shared query dictionary."""
    if PDF_PLUGIN in config.plugins:
        return
    snippets = snippets_dir(config)
    handbook = load_cached(snippets)
    tuning = tuning_cached(snippets)
    site = Path(config.site_dir)
    index = desk_index(handbook, tuning, jieba.lcut)
    for name, data in desk_data(index, shop_words(tuning), SHARD_SIZE).items():
        write_data(site, f"{DATA_DIR}/{name}", data)
    for number, shard in enumerate(desk_cards(handbook, directory_urls=config.use_directory_urls)):
        write_data(site, f"{DATA_DIR}/desk-cards-{number}.json", shard)
    desk_words = {word for _, text in index["buyer"] for word in text.split()}
    desk_words |= {word for fields in index["scenario"] for text in fields for word in text.split()}
    minify_assets(site, Path(config.docs_dir))
    scenario_pages = {f"{scenario_id}/" for scenario_id in handbook.scenarios}
    try:
        finish_search_index(site, tuning, scenario_pages, desk_words)
    except Exception:
        # The pages are written by now: remove them, so a failed build never leaves a site without its search.
        shutil.rmtree(config.site_dir, ignore_errors=True)
        raise
