"""The offline PDF handbook (HANDBOOK_PDF=true only): font check, chapter order, cover facts, PDF-only pages."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.problems import guarded
from handbook.cache import load_cached
from handbook.pdf import edition, font_error, missing_fonts, pdf_navigation, pdf_pages, svg_for_print, without_emoji
from validate import snippets_dir

#: The mkdocs-to-pdf plugin; mkdocs.yml loads it only when HANDBOOK_PDF is true.
PLUGIN = "to-pdf"
#: The PDF's cover template and print stylesheet (the plugin's custom_template_path), not pages of the site.
PDF_ASSETS = "docs/pdf"
#: Styles for inline SVG (flowcharts), which WeasyPrint does not take from the page.
SVG_STYLESHEET = "svg.css"
_TITLE = re.compile(r"<title>.*?</title>", re.S)


@guarded(Abort)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
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
    handbook = load_cached(snippets_dir(config))
    config.nav = pdf_navigation(handbook)
    config.extra["edition"] = edition(handbook, project)
    return config


@guarded(Abort)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Keep the PDF's assets out of the site; in the PDF build add its how-to and chapter opener pages."""
    assets = Path(config.docs_dir).resolve() / Path(PDF_ASSETS).relative_to("docs")
    for file in [file for file in files if file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(assets)]:
        files.remove(file)
    if is_pdf_build(config):
        for src_uri, content in pdf_pages(load_cached(snippets_dir(config))).items():
            files.append(File.generated(config, src_uri, content=content))
    return files


@guarded(Abort)
def on_page_context(context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """In the PDF, drop the tag chips: they link to the tag index, which the PDF leaves out."""
    if is_pdf_build(config):
        context.pop("tags", None)
    return context


@event_priority(50)
@guarded(Abort)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Before mkdocs-to-pdf reads a page: give it the handbook's title (the PDF's Title), printable SVG, no emoji."""
    if not is_pdf_build(config):
        return output
    from mkdocs_to_pdf.preprocessor.links.transform import transform_id

    shop = config.extra["edition"].shop
    title = f"{config.site_name} · {shop}" if shop else config.site_name
    output = _TITLE.sub(lambda _: f"<title>{html.escape(title)}</title>", output, count=1)
    stylesheet = _read(Path(config.config_file_path).parent / PDF_ASSETS / SVG_STYLESHEET)
    return svg_for_print(without_emoji(output), stylesheet, lambda element_id: transform_id(element_id, page.file.url))


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def is_pdf_build(config: MkDocsConfig) -> bool:
    """True when mkdocs-to-pdf is enabled, that is when HANDBOOK_PDF=true."""
    return PLUGIN in config.plugins
