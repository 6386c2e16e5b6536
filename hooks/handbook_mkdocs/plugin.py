"""The handbook's MkDocs plugin: the one adapter between MkDocs and the core (`handbook`), registered in pyproject.toml.

Each event method is a thin handler that hands over to a helper module of this package (none of which is a hook, and
none imports another hook). mkdocs.yml lists `handbook` after search, tags, offline and to-pdf, so at equal priority
every event runs after theirs; where the order matters it is said at the method.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook.background import Deferred
from handbook.cache import rules_cached, tuning_cached
from handbook.collector import fewer_collections, set_aside
from handbook.compress import compress_site
from handbook.datafiles import write_texts
from handbook.load import Handbook
from handbook.minify import minify_assets
from handbook.model import SearchTuning
from handbook.problems import guarded
from handbook.site import SiteOutputs

from . import pdf
from .incremental import Incremental, TemplateCache, allow_dirty_builds
from .material_search import finish_search_index, merge_dirty_entries, unsupported_material
from .options import HandbookConfig, snippets_dir
from .outputs import add_files, fill, outputs, set_nav_and_theme, write_site_files
from .search import Pinyin, desk_data_files, start_pinyin, teach_jieba
from .validate import validate

log = logging.getLogger("mkdocs.plugins.handbook")


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Validates the YAML, then gives MkDocs every page, data file, export and the nav the core publishes."""

    def __init__(self) -> None:
        # MkDocs keeps a plugin with on_startup alive across `mkdocs serve` rebuilds, so these last the session.
        self.serving = False
        self.pdf = False
        self.snippets = Path()
        # This build's handbook, search tuning and outputs, read once in on_config: each later event (one per page
        # for some) uses them instead of asking the cache, which looks at every YAML file's date to answer.
        self.handbook: Handbook | None = None
        self.tuning: SearchTuning | None = None
        self.site: SiteOutputs | None = None
        # The build's pinyin, being found (in a forked child in a one-off build) while MkDocs renders the pages.
        self.pinyin: Deferred[Pinyin] | None = None
        # What `mkdocs serve --dirty` rebuilds keep between them to re-render only the pages an edit changed.
        self.incremental = Incremental()
        self.templates = TemplateCache()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this is a live preview (serve), which keeps the last good version on a broken edit."""
        self.serving = command == "serve"
        self.incremental.enabled = self.serving and dirty
        if self.incremental.enabled:
            allow_dirty_builds()

    @guarded(Abort)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the YAML first (nothing is generated from YAML with problems), then set the nav, jieba and the PDF."""
        self.snippets = snippets_dir(config)
        # Our own work only (MkDocs' rendering keeps Python's default): see handbook.collector.
        with fewer_collections():
            self.handbook = validate(self.snippets, serving=self.serving)
            self.pdf = pdf.is_pdf_build(config)
            self.tuning = tuning_cached(self.snippets)
            self.site = outputs(config, self.handbook, rules_cached(self.snippets), pdf=self.pdf)
        if not self.serving:
            set_aside()
        self.incremental.start(config, self.site)
        if self.incremental.enabled:
            log.info(self.incremental.summary())
        set_nav_and_theme(config, self.site)
        if not config.site_url:
            log.info("llms.txt 的链接是相对地址：在 mkdocs.yml 里设置 site_url（或环境变量 HANDBOOK_SITE_URL）后会写成绝对地址。")
        if not self.pdf:
            # A warning, so `--strict` builds stop: the search tuning relies on Material's insides.
            if (problem := unsupported_material()) is not None:
                log.warning(problem)
            teach_jieba(self.tuning)
            if not self.serving:
                self.pinyin = start_pinyin(self._handbook, self.tuning, self._site, Path(config.docs_dir))
        return pdf.on_config(config, handbook=self._handbook)

    @guarded(Abort)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated files in memory (nothing is written to docs/); keep the PDF's templates out of the site."""
        add_files(files, config, self._site, self.incremental.generated)
        return pdf.on_files(files, config=config)

    @guarded(Abort)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A full serve rebuild empties the site first; the PDF build gives its HTML to the handbook's WeasyPrint writer."""
        self.incremental.prepare_site(config)
        pdf.on_pre_build(config=config, handbook=self._handbook)

    @guarded(Abort)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Generated parts of hand-written pages, such as the exports page's per-tool slot table."""
        return fill(markdown, page.file.src_uri, self._site)

    # Priority 110: before Material's tags plugin (100) fills its listings from the pages' tags.
    @event_priority(110)
    @guarded(Abort)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Serve: theme templates compiled once per session; pages a dirty rebuild skips get their title back."""
        if self.serving:
            # About 0.3 s CPU of every rebuild at 1x: MkDocs' new environment would compile ~40 templates again.
            env.bytecode_cache = self.templates
        self.incremental.restore_skipped(config, files)
        return env

    @guarded(Abort)
    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
        """Note the page as rendered (for serve rebuilds); the PDF leaves out the tag chips."""
        self.incremental.remember(page)
        return pdf.on_page_context(context, page=page, config=config, nav=nav)

    # Priority 50: before mkdocs-to-pdf (0) collects each page for the PDF.
    @event_priority(50)
    @guarded(Abort)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The PDF's title, printable SVG and no emoji, in each page before mkdocs-to-pdf reads it."""
        return pdf.on_post_page(output, page=page, config=config)

    # Priority 10: before Material's search plugin (0) writes its index.
    @event_priority(10)
    @guarded(Abort)
    def _merge_search(self, *, config: MkDocsConfig) -> None:
        """A dirty serve rebuild keeps the search entries of the pages it did not render."""
        if not self.incremental.enabled:
            return
        previous = [] if self.incremental.full else self.incremental.search_entries
        self.incremental.search_entries = merge_dirty_entries(config, self.incremental.rendered, previous)

    # Priority 0 (listed after search): Material's search plugin has written search/search_index.json, and the
    # offline plugin (-100) has not yet copied it into search_index.js, so the offline bundle gets the tuned index.
    @event_priority(0)
    @guarded(Abort)
    def _publish(self, *, config: MkDocsConfig) -> None:
        """The .md copies of the pages; then the desk's data and the tuned site search (not in the PDF build)."""
        site = Path(config.site_dir)
        try:
            with fewer_collections():
                write_site_files(site, self._site)
                if self.pdf or self.handbook is None or self.tuning is None:
                    return
                if self.pinyin is not None:
                    self.pinyin.result().remember()
                desk = desk_data_files(self.handbook, self.tuning, directory_urls=config.use_directory_urls)
                write_texts(site, desk.files)
                minify_assets(site, Path(config.docs_dir))
                # Index locations are page URLs: `presale/bargaining/`, or `presale/bargaining.html` offline.
                suffix = "/" if config.use_directory_urls else ".html"
                scenario_pages = {f"{scenario_id}{suffix}" for scenario_id in self.handbook.scenarios}
                finish_search_index(
                    site, self.tuning, scenario_pages, desk.words, directory_urls=config.use_directory_urls
                )
            self.incremental.finished()
        except Exception:
            # The pages are written by now: remove them, so a failed build never leaves a site without its desk
            # data or its search.
            shutil.rmtree(site, ignore_errors=True)
            raise

    # Priority -200: last of all, after the offline plugin (-100), so every file is compressed as finally written.
    @event_priority(-200)
    @guarded(Abort)
    def _compress(self, *, config: MkDocsConfig) -> None:
        """Deployable builds (`make build`, `compress: true`) carry .gz and .br copies of every text file."""
        if not self.config.compress:
            return
        result = compress_site(Path(config.site_dir))
        log.info(
            f"压缩：{result.files} 个文本文件 {result.original // 1024} KB → gzip {result.gzip // 1024} KB，"
            f"brotli {result.brotli // 1024} KB"
        )

    on_post_build = CombinedEvent(_merge_search, _publish, _compress)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed serve rebuild (strict mode's warnings count too) makes the next one a full rebuild; a failed
        build stops finding its pinyin."""
        self.incremental.failed()
        if self.pinyin is not None:
            self.pinyin.cancel()

    @property
    def _handbook(self) -> Handbook:
        if self.handbook is None:
            raise RuntimeError("on_config has not run")
        return self.handbook

    @property
    def _site(self) -> SiteOutputs:
        if self.site is None:
            raise RuntimeError("on_config has not run")
        return self.site
