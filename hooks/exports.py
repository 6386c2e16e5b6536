"""Exports for chat workbenches and other tools, generated in memory into the site at build time."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.problems import guarded
from handbook.cache import load_cached
from handbook.exports import export_files, exported_handbook, llms_txt, markdown_pages, slot_table
from validate import snippets_dir

log = logging.getLogger("mkdocs.hooks.exports")

#: The line of docs/exports.md that the per-tool slot table (generated from vocabulary.yml) replaces.
SLOT_TABLE_MARKER = "<!-- handbook:slot-table -->"


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add exports/*.csv|xlsx|json and llms.txt, all from the same YAML as the pages."""
    data = exported_handbook(load_cached(snippets_dir(config)))
    site_url = config.site_url or None
    for name, content in export_files(data, site_url).items():
        files.append(File.generated(config, f"exports/{name}", content=content))
    files.append(File.generated(config, "llms.txt", content=llms_txt(data, site_url)))
    if not site_url:
        log.info("llms.txt 的链接是相对地址：在 mkdocs.yml 里设置 site_url（或环境变量 HANDBOOK_SITE_URL）后会写成绝对地址。")
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the exports page's slot table from vocabulary.yml, so it never disagrees with the exports."""
    if page.file.src_uri != "exports.md":
        return markdown
    data = exported_handbook(load_cached(snippets_dir(config)))
    return markdown.replace(SLOT_TABLE_MARKER, slot_table(data))


def on_post_build(*, config: MkDocsConfig) -> None:
    """Write the Markdown version of each scenario, principle and procedure page beside its HTML (llmstxt.org).

    Written after the build because MkDocs would turn a generated `.md` file into another HTML page.
    """
    data = exported_handbook(load_cached(snippets_dir(config)))
    for path, content in markdown_pages(data).items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
