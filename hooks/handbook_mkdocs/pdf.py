"""The offline PDF handbook (HANDBOOK_PDF=true only): font check, chapter order, cover facts, PDF-only pages."""

from __future__ import annotations

import html
import logging
import multiprocessing
import re
import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook import weasyprint_fixes
from handbook.collector import fewer_collections
from handbook.problems import guarded
from handbook.load import Handbook
from handbook.pages import SHORTCUTS_URI, page_label
from handbook.pdf import (
    SHORTCUTS_SECTION, article_only, edition, font_error, missing_fonts, quick_sheet_html,
    svg_for_print, typeset, with_language_and_author, with_used_css, without_emoji,
)

#: The mkdocs-to-pdf plugin; mkdocs.yml loads it only when HANDBOOK_PDF is true.
PLUGIN = "to-pdf"
SEARCH_PLUGIN = "material/search"
#: The PDF's cover template and print stylesheet (the plugin's custom_template_path), not pages of the site.
PDF_ASSETS = "docs/pdf"
#: Styles for inline SVG (flowcharts), which WeasyPrint does not take from the page.
SVG_STYLESHEET = "svg.css"
#: The quick-code reference card, also written on its own next to the handbook (same folder as output_path).
QUICK_SHEET = "quick-codes.pdf"
#: Where mkdocs-to-pdf's combined HTML leaves the cover and contents for the pages themselves.
CONTENT_START = '<article class="md-content__inner'
#: Language of the PDF (its /Lang and every tagged element): Simplified Chinese.
LANGUAGE = "zh-Hans"
_TITLE = re.compile(r"<title>.*?</title>", re.S)
log = logging.getLogger("mkdocs.hooks.pdf")


@guarded(Abort)
def on_config(config: MkDocsConfig, *, handbook: Handbook) -> MkDocsConfig:
    """For the PDF: stop early without the Chinese fonts, then use the PDF's chapter order and cover facts."""
    if not is_pdf_build(config):
        return config
    missing = missing_fonts()
    if missing:
        raise Abort(font_error(missing))
    project = Path(config.config_file_path).parent
    # mkdocs-to-pdf reads its templates relative to the working folder and silently falls back to its own cover.
    configured = Path(config.plugins[PLUGIN].config["custom_template_path"]).resolve()
    if configured != (project / PDF_ASSETS).resolve():
        raise Abort(f"请在项目根目录 {project} 运行 PDF 构建 / run the PDF build from the project folder {project}.")
    # The PDF build's web pages are thrown away: no search index (Chinese segmentation of every page) for them.
    if SEARCH_PLUGIN in config.plugins:
        config.plugins[SEARCH_PLUGIN].config.enabled = False
    config.extra["edition"] = edition(handbook, project)
    return config


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Keep the PDF's assets out of the site (its own pages and nav come from hooks/site.py)."""
    assets = Path(config.docs_dir).resolve() / Path(PDF_ASSETS).relative_to("docs")
    for file in [file for file in files if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(assets)]:
        files.remove(file)
    return files


@guarded(Abort)
def on_pre_build(*, config: MkDocsConfig, handbook: Handbook) -> None:
    """In the PDF build, let HandbookPdfWriter render the combined HTML that mkdocs-to-pdf prepares."""
    if not is_pdf_build(config):
        return
    plugin = config.plugins[PLUGIN]
    edition_ = config.extra["edition"]
    sheet = page_label(handbook.structure, SHORTCUTS_URI).label
    # mkdocs-to-pdf hands its finished HTML to an external renderer when one is set (its relaxed_js slot); ours is
    # WeasyPrint itself, called with the options the plugin cannot pass: tags, language and the quick-code sheet.
    plugin._options.relaxed_js = HandbookPdfWriter(  # noqa: SLF001 - the plugin has no public renderer setting
        author=edition_.shop or config.site_name,
        quick_sheet_title=f"{sheet} · {edition_.shop}" if edition_.shop else sheet,
    )


@guarded(Abort)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """In the PDF, drop the tag chips: they link to the tag index, which the PDF leaves out."""
    if is_pdf_build(config):
        context.pop("tags", None)
    return context


@event_priority(50)
@guarded(Abort)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Before mkdocs-to-pdf reads a page: only its article, with the handbook's title (the PDF's Title), printable SVG
    and no emoji. The PDF build's web pages are thrown away, so they lose the theme's navigation too."""
    if not is_pdf_build(config):
        return output
    from mkdocs_to_pdf.preprocessor.links.transform import transform_id

    shop = config.extra["edition"].shop
    title = f"{config.site_name} · {shop}" if shop else config.site_name
    output = _TITLE.sub(lambda _: f"<title>{html.escape(title)}</title>", output, count=1)
    stylesheet = _read(Path(config.config_file_path).parent / PDF_ASSETS / SVG_STYLESHEET)
    return svg_for_print(without_emoji(article_only(output)), stylesheet, lambda element_id: transform_id(element_id, page.file.url))


class HandbookPdfWriter:
    """Renders mkdocs-to-pdf's combined HTML once with WeasyPrint: tagged, in zh-Hans, with title and author."""

    def __init__(self, *, author: str, quick_sheet_title: str) -> None:
        self.author = author
        self.quick_sheet_title = quick_sheet_title

    def write_pdf(self, html_string: str, pdf_path: str) -> None:
        """Write the handbook to `pdf_path` and the quick-code sheet next to it."""
        from mkdocs_to_pdf.utils.metadata_util import prepend_producer
        from weasyprint import HTML

        # Before the fork below, so that the quick-code sheet's process has them too.
        weasyprint_fixes.apply()
        started = time.perf_counter()
        document_html = with_used_css(
            typeset(with_language_and_author(html_string, LANGUAGE, self.author), body_from=CONTENT_START), _local_file
        )
        typeset_done = time.perf_counter()
        # Measured on the handbook: about 15 s less for `make pdf`, for about 30 MB more memory.
        with fewer_collections(freeze=True):
            sheet = quick_sheet_html(document_html, SHORTCUTS_SECTION, self.quick_sheet_title)
            # The quick-code sheet is a second, independent document: rendered in a child process while this one
            # lays out the handbook, so a two-core machine does both at once.
            sheet_process = None
            if sheet is not None:
                sheet_process = multiprocessing.get_context("fork").Process(
                    target=_write_sheet,
                    args=(sheet, str(Path(pdf_path).with_name(QUICK_SHEET))),
                    name="quick-code sheet",
                )
                sheet_process.start()
            document = HTML(string=document_html).render()
            laid_out = time.perf_counter()
            document.write_pdf(pdf_path, finisher=prepend_producer, **PDF_OPTIONS)
            written = time.perf_counter()
        if sheet_process is not None:
            sheet_process.join()
            if sheet_process.exitcode != 0:
                raise RuntimeError(f"the quick-code sheet ({QUICK_SHEET}) was not written: exit code {sheet_process.exitcode}")
        # The benchmark (tests/benchmarks/pdf_benchmark.py) reads this line; the sheet figure is the wait for it
        # after the handbook was written.
        log.info(
            "PDF timings: typesetting %.1fs, WeasyPrint layout %.1fs (%d pages), PDF writing %.1fs, quick-code sheet %.1fs",
            typeset_done - started, laid_out - typeset_done, len(document.pages), written - laid_out,
            time.perf_counter() - written,
        )


def _write_sheet(sheet_html: str, path: str) -> None:
    """Render the quick-code sheet to `path` (run in a child process)."""
    from weasyprint import HTML

    HTML(string=sheet_html).render().write_pdf(path, **PDF_OPTIONS)


#: WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure for screen readers), with the title shown as the window title.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def _local_file(href: str) -> str | None:
    """The text of a file:// URL (the site's stylesheets, which mkdocs-to-pdf links that way), or None."""
    parsed = urlparse(href)
    if parsed.scheme != "file":
        return None
    path = Path(url2pathname(parsed.path))
    return path.read_text(encoding="utf-8") if path.is_file() else None


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def is_pdf_build(config: MkDocsConfig) -> bool:
    """True when mkdocs-to-pdf is enabled, that is when HANDBOOK_PDF=true."""
    return PLUGIN in config.plugins
