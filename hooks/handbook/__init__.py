"""The handbook's content pipeline, independent of MkDocs (hooks/handbook_mkdocs, the MkDocs plugin, is its adapter).

- Publishing: `site` (`site_outputs`: every page, data file and export plus a neutral navigation tree, as data),
  `markdown_tree` (handbook-markdown: the same as a plain Markdown tree for MkDocs or Zensical without hooks).
- Shared names: `names` (id and placeholder patterns, reserved ids, the snippets layout), imported by both
  validation and rendering.

- Reading: `yamlpos` (YAML with line/column of every value), `model` (typed definitions, also the JSON
  Schemas via `schema`), `load` + `checks` (validation and cross-file checks → `problems`), `cache`.
- Checking: `check` (everything a change must pass), `lint` (compliance rules from snippets/lint.yml).
- Rendering: `render` + `templates/` (pages), `placeholders`, `flowchart`, `quick` (pinyin initials), `desk` (the 接待台 data),
  `exports` (Qianniu, Chatwoot, Zammad, handbook.json, llms.txt, Markdown pages; cells via `spreadsheet`), `search` (query dictionary, index weights),
  `trainers` (coverage, change log), `onboarding`, `quiz`, `pdf`.
- Commands: `cli` (handbook-check, handbook-new), `scaffold`, `schema` (handbook-schema), `push` (handbook-push),
  `practice` (practice items), `compress` (.gz/.br copies).
- Process: `collector` (the garbage collector around the handbook's own work), `background` (work forked into a child
  process while the generator renders pages).
"""
