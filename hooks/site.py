"""The MkDocs adapter: it copies what the handbook publishes (`handbook.site.site_outputs`) into MkDocs.

Pages, data files, exports and the navigation all come from the core as data; this module only hands them to
MkDocs at the right events. The other hooks keep what is MkDocs-specific: validate.py (the check and the live
preview's last good version), search.py (jieba and Material's search index), pdf.py (mkdocs-to-pdf), compress.py.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.cache import load_cached, rules_cached
from handbook.problems import guarded
from handbook.site import SiteOptions, SiteOutputs, fill_page, mkdocs_nav, site_outputs
from validate import snippets_dir

log = logging.getLogger("mkdocs.hooks.site")
#: mkdocs.yml loads mkdocs-to-pdf only when HANDBOOK_PDF is true; then the outputs are the printed handbook's.
PDF_PLUGIN = "to-pdf"
# One set of outputs per loaded handbook and options: the events of one build share it, a changed YAML file
# (a new handbook object under `mkdocs serve`) computes it again.
_outputs: tuple[int, SiteOptions, SiteOutputs] | None = None


@guarded(Abort)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """The navigation and the theme's settings (the desk's slot scopes) from the outputs."""
    outputs = _site(config)
    config.nav = mkdocs_nav(outputs.nav)
    config.extra.update(outputs.theme_extra)
    if not config.site_url:
        log.info("llms.txt 的链接是相对地址：在 mkdocs.yml 里设置 site_url（或环境变量 HANDBOOK_SITE_URL）后会写成绝对地址。")
    return config


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Every generated page, data file and export, in memory: nothing is written to docs/."""
    for src_uri, content in _site(config).files.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


@guarded(Abort)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Generated parts of hand-written pages, such as the exports page's per-tool slot table."""
    return fill_page(markdown, _site(config).fills.get(page.file.src_uri, {}))


@guarded(Abort)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Files copied into the built site as they are: the `.md` version of each page (llmstxt.org)."""
    for path, content in _site(config).site_files.items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def _site(config: MkDocsConfig) -> SiteOutputs:
    global _outputs
    snippets = snippets_dir(config)
    handbook = load_cached(snippets)
    options = SiteOptions(
        use_directory_urls=config.use_directory_urls,
        site_url=config.site_url or None,
        today=datetime.date.today(),
        pdf=PDF_PLUGIN in config.plugins,
    )
    if _outputs is None or _outputs[0] != id(handbook) or _outputs[1] != options:
        _outputs = (id(handbook), options, site_outputs(handbook, rules=rules_cached(snippets), options=options))
    return _outputs[2]
