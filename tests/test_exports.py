"""Exports parse back and hold every template exactly once, with the same text as its page."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import REAL
from site_html import cards, page

from handbook.exports import ExportedHandbook
from handbook.load import load_handbook
from handbook.render import page_uri

HANDBOOK = load_handbook(REAL)


@pytest.fixture(scope="module")
def page_texts(real_site: Path) -> dict[str, str]:
    """Shortcut → the text the page's copy button copies."""
    texts = {}
    for scenario_id in HANDBOOK.scenarios:
        for card in cards(page(real_site, page_uri("scenarios", scenario_id))):
            texts[card.shortcut] = card.copy_text
    return texts


def _assert_same_templates(exported: list[tuple[str, str]], page_texts: dict[str, str]) -> None:
    counts = Counter(shortcut for shortcut, _ in exported)
    assert [code for code, count in counts.items() if count > 1] == []
    assert dict(exported) == page_texts


def test_qianniu_csv_has_bom_header_and_every_template(real_site: Path, page_texts: dict[str, str]) -> None:
    raw = (real_site / "exports" / "qianniu-quick-phrases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["分组", "快捷编码", "短语内容"]
    _assert_same_templates([(row[1], row[2]) for row in rows[1:]], page_texts)
    assert {row[0] for row in rows[1:]} >= {"售前-买家议价", "售后-退换运费谁出"}


def test_chatwoot_json_is_an_array_of_short_code_and_content(real_site: Path, page_texts: dict[str, str]) -> None:
    items = json.loads((real_site / "exports" / "chatwoot-canned-responses.json").read_text(encoding="utf-8"))
    assert all(set(item) == {"short_code", "content"} for item in items)
    _assert_same_templates([(item["short_code"], item["content"]) for item in items], page_texts)


def test_zammad_csv_has_its_header_and_every_template(real_site: Path, page_texts: dict[str, str]) -> None:
    text = (real_site / "exports" / "zammad-text-modules.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "name;keywords;content;note;active;"
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert all(row["active"] == "true" for row in rows)
    by_shortcut = [(row["keywords"].split()[0], row["content"]) for row in rows]
    _assert_same_templates(by_shortcut, page_texts)
    bargaining = next(row for row in rows if row["keywords"].startswith("yj2 "))
    assert "议价" in bargaining["keywords"].split()


def test_handbook_json_matches_its_schema_and_the_pages(real_site: Path, page_texts: dict[str, str]) -> None:
    data = ExportedHandbook.model_validate_json((real_site / "exports" / "handbook.json").read_text(encoding="utf-8"))
    schema = json.loads((real_site / "exports" / "handbook.schema.json").read_text(encoding="utf-8"))
    assert schema == ExportedHandbook.model_json_schema()
    _assert_same_templates([(t.shortcut, t.text) for s in data.scenarios for t in s.templates], page_texts)
    assert {s.id for s in data.scenarios} == set(HANDBOOK.scenarios)
    assert data.shop == HANDBOOK.policy_value("shop.name")
    assert {p.id for p in data.procedures} == set(HANDBOOK.procedures)


def test_policy_values_are_filled_in_every_export(real_site: Path) -> None:
    names = list(HANDBOOK.vocabulary.policy)
    for path in (real_site / "exports").glob("*.*"):
        if path.suffix in (".csv", ".json") and path.name != "handbook.schema.json":
            text = path.read_text(encoding="utf-8-sig")
            assert [name for name in names if "{" + name + "}" in text] == [], path.name


def test_llms_txt_lists_every_scenario_page(real_site: Path) -> None:
    text = (real_site / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith("# 客服话术手册")
    for scenario_id, entry in HANDBOOK.scenarios.items():
        assert f"·{entry.model.title}]({scenario_id}/)" in text
    for link in ("exports/handbook.json", "exports/qianniu-quick-phrases.csv"):
        assert f"]({link})" in text


def test_exports_page_links_every_file(real_site: Path) -> None:
    links = {a["href"] for a in page(real_site, "exports.md").select("article a[href]")}
    for name in ("qianniu-quick-phrases.csv", "chatwoot-canned-responses.json", "zammad-text-modules.csv", "handbook.json", "handbook.schema.json"):
        assert name in links  # the page lives at exports/, beside the files
