"""The import graph: the core has no cycles and imports no MkDocs; the adapter's helpers import no other hook."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "handbook"
ADAPTER = ROOT / "hooks" / "handbook_mkdocs"
#: The adapter's entry (the plugin class) and the settings every helper may read; the rest are helpers.
ADAPTER_ENTRY = "plugin"
ADAPTER_SHARED = {"options"}


def module_imports(file: Path) -> set[str]:
    """Sibling modules a module imports when it is loaded."""
    found: set[str] = set()
    for node in ast.parse(file.read_text(encoding="utf-8")).body:  # module level only: not functions
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                found |= {child.module} if child.module else {alias.name for alias in child.names}
    return found


def every_import(file: Path) -> set[str]:
    """Top-level names of every absolute import anywhere in a module, inside functions too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def cycles(graph: dict[str, set[str]]) -> list[str]:
    """Every import cycle in the graph, as `a → b → a`."""
    found = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                found.append(" → ".join(path[path.index(target):] + [target]))
            elif target in graph:
                visit(target, path + [target])

    for module in sorted(graph):
        visit(module, [module])
    return found


def test_the_core_has_no_import_cycles() -> None:
    assert cycles({file.stem: module_imports(file) for file in PACKAGE.glob("*.py")}) == []


def test_the_core_imports_no_generator() -> None:
    generators = {"mkdocs", "material", "mkdocs_to_pdf", "zensical", "handbook_mkdocs"}
    imported = {file.name: every_import(file) & generators for file in PACKAGE.glob("*.py")}
    assert {name: found for name, found in imported.items() if found} == {}


def test_the_adapter_helpers_import_no_other_hook_and_the_adapter_has_no_cycles() -> None:
    graph = {file.stem: module_imports(file) for file in ADAPTER.glob("*.py")}
    assert cycles(graph) == []
    helpers = {name: imports - ADAPTER_SHARED for name, imports in graph.items() if name != ADAPTER_ENTRY}
    assert {name: imports for name, imports in helpers.items() if imports} == {}
    # Nothing outside the plugin's package can be registered as a hook: hooks/ holds packages only.
    assert not list((ROOT / "hooks").glob("*.py"))
