"""The fixture handbook in real headless Chromium: copy button, fallback copy, escaping, no third-party requests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import search
from conftest import serve


@pytest.fixture(scope="module")
def mini_url(mini_site: Path) -> Iterator[str]:
    yield from serve(mini_site)


def test_copy_button_copies_the_exact_buyer_facing_text(context, mini_url: str) -> None:
    page = context.new_page()
    page.goto(f"{mini_url}/presale/return-policy/")
    page.click("#thzc2 [data-reply-copy]")
    page.wait_for_selector("#thzc2 .reply-card__status:has-text('已复制')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "在测试鞋店购买的商品，签收后 7 天内可以退换，我们用圆通和中通寄出。"


def test_copy_falls_back_when_the_clipboard_api_is_missing(context, mini_url: str) -> None:
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined });")
    page.goto(f"{mini_url}/presale/return-policy/")
    assert page.evaluate("navigator.clipboard === undefined")
    page.click("#thzc3 [data-reply-copy]")
    page.wait_for_selector("#thzc3 .reply-card__status:has-text('已复制')")
    reader = context.new_page()
    reader.goto(f"{mini_url}/")
    assert reader.evaluate("navigator.clipboard.readText()") == "还有其他问题随时找我。"


def test_copy_selects_the_text_when_no_copy_works(context, mini_url: str) -> None:
    page = context.new_page()
    page.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', { value: undefined });"
        "document.execCommand = () => false;"
    )
    page.goto(f"{mini_url}/presale/return-policy/")
    page.click("#thzc3 [data-reply-copy]")
    page.wait_for_selector("#thzc3 .reply-card__status--error")
    assert page.evaluate("String(window.getSelection())") == "还有其他问题随时找我。"


def test_pages_request_nothing_from_other_hosts(context, mini_url: str) -> None:
    requested: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", "/presale/return-policy/", "/principles/honesty/", "/tags/"):
        page.goto(mini_url + path, wait_until="networkidle")
    assert search(page, "退换")
    hosts = {urlparse(url).netloc for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlparse(mini_url).netloc}
    assert any(url.endswith("search_index.json") for url in requested)


def test_pasting_a_buyer_message_searches_without_a_key_press(context, mini_url: str) -> None:
    page = context.new_page()
    page.goto(f"{mini_url}/principles/honesty/")
    assert "/presale/return-policy/" in search(page, "不合适可以换吗")[:3]


def test_markup_from_yaml_never_runs_in_the_browser(context, xss_site: Path) -> None:
    for url in serve(xss_site):
        page = context.new_page()
        page.goto(f"{url}/presale/xss/", wait_until="networkidle")
        page.hover("article h1")
        page.click("#xss2 [data-reply-copy]")
        page.wait_for_selector("#xss2 .reply-card__status:has-text('已复制')")
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("navigator.clipboard.readText()").startswith("首行 </p><script>")


def test_filling_a_slot_then_copying_gives_the_filled_text(context, mini_url: str) -> None:
    page = context.new_page()
    page.goto(f"{mini_url}/presale/return-policy/")
    page.fill('#thzc1 input.slot-input[data-slot="买家称呼"]', "王女士")
    page.click("#thzc1 [data-reply-copy]")
    page.wait_for_selector("#thzc1 .reply-card__status:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == "王女士您好，我来帮您看一下退换的规定。"


def test_copying_with_an_unfilled_slot_warns_first(context, mini_url: str) -> None:
    page = context.new_page()
    page.goto(f"{mini_url}/presale/return-policy/")
    page.evaluate("navigator.clipboard.writeText('之前的内容')")
    page.click("#thzc1 [data-reply-copy]")
    status = page.locator("#thzc1 .reply-card__status")
    assert status.text_content().startswith("还有未填写：买家称呼")
    assert page.locator("#thzc1 input.slot-input--missing").count() == 1
    assert page.evaluate("document.activeElement.dataset.slot") == "买家称呼"
    assert page.evaluate("navigator.clipboard.readText()") == "之前的内容"
    page.click("#thzc1 [data-reply-copy]")
    page.wait_for_selector("#thzc1 .reply-card__status:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == "{买家称呼}您好，我来帮您看一下退换的规定。"


def test_settings_persist_across_reloads_and_fill_every_card(context, mini_url: str) -> None:
    page = context.new_page()
    page.goto(f"{mini_url}/presale/return-policy/")
    page.click(".agent-settings__toggle")
    page.fill("dialog.agent-settings input[name='policy:店铺名']", "好鞋小店")
    page.fill("dialog.agent-settings input[name='slot:客服名']", "小悦")
    page.click("dialog.agent-settings button[value=save]")
    page.wait_for_selector('#thzc2 .policy-value[data-policy="店铺名"]:text-is("好鞋小店")')
    page.reload()
    assert page.locator('#thzc2 .policy-value[data-policy="店铺名"]').text_content() == "好鞋小店"
    page.click("#thzc2 [data-reply-copy]")
    page.wait_for_selector("#thzc2 .reply-card__status:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()").startswith("在好鞋小店购买的商品")
    page.click(".agent-settings__toggle")
    assert page.input_value("dialog.agent-settings input[name='slot:客服名']") == "小悦"
    page.click("dialog.agent-settings button[value=clear]")
    page.wait_for_selector('#thzc2 .policy-value[data-policy="店铺名"]:text-is("测试鞋店")')
    # Nothing of the agent's is left; Material keeps only its own palette choice (…__palette).
    assert page.evaluate("Object.keys(localStorage).filter(key => !key.endsWith('__palette'))") == []


def test_per_buyer_slot_values_are_not_kept_after_reload(context, mini_url: str) -> None:
    page = context.new_page()
    page.goto(f"{mini_url}/presale/return-policy/")
    page.fill('#thzc1 input.slot-input[data-slot="买家称呼"]', "李先生")
    page.goto(f"{mini_url}/presale/return-policy/")
    assert page.input_value('#thzc1 input.slot-input[data-slot="买家称呼"]') == ""
