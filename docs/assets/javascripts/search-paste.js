/* 客服话术手册 — search as soon as a buyer's message is pasted.
 * Material's search reacts to keyup, so text pasted with the mouse (right-click → 粘贴) or
 * dropped into the box would not search until the next key press. Agents paste most queries. */
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input.md-search__input")) return;
    // Harmless after a real key press: Material ignores a keyup that leaves the query unchanged.
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
})();
