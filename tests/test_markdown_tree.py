"""`make markdown`: the real handbook as a plain Markdown tree, built without hooks by MkDocs and by Zensical.

Each tree and each site is built once for the module; Chromium then uses the Zensical site as an agent would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REAL, ROOT, serve
from site_html import cards, page

from handbook.load import load_handbook
from handbook.markdown_tree import main as markdown_main
from handbook.placeholders import fill_policy, pieces
from handbook.render import page_uri

HANDBOOK = load_handbook(REAL)
SCENARIOS = sorted(HANDBOOK.scenarios)
BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HANDBOOK_")}
    return env | {"NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> Path:
    """`handbook-markdown` run on the project, as `make markdown` runs it."""
    for name in [name for name in os.environ if name.startswith("HANDBOOK_")]:
        monkeypatch_module.delenv(name)
    out = tmp_path_factory.mktemp("tree") / "markdown"
    assert markdown_main(["--project", str(ROOT), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def mkdocs_site(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tree built by plain `mkdocs build --strict`: no hooks run."""
    site = tmp_path_factory.mktemp("tree-mkdocs") / "site"
    process = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(tree / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=tree, env=_env(), capture_output=True, text=True,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    return site


@pytest.fixture(scope="module")
def zensical_site(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tree built by `zensical build --strict` (Zensical writes to the tree's site/)."""
    copy = tmp_path_factory.mktemp("tree-zensical") / "markdown"
    shutil.copytree(tree, copy)
    process = subprocess.run(
        [str(BIN / "zensical"), "build", "--strict", "-f", str(copy / "mkdocs.yml")],
        cwd=copy, env=_env(), capture_output=True, text=True,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    return copy / "site"


def test_the_tree_has_no_hooks_and_every_generated_page(tree: Path) -> None:
    config = (tree / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in yaml.safe_load(config.replace("!!python/object/apply:pymdownx.slugs.slugify", ""))
    for scenario_id in SCENARIOS:
        assert (tree / "docs" / page_uri("scenarios", scenario_id)).is_file()
    assert "<!-- handbook:slot-table -->" not in (tree / "docs" / "exports.md").read_text(encoding="utf-8")
    assert not (tree / "docs" / "pdf").exists() and (tree / "overrides" / "main.html").is_file()


def _expected_cards(scenario_id: str) -> list[tuple[str, str, str, int]]:
    templates = HANDBOOK.scenarios[scenario_id].model.templates
    return [(t.shortcut, t.role, fill_policy(t.text, HANDBOOK), 1) for t in templates]


@pytest.mark.parametrize("builder", ["mkdocs_site", "zensical_site"])
def test_every_scenario_page_has_its_reply_cards(builder: str, request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(builder)
    for scenario_id in SCENARIOS:
        shown = cards(page(site, page_uri("scenarios", scenario_id)))
        assert [(c.shortcut, c.role, c.copy_text, c.buttons) for c in shown] == _expected_cards(scenario_id), scenario_id


@pytest.mark.parametrize("builder", ["mkdocs_site", "zensical_site"])
def test_data_files_and_exports_are_published(builder: str, request: pytest.FixtureRequest, tree: Path) -> None:
    site = request.getfixturevalue(builder)
    sources = [path for path in (tree / "docs").rglob("*") if path.is_file() and path.suffix != ".md"]
    assert {"exports/handbook.json", "exports/qianniu-quick-phrases.xlsx", "llms.txt", "assets/practice.js"} <= {
        path.relative_to(tree / "docs").as_posix() for path in sources
    }
    for source in sources:
        name = source.relative_to(tree / "docs").as_posix()
        assert (site / name).read_bytes() == source.read_bytes(), name


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    yield from serve(zensical_site)


def _card_without_slots() -> tuple[str, str, str]:
    """(scenario, shortcut, copied text) of the first reply with no slot to fill."""
    for scenario_id in SCENARIOS:
        for template in HANDBOOK.scenarios[scenario_id].model.templates:
            if all(piece.kind != "slot" for piece in pieces(template.text, HANDBOOK)):
                return scenario_id, template.shortcut, fill_policy(template.text, HANDBOOK)
    raise AssertionError("every reply has a slot")


def _card_with_slots() -> tuple[str, str, dict[str, str], str]:
    """(scenario, shortcut, a value per slot, copied text once filled) of the first reply with slots."""
    for scenario_id in SCENARIOS:
        for template in HANDBOOK.scenarios[scenario_id].model.templates:
            parts = pieces(template.text, HANDBOOK)
            slots = {piece.name: f"测{index}" for index, piece in enumerate(p for p in parts if p.kind == "slot")}
            if slots:
                text = "".join(slots[piece.name] if piece.kind == "slot" else piece.text for piece in parts)
                return scenario_id, template.shortcut, slots, text
    raise AssertionError("no reply has a slot")


def test_zensical_site_copy_button_copies_the_exact_reply(context, zensical_url: str) -> None:
    scenario_id, shortcut, expected = _card_without_slots()
    browser_page = context.new_page()
    errors: list[str] = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.goto(f"{zensical_url}/{page_uri('scenarios', scenario_id).removesuffix('.md')}/")
    browser_page.click(f"#{shortcut} [data-reply-copy]")
    browser_page.wait_for_selector(f"#{shortcut} .reply-card__status:has-text('已复制')")
    assert browser_page.evaluate("navigator.clipboard.readText()") == expected
    assert errors == []


def test_zensical_site_fills_slots_then_copies(context, zensical_url: str) -> None:
    scenario_id, shortcut, slots, expected = _card_with_slots()
    browser_page = context.new_page()
    browser_page.goto(f"{zensical_url}/{page_uri('scenarios', scenario_id).removesuffix('.md')}/")
    for name, value in slots.items():
        browser_page.fill(f'#{shortcut} input.slot-input[data-slot="{name}"]', value)
    browser_page.click(f"#{shortcut} [data-reply-copy]")
    browser_page.wait_for_selector(f"#{shortcut} .reply-card__status:has-text('已复制')")
    assert browser_page.evaluate("navigator.clipboard.readText()") == expected


def test_zensical_site_practice_mode_answers_and_scores(context, zensical_url: str) -> None:
    from handbook.load import load_handbook

    answers = {item.message: item.scenario for item in load_handbook(REAL).practice}
    browser_page = context.new_page()
    browser_page.goto(f"{zensical_url}/training/practice/")
    browser_page.wait_for_selector(".practice[data-ready=true]")
    message = browser_page.text_content(".practice__message")
    browser_page.select_option(".practice__scenario", answers[message])
    browser_page.click(".practice__check")
    assert browser_page.is_visible(".practice__verdict--right")


def test_broken_yaml_writes_no_tree_and_lists_each_problem(mini_snippets: Path, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "errors" / "missing-role" / "snippets", mini_snippets, dirs_exist_ok=True)
    out = tmp_path / "markdown"
    process = subprocess.run(
        [sys.executable, "-m", "handbook.markdown_tree", "--project", str(ROOT), "--out", str(out)],
        cwd=ROOT, env=_env() | {"HANDBOOK_SNIPPETS": str(mini_snippets)}, capture_output=True, text=True,
    )
    assert process.returncode == 1, process.stderr
    assert process.stdout == (FIXTURES / "errors" / "missing-role" / "expected.txt").read_text(encoding="utf-8")
    assert not out.exists()


def _excluded_headings(tree: Path) -> set[str]:
    """The section titles the generated pages mark `{ data-search-exclude }` (link lists such as 参考)."""
    marked = re.compile(r"^#+ (.+?) \{ data-search-exclude \}$", re.MULTILINE)
    return {title for path in (tree / "docs").rglob("*.md") for title in marked.findall(path.read_text(encoding="utf-8"))}


def _search_items(site: Path) -> list[dict]:
    """The search index entries of a site: Material's search/search_index.json or Zensical's search.json."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        return json.loads(material.read_text(encoding="utf-8"))["docs"]
    return json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]


@pytest.mark.parametrize("builder", ["mkdocs_site", "zensical_site"])
def test_link_lists_marked_data_search_exclude_stay_out_of_the_search_index(
    builder: str, request: pytest.FixtureRequest, tree: Path
) -> None:
    excluded = _excluded_headings(tree)
    assert excluded, "the generated pages mark no section data-search-exclude"
    items = _search_items(request.getfixturevalue(builder))
    assert len(items) > len(SCENARIOS)
    assert not [item["location"] for item in items if item["title"] in excluded]


def test_page_weights_from_front_matter_reach_mkdocs_but_not_zensical(mkdocs_site: Path, zensical_site: Path) -> None:
    # The README's Zensical table says `search: boost` is ignored there; when Zensical starts reading it, this fails
    # and the table must change.
    scenario_location = page_uri("scenarios", SCENARIOS[0]).removesuffix(".md") + "/"
    weights = {item.get("boost") for item in _search_items(mkdocs_site) if item["location"] == scenario_location}
    assert weights == {3}
    assert not [item for item in _search_items(zensical_site) if "boost" in item]
