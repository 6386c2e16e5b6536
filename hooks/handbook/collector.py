"""Python's cyclic garbage collector, run less often while the handbook does its own large pieces of work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: Allocations between two young-generation collections during that work (CPython's default is 700).
QUIET_THRESHOLD = (100_000, 50, 100)


@contextlib.contextmanager
def fewer_collections(*, freeze: bool = False) -> Iterator[None]:
    """Run the block with rare young-generation collections; with `freeze`, the objects alive before it set aside."""
    # Loading the YAML, rendering the outputs and WeasyPrint's layout make millions of short-lived objects; with the
    # default threshold the collector walks them thousands of times. Cycles are still collected, only less often.
    # `freeze` also keeps the collector from walking everything built before the block again and again (MkDocs'
    # pages before the PDF layout); it is only used where nothing of MkDocs' own work follows inside the build.
    if freeze:
        gc.collect()
        gc.freeze()
    previous = gc.get_threshold()
    gc.set_threshold(*QUIET_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        if freeze:
            gc.unfreeze()


def set_aside() -> None:
    """Keep the collector from walking what is alive now (the loaded handbook and its outputs) for the rest of a build."""
    # The handbook, its positions and its outputs are a few million tracked objects at 10x content that live until the
    # build ends: every full collection during MkDocs' page rendering would walk them again. Only for a one-off build:
    # under `mkdocs serve` the last build's handbook must stay collectable once the next one replaces it.
    gc.freeze()
