"""Content from YAML is data: markup a trainer types is shown as text and never runs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from site_html import cards, page


def test_no_markup_from_yaml_becomes_an_element(xss_site: Path) -> None:
    soup = page(xss_site, "presale/xss.md")
    article = soup.select_one("article")
    assert article.find_all(["script", "iframe", "svg", "img"]) == []
    assert not [tag for tag in article.find_all(True) if any(name.startswith("on") for name in tag.attrs)]
    assert not [a for a in article.find_all("a", href=True) if a["href"].startswith("javascript:")]


def test_markup_is_shown_literally(xss_site: Path) -> None:
    soup = page(xss_site, "presale/xss.md")
    assert soup.select_one("article h1").get_text().startswith('<script>window.__xss = "title"</script>注入测试 *强调* [链接]')
    assert [li.get_text() for li in soup.select(".buyer-says li")][0] == '<script>window.__xss = "buyer"</script>'


def test_copy_text_keeps_the_typed_characters(xss_site: Path) -> None:
    shown = {card.shortcut: card for card in cards(page(xss_site, "presale/xss.md"))}
    assert shown["xss1"].copy_text == '<script>window.__xss = "text"</script>您好'
    assert shown["xss2"].copy_text == '首行 </p><script>window.__xss = "multiline"</script>\n\n空行之后 <b>粗体</b>'
    assert shown["xss3"].copy_text == '"><svg onload="window.__xss=1">'


def test_every_template_of_the_page_still_has_its_card(xss_site: Path) -> None:
    assert [card.shortcut for card in cards(page(xss_site, "presale/xss.md"))] == ["xss1", "xss2", "xss4", "xss3"]


def _markdown_elements(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text), "html.parser")


def test_llms_txt_and_markdown_pages_keep_markup_as_text(xss_site: Path) -> None:
    for path in (xss_site / "llms.txt", xss_site / "presale" / "xss" / "index.html.md"):
        soup = _markdown_elements(path.read_text(encoding="utf-8"))
        assert soup.find_all(["script", "iframe", "svg", "img", "b"]) == [], path.name
        assert [a["href"] for a in soup.find_all("a", href=True) if "example.com" in a["href"]] == [], path.name
    soup = _markdown_elements((xss_site / "presale" / "xss" / "index.html.md").read_text(encoding="utf-8"))
    assert soup.find("h1").get_text() == '<script>window.__xss = "title"</script>注入测试 *强调* [链接](https://example.com)'


def test_zammad_content_is_escaped_html_that_reads_as_the_typed_text(xss_site: Path) -> None:
    text = (xss_site / "exports" / "zammad-text-modules.csv").read_text(encoding="utf-8")
    rows = {row["keywords"].split()[0]: row for row in csv.DictReader(io.StringIO(text))}
    content = BeautifulSoup(rows["xss2"]["content"], "html.parser")
    assert content.find_all(["script", "p", "b"]) == [] and len(content.find_all("br")) == 2
    assert content.get_text() == '首行 </p><script>window.__xss = "multiline"</script>空行之后 <b>粗体</b>'
