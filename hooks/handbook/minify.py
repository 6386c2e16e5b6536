"""The handbook's scripts and stylesheets without comments and spare whitespace (rjsmin, rcssmin), so the desk's
first result downloads less. Only the built copies change; docs/ keeps the readable sources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin

#: Folders of the handbook's own assets (and vendored libraries) → suffix and minifier.
MINIFIERS: dict[str, tuple[str, Callable[[str], str]]] = {
    "assets/javascripts": (".js", rjsmin.jsmin),
    "assets/stylesheets": (".css", rcssmin.cssmin),
}


def minify_assets(site_dir: Path, docs_dir: Path) -> int:
    """Minify the built copy of every script and stylesheet that docs/assets/ holds; return the bytes saved.

    Only the project's own files (and MiniSearch, which npm ships unminified): Material's bundle, workers and
    stylesheets sit in the same folders of the site but are minified already, by tools that know all of ES2020."""
    saved = 0
    for folder, (suffix, minify) in MINIFIERS.items():
        for source in sorted((Path(docs_dir) / folder).rglob(f"*{suffix}")):
            built = Path(site_dir) / folder / source.relative_to(Path(docs_dir) / folder)
            if not built.is_file():
                continue
            text = built.read_text(encoding="utf-8")
            small = minify(text)
            if len(small) < len(text):
                built.write_text(small, encoding="utf-8")
                saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved
