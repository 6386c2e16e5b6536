"""The 接待台 (reply desk) of the real handbook in headless Chromium, used like an agent beside a chat window.

Paste → cards → copy, shortcut codes, pinyin initials and Chinese words in the same input, the keyboard,
新买家, the not-covered path, the desk/?q= link contract, the old quick-replies URL, a phone viewport, and
the recall floors on both buyer-message sets (tests/fixtures/search_queries*.yml).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import REAL, serve

from handbook.load import load_handbook
from handbook.placeholders import fill_policy, pieces
from handbook.search import load_tuning
from query_sets import load_query_sets

HANDBOOK = load_handbook(REAL)
TEMPLATES = {t.shortcut: t for e in HANDBOOK.scenarios.values() for t in e.model.templates}
SCENARIO_OF = {t.shortcut: e.id for e in HANDBOOK.scenarios.values() for t in e.model.templates}
AGENT_SLOTS = [name for name, slot in HANDBOOK.vocabulary.slots.items() if slot.scope == "agent"]
QUERY_SETS = load_query_sets()
#: recall@1 and recall@3 floors of the desk on each set, at the level reached (the benchmark prints the figures;
#: tests/benchmarks/desk_recall.py prints the same in Node, with the misses).
# Last measured (2026-11-30, after near-sound typo correction, dialect words and 142 more buyer_says): plain
# 0.928 / 0.990, noisy 0.908 / 0.980, new 0.911 / 0.962; the targets (0.90 and 0.97) are reached except new
# recall@3. The held-out set was never tuned on: 0.892 / 0.953. The fresh set was written after the first round of
# tuning and never tuned on: 0.770 / 0.882 before the new buyer_says, 0.795 / 0.913 after - the honest figure for
# messages nobody has seen. (All 486 drafted buyer_says, beyond the 100 KB first-download budget: held-out
# 0.878 / 0.966, fresh 0.795 / 0.919 - no better, so the 142 stay.) Fourth round (mechanisms and shop synonym
# families, no new buyer_says; all five sets looked at, a sealed sixth set measures it): plain 0.938 / 0.990,
# noisy 0.908 / 0.987, new 0.911 / 0.962, held-out 0.905 / 0.966, fresh 0.832 / 0.932.
RECALL_FLOORS = {
    "search_queries": (0.93, 0.98),
    "search_queries_noisy": (0.90, 0.98),
    "search_queries_new": (0.91, 0.96),
    "search_queries_heldout": (0.90, 0.96),
    # Written on 2026-11-30 by a helper who saw only titles, goals and replies; not tuned on until the fourth round.
    "search_queries_fresh": (0.83, 0.93),
    # Written on 2026-11-30 by another helper from titles, goals and replies only, kept away from the fourth round and
    # measured once before and once after it: 0.867 / 0.975 both times (the round's gains did not carry over to it).
    "search_queries_sealed": (0.86, 0.97),
}


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    yield from serve(real_site)


def open_desk(context, url: str, query: str | None = None):
    page = context.new_page()
    page.goto(url + "/desk/" + (f"?q={quote(query)}" if query is not None else ""))
    # The pinyin table (typo correction) follows the first result; tests look at the settled desk.
    page.wait_for_selector(".desk[data-pinyin=true]")
    if query:
        page.wait_for_function("q => document.querySelector('.desk').dataset.query === q", arg=query.strip())
    return page


def paste(page, query: str) -> None:
    """Set the input like a mouse paste (one input event) and wait until the cards for it are shown."""
    page.fill(".desk__input", query)
    page.wait_for_function("q => document.querySelector('.desk').dataset.query === q", arg=query.strip())


def cards(page) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in page.eval_on_selector_all(
        ".desk-card", "cs => cs.map(c => [c.dataset.scenario, c.dataset.shortcut])")]


def selected(page) -> str:
    return page.eval_on_selector(".desk-card[aria-current=true]", "c => c.dataset.shortcut")


def scenarios(page) -> list[str]:
    out: list[str] = []
    for scenario, _ in cards(page):
        if scenario not in out:
            out.append(scenario)
    return out


def test_paste_then_enter_puts_the_exact_reply_in_the_clipboard(context, site_url: str) -> None:
    page = open_desk(context, site_url)
    paste(page, "这双鞋能便宜点吗")
    assert scenarios(page)[0] == "presale/bargaining"
    # The best scenario comes with its whole reply set, in the handbook's order.
    bargaining = [t.shortcut for t in HANDBOOK.scenarios["presale/bargaining"].model.templates]
    assert [code for scenario, code in cards(page) if scenario == "presale/bargaining"] == bargaining
    page.focus(".desk__input")
    while "{" in fill_policy(TEMPLATES[selected(page)].text, HANDBOOK):
        page.keyboard.press("ArrowDown")
    code = selected(page)
    page.keyboard.press("Enter")
    page.wait_for_selector(".desk-card[aria-current=true] .reply-card__status:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == fill_policy(TEMPLATES[code].text, HANDBOOK)
    # Exactly one card is current at any time.
    assert page.locator(".desk-card[aria-current=true]").count() == 1


def test_link_contract_desk_q_lists_cards_in_rank_order(context, site_url: str) -> None:
    page = open_desk(context, site_url, "亲 这个什么时候能发货啊")
    listed = cards(page)
    assert listed and all(scenario.count("/") == 1 and code for scenario, code in listed)
    assert listed[0][0] == "presale/ship-time"
    assert all(SCENARIO_OF[code] == scenario for scenario, code in listed)
    assert page.input_value(".desk__input") == "亲 这个什么时候能发货啊"
    # Titles and texts as written: no zero-width characters, no internal query words.
    shown = page.inner_text(".desk__results")
    assert not any(char in shown for char in "\u200b\u200c\u200d\u2060\ufeff\u3007")
    assert "缺少" not in shown


def test_two_questions_in_one_message_show_both_scenarios_near_the_top(context, site_url: str) -> None:
    page = open_desk(context, site_url, "能便宜点吗 两件包邮不")
    shown = scenarios(page)
    assert shown[:2] == ["presale/bargaining", "presale/postage"], shown


def test_not_covered_says_so_and_offers_the_handbooks_own_replies(context, site_url: str) -> None:
    page = open_desk(context, site_url, "你们公司招人吗 我想来应聘")
    notice = page.locator(".desk__notice")
    assert notice.is_visible() and "没有找到匹配的情景" in notice.text_content()
    fallback = list(load_tuning(REAL).desk.not_covered)
    assert [code for _, code in cards(page)][: len(fallback)] == fallback
    # No suggestion link unless a trainer configured one in search.yml.
    assert page.locator(".desk__suggest").count() == 0
    paste(page, "运费多少钱")
    assert page.locator(".desk__notice").is_hidden()


def test_pinyin_typos_and_a_bare_hi_find_their_scenario(context, site_url: str) -> None:
    # 评介 is one vowel from 评价 (pingjie / pingjia), two characters the handbook has in no word.
    page = open_desk(context, site_url, "评介要写多少字")
    assert scenarios(page)[0] == "aftersale/review-invitation"
    # 发措 sounds as 发错: the typo counts as that word, so a wrong item beats a parcel that arrived (收到 鞋子).
    paste(page, "收到的鞋子发措了")
    assert scenarios(page)[0] == "aftersale/wrong-item"
    # A Latin word of the handbook weighs as a Chinese one: a bare "hi" is a greeting, not "not covered".
    paste(page, "hi")
    assert page.locator(".desk__notice").is_hidden() and scenarios(page)[0] == "presale/greeting"


def test_typos_the_handbook_shares_shared_item_links_and_numbers_inside_shop_words(context, site_url: str) -> None:
    # 开|交了: a word of one character and a particle does not hide the typo 开交 → 开胶 (a repair, not a deposit paid).
    page = open_desk(context, site_url, "鞋子开交了 能修吗")
    assert scenarios(page)[0] == "aftersale/repair-warranty"
    # 运废 is a typo some buyer messages of the handbook also made: it still brings the shop word of its sound, 运费.
    paste(page, "寄回去的运废谁承担")
    assert scenarios(page)[0] == "aftersale/return-shipping-fee"
    # The number inside 满299减30 leaves the shop word 满减 on both sides of it.
    paste(page, "活动满299减30 我加个鞋垫凑单行吗")
    assert scenarios(page)[0] == "presale/coupon-usage"
    # A shared item is noise, its 「item title」 too (新款, 凉鞋 would otherwise find new arrivals or comparisons).
    paste(page, "【淘宝】https://m.tb.cn/h.AbCdEf?tk=Zz9 「夏季新款平底凉鞋女」点击链接直接打开 这个偏大吗")
    assert scenarios(page)[0] == "presale/size-advice"


def test_cantonese_in_traditional_characters_finds_its_scenario(context, site_url: str) -> None:
    # search.yml `dialect` rewrites 呢對 → 这双, 冇 → 没有, 唔該晒 → 谢谢, 點解 → 为什么, 仲未 → 还没 before
    # traditional → simplified; without it these messages find the wrong scenario or none at all.
    page = open_desk(context, site_url, "請問呢對涼鞋仲有冇38碼")
    assert scenarios(page)[0] == "presale/stock-check"
    paste(page, "好嘅 唔該晒你")
    assert page.locator(".desk__notice").is_hidden() and scenarios(page)[0] == "presale/farewell"
    paste(page, "點解仲未發貨")
    assert scenarios(page)[0] == "insale/urge-shipment"


def test_shortcut_code_pinyin_initials_and_chinese_words_share_the_input(context, site_url: str) -> None:
    page = open_desk(context, site_url)
    paste(page, "yj2")
    assert cards(page)[0][0] == "presale/bargaining" and selected(page) == "yj2"
    paste(page, "mjyj")  # 买家议价
    assert scenarios(page)[0] == "presale/bargaining"
    paste(page, "运费险")
    assert scenarios(page)[0] == "presale/shipping-insurance"


def test_every_template_is_found_by_its_shortcut(context, site_url: str) -> None:
    page = open_desk(context, site_url)
    found = page.evaluate(
        """async (codes) => {
          const input = document.querySelector('.desk__input');
          const desk = document.querySelector('.desk');
          const out = {};
          for (const code of codes) {
            input.value = code; input.dispatchEvent(new Event('input', { bubbles: true }));
            while (desk.dataset.query !== code) await new Promise(r => setTimeout(r, 5));
            out[code] = document.querySelector('.desk-card[aria-current=true]').dataset.shortcut;
          }
          return out;
        }""",
        sorted(TEMPLATES),
    )
    assert found == {code: code for code in TEMPLATES}


def test_keyboard_only_select_copy_warn_fill_and_return(context, site_url: str) -> None:
    page = open_desk(context, site_url)
    assert page.evaluate("document.activeElement.classList.contains('desk__input')")
    page.keyboard.type("thyf")
    page.wait_for_function("document.querySelector('.desk').dataset.query === 'thyf'")
    page.keyboard.press("ArrowDown")
    code = selected(page)
    assert code == cards(page)[1][1]
    # A reply with a slot: Enter warns and moves to the slot; typing and Enter copies the filled text.
    while "{" not in fill_policy(TEMPLATES[selected(page)].text, HANDBOOK):
        page.keyboard.press("ArrowDown")
    code = selected(page)
    page.keyboard.press("Enter")
    status = page.locator(".desk-card[aria-current=true] .reply-card__status")
    assert status.text_content().startswith("还有未填写：")
    slot = page.evaluate("document.activeElement.dataset.slot")
    assert slot and "{" + slot + "}" in TEMPLATES[code].text
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    page.wait_for_selector(".desk-card[aria-current=true] .reply-card__status:has-text('已复制')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(fill_policy(TEMPLATES[code].text, HANDBOOK).split("{" + slot + "}")[0] + "12")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.classList.contains('desk__input')")
    page.keyboard.press("Alt+n")
    page.wait_for_function("document.querySelector('.desk').dataset.query === ''")
    assert page.input_value(".desk__input") == ""


def _shared_buyer_slot() -> tuple[str, str]:
    """A scenario (by its first shortcut) with two replies that use the same buyer-level slot, and that slot."""
    buyer = {name for name, slot in HANDBOOK.vocabulary.slots.items() if slot.scope == "buyer"}
    for entry in HANDBOOK.scenarios.values():
        counts: dict[str, int] = {}
        for template in entry.model.templates:
            for piece in {p.name for p in pieces(template.text, HANDBOOK) if p.kind == "slot"} & buyer:
                counts[piece] = counts.get(piece, 0) + 1
        for name, count in counts.items():
            if count >= 2:
                return entry.model.templates[0].shortcut, name
    raise AssertionError("no scenario uses one buyer slot twice")


def test_new_buyer_clears_buyer_slots_and_keeps_agent_settings(context, site_url: str) -> None:
    assert AGENT_SLOTS, "vocabulary.yml declares no agent-level slot"
    agent_slot = AGENT_SLOTS[0]
    code, name = _shared_buyer_slot()
    page = open_desk(context, site_url)
    page.click(".agent-settings__toggle")
    page.fill(f"dialog.agent-settings input[name='slot:{agent_slot}']", "小悦")
    page.click("dialog.agent-settings button[value=save]")
    paste(page, code)
    same = page.locator(f".slot-input[data-slot='{name}']")
    assert same.count() >= 2
    same.first.fill("A-2025")
    # Filled in the other cards for the same buyer, and visibly marked there.
    assert same.nth(1).input_value() == "A-2025"
    assert "slot-input--shared" in same.nth(1).get_attribute("class")
    page.click("[data-desk-new-buyer]")
    page.wait_for_function("document.querySelector('.desk').dataset.query === ''")
    assert page.input_value(".desk__input") == ""
    paste(page, code)
    assert all(value == "" for value in page.eval_on_selector_all(".slot-input[data-scope=buyer]", "xs => xs.map(x => x.value)"))
    assert page.locator(".slot-input--shared").count() == 0
    agent_card = next(t.shortcut for t in TEMPLATES.values() if "{" + agent_slot + "}" in t.text)
    paste(page, agent_card)
    agent_values = page.eval_on_selector_all(f".slot-input[data-slot='{agent_slot}']", "xs => xs.map(x => x.value)")
    assert agent_values and set(agent_values) == {"小悦"}


def test_clicking_into_the_input_selects_the_previous_message(context, site_url: str) -> None:
    page = open_desk(context, site_url, "运费多少钱")
    page.click(".desk-group__title")
    page.click(".desk__input")
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, 5]
    page.keyboard.insert_text("在吗")
    assert page.input_value(".desk__input") == "在吗"


def test_site_search_box_selects_the_previous_query_on_click(context, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + "/presale/postage/")
    page.keyboard.press("/")
    page.fill("input.md-search__input", "运费多少钱")
    page.evaluate("document.activeElement.blur()")
    page.click("input.md-search__input")
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, 5]


def test_site_search_titles_have_no_zero_width_characters(context, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + "/")
    page.keyboard.press("/")
    page.fill("input.md-search__input", "怎么复制话术")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(300)
    titles = page.eval_on_selector_all(".md-search-result h1, .md-search-result h2", "hs => hs.map(h => h.textContent)")
    assert titles and not any("\u200b" in title for title in titles)


def test_recent_replies_show_while_the_input_is_empty(context, site_url: str) -> None:
    page = open_desk(context, site_url, "yj3")
    page.click(".desk-card[data-shortcut=yj3] [data-reply-copy]")
    page.wait_for_selector(".desk-card[data-shortcut=yj3] .reply-card__status:has-text('已复制')")
    paste(page, "")
    assert ("presale/bargaining", "yj3") in cards(page)
    assert "yj3" in page.evaluate("localStorage.getItem('kefu-handbook.recent')")


def test_quick_replies_url_opens_the_desk(context, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + "/quick/?q=yj2")
    page.wait_for_function("document.querySelector('.desk')?.dataset.query === 'yj2'")
    assert selected(page) == "yj2"


def test_header_links_to_the_desk_on_every_page(context, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + "/principles/honesty/")
    assert page.locator("a.desk-link").text_content().strip() == "接待台"
    page.keyboard.press("d")
    page.wait_for_url("**/desk/")
    page.wait_for_selector(".desk[data-ready=true]")


def test_phone_viewport_no_sideways_scroll_and_44px_targets(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True, is_mobile=True)
    page = open_desk(context, site_url, "能便宜点吗")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in (".desk-card .reply-card__copy", ".desk__new-buyer", ".desk__input", ".agent-settings__toggle", "a.desk-link"):
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (selector, box)
    context.close()


@pytest.mark.parametrize("name", sorted(QUERY_SETS))
def test_recall_floor_of_the_desk(context, site_url: str, name: str) -> None:
    page = open_desk(context, site_url)
    ranked = page.evaluate(
        """async (queries) => {
          const input = document.querySelector('.desk__input');
          const desk = document.querySelector('.desk');
          const out = [];
          for (const query of queries) {
            input.value = query; input.dispatchEvent(new Event('input', { bubbles: true }));
            while (desk.dataset.query !== query.trim()) await new Promise(r => setTimeout(r, 2));
            const seen = [];
            for (const card of document.querySelectorAll('.desk-card')) {
              if (!seen.includes(card.dataset.scenario)) seen.push(card.dataset.scenario);
            }
            out.push(desk.dataset.covered === 'true' ? seen : []);
          }
          return out;
        }""",
        [item["query"] for item in QUERY_SETS[name]],
    )
    items = QUERY_SETS[name]
    top1 = sum(found[:1] == [item["expect"]] for found, item in zip(ranked, items)) / len(items)
    top3 = sum(item["expect"] in found[:3] for found, item in zip(ranked, items)) / len(items)
    misses = [f"{item['query']} → {item['expect']}，实际：{found[:3]}" for found, item in zip(ranked, items) if item["expect"] not in found[:3]]
    print(f"{name}: recall@1 {top1:.3f}  recall@3 {top3:.3f}  ({len(items)} queries)")
    floor1, floor3 = RECALL_FLOORS[name]
    assert top3 >= floor3 and top1 >= floor1, f"recall@1 {top1:.3f} recall@3 {top3:.3f}\n" + "\n".join(misses)
