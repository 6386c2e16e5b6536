"""The core's modules import each other without cycles (imports for type checking and inside functions aside)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "handbook"


def module_imports(file: Path) -> set[str]:
    """Sibling modules a core module imports when it is loaded."""
    found: set[str] = set()
    for node in ast.parse(file.read_text(encoding="utf-8")).body:  # module level only: not functions
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                found |= {child.module} if child.module else {alias.name for alias in child.names}
    return found


def test_the_core_has_no_import_cycles() -> None:
    graph = {file.stem: module_imports(file) for file in PACKAGE.glob("*.py")}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                cycles.append(" → ".join(path[path.index(target):] + [target]))
            elif target in graph:
                visit(target, path + [target])

    for module in sorted(graph):
        visit(module, [module])
    assert cycles == []
