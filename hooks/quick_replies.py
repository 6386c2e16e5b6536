"""The quick-reply panel: one page and its data file listing every template of the handbook."""

from __future__ import annotations

import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from handbook.problems import guarded
from handbook.cache import load_cached
from handbook.quick import quick_reply_data
from handbook.render import render_page
from validate import snippets_dir

DATA_URI = "assets/quick-replies.json"


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add quick.md and the JSON it filters, built from the same YAML as the scenario pages."""
    replies = quick_reply_data(load_cached(snippets_dir(config)))
    data = json.dumps(replies, ensure_ascii=False, separators=(",", ":"))
    files.append(File.generated(config, DATA_URI, content=data))
    # Browsers refuse fetch() on file://: the offline bundle loads the same data as a script.
    files.append(File.generated(config, DATA_URI.replace(".json", ".js"), content=f"window.__handbookQuickReplies = {data};\n"))
    # quick.md is served as quick/ (directory URLs) or as quick.html (offline bundle).
    data_url = f"../{DATA_URI}" if config.use_directory_urls else DATA_URI
    page = render_page("quick.md.j2", title="快捷回复", count=len(replies["items"]), data_url=data_url)
    files.append(File.generated(config, "quick.md", content=page))
    return files
