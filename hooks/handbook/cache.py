"""Reuse the loaded handbook between hook events of one build; reload as soon as a file changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .lint import LINT_FILE, CompiledRule, load_rules
from .load import Handbook, load_handbook
from .model import SearchTuning
from .search import SEARCH_FILE, load_tuning

T = TypeVar("T")
_cached: tuple[tuple, Handbook] | None = None
# Lint rules and search tuning, read again only when their own file changes (a scenario edit under `mkdocs serve`
# does not recompile and stress-test every lint pattern).
_memo: dict[str, tuple[tuple, Any]] = {}
# Live preview (mkdocs serve) keeps showing the last handbook that passed every check while an edit is broken.
_last_good: dict[Path, Handbook] = {}
_pinned: dict[Path, Handbook] = {}


def load_cached(snippets: Path) -> Handbook:
    """Same as load_handbook, but returns the previous result while no YAML file changed."""
    global _cached
    pinned = _pinned.get(Path(snippets).resolve())
    if pinned is not None:
        return pinned
    signature = _signature(Path(snippets))
    if _cached is None or _cached[0] != signature:
        _cached = (signature, load_handbook(Path(snippets)))
    return _cached[1]


def rules_cached(snippets: Path) -> list[CompiledRule]:
    """The compiled lint rules of snippets/lint.yml, read again only after that file changed."""
    return _remembered("rules", Path(snippets), load_rules, LINT_FILE)


def tuning_cached(snippets: Path) -> SearchTuning:
    """The search tuning of snippets/search.yml, read again only after that file changed."""
    return _remembered("tuning", Path(snippets), load_tuning, SEARCH_FILE)


def _remembered(name: str, snippets: Path, read: Callable[[Path], T], file_name: str) -> T:
    signature = _file_signature(snippets / file_name)
    found = _memo.get(name)
    if found is None or found[0] != signature:
        found = (signature, read(snippets))
        _memo[name] = found
    return found[1]


def remember_good(snippets: Path, handbook: Handbook) -> None:
    """Record a handbook that passed every check, and stop serving an older one in its place."""
    _last_good[Path(snippets).resolve()] = handbook
    _pinned.pop(Path(snippets).resolve(), None)


def pin_last_good(snippets: Path) -> bool:
    """Serve the last good handbook for this build; False if there has been none yet."""
    good = _last_good.get(Path(snippets).resolve())
    if good is None:
        return False
    _pinned[Path(snippets).resolve()] = good
    return True


def unpin(snippets: Path) -> None:
    """Load the YAML afresh again (each rebuild starts by trying the current files)."""
    _pinned.pop(Path(snippets).resolve(), None)


def _file_signature(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (path.resolve(), None)
    return (path.resolve(), stat.st_mtime_ns, stat.st_size)


def _signature(snippets: Path) -> tuple:
    # mkdocs serve keeps this module alive between rebuilds, so the key must change with every edit.
    return (snippets.resolve(),) + tuple(
        (file.as_posix(), stat.st_mtime_ns, stat.st_size)
        for file in sorted(snippets.rglob("*.yml"))
        for stat in [file.stat()]
    )
