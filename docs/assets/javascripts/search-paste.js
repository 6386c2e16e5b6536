/* 客服话术手册 — search as soon as a buyer's message is pasted, and let a paste replace the last one.
 * Material's search reacts to keyup, so text pasted with the mouse (right-click → 粘贴) or
 * dropped into the box would not search until the next key press. Agents paste most queries.
 * A click into the box selects the previous query (as pressing / does), so the next paste replaces
 * it instead of being appended to the last buyer's message. */
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
})();
