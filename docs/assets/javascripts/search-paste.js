/* 客服话术手册 — search as soon as a buyer's message is pasted, and let a paste replace the last one.
 * Material's search reacts to keyup, so text pasted with the mouse (right-click → 粘贴) or
 * dropped into the box would not search until the next key press. Agents paste most queries.
 * A click into the box selects the previous query (as pressing / does), so the next paste replaces
 * it instead of being appended to the last buyer's message. The zero-width spaces that the search plugin puts
 * between Chinese words of its index (to cut them) are removed from the result titles shown. */
(function () {
  "use strict";

  function isSearchBox(node) {
    return node && node.matches && node.matches("input.md-search__input");
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!isSearchBox(box)) return;
    // Harmless after a real key press: Material ignores a keyup that leaves the query unchanged.
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });

  var focusedByPointer = false;
  document.addEventListener("mousedown", function (event) {
    focusedByPointer = isSearchBox(event.target) && document.activeElement !== event.target;
  }, true);
  document.addEventListener("mouseup", function (event) {
    if (!focusedByPointer || !isSearchBox(event.target)) return;
    focusedByPointer = false;
    event.preventDefault();
    event.target.select();
  }, true);

  var ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff]/g;
  function clean(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (ZERO_WIDTH.test(node.nodeValue)) node.nodeValue = node.nodeValue.replace(ZERO_WIDTH, "");
      ZERO_WIDTH.lastIndex = 0;
    }
  }
  function watchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.getAttribute("data-clean")) return;
    list.setAttribute("data-clean", "true");
    new MutationObserver(function () { clean(list); }).observe(list, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchResults);
  else watchResults();
})();
