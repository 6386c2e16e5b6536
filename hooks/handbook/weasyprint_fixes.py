"""Speed fixes for WeasyPrint 70 / pydyf 0.13 internals that the PDF handbook pays for on every build.

Page references (`target-counter(attr(href), page)`: the contents and every "（第 N 页）") made WeasyPrint lay out
each page holding one three times; here a page is laid out again only if a reference on it points further on (its
target was not placed yet), as a page reference needs. Two searches repeated for every element (a target's
references, pydyf's page references for the PDF tags) are done once. WeasyPrint's output stays the same: the PDF
tests read page references, headers and tags back from the PDF. The fixes are applied to the versions they were read
against (weasyprint/css/targets.py, formatting_structure/build.py, layout/__init__.py, layout/page.py,
pydyf/__init__.py); with any other version `apply()` changes nothing and says so, and the PDF is built the slow way.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

log = logging.getLogger("mkdocs.hooks.pdf")

#: The versions whose code the fixes below were checked against.
WEASYPRINT_VERSIONS = ("70.0",)
PYDYF_VERSIONS = ("0.13.0",)
_APPLIED = "_handbook_fixes_applied"


def apply() -> bool:
    """Patch WeasyPrint and pydyf once per process; False (and a log line) when their versions are not the known ones."""
    import pydyf
    import weasyprint
    from weasyprint import layout
    from weasyprint.layout import page
    from weasyprint.css.targets import TargetCollector

    if getattr(TargetCollector, _APPLIED, False):
        return True
    if weasyprint.__version__ not in WEASYPRINT_VERSIONS or pydyf.__version__ not in PYDYF_VERSIONS:
        log.info(
            "PDF: WeasyPrint %s / pydyf %s are not the versions the speed fixes were checked against (%s / %s); "
            "building without them.", weasyprint.__version__, pydyf.__version__,
            ", ".join(WEASYPRINT_VERSIONS), ", ".join(PYDYF_VERSIONS),
        )
        return False
    layout.make_all_pages = _make_all_pages(layout.make_all_pages)
    page.remake_page = _remake_page(page.remake_page)
    TargetCollector.cache_target_page_counters = _cache_target_page_counters(TargetCollector.cache_target_page_counters)
    pydyf.PDF.page_references = property(_page_references)
    setattr(TargetCollector, _APPLIED, True)
    return True


def _make_all_pages(original: Any) -> Any:
    """WeasyPrint's `make_all_pages`, with the page references set by their targets, not by a third pass.

    How WeasyPrint 70 sets `target-counter(attr(href), page)` (css/targets.py, layout/page.py `make_page`): the
    reference is filed under no anchor name (`anchor_name_from_token` knows no attr()), so a target that is laid out
    never updates it; it is only set again when its own page's counters differ from those it was last set with (it is
    also filed as needing the local `page` counter: `compute_content_list` reuses the name `missing_counters` for the
    target's list). So the first pass sets every reference with no target page known and marks its page; the second
    pass lays those pages out again, then finds their counters changed (the page total, {"pages": [0]} then [237],
    written into every page after the first pass), sets the references with all targets known and marks the pages
    again; a third pass lays them out once more.

    Here, before the first pass, the references whose text depends only on their targets are taken over
    (`_take_over_references`): each is set when its target is placed, so only pages with a reference further on are
    laid out again, once. Any other reference is set before each later pass, with the new page total given to the
    references and targets that do not print it (so the total alone marks no page), and set again if a target moved.
    """

    def make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Any:
        collector = context.target_collector
        if not pages:
            _take_over_references(collector)
            yield from original(context, root_box, html, pages)
            return
        _carry_page_total(collector, [len(pages)])
        taken = {id(item) for items in _taken_over(collector).values() for item in items}
        references = [
            item for (_, css_token), item in collector.counter_lookup_items.items()
            if css_token == "content" and item.missing_target_counters and item.page_maker_index is not None
            and id(item) not in taken
        ]
        before = _target_pages(collector)
        _set_again(references, context.page_maker)
        yield from original(context, root_box, html, pages)
        if _target_pages(collector) != before:
            _set_again(references, context.page_maker)

    return make_all_pages


def _target_pages(collector: Any) -> dict[str, Any]:
    """Each target's page counters, without the page total."""
    return {
        anchor: {name: value for name, value in target.cached_page_counter_values.items() if name != "pages"}
        for anchor, target in collector.target_lookup_items.items()
    }


def _set_again(references: list[Any], page_maker: list[Any]) -> None:
    """Set each reference with the targets' current pages, and mark its page to be laid out again."""
    for item in references:
        item.parse_again(item.cached_page_counter_values)
        page_maker[item.page_maker_index][-1]["content_changed"] = True


def _carry_page_total(collector: Any, total: list[int]) -> None:
    """Set `pages` to `total` in the cached counters of every reference and target whose text cannot depend on it."""
    wanted: set[str | None] = set()
    for (_, css_token), item in collector.counter_lookup_items.items():
        targets = item.missing_target_counters
        wanted.update(anchor for anchor, counters in targets.items() if "pages" in counters)
        needs_pages = "pages" in item.missing_counters or any("pages" in counters for counters in targets.values())
        if css_token == "content" and not needs_pages and "pages" in item.cached_page_counter_values:
            item.cached_page_counter_values["pages"] = list(total)
    if None in wanted:  # an attr() reference asks for `pages`: WeasyPrint files it under no anchor name
        return
    for anchor, target in collector.target_lookup_items.items():
        if anchor not in wanted and "pages" in target.cached_page_counter_values:
            target.cached_page_counter_values["pages"] = list(total)


def _cache_target_page_counters(original: Any) -> Any:
    """WeasyPrint's `cache_target_page_counters`, without its search of every reference for a target none names.

    For each target laid out, WeasyPrint looks through all references (some eighteen hundred in the handbook) for
    those filed under the target's name, for each of the targets (some two thousand five hundred) of each pass. The
    names references are filed under do not change once the boxes are built, so they are read once; a target that no
    reference names only has its page counters stored, as WeasyPrint does before that search.
    """

    def cache_target_page_counters(self: Any, anchor_name: str, page_counter_values: dict[str, Any],
                                   page_maker_index: int, page_maker: list[Any]) -> None:
        if self.collecting:
            return
        item = self.target_lookup_items.get(anchor_name)
        before = _without_pages(item.cached_page_counter_values) if item else None
        if anchor_name in _named_targets(self):
            original(self, anchor_name, page_counter_values, page_maker_index, page_maker)
        elif item and item.state == "up-to-date":
            item.page_maker_index = page_maker_index
            if item.cached_page_counter_values != page_counter_values:
                item.cached_page_counter_values = copy.deepcopy(page_counter_values)
        if item and item.state == "up-to-date" and _without_pages(item.cached_page_counter_values) != before:
            for reference in _taken_over(self).get(anchor_name, ()):
                _set_reference(self, reference, page_maker)

    return cache_target_page_counters


def _take_over_references(collector: Any) -> None:
    """Take the `target-counter(attr(…), …)` references WeasyPrint cannot update from their targets, by target name.

    Only references whose text depends on nothing but their targets (no counter() of their own) are taken: for them
    WeasyPrint's "local page counter" (the reused list, see `_make_all_pages`) is dropped, so their pages are no longer
    laid out again merely for being laid out; a reference is set again when its target is laid out on another page
    (`_cache_target_page_counters`), and its page marked if it was laid out already (`_set_reference`).
    """
    from weasyprint.css.targets import anchor_name_from_token
    from weasyprint.urls import get_url_tuple

    by_target: dict[str, list[Any]] = {}
    for (box, css_token), item in collector.counter_lookup_items.items():
        content = box.style["content"]
        if css_token != "content" or set(item.missing_target_counters) != {None} or not isinstance(content, (list, tuple)):
            continue
        if item.missing_counters is not item.missing_target_counters[None] or "pages" in item.missing_counters:
            continue
        if any(type_ in ("counter()", "counters()", "target-text()") for type_, _ in content):
            continue
        names = []
        for type_, value in content:
            if type_ in ("target-counter()", "target-counters()"):
                token = value[0]
                if token[0] == "attr()":
                    attr_name, attr_type, fallback = token[1]
                    attr_value = box.element.get(attr_name, fallback)
                    token = ("string", attr_value) if attr_type == "string" else ("url", get_url_tuple(attr_value, box.style.base_url))
                names.append(anchor_name_from_token(token))
        if not names or any(name not in collector.target_lookup_items for name in names):
            continue
        item.missing_counters = []
        for name in names:
            by_target.setdefault(name, []).append(item)
    collector.__dict__["_handbook_taken_over"] = by_target
    collector.__dict__["_handbook_set_before_placed"] = []


def _taken_over(collector: Any) -> dict[str, list[Any]]:
    return collector.__dict__.get("_handbook_taken_over", {})


def _set_reference(collector: Any, reference: Any, page_maker: list[Any]) -> None:
    """Set `reference` with its targets' current pages; mark its page if it was laid out with the old ones."""
    reference.parse_again(reference.cached_page_counter_values or None)
    if reference.page_maker_index is not None:
        page_maker[reference.page_maker_index][-1]["content_changed"] = True
    else:
        # Not placed yet, or placed on the page being made (WeasyPrint files a page's references after laying it
        # out): `_remake_page` tells the two apart once that page is done.
        collector.__dict__["_handbook_set_before_placed"].append(reference)


def _remake_page(original: Any) -> Any:
    """WeasyPrint's `remake_page`, then: a reference set while this page was made, but laid out on it, is marked."""

    def remake_page(index: int, context: Any, root_box: Any, html: Any) -> Any:
        result = original(index, context, root_box, html)
        waiting = context.target_collector.__dict__.get("_handbook_set_before_placed")
        if waiting:
            if any(reference.page_maker_index == index for reference in waiting):
                context.page_maker[index][-1]["content_changed"] = True
            waiting.clear()
        return result

    return remake_page


def _without_pages(counter_values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in counter_values.items() if name != "pages"}


def _named_targets(collector: Any) -> frozenset[Any]:
    """The target names the `content` references are filed under (read once: none are added during layout)."""
    named = collector.__dict__.get("_handbook_named_targets")
    if named is None:
        named = frozenset(
            anchor for (_, css_token), item in collector.counter_lookup_items.items() if css_token == "content"
            for anchor in item.missing_target_counters
        )
        collector.__dict__["_handbook_named_targets"] = named
    return named


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references`, built once per page count instead of on every access.

    WeasyPrint's tagging (pdf/tags.py) reads it for every marked element of a tagged PDF: some sixty thousand times
    for the handbook, each time rebuilding the references of all its pages (about four seconds).
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_handbook_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_handbook_page_references"] = cached
    return cached[1]
