"""Everything that depends on the inside of Material's search, in one place, behind a check of Material's version.

Material offers per-page `search: boost` and `data-search-exclude`, and the generated pages use both (scenario,
reference and index pages carry their boost in front matter; link-list sections are excluded). What it does not
offer, and this module does after its search plugin wrote `search/search_index.json`:
- per-section weights inside scenario pages (买家常说 above 话术 above 要点): the index is rewritten in place;
- the query dictionary, built from the index's own jieba words (`search/query-*.json`);
- under `mkdocs serve --dirty`, the index of the pages a rebuild skipped: Material keeps them only for a rebuild of a
  single page (`search_index_prev`), which it matches by URL prefix, so `merge_dirty_entries` keeps them instead;
- in the browser, docs/assets/javascripts/search-query.js wraps Material's search worker and rewrites each query
  message (type 2 of its worker protocol) with the shared query pipeline.
Each relies on Material's index format and worker protocol, which Material does not promise to keep: the versions
they were checked against are MATERIAL_VERSIONS, and tests/test_material_search.py fails when the installed
mkdocs-material is outside them. After an upgrade, re-run the search tests, then widen the range here and in
pyproject.toml.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from mkdocs.config.defaults import MkDocsConfig

from handbook.datafiles import write_data
from handbook.model import SearchTuning
from handbook.search import pinyin_table, query_dictionary, query_words

#: The mkdocs-material releases this module and search-query.js were checked against (the same range as pyproject.toml).
MATERIAL_VERSIONS = SpecifierSet(">=9.8,<9.9")
#: Where Material's search plugin writes its index, relative to the site folder.
INDEX_FILE = "search/search_index.json"
#: Weight of each section of a scenario page, on top of the page's own boost: a pasted buyer message should land on
#: the scenario whose buyer messages it resembles, not on one that merely shares words in its guidance.
SECTION_BOOST = {"买家常说": 8.0, "话术": 1.5, "要点": 0.6}


def material_version() -> Version:
    """The installed mkdocs-material's version."""
    return Version(version("mkdocs-material"))


def unsupported_material() -> str | None:
    """Why the installed Material may break the search tuning, or None when it is a checked version."""
    installed = material_version()
    if installed in MATERIAL_VERSIONS:
        return None
    return (
        f"mkdocs-material {installed} 不在已验证的范围 {MATERIAL_VERSIONS} 内：站内搜索的调整依赖它的索引格式和 worker 协议。"
        f" / mkdocs-material {installed} is outside {MATERIAL_VERSIONS}, which hooks/handbook_mkdocs/material_search.py and"
        " search-query.js were checked against: run the search tests, then widen MATERIAL_VERSIONS and pyproject.toml."
    )


def merge_dirty_entries(
    config: MkDocsConfig, rendered: set[str], previous: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Before Material writes its index: the entries of pages this build rendered, the others' from `previous`.

    Each page's entries replace its old ones in place, so the index has the order of a full build; returns the
    entries Material will write."""
    plugin = config.plugins["material/search"]
    current: dict[str, list[dict[str, Any]]] = {}
    for entry in plugin.search_index.entries:
        current.setdefault(_page_of(entry), []).append(entry)
    merged: list[dict[str, Any]] = []
    for entry in previous:
        page = _page_of(entry)
        if page not in rendered:
            merged.append(entry)
        elif page in current:
            merged.extend(current.pop(page))
    for entries in current.values():
        merged.extend(entries)
    plugin.search_index.entries = merged
    # Material's own merge would drop every entry under the first rendered page's URL (all of them for the home page).
    plugin.search_index_prev = None
    return merged


def _page_of(entry: dict[str, Any]) -> str:
    return entry["location"].partition("#")[0]


def tune_index(search_index: dict[str, Any], scenario_pages: set[str]) -> dict[str, Any]:
    """Weight each section of a scenario page by SECTION_BOOST, on top of the page boost from its front matter."""
    docs = []
    for doc in search_index["docs"]:
        page, _, section = doc["location"].partition("#")
        boost = SECTION_BOOST.get(section, 1.0) if page in scenario_pages else 1.0
        docs.append({**doc, "boost": doc.get("boost", 1.0) * boost} if boost != 1.0 else doc)
    return {**search_index, "docs": docs}


def finish_search_index(
    site_dir: Path, tuning: SearchTuning, scenario_pages: set[str], extra_words: set[str] = frozenset(),
    *, directory_urls: bool,
) -> None:
    """Tune search/search_index.json in place; write search/query-dict.json and query-words.json beside it (and their
    .js copies for file://, in a site without directory URLs)."""
    index_file = Path(site_dir) / INDEX_FILE
    search_index = tune_index(json.loads(index_file.read_text(encoding="utf-8")), scenario_pages)
    index_file.write_text(json.dumps(search_index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    words = query_words(search_index, tuning, extra_words)
    write_data(site_dir, "search/query-words.json", words, directory_urls=directory_urls)
    write_data(site_dir, "search/query-dict.json", query_dictionary(words, tuning), directory_urls=directory_urls)
    pinyin = pinyin_table({char for word in words for char in word})
    write_data(site_dir, "search/query-pinyin.json", pinyin, directory_urls=directory_urls)
