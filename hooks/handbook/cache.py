"""Reuse the loaded handbook between hook events of one build; reload as soon as a file changes."""

from __future__ import annotations

from pathlib import Path

from .load import Handbook, load_handbook

_cached: tuple[tuple, Handbook] | None = None


def load_cached(snippets: Path) -> Handbook:
    """Same as load_handbook, but returns the previous result while no YAML file changed."""
    global _cached
    signature = _signature(Path(snippets))
    if _cached is None or _cached[0] != signature:
        _cached = (signature, load_handbook(Path(snippets)))
    return _cached[1]


def _signature(snippets: Path) -> tuple:
    # mkdocs serve keeps this module alive between rebuilds, so the key must change with every edit.
    return (snippets.resolve(),) + tuple(
        (file.as_posix(), stat.st_mtime_ns, stat.st_size)
        for file in sorted(snippets.rglob("*.yml"))
        for stat in [file.stat()]
    )
