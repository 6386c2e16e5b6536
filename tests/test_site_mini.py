"""The small fixture handbook built with the real `mkdocs build --strict`: pages, cards, links, search."""

from __future__ import annotations

from pathlib import Path

from site_html import cards, page, search_index


def test_scenario_page_shows_one_card_per_template_with_one_copy_button(mini_site: Path) -> None:
    shown = cards(page(mini_site, "presale/return-policy.md"))
    assert [card.shortcut for card in shown] == ["thzc1", "thzc2", "thzc3"]
    assert [card.buttons for card in shown] == [1, 1, 1]


def test_copy_text_has_policy_values_filled_and_slots_kept(mini_site: Path) -> None:
    shown = {card.shortcut: card for card in cards(page(mini_site, "presale/return-policy.md"))}
    assert shown["thzc2"].copy_text == "在测试鞋店购买的商品，签收后 7 天内可以退换，我们用圆通和中通寄出。"
    assert shown["thzc1"].copy_text == "{买家称呼}您好，我来帮您看一下退换的规定。"


def test_condition_and_note_are_shown_outside_the_copied_text(mini_site: Path) -> None:
    shown = {card.shortcut: card for card in cards(page(mini_site, "presale/return-policy.md"))}
    assert shown["thzc2"].when == "适用：商品未穿着"
    assert shown["thzc2"].note == "客服提示先查这笔订单的签收时间。"
    assert "签收时间" not in shown["thzc2"].copy_text
    assert "thzc2" not in shown["thzc2"].copy_text


def test_slots_are_highlighted(mini_site: Path) -> None:
    soup = page(mini_site, "presale/return-policy.md")
    slot = soup.select_one(".reply-card__text .slot")
    assert slot["data-slot"] == "买家称呼"


def test_buyer_says_lines_are_on_the_page(mini_site: Path) -> None:
    soup = page(mini_site, "presale/return-policy.md")
    assert [li.get_text() for li in soup.select(".buyer-says li")] == ["能退吗", "不合适可以换吗", "几天内能退"]


def test_pages_link_to_principles_procedures_and_related_scenarios(mini_site: Path) -> None:
    soup = page(mini_site, "presale/return-policy.md")
    hrefs = {a.get_text(): a["href"] for a in soup.select("article a[href]") if not a["href"].startswith("#")}
    assert hrefs["坚守诚信"] == "../../principles/honesty/"
    assert hrefs["核对订单"] == "../../procedures/order-check/"
    assert hrefs["忙碌时自动回复"] == "../../autoreply/busy/"
    principle = page(mini_site, "principles/honesty.md")
    assert "退换政策" in [a.get_text() for a in principle.select("article a")]


def test_platform_note_is_marked_to_check_current_rules(mini_site: Path) -> None:
    soup = page(mini_site, "presale/return-policy.md")
    assert soup.select_one(".admonition.warning .admonition-title").get_text() == "请核对当前平台规则"


def test_navigation_groups_scenarios_by_stage_in_order(mini_site: Path) -> None:
    soup = page(mini_site, "index.md")
    items = soup.select("nav.md-nav--primary > ul > li.md-nav__item--section")
    sections = [item.find(["label", "a"]).get_text(strip=True) for item in items]
    assert sections[:5] == ["售前", "售中", "售后", "自动回复", "老客户维护"]


def test_stage_index_lists_its_scenarios(mini_site: Path) -> None:
    soup = page(mini_site, "presale/index.md")
    assert [a.get_text() for a in soup.select("article table a")] == ["退换政策"]


def test_tags_index_lists_scenario_tags(mini_site: Path) -> None:
    soup = page(mini_site, "tags.md")
    assert "退换" in soup.get_text()


def test_every_scenario_is_in_the_search_index(mini_site: Path) -> None:
    locations = {doc["location"] for doc in search_index(mini_site)["docs"]}
    assert {"presale/return-policy/", "autoreply/busy/"} <= locations


def test_search_index_is_configured_for_chinese(mini_site: Path) -> None:
    assert search_index(mini_site)["config"]["lang"] == ["zh"]


def test_nothing_generated_is_written_into_docs() -> None:
    from conftest import ROOT

    assert sorted(p.name for p in (ROOT / "docs").glob("*.md")) == ["exports.md", "index.md", "tags.md"]
    assert not (ROOT / "docs" / "presale").exists()


def test_deployable_build_carries_compressed_copies(tmp_path: Path, monkeypatch) -> None:
    import gzip

    from conftest import MINI, build_site

    monkeypatch.setenv("HANDBOOK_COMPRESS", "true")
    result = build_site(MINI, tmp_path / "site")
    assert result.returncode == 0, result.output
    index = result.site / "search" / "search_index.json"
    assert gzip.decompress(index.with_name(index.name + ".gz").read_bytes()) == index.read_bytes()
    assert (result.site / "presale" / "return-policy" / "index.html.br").is_file()


def test_ordinary_builds_write_no_compressed_copies(mini_site: Path) -> None:
    # MkDocs itself always writes sitemap.xml.gz; nothing else is compressed.
    assert [path.name for path in mini_site.rglob("*.gz")] == ["sitemap.xml.gz"]
    assert list(mini_site.rglob("*.br")) == []
