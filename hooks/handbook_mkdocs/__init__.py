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
# make a few hundred thousand objects, and at Python's default threshold the collector walks everything alive many
# times over while they load: 0.87 s CPU at 1x, 0.42 s with rare collections (tests/benchmarks/build_benchmark.py).
with fewer_collections():
    from . import plugin  # noqa: F401  (imported here only to load it under fewer_collections)
