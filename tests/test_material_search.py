"""The site search's reliance on Material's insides is checked against the installed mkdocs-material."""

from __future__ import annotations

import re

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from conftest import ROOT

from handbook_mkdocs import material_search
from handbook_mkdocs.material_search import MATERIAL_VERSIONS, unsupported_material


def test_the_installed_material_is_one_the_search_tuning_was_checked_against() -> None:
    problem = unsupported_material()
    assert problem is None, (
        f"{problem}\nThe search index rewrite (hooks/handbook_mkdocs/material_search.py) and the worker wrapper "
        "(docs/assets/javascripts/search-query.js) depend on this Material's index format and worker protocol."
    )


def test_pyproject_pins_material_to_the_checked_range() -> None:
    (pin,) = re.findall(r'"mkdocs-material([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert SpecifierSet(pin) == MATERIAL_VERSIONS


def test_an_unchecked_material_is_named_with_the_range(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(material_search, "material_version", lambda: Version("9.9.0"))
    problem = unsupported_material()
    assert problem is not None
    assert "mkdocs-material 9.9.0" in problem and str(MATERIAL_VERSIONS) in problem
