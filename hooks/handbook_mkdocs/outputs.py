"""What the handbook publishes (`handbook.site.site_outputs`), handed to MkDocs: files, nav, fills, .md copies.

Pages, data files, exports and the navigation all come from the core as data; this module only gives them to
MkDocs in its own types. One set of outputs per loaded handbook and options: the events of one build share it, and a
changed YAML file (a new handbook object under `mkdocs serve`) computes it again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from handbook.lint import CompiledRule
from handbook.load import Handbook
from handbook.site import SiteOptions, SiteOutputs, fill_page, mkdocs_nav, site_outputs

_outputs: tuple[int, SiteOptions, SiteOutputs] | None = None


def outputs(config: MkDocsConfig, handbook: Handbook, rules: list[CompiledRule], *, pdf: bool) -> SiteOutputs:
    """The outputs for this build's handbook and settings, computed once per change of either."""
    global _outputs
    options = SiteOptions(
        use_directory_urls=config.use_directory_urls,
        site_url=config.site_url or None,
        today=datetime.date.today(),
        pdf=pdf,
    )
    if _outputs is None or _outputs[0] != id(handbook) or _outputs[1] != options:
        _outputs = (id(handbook), options, site_outputs(handbook, rules=rules, options=options))
    return _outputs[2]


def set_nav_and_theme(config: MkDocsConfig, site: SiteOutputs) -> None:
    """The navigation and the theme's settings (the desk's slot scopes) from the outputs."""
    config.nav = mkdocs_nav(site.nav)
    config.extra.update(site.theme_extra)


def add_files(
    files: Files, config: MkDocsConfig, site: SiteOutputs, make: Callable[[MkDocsConfig, str, str | bytes], File]
) -> None:
    """Every generated page, data file and export, in memory: nothing is written to docs/ (`make` builds each File)."""
    for src_uri, content in site.files.items():
        files.append(make(config, src_uri, content))


def fill(markdown: str, src_uri: str, site: SiteOutputs) -> str:
    """Generated parts of hand-written pages, such as the exports page's per-tool slot table."""
    return fill_page(markdown, site.fills.get(src_uri, {}))


def write_site_files(site_dir: Path, site: SiteOutputs) -> None:
    """Files copied into the built site as they are: the `.md` version of each page (llmstxt.org)."""
    for path, content in site.site_files.items():
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
