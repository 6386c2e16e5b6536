"""The handbook's MkDocs adapter: the `handbook` plugin (plugin.py) and the MkDocs-only helpers it dispatches to.

- options: the plugin's settings in mkdocs.yml (snippets_dir, compress)
- validate: the check before anything is built; under `mkdocs serve`, the last good version on a broken edit
- outputs: `handbook.site.site_outputs` handed to MkDocs (files, nav, fills of hand-written pages, .md copies)
- search: the shop's words for jieba, the desk's search documents and cards
- material_search: what depends on Material's search insides (index rewrite, query dictionary), version-checked
- pdf: mkdocs-to-pdf (fonts, cover facts, the WeasyPrint writer), active only when HANDBOOK_PDF=true
No module here but plugin.py imports another (options aside), and none is registered as a hook.
"""

from handbook.collector import fewer_collections

# MkDocs imports this package when it loads the plugin, with its own modules, the theme and the other plugins
# (WeasyPrint, jieba) already alive. The plugin's imports (pydantic and the models, pypinyin's dictionaries, openpyxl)
# make a few hundred thousand objects, and at Python's default threshold the collector ran about 450 times while they
# loaded, 3 of them walking everything alive; under fewer_collections it runs 8 times (tests/test_adapter.py counts),
# and loading the plugin after MkDocs' own modules took 0.58-0.63 s CPU instead of 0.73-0.90 s (3 runs each).
with fewer_collections():
    from . import plugin  # noqa: F401  (imported here only to load it under fewer_collections)
