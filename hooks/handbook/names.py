"""Names and patterns shared by validation and rendering: ids, placeholders, reserved paths, the snippets layout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

#: Top-level paths of the site that the handbook itself writes (hand-written pages in docs/ and generated
#: sections). A stage id or any other id equal to one of these would overwrite those pages; `index` is each
#: folder's own page. A test checks this set against the top level of a real build.
RESERVED_IDS = frozenset({
    "index", "404", "assets", "search", "sitemap", "tags", "exports", "llms", "trainers", "training",
    "quick", "desk", "practice", "principles", "procedures", "guides", "stylesheets", "javascripts",
    "overrides", "pdf", "markdown", "schemas",
})

#: The policy placeholder that names the shop (cover, exports); vocabulary.yml must declare it.
SHOP_NAME = "店铺名"

#: Single files directly under snippets/ (besides the content folders below).
SNIPPET_FILES = ("stages.yml", "vocabulary.yml", "policy.yml", "lint.yml", "search.yml", "onboarding.yml", "practice.yml")
#: Folders of content files, one `<id>.yml` each (scenarios have one more level: the stage).
CONTENT_FOLDERS = ("principles", "procedures", "guides")
SCENARIO_FOLDER = "scenarios"
SCHEMA_FOLDER = "schemas"

#: Where a piece of text goes to the buyer (slots allowed); every other text is read by agents only.
BUYER_FACING = {
    "scenarios": ("templates", int, "text"),
    "procedures": ("steps", int, "say"),
    "principles": ("examples", int, "prefer"),
}


def placeholders_in(text: str) -> list[str]:
    """Names of the {placeholders} in a text, in order."""
    return PLACEHOLDER.findall(text)


def is_buyer_facing(kind: str, loc: tuple[Any, ...]) -> bool:
    """Whether the text at `loc` of a `kind` file is sent to buyers (template text, `say`, `prefer`)."""
    shape = BUYER_FACING.get(kind)
    return shape is not None and len(loc) == len(shape) and all(
        isinstance(part, int) if expected is int else part == expected for part, expected in zip(loc, shape)
    )


def strings_in(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string inside a parsed YAML value, with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings_in(child, loc + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings_in(child, loc + (index,))
