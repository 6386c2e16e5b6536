"""Incremental rebuilds under `mkdocs serve --dirty` (`make serve`): re-render only the pages a YAML edit changed.

MkDocs' dirty build skips a page when `File.is_modified()` says so, but a generated file always counts as modified and
a skipped page keeps neither its title nor its anchors. So this module decides, per rebuild:
- a full build (the site folder is emptied, as a clean build does) when anything beyond generated page bodies
  changed: the first build, a failed build before, the nav or theme settings, a hand-written fill, any file under
  docs/ or mkdocs.yml, the set of generated files, or a changed page's front matter or H1 (which the nav, the tags
  page and every page's sidebar show);
- otherwise a dirty one, where a generated file is modified only when its bytes changed (or it is not in the site),
  and every skipped page is read again (front matter for the tags plugin) without being rendered and gets back the
  title and anchors it had, so the pages rendered this time show the same nav, previous/next links, tag links and
  anchor checks as a full build would.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory

from handbook.site import SiteOutputs

#: The start of MkDocs' warning on every dirty build (mkdocs/commands/build.py).
DIRTY_WARNING = "A 'dirty' build is being performed"


class GeneratedFile(File):
    """A generated file that, in a dirty rebuild, counts as modified only when its content changed."""

    unchanged: bool = False

    def is_modified(self) -> bool:
        """Modified unless the content is the last build's and the last build's output is still in the site."""
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


@dataclass
class PageState:
    """What a page a dirty rebuild skips keeps from its last rendering: the nav shows its title, links check anchors."""

    title: str | None
    anchors: set[str] | None


@dataclass
class Incremental:
    """The state kept across `mkdocs serve --dirty` rebuilds, and this rebuild's plan."""

    #: Whether rebuilds may be incremental: `mkdocs serve --dirty` only.
    enabled: bool = False
    #: This rebuild renders every page (the site folder was emptied first).
    full: bool = True
    #: The last good build's generated files, nav shape, docs/ stamp and rendered pages' state.
    files: dict[str, str | bytes] = field(default_factory=dict)
    shape: tuple[Any, ...] | None = None
    stamp: frozenset[tuple[str, int, int]] = frozenset()
    pages: dict[str, PageState] = field(default_factory=dict)
    #: URLs of the pages rendered in this build (Material's search entries of the others are kept).
    rendered: set[str] = field(default_factory=set)
    #: Material's search entries after the last good build, in page order.
    search_entries: list[dict[str, Any]] = field(default_factory=list)
    #: Generated files whose content differs from the last build's.
    changed: set[str] = field(default_factory=set)
    succeeded: bool = False

    def start(self, config: MkDocsConfig, site: SiteOutputs) -> None:
        """Plan this rebuild: full, or dirty with only the changed generated files modified."""
        self.rendered = set()
        if not self.enabled:
            return
        shape = (site.nav, site.theme_extra, site.fills, sorted(site.files))
        stamp = _stamp(Path(config.docs_dir), Path(config.config_file_path))
        changed = [uri for uri, content in site.files.items() if self.files.get(uri) != content]
        self.full = (
            not self.succeeded
            or shape != self.shape
            or stamp != self.stamp
            or any(_head(self.files.get(uri, "")) != _head(site.files[uri]) for uri in changed)
        )
        self.succeeded = False
        self.shape, self.stamp = shape, stamp
        self.files = dict(site.files)
        self.changed = set(changed)

    def summary(self) -> str:
        """One line for the serve log: what this rebuild renders."""
        if self.full:
            return "实时预览：整站重建"
        return f"实时预览：只重建改动的 {len(self.changed)} 个生成文件"

    def prepare_site(self, config: MkDocsConfig) -> None:
        """A full rebuild starts from an empty site folder, so every file (hand-written pages too) is written again."""
        if self.enabled and self.full:
            clean_directory(config.site_dir)

    def generated(self, config: MkDocsConfig, src_uri: str, content: str | bytes) -> File:
        """The generated file for MkDocs, unchanged (a dirty rebuild skips it) when its content is the last build's."""
        file = GeneratedFile.generated(config, src_uri, content=content)
        file.unchanged = self.enabled and not self.full and src_uri not in self.changed
        return file

    def restore_skipped(self, config: MkDocsConfig, files: Files) -> None:
        """Each page the dirty rebuild skipped is read again (not rendered) and gets its last title and anchors back.

        Reading it and running the `page_markdown` event gives its front matter to every plugin that collects it
        (Material's tags: the tag links of rendered pages and `tags.json` cover every page); rendering it is the cost
        a dirty rebuild saves."""
        if not self.enabled or self.full:
            return
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.markdown is not None:
                continue
            state = self.pages.get(file.src_uri)
            if state is None:
                raise RuntimeError(f"incremental rebuild: no earlier rendering of {file.src_uri}")
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.title = state.title
            page.present_anchor_ids = state.anchors
            # Material's tags plugin writes its listing into the listing page's HTML in on_env; a skipped page is
            # not written again (its listing only changes with a title or tags, which make a full build).
            page.content = ""
        _full_build_tag_order(config, files)

    def remember(self, page: Page) -> None:
        """Note a page rendered in this build and what other pages will need from it when it is skipped."""
        self.rendered.add(page.url)
        if self.enabled:
            self.pages[page.file.src_uri] = PageState(page.title, page.present_anchor_ids)

    def finished(self) -> None:
        """The build went through: the next one may be incremental."""
        self.succeeded = True

    def failed(self) -> None:
        """The build failed (strict mode's warnings too): the next one is a full rebuild."""
        self.succeeded = False


def _full_build_tag_order(config: MkDocsConfig, files: Files) -> None:
    # Material's tags plugin keeps pages in the order their Markdown was read, which a dirty rebuild changes (rendered
    # pages first); its tags.json and tag listings follow that order, so put it back to the full build's page order.
    tags = config.plugins.get("material/tags")
    if tags is None or tags.mappings is None:
        return
    mappings = tags.mappings.data
    order = [file.page.url for file in files.documentation_pages() if file.page is not None]
    tags.mappings.data = {url: mappings[url] for url in order if url in mappings}


def _stamp(docs_dir: Path, config_file: Path) -> frozenset[tuple[str, int, int]]:
    # Path, mtime and size of every hand-written source: any edit, addition or removal there means a full build
    # (MkDocs' own dirty check would re-render only that page, not the nav that shows its title).
    entries = {(str(config_file), *_times(config_file))}
    for directory, _, names in os.walk(docs_dir):
        for name in names:
            path = Path(directory) / name
            entries.add((str(path), *_times(path)))
    return frozenset(entries)


def _times(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def _head(content: str | bytes) -> tuple[str, ...]:
    # Front matter and the H1 of a generated page: its title (nav, sidebar, previous/next) and tags (the tags page).
    if isinstance(content, bytes):
        return ()
    lines = content.splitlines()
    head: list[str] = []
    if lines and lines[0] == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else len(lines)
        head = lines[: end + 1]
    return (*head, next((line for line in lines if line.startswith("# ")), ""))


class TemplateCache(BytecodeCache):
    """Compiled theme templates kept in memory across serve rebuilds (MkDocs makes a new Jinja environment each time).

    Jinja stores each template's source checksum with its code and compiles again when the source changed."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """The code compiled in an earlier rebuild, if any."""
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code just compiled for the next rebuild."""
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning on dirty builds: this module renders all a change affects, and strict mode counts it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for the dirty-build warning only."""
        return not str(record.msg).startswith(DIRTY_WARNING)


def allow_dirty_builds() -> None:
    """Let `strict: true` accept dirty builds under serve (once per process)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(existing, DirtyWarningFilter) for existing in logger.filters):
        logger.addFilter(DirtyWarningFilter())
