/* 客服话术手册 — quick-reply panel: filter every template by shortcut, Chinese words or pinyin
 * initials, move with the arrow keys and copy with Enter. Rows are ordinary reply cards, so slots,
 * settings and the unfilled-slot warning work as on the scenario pages (reply-cards.js).
 * Only the first RENDER_LIMIT matches are put in the page: the filter stays fast with 100× content. */
(function () {
  "use strict";

  var RENDER_LIMIT = 400;
  var FOCUS_KEY = "k";

  function haystack(item) {
    var text = item.pieces.map(function (piece) { return piece[1]; }).join("");
    return [item.shortcut, item.scenario, item.initials, item.tags.join(" "), item.when, item.role, item.stage, text]
      .join(" ").toLowerCase();
  }

  /* 0: shortcut equals the query, 1: shortcut starts with it, 2: initials start with it, 3: anywhere. */
  function rank(item, terms) {
    if (terms.length === 1) {
      if (item.shortcut === terms[0]) return 0;
      if (item.shortcut.indexOf(terms[0]) === 0) return 1;
      if (item.initials.indexOf(terms[0]) === 0) return 2;
    }
    return 3;
  }

  function matches(items, query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return items;
    var found = [];
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var ok = true;
      for (var t = 0; t < terms.length && ok; t++) ok = item._haystack.indexOf(terms[t]) >= 0;
      if (ok) found.push({ item: item, rank: rank(item, terms), order: i });
    }
    found.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
    return found.map(function (entry) { return entry.item; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function card(item, base) {
    var node = element("div", "reply-card quick-replies__item");
    node.setAttribute("role", "option");
    node.setAttribute("data-shortcut", item.shortcut);
    var meta = element("div", "reply-card__meta");
    var link = element("a", "quick-replies__scenario", item.stage + " · " + item.scenario);
    link.href = new URL(item.url, base).href;
    meta.appendChild(link);
    meta.appendChild(element("span", "reply-card__role", item.role));
    if (item.when) meta.appendChild(element("span", "reply-card__when", "适用：" + item.when));
    meta.appendChild(element("code", "reply-card__shortcut", item.shortcut));
    node.appendChild(meta);
    var text = element("p", "reply-card__text");
    item.pieces.forEach(function (piece) {
      if (piece[0] === "t") {
        text.appendChild(document.createTextNode(piece[1]));
      } else {
        var span = element("span", piece[0] === "s" ? "slot" : "policy-value", piece[1]);
        span.setAttribute(piece[0] === "s" ? "data-slot" : "data-policy", piece[2]);
        text.appendChild(span);
      }
    });
    node.appendChild(text);
    var actions = element("div", "reply-card__actions");
    var button = element("button", "md-button md-button--primary reply-card__copy", "复制");
    button.type = "button";
    button.setAttribute("data-reply-copy", "");
    actions.appendChild(button);
    actions.appendChild(element("span", "reply-card__status"));
    node.appendChild(actions);
    return node;
  }

  function setup(panel) {
    if (panel.getAttribute("data-ready")) return;
    panel.setAttribute("data-ready", "loading");
    var filter = panel.querySelector(".quick-replies__filter");
    var list = panel.querySelector(".quick-replies__list");
    var count = panel.querySelector(".quick-replies__count");
    var source = new URL(panel.getAttribute("data-src"), window.location.href);
    var base = new URL("../", source);
    var items = [];
    var selected = -1;

    function select(index) {
      var rows = list.children;
      if (!rows.length) return;
      if (selected >= 0 && rows[selected]) rows[selected].classList.remove("quick-replies__item--selected");
      selected = Math.max(0, Math.min(index, rows.length - 1));
      rows[selected].classList.add("quick-replies__item--selected");
      rows[selected].setAttribute("aria-selected", "true");
      rows[selected].scrollIntoView({ block: "nearest" });
    }

    function render() {
      var found = matches(items, filter.value.trim());
      var shown = found.slice(0, RENDER_LIMIT);
      var fragment = document.createDocumentFragment();
      shown.forEach(function (item) { fragment.appendChild(card(item, base)); });
      list.replaceChildren(fragment);
      window.handbookCards.enhance(list);
      selected = -1;
      if (shown.length) select(0);
      count.textContent = found.length > shown.length
        ? "共 " + found.length + " 条，显示前 " + shown.length + " 条，继续输入可缩小范围"
        : "共 " + found.length + " 条";
      panel.setAttribute("data-shown", String(shown.length));
    }

    filter.addEventListener("input", render);
    panel.addEventListener("keydown", function (event) {
      var inSlot = event.target.classList.contains("slot-input");
      if (event.key === "ArrowDown" && !inSlot) { select(selected + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp" && !inSlot) { select(selected - 1); event.preventDefault(); }
      else if (event.key === "Enter") {
        var row = inSlot ? event.target.closest(".reply-card") : list.children[selected];
        if (row) window.handbookCards.copyCard(row);
        event.preventDefault();
      } else if (event.key === "Escape" && inSlot) {
        filter.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== FOCUS_KEY || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      filter.focus();
      event.preventDefault();
      event.stopPropagation();
    }, true);

    window.handbookLoadData(source, "__handbookQuickReplies").then(function (data) {
      items = data.items;
      items.forEach(function (item) { item._haystack = haystack(item); });
      render();
      panel.setAttribute("data-ready", "true");
    });
  }

  function init() {
    document.querySelectorAll(".quick-replies").forEach(setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
