"""The handbook's scripts without comments and spare whitespace (rjsmin): the desk's first result downloads less."""

from __future__ import annotations

from pathlib import Path

import rjsmin

#: The handbook's scripts and vendored libraries, in docs/ and in the built site alike.
SCRIPTS_DIR = "assets/javascripts"


def minify_scripts(site_dir: Path, docs_dir: Path) -> int:
    """Minify the built copy of every script under docs/assets/javascripts/; return the bytes saved.

    Only the project's own files (and MiniSearch, which npm ships unminified): Material's bundle and workers
    sit in the same folder of the site but are minified already, by a minifier that knows all of ES2020."""
    saved = 0
    for source in sorted((Path(docs_dir) / SCRIPTS_DIR).rglob("*.js")):
        built = Path(site_dir) / SCRIPTS_DIR / source.relative_to(Path(docs_dir) / SCRIPTS_DIR)
        if not built.is_file():
            continue
        text = built.read_text(encoding="utf-8")
        small = rjsmin.jsmin(text)
        if len(small) < len(text):
            built.write_text(small, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved
