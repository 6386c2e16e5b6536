"""Everything the handbook publishes, as data: files, fills for hand-written pages and a neutral navigation tree.

No generator is imported here. An adapter (the MkDocs hooks, or `handbook.markdown_tree` for a plain Markdown
tree that MkDocs or Zensical build without hooks) copies these outputs into its own file collection and nav.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Union

import yaml

from .exports import export_files, exported_handbook, llms_txt, markdown_pages, slot_table
from .onboarding import training_pages
from .pages import DESK_URI, HOW_TO_USE_URI, ONBOARDING_URI, TRAINING_URIS
from .pdf import pdf_chapters, pdf_pages
from .desk import desk_pages, slot_settings
from .practice import practice_files
from .render import SECTION_KINDS, generated_pages, page_uri
from .trainers import render_change_log, render_coverage

if TYPE_CHECKING:
    from .lint import CompiledRule
    from .load import Handbook

#: The line of docs/exports.md that the per-tool slot table (generated from vocabulary.yml) replaces.
SLOT_TABLE_MARKER = "<!-- handbook:slot-table -->"
EXPORTS_PAGE_URI = "exports.md"
#: Page weights in the site search (Material's front matter `search: boost`; Zensical 0.0.73 ignores it, see the
#: README): a pasted buyer message should land on a scenario, not on a reference page that shares its words or an
#: index that lists them. Hand-written pages carry theirs in their own front matter. The sections of scenario
#: pages are weighted on top of this by the MkDocs adapter (handbook_mkdocs.material_search), which Material's front
#: matter cannot express.
SEARCH_BOOST = {"scenario": 3.0, "reference": 0.4, "index": 0.2}
# libyaml's safe loader and dumper where installed: every page's front matter passes through them.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class SiteOptions:
    """What depends on the generator and the build, not on the YAML."""

    #: Pages served as `desk/` (True) or `desk.html` (False: the offline bundle, whose plugin turns it off).
    use_directory_urls: bool = True
    #: The site's public address; makes llms.txt and the JSON Schema's `$id` absolute.
    site_url: str | None = None
    #: The day the coverage page judges review dates against.
    today: datetime.date = field(default_factory=datetime.date.today)
    #: The printed handbook: its chapter order as the nav, and its how-to and chapter opener pages.
    pdf: bool = False


@dataclass(frozen=True)
class NavPage:
    """A page in the navigation; without a title the generator takes the page's own title."""

    path: str
    title: str | None = None


@dataclass(frozen=True)
class NavSection:
    """A titled group of navigation items, in order."""

    title: str
    children: tuple[NavItem, ...]


NavItem = Union[NavPage, NavSection]


@dataclass(frozen=True)
class SiteOutputs:
    """Everything the YAML publishes."""

    #: Source files of the site (`src_uri` → content): Markdown pages, data files, exports, llms.txt.
    files: dict[str, str | bytes]
    #: Files copied into the built site as they are, after the build: the `.md` version of each page
    #: (a generator would turn a `.md` file in its sources into another HTML page).
    site_files: dict[str, str]
    #: Hand-written pages with generated parts: `src_uri` → {marker line → Markdown replacing it}.
    fills: dict[str, dict[str, str]]
    #: The navigation, in order.
    nav: tuple[NavItem, ...]
    #: Settings the theme writes into every page (`extra` in MkDocs): the desk's slot scopes.
    theme_extra: dict[str, Any] = field(default_factory=dict)


def site_outputs(handbook: Handbook, *, rules: list[CompiledRule], options: SiteOptions) -> SiteOutputs:
    """Every page, data file, export and the navigation the handbook publishes, for any static site generator."""
    data = exported_handbook(handbook)
    files: dict[str, str | bytes] = {**generated_pages(handbook), **training_pages(handbook)}
    files |= desk_pages(handbook)
    if not options.pdf:  # the PDF prints the practice items as its self-check quiz instead
        files |= practice_files(handbook, use_directory_urls=options.use_directory_urls)
    files |= {f"exports/{name}": content for name, content in export_files(data, options.site_url).items()}
    files["llms.txt"] = llms_txt(data, options.site_url)
    files["trainers/coverage.md"] = render_coverage(handbook, rules, today=options.today)
    files["trainers/changelog.md"] = render_change_log(handbook)
    if options.pdf:
        files |= pdf_pages(handbook)
    else:  # the PDF build has no site search
        scenario_pages = {page_uri("scenarios", scenario_id) for scenario_id in handbook.scenarios}
        files = {
            uri: with_search_boost(content, search_boost(uri, scenario_pages)) if uri.endswith(".md") and isinstance(content, str) else content
            for uri, content in files.items()
        }
    return SiteOutputs(
        files=files,
        site_files=markdown_pages(data),
        fills={EXPORTS_PAGE_URI: {SLOT_TABLE_MARKER: slot_table(data)}},
        nav=pdf_nav(handbook) if options.pdf else site_nav(handbook),
        theme_extra={"handbook_slots": slot_settings(handbook)},
    )


def search_boost(src_uri: str, scenario_pages: set[str]) -> float:
    """A page's search weight: scenario pages up, pages two levels deep (principles, training …) down, indexes lower."""
    if src_uri in scenario_pages:
        return SEARCH_BOOST["scenario"]
    parts = src_uri.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts.pop()
    return SEARCH_BOOST["reference"] if len(parts) >= 2 else SEARCH_BOOST["index"]


def with_search_boost(markdown: str, boost: float) -> str:
    """The page with `search: boost` first in its front matter, unless it has search settings of its own (the desk)."""
    entry = _boost_entry(boost)
    opening = "---\n"
    if not markdown.startswith(opening):
        return opening + entry + opening + "\n" + markdown
    front_matter = markdown.removeprefix(opening).partition("\n---\n")[0]
    # Parsed only when the word is there at all: a mapping without the text "search" has no such key (the YAML
    # dumper writes keys as plain ASCII), and most pages' front matter is only a title and a description.
    if "search" in front_matter and "search" in (yaml.load(front_matter, Loader=_LOADER) or {}):  # noqa: S506
        return markdown
    # Front matter is a YAML mapping, so one more key in front of the others keeps it valid.
    return opening + entry + markdown.removeprefix(opening)


@cache
def _boost_entry(boost: float) -> str:
    # The same few weights for every page: dumped once each.
    return yaml.dump({"search": {"boost": boost}}, Dumper=_DUMPER)


def site_nav(handbook: Handbook) -> tuple[NavItem, ...]:
    """Home, the desk, one section per stage, principles, procedures, guides, training, exports, trainers, tags."""
    # Hand-written pages (home, exports, tags, trainer pages) are listed by their own title, generated ones by
    # the title stages.yml gives them: no label is written here.
    items: list[NavItem] = [NavPage("index.md"), NavPage(DESK_URI)]
    for stage_id, stage in handbook.structure.stages.items():
        entries = handbook.scenarios_in(stage_id)
        # Every page carries the whole sidebar: past a limit, list the stage's index page only (it lists all
        # scenarios), so the site grows linearly with its content instead of quadratically.
        listed = entries if len(entries) <= handbook.structure.nav_max_scenarios else []
        pages = [f"{stage_id}/index.md", *(page_uri("scenarios", entry.id) for entry in listed)]
        items.append(NavSection(stage.label, tuple(NavPage(path) for path in pages)))
    for kind in SECTION_KINDS:
        label = getattr(handbook.structure.sections, kind).label
        pages = [f"{kind}/index.md", *(page_uri(kind, entry_id) for entry_id in getattr(handbook, kind))]
        items.append(NavSection(label, tuple(NavPage(path) for path in pages)))
    sections = handbook.structure.sections
    items.append(NavSection(sections.training.label, tuple(NavPage(path) for path in TRAINING_URIS)))
    items.append(NavPage(EXPORTS_PAGE_URI))
    trainers = ("trainers/how-to-edit.md", "trainers/coverage.md", "trainers/changelog.md")
    items.append(NavSection(sections.trainers.label, tuple(NavPage(path) for path in trainers)))
    items.append(NavPage("tags.md"))
    return tuple(items)


def pdf_nav(handbook: Handbook) -> tuple[NavItem, ...]:
    """The printed handbook's order: how to use it, the onboarding path, then one section per chapter."""
    chapters = tuple(
        NavSection(chapter.title, tuple(NavPage(path) for path in (chapter.opener, *chapter.pages)))
        for chapter in pdf_chapters(handbook)
    )
    return (NavPage(HOW_TO_USE_URI), NavPage(ONBOARDING_URI), *chapters)


def mkdocs_nav(items: tuple[NavItem, ...]) -> list[Any]:
    """The tree in the `nav` format of mkdocs.yml (which Zensical reads too); titles escaped, as both print them as HTML."""
    return [_mkdocs_item(item) for item in items]


def _mkdocs_item(item: NavItem) -> Any:
    if isinstance(item, NavSection):
        return {html.escape(item.title, quote=True): mkdocs_nav(item.children)}
    return {html.escape(item.title, quote=True): item.path} if item.title else item.path


def fill_page(markdown: str, fills: dict[str, str]) -> str:
    """A hand-written page with each marker line replaced by its generated Markdown."""
    for marker, replacement in fills.items():
        markdown = markdown.replace(marker, replacement)
    return markdown
