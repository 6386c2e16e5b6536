/* 客服话术手册 — the 接待台 (reply desk): paste a buyer's message, get the matching replies ready to copy.
 *
 * One input takes whole messages, Chinese words, shortcut codes and pinyin initials. Results are reply
 * cards grouped by scenario, best scenario first with its whole reply set. ↑/↓ select a card, Enter
 * copies it (reply-cards.js warns about unfilled slots), Esc returns to the input, Alt+N starts a new
 * buyer. desk/?q=<message> opens the desk with that message searched. Cards are built with DOM APIs.
 * Nothing typed here leaves the browser; recently used replies are kept in localStorage only. */
(function () {
  "use strict";

  var SCENARIOS_SHOWN = 4;
  var WEAK_SHOWN = 2;
  var RECENT_KEY = "kefu-handbook.recent";
  var RECENT_SHOWN = 6;
  var FOCUS_KEYS = { "/": true, k: true };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* ---- recently and often used (this browser only) ------------------------------------------- */

  function readRecent() {
    try {
      return JSON.parse(window.localStorage.getItem(RECENT_KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function remember(scenario, shortcut) {
    var recent = readRecent();
    var entry = recent[shortcut] || { scenario: scenario, count: 0, last: 0 };
    entry.scenario = scenario;
    entry.count += 1;
    entry.last = Date.now();
    recent[shortcut] = entry;
    try {
      window.localStorage.setItem(RECENT_KEY, JSON.stringify(recent));
    } catch (error) {
      /* storage full or disabled: the desk works without it */
    }
  }

  function recentLists() {
    var recent = readRecent();
    var codes = Object.keys(recent);
    var byLast = codes.slice().sort(function (a, b) { return recent[b].last - recent[a].last; }).slice(0, RECENT_SHOWN);
    var byCount = codes.filter(function (code) { return recent[code].count > 1 && byLast.indexOf(code) < 0; })
      .sort(function (a, b) { return recent[b].count - recent[a].count; }).slice(0, RECENT_SHOWN);
    function pairs(list) { return list.map(function (code) { return { scenario: recent[code].scenario, shortcut: code }; }); }
    return { last: pairs(byLast), often: pairs(byCount) };
  }

  /* ---- cards ------------------------------------------------------------------------------------ */

  function cardNode(scenarioId, scenario, template, number, base) {
    var node = element("div", "reply-card desk-card");
    node.id = "desk-card-" + number;
    node.setAttribute("role", "listitem");
    node.setAttribute("data-scenario", scenarioId);
    node.setAttribute("data-shortcut", template.shortcut);
    var meta = element("div", "reply-card__meta");
    meta.appendChild(element("span", "reply-card__role", template.role));
    if (template.when) meta.appendChild(element("span", "reply-card__when", "适用：" + template.when));
    var code = element("code", "reply-card__shortcut", template.shortcut);
    code.title = "快捷编码";
    meta.appendChild(code);
    node.appendChild(meta);
    var text = element("p", "reply-card__text");
    template.pieces.forEach(function (piece) {
      if (piece[0] === "t") {
        text.appendChild(document.createTextNode(piece[1]));
      } else {
        var span = element("span", piece[0] === "s" ? "slot" : "policy-value", piece[1]);
        span.setAttribute(piece[0] === "s" ? "data-slot" : "data-policy", piece[2]);
        text.appendChild(span);
      }
    });
    node.appendChild(text);
    if (template.note) {
      var note = element("p", "reply-card__note");
      note.appendChild(element("span", "reply-card__note-label", "客服提示"));
      note.appendChild(document.createTextNode(template.note));
      node.appendChild(note);
    }
    var actions = element("div", "reply-card__actions");
    var button = element("button", "md-button md-button--primary reply-card__copy", "复制");
    button.type = "button";
    button.tabIndex = -1;
    button.setAttribute("data-reply-copy", "");
    button.setAttribute("aria-label", "复制 " + template.shortcut + " " + scenario.title + " " + template.role);
    actions.appendChild(button);
    var status = element("span", "reply-card__status");
    status.setAttribute("role", "status");
    actions.appendChild(status);
    node.appendChild(actions);
    return node;
  }

  function guidanceNode(scenario) {
    var sections = [["应该这样做", scenario.guidance.do], ["不要这样做", scenario.guidance.dont], ["请主管处理的情况", scenario.guidance.escalate]]
      .filter(function (section) { return section[1].length; });
    if (!sections.length) return null;
    var details = element("details", "desk-group__guidance");
    details.appendChild(element("summary", null, "要点"));
    sections.forEach(function (section) {
      details.appendChild(element("p", "desk-group__guidance-title", section[0]));
      var list = element("ul");
      section[1].forEach(function (line) { list.appendChild(element("li", null, line)); });
      details.appendChild(list);
    });
    return details;
  }

  /* ---- the desk ----------------------------------------------------------------------------------- */

  function setup(panel) {
    if (panel.getAttribute("data-ready")) return;
    panel.setAttribute("data-ready", "loading");
    var input = panel.querySelector(".desk__input");
    var results = panel.querySelector(".desk__results");
    var status = panel.querySelector(".desk__status");
    var notice = panel.querySelector(".desk__notice");
    var selection = panel.querySelector(".desk__selection");
    var base = window.handbookData.siteBase();
    var engine = null;
    var index = null;
    var selected = -1;
    var renderToken = 0;
    var pendingQuery = null;

    function options() { return results.querySelectorAll(".desk-card"); }

    /* Exactly one card is current: the previous one is always cleared. The cards hold inputs and buttons,
     * which an ARIA option may not contain, so they are list items marked aria-current, and the
     * selection is announced in the status line. */
    function select(number, scroll) {
      var cards = options();
      if (!cards.length) { selected = -1; return; }
      if (selected >= 0 && cards[selected]) {
        cards[selected].classList.remove("desk-card--selected");
        cards[selected].removeAttribute("aria-current");
      }
      selected = Math.max(0, Math.min(number, cards.length - 1));
      var card = cards[selected];
      card.classList.add("desk-card--selected");
      card.setAttribute("aria-current", "true");
      if (scroll !== false) {
        card.scrollIntoView({ block: "nearest" });
        selection.textContent = "已选：" + card.querySelector(".reply-card__copy").getAttribute("aria-label").replace(/^复制 /, "") + "，按 Enter 复制";
      }
    }

    function loadCards(numbers) {
      var shards = {};
      numbers.forEach(function (number) { shards[index.scenarios[number].shard] = true; });
      return Promise.all(Object.keys(shards).map(function (shard) {
        return window.handbookData.load("assets/data/desk-cards-" + shard + ".json");
      })).then(function (loaded) {
        var cards = {};
        loaded.forEach(function (shard) { for (var id in shard) cards[id] = shard[id]; });
        return cards;
      });
    }

    /* A group: heading (title, stage, page link), guidance one click away, then the cards. */
    function groupNode(scenarioId, scenario, shortcuts, counter, label) {
      var group = element("section", "desk-group");
      group.setAttribute("data-group", scenarioId);
      var heading = element("h2", "desk-group__title");
      heading.id = "desk-group-" + counter.groups++;
      var link = element("a", null, scenario.title);
      link.href = new URL(scenario.url, base).href;
      link.tabIndex = -1;
      heading.appendChild(link);
      heading.appendChild(element("span", "desk-group__stage", label ? label + " · " + scenario.stage : scenario.stage));
      group.setAttribute("aria-labelledby", heading.id);
      group.appendChild(heading);
      var guidance = guidanceNode(scenario);
      if (guidance) group.appendChild(guidance);
      var list = element("div", "desk-group__cards");
      list.setAttribute("role", "list");
      scenario.templates.forEach(function (template) {
        if (shortcuts && shortcuts.indexOf(template.shortcut) < 0) return;
        list.appendChild(cardNode(scenarioId, scenario, template, counter.cards++, base));
      });
      group.appendChild(list);
      return group;
    }

    /* A list of replies from several scenarios (not covered, recently used), in the given order. */
    function listNode(title, items, cards, counter) {
      var group = element("section", "desk-group desk-group--list");
      var heading = element("h2", "desk-group__title", title);
      heading.id = "desk-group-" + counter.groups++;
      group.setAttribute("aria-labelledby", heading.id);
      group.appendChild(heading);
      var list = element("div", "desk-group__cards");
      list.setAttribute("role", "list");
      group.appendChild(list);
      items.forEach(function (item) {
        var scenario = cards[item.scenario];
        if (!scenario) return;
        scenario.templates.forEach(function (template) {
          if (template.shortcut !== item.shortcut) return;
          var card = cardNode(item.scenario, scenario, template, counter.cards++, base);
          var from = element("a", "desk-card__from", scenario.title);
          from.href = new URL(scenario.url, base).href;
          from.tabIndex = -1;
          card.querySelector(".reply-card__meta").insertBefore(from, card.querySelector(".reply-card__meta").firstChild);
          list.appendChild(card);
        });
      });
      return list.firstChild ? group : null;
    }

    /* The card to select first: the shortcut typed, else the reply sharing most words with the message. */
    function bestCard(found, terms) {
      var cards = options();
      if (!cards.length) return 0;
      var wanted = found.length && found[0].shortcut;
      var best = 0;
      var bestScore = 0;
      var words = terms.filter(function (item) { return item.term.length > 1; });
      for (var at = 0; at < cards.length; at++) {
        if (cards[at].getAttribute("data-scenario") !== cards[0].getAttribute("data-scenario")) break;
        if (wanted && cards[at].getAttribute("data-shortcut") === wanted) return at;
        var haystack = cards[at].textContent;
        var score = 0;
        words.forEach(function (item) { if (haystack.indexOf(item.term) >= 0) score += item.weight; });
        if (score > bestScore) { bestScore = score; best = at; }
      }
      return best;
    }

    function showNotice(covered, found) {
      notice.replaceChildren();
      notice.hidden = covered;
      if (covered) return;
      notice.appendChild(element("p", "desk__notice-title", "手册里没有找到匹配的情景。"));
      notice.appendChild(element("p", null, "先用下面的话术告诉买家你会确认后回复，再请教当班主管。" + (found.length ? "最下面是匹配度很低的情景，仅供参考。" : "")));
      if (index.suggestLink) {
        var link = element("a", "desk__suggest", index.suggestLink.label);
        link.href = index.suggestLink.url;
        link.target = "_blank";
        link.rel = "noopener";
        notice.appendChild(link);
      }
    }

    /** Show the cards for a message; the promise settles when they are in the page. */
    function render(query) {
      if (!engine) { pendingQuery = query; return Promise.resolve(); }
      var token = ++renderToken;
      var text = query.trim();
      // A large handbook's index comes in shards: the message's words are loaded first (nothing to load otherwise).
      return engine.load(text).then(function () {
        return token === renderToken ? show(token, text) : null;
      }).catch(function (error) {
        status.textContent = "话术数据加载失败，请刷新页面。";
        console.error(error);
      });
    }

    function show(token, text) {
      var found;
      var groups = [];
      if (!text) {
        var lists = recentLists();
        groups = [{ label: "最近使用", items: lists.last }, { label: "常用", items: lists.often }];
        found = { results: [], covered: true, terms: [] };
      } else {
        found = engine.search(text);
      }
      var scenarioNumbers = {};
      index.scenarios.forEach(function (scenario, number) { scenarioNumbers[scenario.id] = number; });
      var wanted = [];
      var plan = [];
      if (!text) {
        groups.forEach(function (list) {
          var items = list.items.filter(function (item) { return scenarioNumbers[item.scenario] !== undefined; });
          items.forEach(function (item) { wanted.push(scenarioNumbers[item.scenario]); });
          if (items.length) plan.push({ list: list.label, items: items });
        });
      } else if (found.covered) {
        found.results.slice(0, SCENARIOS_SHOWN).forEach(function (result) {
          wanted.push(result.scenario);
          plan.push({ id: index.scenarios[result.scenario].id, shortcuts: null, label: "" });
        });
      } else {
        index.notCovered.forEach(function (item) { wanted.push(scenarioNumbers[item.scenario]); });
        plan.push({ list: "暂时答不了时，可以先这样回复", items: index.notCovered });
        found.results.slice(0, WEAK_SHOWN).forEach(function (result) {
          wanted.push(result.scenario);
          plan.push({ id: index.scenarios[result.scenario].id, shortcuts: null, label: "匹配度低" });
        });
      }
      return loadCards(wanted).then(function (cards) {
        if (token !== renderToken) return;
        var counter = { groups: 0, cards: 0 };
        var fragment = document.createDocumentFragment();
        plan.forEach(function (entry) {
          if (entry.list) {
            var list = listNode(entry.list, entry.items, cards, counter);
            if (list) fragment.appendChild(list);
          } else if (cards[entry.id]) {
            fragment.appendChild(groupNode(entry.id, cards[entry.id], entry.shortcuts, counter, entry.label));
          }
        });
        results.replaceChildren(fragment);
        window.handbookCards.enhance(results);
        showNotice(found.covered, found.results);
        selected = -1;
        selection.textContent = "";
        if (counter.cards) select(text ? bestCard(found.results, found.terms) : 0, false);
        status.textContent = !text
          ? (counter.cards ? "输入框为空：下面是这台电脑上最近使用和常用的话术。" : "粘贴买家原话，或输入快捷编码、关键词、拼音首字母。")
          : found.covered ? "找到 " + Math.min(found.results.length, SCENARIOS_SHOWN) + " 个情景，按 Enter 复制选中的话术。"
          : "没有匹配的情景。";
        panel.setAttribute("data-query", text);
        panel.setAttribute("data-covered", String(found.covered));
      });
    }

    function copySelected() {
      var cards = options();
      if (selected >= 0 && cards[selected]) window.handbookCards.copyCard(cards[selected]);
    }

    function newBuyer() {
      window.handbookCards.newBuyer();
      input.value = "";
      render("");
      input.focus();
      status.textContent = "已清空上一位买家的填空和查询。";
    }

    input.addEventListener("input", function () { render(input.value); });
    // A click into the input selects the previous message, so a paste replaces it.
    var focusedByPointer = false;
    input.addEventListener("mousedown", function () { focusedByPointer = document.activeElement !== input; });
    input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("mouseup", function (event) {
      if (focusedByPointer) { event.preventDefault(); input.select(); }
      focusedByPointer = false;
    });
    panel.querySelector("[data-desk-new-buyer]").addEventListener("click", newBuyer);

    panel.addEventListener("keydown", function (event) {
      var inSlot = event.target.classList && event.target.classList.contains("slot-input");
      if (event.key === "ArrowDown" && !inSlot) { select(selected + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp" && !inSlot) { select(selected - 1); event.preventDefault(); }
      else if (event.key === "Enter" && (inSlot || event.target === input)) {
        if (inSlot) window.handbookCards.copyCard(event.target.closest(".reply-card"));
        else copySelected();
        event.preventDefault();
      } else if (event.key === "Escape" && event.target !== input) {
        input.focus();
        event.preventDefault();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.altKey && (event.code === "KeyN" || event.key === "n")) { newBuyer(); event.preventDefault(); return; }
      var target = event.target;
      if (!FOCUS_KEYS[event.key] || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      input.focus();
      event.preventDefault();
      event.stopPropagation();
    }, true);
    results.addEventListener("handbook:copied", function (event) {
      var card = event.target.closest(".desk-card");
      if (card) remember(card.getAttribute("data-scenario"), card.getAttribute("data-shortcut"));
    });
    results.addEventListener("click", function (event) {
      var card = event.target.closest(".desk-card");
      if (!card) return;
      var cards = Array.prototype.indexOf.call(options(), card);
      if (cards >= 0) select(cards, false);
    });

    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) input.value = initial;
    Promise.all([
      window.handbookData.script("assets/javascripts/vendor/minisearch/minisearch.js"),
      window.handbookData.script("assets/javascripts/desk-search.js"),
      window.handbookData.load("assets/data/desk-index.json"),
      window.handbookQuery.loadTables()
    ]).then(function (loaded) {
      index = loaded[2];
      engine = window.handbookDeskSearch.create(index, loaded[3], window.MiniSearch, window.handbookQuery, null, {
        shard: function (number) { return window.handbookData.load("assets/data/desk-terms-" + number + ".json"); },
        codes: function () { return window.handbookData.load("assets/data/desk-codes.json"); }
      });
      panel.setAttribute("data-ready", "true");
      if (!initial) input.focus();
      return render(pendingQuery !== null ? pendingQuery : input.value);
    }).then(function () {
      // The pinyin table (typos that sound right) is not needed for most messages: it follows the first result,
      // with the shortcut codes of a sharded index, once the browser is idle (it never competes with the first result).
      return afterIdle().then(function () {
        return Promise.all([window.handbookQuery.loadPinyin(), engine.preload()]);
      }).then(function (loaded) {
        var table = loaded[0];
        engine.addPinyin(table);
        return input.value.trim() ? render(input.value) : null;
      }).then(function () {
        panel.setAttribute("data-pinyin", "true");
      });
    }).catch(function (error) {
      status.textContent = "接待台数据加载失败，请刷新页面。";
      console.error(error);
    });
  }

  function afterIdle() {
    return new Promise(function (resolve) {
      if (window.requestIdleCallback) window.requestIdleCallback(function () { resolve(); }, { timeout: 500 });
      else window.setTimeout(resolve, 50);
    });
  }

  function init() {
    document.querySelectorAll(".desk").forEach(setup);
  }

  /* From any page, D opens the desk (Material already uses / S F N P for its own keys). */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "d" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (document.querySelector(".desk")) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var link = document.querySelector("a.desk-link");
    if (link) window.location.href = link.href;
  });

  // reply-cards.js, loaded before this script on every page, runs it after each page change.
  window.handbookCards.onEachPage(init);
})();
